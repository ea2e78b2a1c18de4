"""Writes for the Learning Record Store: statements, documents, LRS clients, platform events and progress."""

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import progress as progress_rules
from .models import (
    Activity,
    ActivityProgress,
    AttachmentContent,
    Document,
    LearnerIdentity,
    LRSClient,
    Statement,
    StatementActivity,
    StatementAgent,
)
from .signals import progress_changed
from .validation import VOIDED_VERB, StatementInvalid, agent_ifi, parse_timestamp, validate_statement

logger = logging.getLogger(__name__)

LRS_VERSION = "1.0.3"


class StatementConflict(Exception):
    """A statement id is already stored with different content (HTTP 409)."""


# --- LRS clients --------------------------------------------------------------------------------------------


@dataclass
class IssuedClient:
    client: LRSClient
    key: str
    secret: str


@transaction.atomic
def lrs_client_create(*, name: str, scopes: list[str] | None = None, created_by=None) -> IssuedClient:
    """Issue a new HTTP Basic credential. The secret is shown once and only its hash is kept."""
    scopes = list(scopes or [LRSClient.Scope.STATEMENTS_WRITE, LRSClient.Scope.STATEMENTS_READ_MINE])
    unknown = set(scopes) - set(LRSClient.Scope.values)
    if unknown:
        raise ValueError(
            f"Unknown scope(s): {', '.join(sorted(unknown))}. Choose from {', '.join(LRSClient.Scope.values)}."
        )
    secret = LRSClient.new_secret()
    client = LRSClient.objects.create(
        name=name,
        key=LRSClient.new_key(),
        secret_hash=LRSClient.hash_secret(secret),
        scopes=scopes,
        created_by=created_by,
    )
    return IssuedClient(client=client, key=client.key, secret=secret)


@transaction.atomic
def lrs_client_rotate_secret(*, client: LRSClient) -> str:
    secret = LRSClient.new_secret()
    client.secret_hash = LRSClient.hash_secret(secret)
    client.save(update_fields=["secret_hash"])
    return secret


# --- Learner identity ---------------------------------------------------------------------------------------


def learner_identity_ensure(*, user) -> LearnerIdentity:
    identity, _ = LearnerIdentity.objects.get_or_create(user=user)
    return identity


# --- Statements ---------------------------------------------------------------------------------------------


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _shallow(raw: dict) -> dict:
    """Copy the parts of a statement the LRS changes (top level, object, contexts); the rest is shared."""
    statement = dict(raw)
    statement["object"] = dict(raw["object"])
    if isinstance(raw.get("context"), dict):
        statement["context"] = dict(raw["context"])
    sub = statement["object"]
    if sub.get("objectType") == "SubStatement" and isinstance(sub.get("context"), dict):
        sub["context"] = dict(sub["context"])
    return statement


def _normalise(statement: dict) -> dict:
    """Return the statement in the form the LRS stores: contextActivities always arrays (as the spec requires)."""
    for part in (statement, statement["object"] if statement["object"].get("objectType") == "SubStatement" else None):
        if part is None:
            continue
        context = part.get("context")
        if context and "contextActivities" in context:
            context["contextActivities"] = {k: _as_list(v) for k, v in context["contextActivities"].items()}
    if "objectType" not in statement["object"]:
        statement["object"]["objectType"] = "Activity"
    return statement


def _sorted_members(value):
    if isinstance(value, dict):
        out = {k: _sorted_members(v) for k, v in value.items()}
        if isinstance(out.get("member"), list):
            out["member"] = sorted(out["member"], key=lambda m: json.dumps(m, sort_keys=True))
        if "mbox" in out and isinstance(out["mbox"], str):
            out["mbox"] = out["mbox"].lower()
        return out
    if isinstance(value, list):
        return [_sorted_members(v) for v in value]
    return value


