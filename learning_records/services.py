"""Writes for the Learning Record Store: statements, documents, LRS clients, platform events and progress."""

import hashlib
import json
import logging
import re
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from . import jsontext, writes
from . import progress as progress_rules
from .models import (
    Activity,
    ActivityProgress,
    AttachmentContent,
    Document,
    LearnerIdentity,
    LRSClient,
    Statement,
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


_NUL = re.compile(r"(?<!\\)(\\\\)*\\u0000")


def _prepare(statements: list[dict], *, authority: dict, stored) -> list[writes.Row]:
    """Validate each statement and give it what the LRS sets: id, stored, timestamp (if absent), authority, version."""
    prepared = []
    stored_text = stored.isoformat().replace("+00:00", "Z")
    for index, raw in enumerate(statements):
        path = f"statements[{index}]" if len(statements) > 1 else "statement"
        validate_statement(raw, path)
        statement = _normalise(_shallow(raw))
        if "id" not in statement:  # not setdefault: a UUID drawn for every statement cost 10% of a batch
            statement["id"] = str(uuid.uuid4())
        given_timestamp = "timestamp" in statement
        statement["id"] = statement["id"].lower()
        statement["stored"] = stored_text
        statement.setdefault("timestamp", stored_text)
        statement["authority"] = authority
        statement.setdefault("version", "1.0.0")
        text = jsontext.dumps(statement)
        # PostgreSQL cannot store U+0000 in JSON text; refuse it everywhere so both runtimes behave alike.
        if "\\u0000" in text and _NUL.search(text):
            raise StatementInvalid(f"{path}: strings must not contain the NUL character (U+0000)")
        email, account_name = writes.actor_user_keys(statement["actor"])
        status = progress_rules.status_of_statement(statement)
        prepared.append(
            writes.Row(
                statement=statement,
                text=text,
                timestamp=parse_timestamp(statement["timestamp"]) if given_timestamp else None,
                given_timestamp=given_timestamp,
                rank=progress_rules.RANKS[status] if status else 0,
                email=email,
                account_name=account_name,
                agents=_agents_in(statement),
                activities=_activities_in(statement),
            )
        )
    return prepared


# Errors after which the whole write is simply tried again: a duplicate id (another writer stored it first; the
# next attempt compares contents), a deadlock or a serialization failure (PostgreSQL chose this writer to undo).
RETRY_SQLSTATES = {"40P01", "40001"}


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

    The first attempt is optimistic: it inserts without looking for stored ids first, and on PostgreSQL, when
    nothing else needs writing, as one SQL statement in autocommit (one round trip; see writes.py). A duplicate
    id makes it fail with nothing written, and the next attempt, in a transaction, compares contents.
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
        except OperationalError as exc:
            if attempt == attempts - 1 or getattr(exc.__cause__, "sqlstate", None) not in RETRY_SQLSTATES:
                raise
    raise AssertionError("unreachable")


def _statements_store_once(*, statements, client, authority, attachments, optimistic) -> list[str]:
    # Provisional: writes.statements_insert sets `stored` in the transaction that commits the rows.
    stored = timezone.now()
    prepared = _prepare(statements, authority=authority, stored=stored)
    ids = [row.statement["id"] for row in prepared]
    if len(set(ids)) != len(ids):
        raise StatementInvalid("statements: the same statement id appears more than once in this batch")
    definitions = _fresh_definitions(prepared)
    one_statement = (
        optimistic
        and writes.single_statement_capable()
        and not connection.in_atomic_block
        and not attachments
        and not definitions
        and not any(row.statement["verb"]["id"] == VOIDED_VERB for row in prepared)
    )
    with nullcontext() if one_statement else transaction.atomic():
        return _write(
            prepared,
            ids,
            client=client,
            attachments=attachments,
            optimistic=optimistic,
            fresh=definitions,
        )


def _write(prepared, ids, *, client, attachments, optimistic, fresh) -> list[str]:
    new = prepared
    if not optimistic:
        new = _new_only(prepared, ids)
        if not new:
            return ids
        if len(new) != len(prepared):
            fresh = _fresh_definitions(new)

    # Voiding: the targets must not themselves be voiding statements.
    void_targets = {r.statement["object"]["id"].lower() for r in new if r.statement["verb"]["id"] == VOIDED_VERB}
    if void_targets:
        batch_voiding = {r.statement["id"] for r in new if r.statement["verb"]["id"] == VOIDED_VERB}
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

    _check_attachments([r.statement for r in new], attachments)
    if fresh:
        _activities_write(fresh)
    written = writes.statements_insert(new, client_id=client.pk if client else None)
    changed = list(written.progress)
    if void_targets:
        voided = Statement.objects.filter(statement_id__in=void_targets, is_voiding=False, voided=False)
        pairs = {(u, a) for u, a in voided.values_list("user_id", "object_activity_iri") if u is not None and a}
        voided.update(voided=True)
        if pairs:
            changed += progress_recompute(pairs=pairs, announce=False)
    for user_id, activity_iri, status in changed:
        transaction.on_commit(
            lambda u=user_id, a=activity_iri, s=status: progress_changed.send(
                sender=Statement, user_id=u, activity_iri=a, status=s
            )
        )
    if settings.XAPI_FORWARD_URL:
        pks = written.pks
        transaction.on_commit(lambda: _enqueue_forward(pks))
    return ids


def _new_only(prepared: list[writes.Row], ids: list[str]) -> list[writes.Row]:
    """The rows whose ids are not stored yet; StatementConflict if one is stored with different content."""
    if connection.vendor == "postgresql":
        # Another writer is inserting some of these ids: wait for it (transaction-scoped locks per id, taken in
        # id order so writers never deadlock), then its rows are visible to the lookup below.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(x, 0)) FROM unnest(%s::text[]) AS x ORDER BY x",
                [sorted(ids)],
            )
    existing = {
        str(sid): payload
        for sid, payload in Statement.objects.filter(statement_id__in=ids).values_list("statement_id", "payload")
    }
    new = []
    for row in prepared:
        old = existing.get(row.statement["id"])
        if old is None:
            new.append(row)
        elif statement_comparable(old, with_timestamp=row.given_timestamp) != statement_comparable(
            row.statement, with_timestamp=row.given_timestamp
        ):
            raise StatementConflict(
                f"statement {row.statement['id']} is already stored with different content; statements are immutable"
            )
    return new


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
            for key, value in activity["definition"].items():
                # Language maps combine, as _activities_upsert does across requests (Communication 2.5).
                if key in ("name", "description") and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value

    take(statement["object"])
    for items in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        for activity in items:
            take(activity)


