#!/usr/bin/env bash
# Start, stop or check a single-node OpenSearch for development and CI.
#
#   search/engine/opensearch.sh start   # builds what is missing, starts, waits for yellow/green health
#   search/engine/opensearch.sh stop
#   search/engine/opensearch.sh status
#
# Needs Java 17 and Maven; the jars come from Maven Central into ~/.m2 (first run about 20 s).
# Data, logs and the pid file live in search/engine/.run/ (git-ignored).
# Environment: SEARCH_ENGINE_PORT (default 9200), SEARCH_ENGINE_TRANSPORT_PORT (node-to-node port or range,
#              default 9300-9399), SEARCH_ENGINE_HEAP (default 512m),
#              SEARCH_ENGINE_WAIT (seconds to wait for health, default 240).
# Two engines on one machine (a developer's and a CI run's) need distinct SEARCH_ENGINE_PORT and
# SEARCH_ENGINE_TRANSPORT_PORT values, and separate checkouts (the data folder is per checkout).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN="$HERE/.run"
LIB="$HERE/target/lib"
CLASSES="$HERE/target/classes"
PIDFILE="$RUN/opensearch.pid"
LOG="$RUN/logs/opensearch.log"
PORT="${SEARCH_ENGINE_PORT:-9200}"
TRANSPORT_PORT="${SEARCH_ENGINE_TRANSPORT_PORT:-9300-9399}"
HEAP="${SEARCH_ENGINE_HEAP:-512m}"
WAIT="${SEARCH_ENGINE_WAIT:-240}"
URL="http://127.0.0.1:$PORT"

running_pid() {
    if [[ -f "$PIDFILE" ]]; then
        local pid
        pid="$(cat "$PIDFILE")"
        local cmdline=""
        [[ -n "$pid" ]] && cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
        if [[ "$cmdline" == *uk.gov.skills.engine.SearchNode* ]]; then
            echo "$pid"
            return 0
        fi
    fi
    return 1
}

health() {
    curl -fsS --max-time 2 "$URL/_cluster/health" 2>/dev/null \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null
}

build() {
    local sources=("$HERE"/src/main/java/uk/gov/skills/engine/*.java)
    if [[ ! -f "$LIB/.complete" || "$HERE/pom.xml" -nt "$LIB/.complete" ]]; then
        echo "Resolving OpenSearch jars with Maven (cached in ~/.m2)..."
        rm -rf "$LIB"
        (cd "$HERE" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory="$LIB")
        touch "$LIB/.complete"
    fi
    local stamp="$CLASSES/.complete"
    local stale=0
    [[ -f "$stamp" ]] || stale=1
    for source in "${sources[@]}"; do
        [[ "$source" -nt "$stamp" ]] && stale=1
    done
    if [[ "$stale" == 1 ]]; then
        echo "Compiling the launcher..."
        rm -rf "$CLASSES"
        mkdir -p "$CLASSES"
        javac -cp "$LIB/*" -d "$CLASSES" "${sources[@]}"
        touch "$stamp"
    fi
}

start() {
    local pid
    if pid="$(running_pid)"; then
        echo "OpenSearch already running (pid $pid) at $URL; log: $LOG"
        return 0
    fi
    if curl -fsS --max-time 2 "$URL" >/dev/null 2>&1; then
        echo "Something else already answers at $URL; not starting a second engine." >&2
        return 1
    fi
    command -v java >/dev/null || { echo "java not found: install a Java 17 JDK" >&2; return 1; }
    command -v mvn >/dev/null || { echo "mvn not found: install Maven" >&2; return 1; }
    build
    mkdir -p "$RUN/logs" "$RUN/data"
    local started=$SECONDS
    nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
        -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
        -Dskills.engine.home="$RUN" -Dskills.engine.config="$HERE/config" -Dskills.engine.port="$PORT" \
        -Dskills.engine.transport_port="$TRANSPORT_PORT" \
        -cp "$CLASSES:$LIB/*" uk.gov.skills.engine.SearchNode >"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    echo "Starting OpenSearch (pid $!) at $URL; log: $LOG"
    local status=""
    while (( SECONDS - started < WAIT )); do
        if ! running_pid >/dev/null; then
            echo "OpenSearch exited during start-up; last lines of $LOG:" >&2
            tail -n 40 "$LOG" >&2
            rm -f "$PIDFILE"
            return 1
        fi
        status="$(health || true)"
        if [[ "$status" == "green" || "$status" == "yellow" ]]; then
            echo "OpenSearch is up ($status) after $(( SECONDS - started )) s at $URL; log: $LOG"
            return 0
        fi
        sleep 1
    done
    echo "OpenSearch did not reach yellow/green within $WAIT s; see $LOG" >&2
    return 1
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        echo "OpenSearch is not running."
        rm -f "$PIDFILE"
        return 0
    fi
    kill "$pid"
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; echo "OpenSearch stopped (pid $pid)."; return 0; }
        sleep 1
    done
    echo "OpenSearch (pid $pid) did not stop in 30 s; killing it." >&2
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
}

status() {
    local pid
    if pid="$(running_pid)"; then
        echo "OpenSearch running (pid $pid) at $URL, health: $(health || echo unknown); log: $LOG"
    else
        echo "OpenSearch is not running."
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    restart) stop; start ;;
    *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
esac