def statement_comparable(statement: dict, *, with_timestamp: bool = True) -> str:
    """The statement with what the LRS sets or may rewrite removed, per the spec's Statement Comparison rules.

    Timestamps compare as instants (so "+00:00" equals "Z"); `with_timestamp=False` when the sender gave none
    and the LRS filled it in from `stored`.
    """
    data = {k: v for k, v in statement.items() if k not in ("authority", "stored", "version", "timestamp")}
    if "timestamp" in statement and with_timestamp:
        data["timestamp"] = parse_timestamp(statement["timestamp"]).timestamp()
    if data.get("object", {}).get("objectType") == "SubStatement" and "timestamp" in data["object"]:
        sub = dict(data["object"])
        sub["timestamp"] = parse_timestamp(sub["timestamp"]).timestamp()
        data["object"] = sub
    return json.dumps(_sorted_members(data), sort_keys=True)


def _agents_in(statement: dict):
    """(ifi, direct) for every agent and identified group the statement mentions, for the agent filters."""
    found: dict[str, bool] = {}

    def add(agent, direct):
        if not isinstance(agent, dict):
            return
        ifi = agent_ifi(agent)
        if ifi:
            found[ifi] = found.get(ifi, False) or direct
        for member in agent.get("member") or []:
            add(member, False)

    def walk(part, top):
        add(part["actor"], top)
        obj = part["object"]
        if obj.get("objectType") in ("Agent", "Group"):
            add(obj, top)
        context = part.get("context") or {}
        add(context.get("instructor"), False)
        add(context.get("team"), False)

    walk(statement, True)
    if statement["object"].get("objectType") == "SubStatement":
        walk(statement["object"], False)
    add(statement.get("authority"), False)
    return found


def _activities_in(statement: dict):
    found: dict[str, bool] = {}

    def walk(part, top):
        obj = part["object"]
        if obj.get("objectType", "Activity") == "Activity":
            found[obj["id"]] = found.get(obj["id"], False) or top
        for items in ((part.get("context") or {}).get("contextActivities") or {}).values():
            for activity in _as_list(items):
                found.setdefault(activity["id"], False)

    walk(statement, True)
    if statement["object"].get("objectType") == "SubStatement":
        walk(statement["object"], False)
    return found


def _resolve_users(statements: list[dict]) -> dict[str, int]:
    """Map actor IFIs to platform user ids: an account on this site, or mbox mailto:<user's email>."""
    from people.models import User

    home = settings.SITE_BASE_URL
    account_names, emails = set(), set()
    for statement in statements:
        actor = statement["actor"]
        account = actor.get("account")
        if account and account.get("homePage", "").rstrip("/") == home:
            account_names.add(account["name"])
        elif "mbox" in actor:
            emails.add(actor["mbox"][7:].lower())
    resolved: dict[str, int] = {}
    if account_names:
        valid = [n for n in account_names if _is_uuid_text(n)]
        for name, user_id in LearnerIdentity.objects.filter(account_name__in=valid).values_list(
            "account_name", "user_id"
        ):
            resolved[f"account:{home}|{name}"] = user_id
            resolved[f"account:{home}/|{name}"] = user_id
    if emails:
        for email, user_id in User.objects.filter(email__in=emails).values_list("email", "id"):
            resolved["mbox:mailto:" + email.lower()] = user_id
    return resolved


