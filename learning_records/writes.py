"""Rows for stored statements: the statement table, its two index tables, and the progress they raise.

`services.statements_store` decides what to store (validation, conflicts, voiding, attachments); this module only
writes the rows, as few round trips as the database allows:

- PostgreSQL: one SQL statement per batch. It takes primary keys from the sequence in the order the statements
  were sent (so a batch reads back in the order it was sent), inserts the statement rows in statement-id order (so
  concurrent writers of overlapping ids wait on each other in the same order and never deadlock), inserts the
  agent and activity index rows, resolves each actor to a platform user, and raises each learner's progress on
  the statement's object activity. Outside a transaction that one statement is its own transaction, so a POST of
  new statements costs one round trip.
- Elsewhere (SQLite, the embedded default): the ORM writes the same rows inside the caller's transaction.

Progress only ever rises here (`status = the higher rank of the stored status and the new statements' ranks`),
which is the same answer as deriving it again from every statement, whatever the arrival order, and is safe
with concurrent writers: the upsert locks the progress row. Voiding, which can lower a status, derives it again
in `services.progress_recompute`.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import jsontext
from . import progress as progress_rules
from .models import ActivityProgress, LearnerIdentity, Statement, StatementActivity, StatementAgent
from .validation import VOIDED_VERB

# Status names by rank (index 0 is rank 1), as progress.py defines them.
STATUSES = [progress_rules.STATUS_BY_RANK[rank] for rank in sorted(progress_rules.STATUS_BY_RANK)]


@dataclass
class Row:
    """A validated, normalised statement ready to store."""

    statement: dict
    text: str  # the statement as JSON text, as stored but for `stored` (and `timestamp` if absent)
    timestamp: datetime | None  # None when the statement had none: it is then `stored`
    given_timestamp: bool
    rank: int = 0  # the progress rank it gives its object activity (progress.RANKS), 0 for none
    email: str | None = None  # the actor as a platform user's email (mbox), if it could be one
    account_name: str | None = None  # the actor as a learner identity's account name, if it could be one
    agents: dict[str, bool] = field(default_factory=dict)  # {ifi: direct}
    activities: dict[str, bool] = field(default_factory=dict)  # {iri: direct}


@dataclass
class Written:
    pks: list[int]  # in the order of the rows given
    progress: list[tuple[int, str, str]]  # (user id, activity IRI, new status) for every status that changed


def single_statement_capable() -> bool:
    return connection.vendor == "postgresql"


def statements_insert(rows: list[Row], *, client_id: int | None) -> Written:
    """Insert the rows (none of whose ids are stored yet: a duplicate id raises IntegrityError, nothing written).

    The database decides `stored` (and `timestamp` where the statement had none), inside the transaction, so
    that stored_consistent_through() can promise that nothing stored earlier is still to commit.
    """
    if connection.vendor == "postgresql":
        return _insert_postgres(rows, client_id=client_id)
    return _insert_portable(rows, client_id=client_id)


# What `X-Experience-API-Consistent-Through` subtracts from the instant it can prove: PostgreSQL publishes a
# transaction's start a few instructions after taking it, and the margin covers that gap many times over.
CONSISTENCY_MARGIN = timedelta(milliseconds=500)


def stored_consistent_through() -> datetime:
    """An instant such that every statement with `stored` at or before it is committed and visible from now on.

    PostgreSQL: `stored` is the writing transaction's start time, so the answer is the start of the oldest
    transaction still open on this database (pg_stat_activity; only sessions of the same database role are
    visible, which is how the platform connects), or now if there is none, less CONSISTENCY_MARGIN. A session
    left idle in a transaction holds the value back: honest, if not fresh.
    SQLite: writers are serialised and take `stored` after the write lock, so after taking the lock ourselves
    (waiting for any writer in flight) now is the answer, less the same margin.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT LEAST(statement_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity "
                "WHERE datname = current_database() AND backend_type = 'client backend' "
                "AND pid <> pg_backend_pid()))"
            )
            moment = cursor.fetchone()[0]
    else:
        with transaction.atomic():
            _take_write_lock()
            moment = timezone.now()
    return moment - CONSISTENCY_MARGIN


def _take_write_lock() -> None:
    """SQLite: start the write transaction now (a write that matches no row), waiting for any writer in flight."""
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET voided = voided WHERE id < 0")  # noqa: S608


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    user_model = Statement._meta.get_field("user").related_model
    return {
        "statement": Statement._meta.db_table,
        "agent": StatementAgent._meta.db_table,
        "activity": StatementActivity._meta.db_table,
        "progress": ActivityProgress._meta.db_table,
        "identity": LearnerIdentity._meta.db_table,
        "user": user_model._meta.db_table,
    }


