"""Reads other apps use: how a learner appears in xAPI, their progress on activities, skill evidence, aggregates.

Other apps call these; they never query this app's models.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth

from . import progress as rules
from .models import ActivityProgress, LearnerIdentity, Statement


def agent_for_user(user) -> dict:
    """The Agent the platform uses for `user`: an account on this site with an opaque, stable name.

    Statements that use the user's email as mbox (mailto:<email>) are resolved to the same user too.
    """
    identity, _ = LearnerIdentity.objects.get_or_create(user=user)
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_BASE_URL, "name": str(identity.account_name)},
    }


def user_id_for_agent(agent: dict) -> int | None:
    """The platform user an Agent stands for, or None."""
    from people.models import User

    account = agent.get("account") if isinstance(agent, dict) else None
    if account and str(account.get("homePage", "")).rstrip("/") == settings.SITE_BASE_URL:
        try:
            return LearnerIdentity.objects.filter(account_name=account.get("name")).values_list("user_id", flat=True)[0]
        except (IndexError, ValueError, Exception):
            return None
    mbox = agent.get("mbox") if isinstance(agent, dict) else None
    if isinstance(mbox, str) and mbox.lower().startswith("mailto:"):
        return User.objects.filter(email__iexact=mbox[7:]).values_list("id", flat=True).first()
    return None


def statements_consistent_through() -> datetime:
    """The X-Experience-API-Consistent-Through instant: every statement with `stored` at or before it is
    committed, so a query run after asking sees it (writes.stored_consistent_through says how)."""
    from .writes import stored_consistent_through

    return stored_consistent_through()


def course_progress_for_user(*, user_id: int, activity_iris: list[str] | None = None) -> dict[str, str]:
    """{activity IRI: status} where status is registered, in_progress, completed, failed or passed.

    Derived from the learner's non-voided statements whose object is the activity (see progress.py for the rules);
    activities with no such statement are absent.
    """
    queryset = ActivityProgress.objects.filter(user_id=user_id)
    if activity_iris is not None:
        queryset = queryset.filter(activity_iri__in=list(activity_iris))
    return dict(queryset.values_list("activity_iri", "status"))


@dataclass(frozen=True)
class SkillEvidence:
    slug: str
    iri: str
    level: int
    statement_id: str
    activity_iri: str
    timestamp: datetime


def skill_evidence_for_user(*, user_id: int) -> dict[str, SkillEvidence]:
    """{skill slug: the strongest evidence} from the learner's completed or passed statements that carry the skill.

    Convention (see the profile page /xapi/profile/): a context category activity with id
    <SITE_BASE_URL>/framework/skills/<slug>, the level in the context extension <SITE_BASE_URL>/xapi/extensions/skill-level.
    Ties at the same level go to the earliest statement, so the answer does not depend on arrival order.
    """
    prefix = rules.skill_iri_prefix()
    statements = (
        Statement.objects.filter(user_id=user_id, voided=False, activity_refs__iri__startswith=prefix)
        .distinct()
        .values_list("payload", "timestamp")
    )
    evidence: dict[str, SkillEvidence] = {}
    for payload, timestamp in statements:
        if rules.status_of_statement(payload) not in rules.COMPLETION_STATUSES:
            continue
        level = rules.skill_level_of(payload)
        for slug, iri in rules.skills_of(payload):
            found = SkillEvidence(
                slug=slug,
                iri=iri,
                level=level,
                statement_id=payload["id"],
                activity_iri=payload["object"].get("id", ""),
                timestamp=timestamp,
            )
            best = evidence.get(slug)
            if best is None or (found.level, -found.timestamp.timestamp(), found.statement_id) > (
                best.level,
                -best.timestamp.timestamp(),
                best.statement_id,
            ):
                evidence[slug] = found
    return evidence


def activity_counts_by_month(
    *, user_ids: list[int] | None = None, activity_iris: list[str] | None = None, since: datetime | None = None
) -> list[dict]:
    """Starts and completions per activity and month, counting distinct learners, for aggregate reporting.

    Each row: {"activity_iri", "month" (a date, first of the month), "starts", "completions"}. No user is named.
    A start is any statement giving registered or in_progress; a completion one giving completed or passed.
    """
    queryset = Statement.objects.filter(voided=False, user__isnull=False).exclude(object_activity_iri="")
    if user_ids is not None:
        queryset = queryset.filter(user_id__in=list(user_ids))
    if activity_iris is not None:
        queryset = queryset.filter(object_activity_iri__in=list(activity_iris))
    if since is not None:
        queryset = queryset.filter(timestamp__gte=since)
    completion_verbs = [iri for iri, status in rules.VERB_STATUS.items() if status in rules.COMPLETION_STATUSES]
    rows = (
        queryset.annotate(month=TruncMonth("timestamp"))
        .values("object_activity_iri", "month")
        .annotate(
            starts=Count("user", filter=Q(verb_iri__in=rules.START_VERBS), distinct=True),
            completions=Count(
                "user",
                filter=Q(verb_iri__in=completion_verbs) | Q(payload__result__completion=True),
                distinct=True,
            ),
        )
        .order_by("month", "object_activity_iri")
    )
    out = []
    for row in rows:
        month = row["month"]
        out.append(
            {
                "activity_iri": row["object_activity_iri"],
                "month": month.date() if hasattr(month, "date") else month,
                "starts": row["starts"],
                "completions": row["completions"],
            }
        )
    return out


def progress_counts(*, user_ids: list[int], activity_iris: list[str] | None = None) -> dict[str, dict[str, int]]:
    """{activity IRI: {status: number of learners}} for the given learners (current derived status)."""
    queryset = ActivityProgress.objects.filter(user_id__in=list(user_ids))
    if activity_iris is not None:
        queryset = queryset.filter(activity_iri__in=list(activity_iris))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in queryset.values("activity_iri", "status").annotate(n=Count("id")):
        counts[row["activity_iri"]][row["status"]] = row["n"]
    return dict(counts)


def completions_for_user(*, user_id: int, activity_iris: list[str] | None = None) -> dict[str, datetime]:
    """{activity IRI: when the learner last completed or passed it} (statement timestamp), for recurring
    required learning. Voided statements do not count."""
    completion_verbs = [iri for iri, status in rules.VERB_STATUS.items() if status in rules.COMPLETION_STATUSES]
    queryset = Statement.objects.filter(user_id=user_id, voided=False).exclude(object_activity_iri="")
    queryset = queryset.filter(
        Q(verb_iri__in=completion_verbs) | Q(payload__result__completion=True) | Q(payload__result__success=True)
    )
    if activity_iris is not None:
        queryset = queryset.filter(object_activity_iri__in=list(activity_iris))
    rows = queryset.values("object_activity_iri").annotate(last=Max("timestamp"))
    return {row["object_activity_iri"]: row["last"] for row in rows}