def _is_uuid_text(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _prepare(statements: list[dict], *, authority: dict, stored, given_timestamp: dict) -> list[dict]:
    prepared = []
    stored_text = stored.isoformat().replace("+00:00", "Z")
    for index, raw in enumerate(statements):
        path = f"statements[{index}]" if len(statements) > 1 else "statement"
        validate_statement(raw, path)
        statement = _normalise(_shallow(raw))
        statement.setdefault("id", str(uuid.uuid4()))
        given_timestamp[id(statement)] = "timestamp" in statement
        statement["id"] = statement["id"].lower()
        statement["stored"] = stored_text
        statement.setdefault("timestamp", stored_text)
        statement["authority"] = authority
        statement.setdefault("version", "1.0.0")
        prepared.append(statement)
    return prepared


def statements_store(
    *,
    statements: list[dict],
    client: LRSClient | None = None,
    authority: dict | None = None,
    attachments: dict[str, tuple[str, bytes]] | None = None,
) -> list[str]:
    """Validate and store statements atomically; return their ids in order.

    Raises StatementInvalid (400) or StatementConflict (409); nothing is stored then. A statement whose id is
    already stored with the same content is a no-op. Concurrent writers of the same id are safe: the unique
    constraint decides, and the loser retries and then sees the winner's row as "already stored".

    The first attempt is optimistic (it inserts without looking for stored ids first, which saves a round trip
    for the usual case of new statements); a duplicate id makes it fail and the next attempt compares contents.
    """
    if authority is None:
        authority = client.authority() if client else platform_authority()
    attempts = 10
    for attempt in range(attempts):
        try:
            return _statements_store_once(
                statements=statements,
                client=client,
                authority=authority,
                attachments=attachments or {},
                optimistic=attempt == 0,
            )
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _statements_store_once(*, statements, client, authority, attachments, optimistic) -> list[str]:
    stored = timezone.now()
    given_timestamp: dict[int, bool] = {}
    prepared = _prepare(statements, authority=authority, stored=stored, given_timestamp=given_timestamp)
    ids = [s["id"] for s in prepared]
    if len(set(ids)) != len(ids):
        raise StatementInvalid("statements: the same statement id appears more than once in this batch")

    if not optimistic and _on_postgres():
        # Another writer is inserting some of these ids: wait for it (transaction-scoped locks per id, taken in
        # id order so writers never deadlock), then its rows are visible to the lookup below.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(x, 0)) FROM unnest(%s::text[]) AS x ORDER BY x",
                [sorted(ids)],
            )
    existing = (
        {}
        if optimistic
        else {
            str(sid): payload
            for sid, payload in Statement.objects.filter(statement_id__in=ids).values_list("statement_id", "payload")
        }
    )
    new = []
    for statement in prepared:
        old = existing.get(statement["id"])
        if old is None:
            new.append(statement)
        elif statement_comparable(old, with_timestamp=given_timestamp[id(statement)]) != statement_comparable(
            statement, with_timestamp=given_timestamp[id(statement)]
        ):
            raise StatementConflict(
                f"statement {statement['id']} is already stored with different content; statements are immutable"
            )
    if not new:
        return ids

    # Voiding: the targets must not themselves be voiding statements.
    void_targets = {s["object"]["id"].lower() for s in new if s["verb"]["id"] == VOIDED_VERB}
    if void_targets:
        batch_voiding = {s["id"] for s in new if s["verb"]["id"] == VOIDED_VERB}
        stored_voiding = {
            str(v)
            for v in Statement.objects.filter(statement_id__in=void_targets, is_voiding=True).values_list(
                "statement_id", flat=True
            )
        }
        bad = void_targets & (stored_voiding | batch_voiding)
        if bad:
            raise StatementInvalid(
                f"object.id: statement {sorted(bad)[0]} is itself a voiding statement and cannot be voided"
            )

    # Insert in id order: two writers inserting overlapping ids then wait on each other in the same order and
    # never deadlock.
    new.sort(key=lambda s: s["id"])
    _check_attachments(new, attachments)
    users = _resolve_users(new)
    rows = []
    for statement in new:
        obj = statement["object"]
        kind = obj.get("objectType", "Activity")
        registration = (statement.get("context") or {}).get("registration")
        rows.append(
            Statement(
                statement_id=statement["id"],
                payload=statement,
                verb_iri=statement["verb"]["id"],
                object_activity_iri=obj["id"] if kind == "Activity" else "",
                object_statement_id=obj["id"] if kind == "StatementRef" else None,
                registration=registration,
                stored=stored,
                timestamp=parse_timestamp(statement["timestamp"]),
                is_voiding=statement["verb"]["id"] == VOIDED_VERB,
                has_attachments=bool(statement.get("attachments")),
                client=client,
                user_id=users.get(agent_ifi(statement["actor"]) or ""),
            )
        )
    _insert_statements(rows)
    agent_rows, activity_rows = [], []
    definitions: dict[str, dict] = {}
    for row, statement in zip(rows, new, strict=True):
        for ifi, direct in _agents_in(statement).items():
            agent_rows.append((row.pk, ifi[:600], direct))
        for iri, direct in _activities_in(statement).items():
            activity_rows.append((row.pk, iri[:1024], direct))
        _collect_definitions(statement, definitions)
    _insert_refs(StatementAgent, ("statement_id", "ifi", "direct"), agent_rows)
    _insert_refs(StatementActivity, ("statement_id", "iri", "direct"), activity_rows)
    if definitions:
        _activities_upsert(definitions)

    touched = {(r.user_id, r.object_activity_iri) for r in rows if r.user_id and r.object_activity_iri}
    if void_targets:
        voided = Statement.objects.filter(statement_id__in=void_targets, is_voiding=False, voided=False)
        touched |= {(u, a) for u, a in voided.values_list("user_id", "object_activity_iri") if u is not None and a}
        voided.update(voided=True)
    if touched:
        progress_recompute(pairs=touched)
    if settings.XAPI_FORWARD_URL:
        pks = [r.pk for r in rows]
        transaction.on_commit(lambda: _enqueue_forward(pks))
    return ids