# The batch travels as two JSON parameters (the statements' columns, and their payloads as one JSON array) and
# one for the index rows: PostgreSQL parses them in C, where text arrays of JSON documents cost psycopg a regex
# substitution per quote character to escape (most of the time of a batch, profiled).
_POSTGRES_SQL = """
WITH input AS MATERIALIZED (
    SELECT nextval(pg_get_serial_sequence('{statement}', 'id')) AS pk, x.*, p.payload
    FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(
        ord bigint, statement_id uuid, verb_iri text, object_activity_iri text, object_statement_id uuid,
        registration uuid, timestamp timestamptz, is_voiding bool, has_attachments bool, email text,
        account_name uuid, rank int
    )
    JOIN jsonb_array_elements(%(payloads)s::jsonb) WITH ORDINALITY AS p(payload, ord) ON p.ord = x.ord
    ORDER BY x.ord
),
clock AS (
    SELECT now() AS stored,
        jsonb_build_object('stored', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) AS stamp
),
resolved AS MATERIALIZED (
    SELECT i.*, COALESCE(
        (SELECT li.user_id FROM {identity} li WHERE li.account_name = i.account_name),
        (SELECT u.id FROM {user} u WHERE u.email = i.email)
    ) AS user_id
    FROM input i
),
statements AS (
    INSERT INTO {statement} (
        id, statement_id, payload, verb_iri, object_activity_iri, object_statement_id, registration, stored,
        timestamp, voided, is_voiding, has_attachments, client_id, user_id
    )
    SELECT r.pk, r.statement_id,
        CASE WHEN r.timestamp IS NULL
            THEN r.payload || c.stamp || jsonb_build_object('timestamp', c.stamp -> 'stored')
            ELSE r.payload || c.stamp
        END,
        r.verb_iri, r.object_activity_iri, r.object_statement_id, r.registration, c.stored,
        COALESCE(r.timestamp, c.stored), false, r.is_voiding, r.has_attachments, %(client_id)s, r.user_id
    FROM resolved r CROSS JOIN clock c
    ORDER BY r.statement_id
),
refs AS (
    SELECT i.pk, a.kind, a.key, a.direct
    FROM jsonb_to_recordset(%(refs)s::jsonb) AS a(ord bigint, kind int, key text, direct bool)
    JOIN input i ON i.ord = a.ord
),
agents AS (
    INSERT INTO {agent} (statement_id, ifi, direct) SELECT pk, key, direct FROM refs WHERE kind = 0
),
activities AS (
    INSERT INTO {activity} (statement_id, iri, direct) SELECT pk, key, direct FROM refs WHERE kind = 1
),
progress AS (
    INSERT INTO {progress} (user_id, activity_iri, status, updated)
    SELECT user_id, object_activity_iri, (%(statuses)s::text[])[max(rank)], now()
    FROM resolved
    WHERE user_id IS NOT NULL AND object_activity_iri <> '' AND rank > 0
    GROUP BY user_id, object_activity_iri
    ORDER BY user_id, object_activity_iri
    ON CONFLICT (user_id, activity_iri) DO UPDATE SET status = EXCLUDED.status, updated = EXCLUDED.updated
    WHERE array_position(%(statuses)s::text[], EXCLUDED.status)
        > array_position(%(statuses)s::text[], {progress}.status)
    RETURNING user_id, activity_iri, status
)
SELECT 0 AS kind, pk AS number, NULL AS activity_iri, NULL AS status, ord FROM input
UNION ALL
SELECT 1, user_id, activity_iri, status, 0 FROM progress
"""

_postgres_sql: str | None = None


def _insert_postgres(rows: list[Row], *, client_id: int | None) -> Written:
    """One statement for the whole batch; `stored` is the transaction's start time (see stored_consistent_through)."""
    global _postgres_sql
    if _postgres_sql is None:
        _postgres_sql = _POSTGRES_SQL.format(**_tables())
    columns, refs = [], []
    for ordinal, row in enumerate(rows, start=1):
        statement = row.statement
        obj = statement["object"]
        kind = obj.get("objectType", "Activity")
        columns.append(
            {
                "ord": ordinal,
                "statement_id": statement["id"],
                "verb_iri": statement["verb"]["id"],
                "object_activity_iri": obj["id"] if kind == "Activity" else "",
                "object_statement_id": obj["id"] if kind == "StatementRef" else None,
                "registration": (statement.get("context") or {}).get("registration"),
                "timestamp": row.timestamp.isoformat() if row.timestamp else None,
                "is_voiding": statement["verb"]["id"] == VOIDED_VERB,
                "has_attachments": bool(statement.get("attachments")),
                "email": row.email,
                "account_name": row.account_name,
                "rank": row.rank,
            }
        )
        refs += [{"ord": ordinal, "kind": 0, "key": ifi[:600], "direct": d} for ifi, d in row.agents.items()]
        refs += [{"ord": ordinal, "kind": 1, "key": iri[:1024], "direct": d} for iri, d in row.activities.items()]
    params = {
        "rows": jsontext.dumps(columns),
        "payloads": "[" + ",".join(row.text for row in rows) + "]",
        "refs": jsontext.dumps(refs),
        "statuses": STATUSES,
        "client_id": client_id,
    }
    # A server-side-binding cursor rather than Django's (client-side binding): parameters travel as they are,
    # not as SQL text to escape and parse, and the statement is prepared once per connection, not planned per
    # request.
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_postgres_sql, params, prepare=True)
        result = cursor.fetchall()
    pks = [number for _, number, _, _, _ in sorted((r for r in result if r[0] == 0), key=lambda r: r[4])]
    progress = [(number, iri, status) for kind, number, iri, status, _ in result if kind == 1]
    return Written(pks=pks, progress=progress)


