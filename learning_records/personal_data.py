"""What the LRS holds about a person: their xAPI identity, the statements about them, their course progress and the
documents (activity state, agent profiles) kept under their identifiers. See core/personal_data.py.

Erasure anonymises rather than deletes statements: each statement keeps its verb, object, result and times, so
completion counts and other aggregates stay right, but every agent that identified the person (by the platform
account, any of their email addresses as `mbox` or `mbox_sha1sum`) is replaced by one new random account that
nothing links back to. Statements are otherwise immutable in this LRS; the right to erasure is the one exception.
Copies already forwarded to an external LRS are outside this platform and are not changed.
"""

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.db import transaction

from .models import ActivityProgress, AttachmentContent, Document, LearnerIdentity, Statement, StatementAgent
from .validation import agent_ifi

ANONYMOUS_HOME_PAGE_PATH = "/xapi/anonymised"


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _emails(user) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = {user.email.lower()} if user.email else set()
    emails.update(e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return emails


def person_ifis(user) -> set[str]:
    """Every key under which this person can appear in statements and documents (as agent_ifi computes them)."""
    ifis = set()
    for email in _emails(user):
        mbox = f"mailto:{email}"
        ifis.add(f"mbox:{mbox}")
        ifis.add("mbox_sha1sum:" + hashlib.sha1(mbox.encode(), usedforsecurity=False).hexdigest())
    identity = LearnerIdentity.objects.filter(user=user).first()
    if identity is not None:
        home = settings.SITE_BASE_URL.rstrip("/")
        for home_page in (home, home + "/"):
            ifis.add(f"account:{home_page}|{identity.account_name}")
    return ifis


def _statements_about(user, ifis: set[str]):
    mentioned = StatementAgent.objects.filter(ifi__in=ifis).values("statement_id")
    return Statement.objects.filter(pk__in=mentioned) | Statement.objects.filter(user=user)


def export(user) -> dict:
    ifis = person_ifis(user)
    identity = LearnerIdentity.objects.filter(user=user).first()
    statements = _statements_about(user, ifis).order_by("stored", "id")
    documents = Document.objects.filter(agent_ifi__in=ifis).order_by("kind", "activity_iri", "document_id")
    return {
        "Learning record identity": {
            "xapi_account_home_page": settings.SITE_BASE_URL if identity else None,
            "xapi_account_name": str(identity.account_name) if identity else None,
        },
        "Learning records (xAPI statements)": [
            {
                "statement_id": str(s.statement_id),
                "stored": _when(s.stored),
                "verb": s.verb_iri,
                "activity": s.object_activity_iri,
                "voided": s.voided,
                "statement": s.payload,
            }
            for s in statements
        ],
        "Course progress": [
            {"activity": p.activity_iri, "status": p.get_status_display(), "updated": _when(p.updated)}
            for p in ActivityProgress.objects.filter(user=user).order_by("activity_iri")
        ],
        "Learning record documents": [
            {
                "kind": d.get_kind_display(),
                "activity": d.activity_iri,
                "document_id": d.document_id,
                "content_type": d.content_type,
                "updated": _when(d.updated),
                "content": _document_text(d),
            }
            for d in documents
        ],
    }


def _document_text(document: Document) -> str:
    content = bytes(document.content)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return f"(binary, {len(content)} bytes)"


def _replace_agents(part, ifis: set[str], anonymous: dict):
    """A copy of `part` with every Agent or Group identified by one of `ifis` replaced by `anonymous`."""
    if isinstance(part, list):
        return [_replace_agents(item, ifis, anonymous) for item in part]
    if not isinstance(part, dict):
        return part
    if part.get("objectType", "Agent") in ("Agent", "Group"):
        try:
            ifi = agent_ifi(part)
        except (KeyError, TypeError, AttributeError):
            ifi = None
        if ifi is not None and ifi.lower() in ifis:
            return dict(anonymous)
    return {key: _replace_agents(value, ifis, anonymous) for key, value in part.items()}


@transaction.atomic
def erase(user) -> None:
    ifis = person_ifis(user)
    lowered = {ifi.lower() for ifi in ifis}
    account = {"homePage": settings.SITE_BASE_URL.rstrip("/") + ANONYMOUS_HOME_PAGE_PATH, "name": str(uuid.uuid4())}
    anonymous = {"objectType": "Agent", "account": account}
    anonymous_ifi = agent_ifi(anonymous)

    erased_attachments: set[str] = set()
    statements = list(_statements_about(user, ifis).only("pk", "payload", "has_attachments"))
    for statement in statements:
        statement.payload = _replace_agents(statement.payload, lowered, anonymous)
        if statement.has_attachments:
            erased_attachments.update(a.get("sha2", "") for a in statement.payload.get("attachments", []))
    Statement.objects.bulk_update(statements, ["payload"], batch_size=500)
    StatementAgent.objects.filter(ifi__in=ifis).update(ifi=anonymous_ifi)

    # Attachments (certificates, uploads) travel with the person's statements; remove the bytes unless another
    # statement still refers to the same content.
    if erased_attachments:
        erased_pks = {s.pk for s in statements}
        for other in Statement.objects.filter(has_attachments=True).exclude(pk__in=erased_pks).only("payload"):
            erased_attachments.difference_update(a.get("sha2", "") for a in other.payload.get("attachments", []))
        AttachmentContent.objects.filter(sha2__in=erased_attachments).delete()

    # Activity state and agent profiles are the person's own working data (bookmarks, answers): removed.
    Document.objects.filter(agent_ifi__in=ifis).delete()
    # The old account name no longer identifies anyone: content that still sends it creates no link to this person.
    LearnerIdentity.objects.filter(user=user).delete()
    # Course progress stays on the anonymous account record so completion counts stay right.


def retain(cutoff: datetime) -> dict:
    """Activity state documents untouched since before the retention period are removed (statements are kept:
    they identify nobody once their accounts are anonymised, and aggregates depend on them)."""
    deleted, _ = Document.objects.filter(kind=Document.Kind.STATE, updated__lt=cutoff).delete()
    return {"xAPI activity state documents removed": deleted}