STATEMENT_COLUMNS = (
    "id",
    "statement_id",
    "payload",
    "verb_iri",
    "object_activity_iri",
    "object_statement_id",
    "registration",
    "stored",
    "timestamp",
    "voided",
    "is_voiding",
    "has_attachments",
    "client_id",
    "user_id",
)


# Below this many rows one INSERT is fewer round trips than COPY.
COPY_THRESHOLD = 30


def _on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _insert_statements(rows: list[Statement]) -> None:
    """Insert the statement rows in one round trip: COPY on PostgreSQL (ids taken from the sequence first so
    the index rows can point at them), bulk_create elsewhere. A duplicate statement id raises IntegrityError."""
    if not _on_postgres() or len(rows) < COPY_THRESHOLD:
        Statement.objects.bulk_create(rows)
        return
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",  # noqa: S608
            [len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        copy_sql = f"COPY {table} ({', '.join(STATEMENT_COLUMNS)}) FROM STDIN"
        # wrap_database_errors turns psycopg's UniqueViolation into Django's IntegrityError (retried above).
        with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(
                    (
                        row.pk,
                        row.statement_id,
                        json.dumps(row.payload),
                        row.verb_iri,
                        row.object_activity_iri,
                        row.object_statement_id,
                        row.registration,
                        row.stored,
                        row.timestamp,
                        row.voided,
                        row.is_voiding,
                        row.has_attachments,
                        row.client_id,
                        row.user_id,
                    )
                )


def _insert_refs(model, columns: tuple[str, ...], values: list[tuple]) -> None:
    if not values:
        return
    if not _on_postgres() or len(values) < COPY_THRESHOLD:
        model.objects.bulk_create([model(**dict(zip(columns, v, strict=True))) for v in values])
        return
    table = model._meta.db_table
    copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
        for value in values:
            copy.write_row(value)


def _enqueue_forward(pks: list[int]) -> None:
    from .tasks import statements_forward_task

    try:
        statements_forward_task.delay(pks)
    except Exception:  # the external LRS or the broker being down must never fail a learner's request
        logger.exception("Could not enqueue forwarding of %d statements", len(pks))


def _collect_definitions(statement: dict, definitions: dict[str, dict]) -> None:
    def take(activity):
        if activity.get("objectType", "Activity") == "Activity" and activity.get("definition"):
            merged = definitions.setdefault(activity["id"], {})
            merged.update(activity["definition"])

    take(statement["object"])
    for items in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        for activity in items:
            take(activity)


# The last definition this process applied per activity IRI: sending the same definition again (as most
# content does on every statement) needs no query.
_applied_definitions: dict[str, str] = {}


def _activities_upsert(definitions: dict[str, dict]) -> None:
    fresh = {}
    for iri, definition in definitions.items():
        key = json.dumps(definition, sort_keys=True)
        if _applied_definitions.get(iri) != key:
            fresh[iri] = (definition, key)
    if not fresh:
        return
    if len(_applied_definitions) > 10000:
        _applied_definitions.clear()
    transaction.on_commit(lambda: _applied_definitions.update({iri: key for iri, (_, key) in fresh.items()}))
    definitions = {iri: definition for iri, (definition, _) in fresh.items()}
    current = {a.iri: a for a in Activity.objects.filter(iri__in=list(definitions))}
    now = timezone.now()
    for iri, definition in definitions.items():
        activity = current.get(iri)
        if activity is None:
            Activity.objects.get_or_create(iri=iri, defaults={"definition": definition})
            continue
        merged = dict(activity.definition)
        for key, value in definition.items():
            if key in ("name", "description") and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        if merged != activity.definition:
            Activity.objects.filter(pk=activity.pk).update(definition=merged, updated=now)


def _check_attachments(statements: list[dict], attachments: dict[str, tuple[str, bytes]]) -> None:
    """Every attachment without a fileUrl must arrive as a part whose SHA-2 matches; signatures are checked."""
    from .signing import signature_check

    wanted = set()
    for index, statement in enumerate(statements):
        for a_index, attachment in enumerate(statement.get("attachments") or []):
            sha2 = attachment["sha2"].lower()
            if sha2 in attachments:
                wanted.add(sha2)
            elif "fileUrl" not in attachment:
                raise StatementInvalid(
                    f"statements[{index}].attachments[{a_index}]: no fileUrl and no multipart part with "
                    f"X-Experience-API-Hash {attachment['sha2']}"
                )
            if attachment["usageType"] == "http://adlnet.gov/expapi/attachments/signature":
                if sha2 not in attachments:
                    raise StatementInvalid(f"statements[{index}].attachments[{a_index}]: the signature part is missing")
                if attachment["contentType"] != "application/octet-stream":
                    raise StatementInvalid(
                        f"statements[{index}].attachments[{a_index}].contentType: a signature must be application/octet-stream"
                    )
                signature_check(statement=statement, jws=attachments[sha2][1], path=f"statements[{index}]")
    unused = set(attachments) - wanted
    if unused:
        raise StatementInvalid(f"attachments: part {sorted(unused)[0]} does not match any statement's attachment sha2")
    existing = set(AttachmentContent.objects.filter(sha2__in=wanted).values_list("sha2", flat=True))
    AttachmentContent.objects.bulk_create(
        [
            AttachmentContent(sha2=sha2, content_type=attachments[sha2][0], content=attachments[sha2][1])
            for sha2 in wanted - existing
        ],
        ignore_conflicts=True,
    )


# --- Progress -----------------------------------------------------------------------------------------------


def progress_recompute(*, pairs: set[tuple[int, str]]) -> None:
    """Derive each (user, activity) status again from all its non-voided statements and announce changes."""
    for user_id, activity_iri in sorted(pairs):
        payloads = Statement.objects.filter(
            user_id=user_id, object_activity_iri=activity_iri, voided=False
        ).values_list("payload", flat=True)
        status = progress_rules.status_from_statements(payloads)
        current = ActivityProgress.objects.filter(user_id=user_id, activity_iri=activity_iri).first()
        if current is not None and current.status == status:
            continue
        if status is None:
            current.delete()
        elif current is None:
            ActivityProgress.objects.create(user_id=user_id, activity_iri=activity_iri, status=status)
        else:
            current.status = status
            current.save(update_fields=["status", "updated"])
        transaction.on_commit(
            lambda u=user_id, a=activity_iri, s=status: progress_changed.send(
                sender=Statement, user_id=u, activity_iri=a, status=s
            )
        )


# --- Platform events ----------------------------------------------------------------------------------------


def platform_authority() -> dict:
    return {
        "objectType": "Agent",
        "name": settings.SERVICE_NAME,
        "account": {"homePage": settings.SITE_BASE_URL, "name": "platform"},
    }


def statement_record_platform_event(
    *,
    user,
    verb: str,
    activity_iri: str,
    activity_name: str,
    activity_type: str = "http://adlnet.gov/expapi/activities/course",
    result: dict | None = None,
    skill_iris: list[str] | None = None,
    skill_level: int | None = None,
) -> str:
    """Record something the platform itself saw happen (added to plan, started, marked complete).

    `verb` is a key of progress.PLATFORM_VERBS ("planned", "started", "completed", "passed", "failed") or a verb IRI.
    Returns the statement id.
    """
    from .selectors import agent_for_user

    verb_iri, verb_label = progress_rules.PLATFORM_VERBS.get(verb, (verb, None))
    verb_part = {"id": verb_iri}
    if verb_label:
        verb_part["display"] = {"en-GB": verb_label}
    statement = {
        "id": str(uuid.uuid4()),
        "actor": agent_for_user(user),
        "verb": verb_part,
        "object": {
            "objectType": "Activity",
            "id": activity_iri,
            "definition": {"name": {"en-GB": activity_name}, "type": activity_type},
        },
        "context": {"platform": settings.SERVICE_NAME, "language": "en-GB"},
    }
    if result:
        statement["result"] = result
    if skill_iris:
        statement["context"]["contextActivities"] = {"category": [{"id": iri} for iri in skill_iris]}
        if skill_level is not None:
            statement["context"]["extensions"] = {progress_rules.skill_level_extension(): skill_level}
    return statements_store(statements=[statement], authority=platform_authority())[0]


# --- Documents ----------------------------------------------------------------------------------------------


def document_etag(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


class DocumentMergeError(ValueError):
    pass


@transaction.atomic
def document_save(
    *,
    kind: str,
    document_id: str,
    content: bytes,
    content_type: str,
    merge: bool,
    activity_iri: str = "",
    agent_ifi_key: str = "",
    registration: str = "",
) -> Document:
    """PUT (replace) or POST (merge JSON objects) a document; returns the stored document."""
    scope = {
        "kind": kind,
        "activity_iri": activity_iri,
        "agent_ifi": agent_ifi_key,
        "registration": registration,
        "document_id": document_id,
    }
    document = Document.objects.select_for_update().filter(**scope).first()
    if merge and document is not None:
        if not (_is_json(document.content_type) and _is_json(content_type)):
            raise DocumentMergeError("both the stored document and the posted one must be JSON to merge them")
        try:
            old, new = json.loads(bytes(document.content)), json.loads(content)
        except ValueError:
            raise DocumentMergeError("the posted document is not valid JSON")
        if not isinstance(old, dict) or not isinstance(new, dict):
            raise DocumentMergeError("only JSON objects can be merged")
        old.update(new)
        content = json.dumps(old).encode()
        content_type = "application/json"
    elif merge and _is_json(content_type):
        try:
            if not isinstance(json.loads(content), dict):
                raise DocumentMergeError("a posted JSON document must be an object")
        except ValueError:
            raise DocumentMergeError("the posted document is not valid JSON")
    now = timezone.now()
    if document is None:
        return Document.objects.create(
            **scope, content=content, content_type=content_type, etag=document_etag(content), updated=now
        )
    document.content = content
    document.content_type = content_type
    document.etag = document_etag(content)
    document.updated = now
    document.save()
    return document


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


@transaction.atomic
def documents_delete(
    *,
    kind: str,
    activity_iri: str = "",
    agent_ifi_key: str = "",
    registration: str | None = None,
    document_id: str | None = None,
) -> int:
    queryset = Document.objects.filter(kind=kind, activity_iri=activity_iri, agent_ifi=agent_ifi_key)
    if registration is not None:
        queryset = queryset.filter(registration=registration)
    if document_id is not None:
        queryset = queryset.filter(document_id=document_id)
    deleted, _ = queryset.delete()
    return deleted
