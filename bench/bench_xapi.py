"""xAPI ingest benchmark: statements/s and p95 latency against PostgreSQL behind gunicorn, on this machine.

Starts gunicorn (the project's WSGI app, DEBUG off) on a free loopback port, issues an LRS client, then drives
two loads from this process with keep-alive HTTP connections:
  - batch100: BENCH_XAPI_BATCH_WRITERS concurrent writers POSTing batches of 100 statements;
  - single:   BENCH_XAPI_SINGLE_WRITERS concurrent writers POSTing one statement per request.
Every request must answer 200 with the ids of the statements it sent; the benchmark also checks the number of
rows stored afterwards.

Targets (issue 5, 2-core machine): 5,000 statements/s in batches of 100, 400 single POSTs/s, p95 < 100 ms.
Run: DATABASE_URL=postgres:///skills_bench .venv/bin/python bench/run.py bench_xapi
"""

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench.run import bench_line, p95

REQUIRES = ("postgres",)
ROOT = Path(__file__).resolve().parent.parent

BATCH_STATEMENTS = int(os.environ.get("BENCH_XAPI_BATCH_STATEMENTS", "30000"))
SINGLE_REQUESTS = int(os.environ.get("BENCH_XAPI_SINGLE_REQUESTS", "4000"))
BATCH_WRITERS = int(os.environ.get("BENCH_XAPI_BATCH_WRITERS", "4"))
SINGLE_WRITERS = int(os.environ.get("BENCH_XAPI_SINGLE_WRITERS", "8"))
# Two worker processes for the two cores (the load generator and PostgreSQL share them), four threads each so
# that every single-POST writer has a thread while others wait on the database.
WORKERS = int(os.environ.get("BENCH_XAPI_GUNICORN_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_XAPI_GUNICORN_THREADS", "4"))
TIME_LIMIT = 120  # seconds per load; a bounded run even if the server is slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _statement(n: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": f"Learner {n % 500}",
            "mbox": f"mailto:learner{n % 500}@bench.example",
        },
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-GB": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": f"http://bench.example/courses/{n % 50}",
            "definition": {"name": {"en-GB": f"Course {n % 50}"}, "type": "http://adlnet.gov/expapi/activities/course"},
        },
        "result": {"completion": True, "success": True, "score": {"scaled": 0.8}, "duration": "PT12M"},
        "context": {
            "registration": str(uuid.uuid4()),
            "contextActivities": {"category": [{"id": "http://127.0.0.1:8000/framework/skills/data-analysis"}]},
            "platform": "bench",
        },
        "timestamp": "2026-12-02T09:00:00.000Z",
    }


class Server:
    def __init__(self):
        self.port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "skills_site.settings.dev",
            "DEBUG": "False",
            "LOG_LEVEL": "ERROR",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "skills_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "gthread",
                "--threads",
                str(THREADS),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/xapi/about")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start within 60 s")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class _Connection:
    """A minimal HTTP/1.1 keep-alive client for the load: the request bytes are built before the clock starts,
    and each response's status line, Content-Length and whole body are read. (http.client parses every response's
    headers with the email package, which cost the load generator, sharing the 2 cores with the server, about a
    third of a millisecond a request.)"""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise ConnectionError("a response without Content-Length")
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, body

    def close(self) -> None:
        self.sock.close()


def _requests(port: int, auth: str, bodies: list[bytes]) -> list[bytes]:
    head = (
        f"POST /xapi/statements HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: {auth}\r\n"
        "X-Experience-API-Version: 1.0.3\r\nContent-Type: application/json\r\n"
    )
    return [(head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body for body in bodies]


def _load(port: int, auth: str, bodies: list[bytes], writers: int) -> tuple[float, list[float], int]:
    """Send the bodies with `writers` threads; return (elapsed s, latencies in ms, failures).

    A request counts as a success only if it answers 200 with the ids of exactly the statements it sent.
    """
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    cursor = iter(range(len(bodies)))
    deadline = time.monotonic() + TIME_LIMIT
    requests = _requests(port, auth, bodies)
    expected = []
    for body in bodies:
        sent = json.loads(body)
        expected.append([s["id"] for s in (sent if isinstance(sent, list) else [sent])])

    def writer():
        conn = _Connection(port)
        own = []
        while time.monotonic() < deadline:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            started = time.perf_counter()
            try:
                status, body = conn.exchange(requests[index])
                ok = status == 200
            except (OSError, ValueError):
                conn.close()
                conn = _Connection(port)
                ok = False
            own.append((time.perf_counter() - started) * 1000)
            if ok:
                ok = json.loads(body) == expected[index]
            if not ok:
                with lock:
                    failures[0] += 1
        conn.close()
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, failures[0]


def main():
    from django.core.management import call_command

    from learning_records.models import Statement
    from learning_records.services import lrs_client_create

    call_command("migrate", verbosity=0)
    issued = lrs_client_create(name="bench", scopes=["statements/write"])
    auth = "Basic " + base64.b64encode(f"{issued.key}:{issued.secret}".encode()).decode()
    before = Statement.objects.count()

    batches = [
        json.dumps([_statement(i * 100 + j) for j in range(100)]).encode() for i in range(BATCH_STATEMENTS // 100)
    ]
    singles = [json.dumps(_statement(i)).encode() for i in range(SINGLE_REQUESTS)]
    server = Server()
    accepted = 0
    try:
        # warm-up: every worker imports, and every thread connects to the database
        slots = WORKERS * THREADS
        _, warm, warm_failures = _load(
            server.port, auth, [json.dumps(_statement(i)).encode() for i in range(slots * 10)], slots
        )
        accepted = len(warm) - warm_failures
        elapsed, latencies, failures = _load(server.port, auth, batches, BATCH_WRITERS)
        sent = (len(latencies) - failures) * 100
        accepted += sent
        print(
            f"# batch100: {len(latencies)} requests, {failures} failed, {elapsed:.1f} s, {WORKERS} gunicorn workers x {THREADS} threads"
        )
        bench_line("xapi_ingest_batch100_throughput", round(sent / elapsed), "statements/s", ">=", 5000)
        bench_line("xapi_ingest_batch100_p95", round(p95(latencies), 1), "ms", "<=", 100)

        elapsed, latencies, failures = _load(server.port, auth, singles, SINGLE_WRITERS)
        accepted += len(latencies) - failures
        print(f"# single: {len(latencies)} requests, {failures} failed, {elapsed:.1f} s")
        bench_line("xapi_ingest_single_throughput", round((len(latencies) - failures) / elapsed), "POSTs/s", ">=", 400)
        bench_line("xapi_ingest_single_p95", round(p95(latencies), 1), "ms", "<=", 100)
    finally:
        server.stop()
    stored = Statement.objects.count() - before
    print(f"# rows stored: {stored} (accepted with 200: {accepted}); {'OK' if stored == accepted else 'MISMATCH'}")
    print(f"# machine load average (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skills_site.settings.dev")
    import django

    django.setup()
    main()