# The last definition this process applied per activity IRI: sending the same definition again (as most
# content does on every statement) needs no query.
_applied_definitions: dict[str, str] = {}


def _fresh_definitions(rows: list[writes.Row]) -> dict[str, tuple[dict, str]]:
    """{iri: (definition, key)} for the activity definitions in these rows that this process has not applied."""
    definitions: dict[str, dict] = {}
    for row in rows:
        _collect_definitions(row.statement, definitions)
    fresh = {}
    for iri, definition in definitions.items():
        key = jsontext.dumps(definition, sort_keys=True)
        if _applied_definitions.get(iri) != key:
            fresh[iri] = (definition, key)
    return fresh


def _activities_write(fresh: dict[str, tuple[dict, str]]) -> None:
    if len(_applied_definitions) > 10000:
        _applied_definitions.clear()
    transaction.on_commit(lambda: _applied_definitions.update({iri: key for iri, (_, key) in fresh.items()}))
    # Every write here goes in IRI order: concurrent writers of the same activities then wait on each other in
    # the same order and never deadlock (get_or_create in arrival order did, under the ingest benchmark).
    definitions = {iri: fresh[iri][0] for iri in sorted(fresh)}
    current = {a.iri: a for a in Activity.objects.filter(iri__in=list(definitions))}
    missing = [Activity(iri=iri, definition=d) for iri, d in definitions.items() if iri not in current]
    if missing:
        Activity.objects.bulk_create(missing, ignore_conflicts=True)
    now = timezone.now()
    for iri, definition in definitions.items():
        activity = current.get(iri)
        if activity is None:
            continue  # just created, or created by a concurrent writer whose definition stands: both are recent
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
    if not wanted:
        return
    existing = set(AttachmentContent.objects.filter(sha2__in=wanted).values_list("sha2", flat=True))
    AttachmentContent.objects.bulk_create(
        [
            AttachmentContent(sha2=sha2, content_type=attachments[sha2][0], content=attachments[sha2][1])
            for sha2 in wanted - existing
        ],
        ignore_conflicts=True,
    )


# --- Progress -----------------------------------------------------------------------------------------------


def progress_recompute(*, pairs: set[tuple[int, str]], announce: bool = True) -> list[tuple[int, str, str | None]]:
    """Derive each (user, activity) status again from all its non-voided statements; return those that changed.

    Storing statements only ever raises a status (writes.py); this is for voiding, which can lower one. Each
    progress row is locked first, so a writer raising it at the same time waits, or is waited for and then seen.
    """
    changed = []
    for user_id, activity_iri in sorted(pairs):
        current = (
            ActivityProgress.objects.select_for_update().filter(user_id=user_id, activity_iri=activity_iri).first()
        )
        payloads = Statement.objects.filter(
            user_id=user_id, object_activity_iri=activity_iri, voided=False
        ).values_list("payload", flat=True)
        status = progress_rules.status_from_statements(payloads)
        if current is not None and current.status == status:
            continue
        if status is None:
            if current is None:
                continue
            current.delete()
        elif current is None:
            ActivityProgress.objects.create(user_id=user_id, activity_iri=activity_iri, status=status)
        else:
            current.status = status
            current.save(update_fields=["status", "updated"])
        changed.append((user_id, activity_iri, status))
    if announce:
        for user_id, activity_iri, status in changed:
            transaction.on_commit(
                lambda u=user_id, a=activity_iri, s=status: progress_changed.send(
                    sender=Statement, user_id=u, activity_iri=a, status=s
                )
            )
    return changed


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