# --- Elsewhere (SQLite) -------------------------------------------------------------------------------------


def _insert_portable(rows: list[Row], *, client_id: int | None) -> Written:
    _take_write_lock()
    stored = timezone.now()  # after the lock: writers take `stored` in the order they commit
    stored_text = stored.isoformat().replace("+00:00", "Z")
    users = _resolve_users(rows)
    objects = []
    for row in rows:
        statement = row.statement
        statement["stored"] = stored_text
        if row.timestamp is None:
            statement["timestamp"] = stored_text
        obj = statement["object"]
        kind = obj.get("objectType", "Activity")
        objects.append(
            Statement(
                statement_id=statement["id"],
                payload=statement,
                verb_iri=statement["verb"]["id"],
                object_activity_iri=obj["id"] if kind == "Activity" else "",
                object_statement_id=obj["id"] if kind == "StatementRef" else None,
                registration=(statement.get("context") or {}).get("registration"),
                stored=stored,
                timestamp=row.timestamp or stored,
                is_voiding=statement["verb"]["id"] == VOIDED_VERB,
                has_attachments=bool(statement.get("attachments")),
                client_id=client_id,
                user_id=users.get(id(row)),
            )
        )
    Statement.objects.bulk_create(objects)  # in the order sent: primary keys follow it
    StatementAgent.objects.bulk_create(
        [
            StatementAgent(statement_id=obj.pk, ifi=ifi[:600], direct=direct)
            for obj, row in zip(objects, rows, strict=True)
            for ifi, direct in row.agents.items()
        ]
    )
    StatementActivity.objects.bulk_create(
        [
            StatementActivity(statement_id=obj.pk, iri=iri[:1024], direct=direct)
            for obj, row in zip(objects, rows, strict=True)
            for iri, direct in row.activities.items()
        ]
    )
    ranks: dict[tuple[int, str], int] = {}
    for obj, row in zip(objects, rows, strict=True):
        if obj.user_id and obj.object_activity_iri and row.rank:
            key = (obj.user_id, obj.object_activity_iri)
            ranks[key] = max(ranks.get(key, 0), row.rank)
    return Written(pks=[obj.pk for obj in objects], progress=progress_raise(ranks=ranks, now=stored))


def _resolve_users(rows: list[Row]) -> dict[int, int]:
    """{id(row): platform user id} for rows whose actor is a learner identity's account or a user's email."""
    from people.models import User

    accounts = {row.account_name for row in rows if row.account_name}
    emails = {row.email for row in rows if row.email}
    by_account = (
        {
            str(a): u
            for a, u in LearnerIdentity.objects.filter(account_name__in=accounts).values_list("account_name", "user_id")
        }
        if accounts
        else {}
    )
    by_email = dict(User.objects.filter(email__in=emails).values_list("email", "id")) if emails else {}
    resolved = {}
    for row in rows:
        user_id = by_account.get(row.account_name) if row.account_name else None
        if user_id is None and row.email:
            user_id = by_email.get(row.email)
        if user_id is not None:
            resolved[id(row)] = user_id
    return resolved


def _rank_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(STATUSES, start=1))
    return f"(CASE {column} {whens} ELSE 0 END)"


def progress_raise(*, ranks: dict[tuple[int, str], int], now: datetime) -> list[tuple[int, str, str]]:
    """Raise each (user, activity) status to at least the given rank; return those that changed (any database)."""
    if not ranks:
        return []
    table = ActivityProgress._meta.db_table
    keys = sorted(ranks)  # a fixed order: two writers lock progress rows in the same order
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    updated = connection.ops.adapt_datetimefield_value(now)
    params = []
    for user_id, iri in keys:
        params += [user_id, iri, STATUSES[ranks[(user_id, iri)] - 1], updated]
    sql = (
        f"INSERT INTO {table} (user_id, activity_iri, status, updated) VALUES {values} "  # noqa: S608
        f"ON CONFLICT (user_id, activity_iri) DO UPDATE SET status = excluded.status, updated = excluded.updated "
        f"WHERE {_rank_sql('excluded.status')} > {_rank_sql(table + '.status')} "
        f"RETURNING user_id, activity_iri, status"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def actor_user_keys(actor: dict) -> tuple[str | None, str | None]:
    """(email, account name) under which the actor could be a platform user (see selectors.agent_for_user)."""
    account = actor.get("account")
    if account:
        name = account["name"]
        if account.get("homePage", "").rstrip("/") == settings.SITE_BASE_URL and _is_canonical_uuid(name):
            return None, name
        return None, None
    mbox = actor.get("mbox")
    if mbox:
        return mbox[7:].lower(), None
    return None, None


def _is_canonical_uuid(text: str) -> bool:
    """Learner identities' account names are lower-case hyphenated UUIDs; nothing else can match one."""
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False
