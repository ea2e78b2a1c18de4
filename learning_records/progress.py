"""How statements become a learner's status on an activity and evidence of a framework skill.

Status on an activity (a course's activity IRI) is derived from every non-voided statement whose actor is the
learner and whose object is that activity. Each statement gives a rank and the status is the highest rank seen, so
the result is the same whatever order statements arrive in, and storing the same statement again changes nothing:

    registered (1)  < in_progress (2) < completed (3) < failed (4) < passed (5)

- registered: verb registered (the platform sends it when a course is added to a plan)
- in_progress: launched, initialized, attempted, progressed, resumed, suspended, experienced, interacted,
  answered, terminated
- completed: verb completed, cmi5 satisfied or waived, or any statement with result.completion = true
- failed: verb failed, or result.success = false
- passed: verb passed or mastered, or result.success = true

Skill evidence convention (documented on /xapi/profile/): a statement carries a skill when one of its
`context.contextActivities.category` activities has the id `<SITE_BASE_URL>/framework/skills/<slug>`. The level
comes from the context extension `<SITE_BASE_URL>/xapi/extensions/skill-level` (0-4, or the level's name);
without it the evidence is at level 1 (Awareness). Only statements that give completed or passed count.
"""

from collections.abc import Iterable

from django.conf import settings

ADL = "http://adlnet.gov/expapi/verbs/"
RANKS = {"registered": 1, "in_progress": 2, "completed": 3, "failed": 4, "passed": 5}
STATUS_BY_RANK = {rank: status for status, rank in RANKS.items()}

VERB_STATUS = {
    ADL + "registered": "registered",
    ADL + "launched": "in_progress",
    ADL + "initialized": "in_progress",
    ADL + "attempted": "in_progress",
    ADL + "progressed": "in_progress",
    ADL + "resumed": "in_progress",
    ADL + "suspended": "in_progress",
    ADL + "experienced": "in_progress",
    ADL + "interacted": "in_progress",
    ADL + "answered": "in_progress",
    ADL + "terminated": "in_progress",
    ADL + "completed": "completed",
    "https://w3id.org/xapi/adl/verbs/satisfied": "completed",
    "https://w3id.org/xapi/adl/verbs/waived": "completed",
    ADL + "failed": "failed",
    ADL + "passed": "passed",
    ADL + "mastered": "passed",
}
START_VERBS = {iri for iri, status in VERB_STATUS.items() if status == "in_progress"} | {ADL + "registered"}
COMPLETION_STATUSES = {"completed", "passed"}

# The platform's own events: key -> (verb IRI, display).
PLATFORM_VERBS = {
    "planned": (ADL + "registered", "added to learning plan"),
    "started": (ADL + "attempted", "started"),
    "completed": (ADL + "completed", "marked complete"),
    "passed": (ADL + "passed", "passed"),
    "failed": (ADL + "failed", "failed"),
}

LEVEL_NAMES = {"none": 0, "awareness": 1, "working": 2, "practitioner": 3, "expert": 4}


def status_of_statement(statement: dict) -> str | None:
    ranks = []
    verb_status = VERB_STATUS.get(statement["verb"]["id"])
    if verb_status:
        ranks.append(RANKS[verb_status])
    result = statement.get("result") or {}
    if result.get("completion") is True:
        ranks.append(RANKS["completed"])
    if result.get("success") is True:
        ranks.append(RANKS["passed"])
    elif result.get("success") is False:
        ranks.append(RANKS["failed"])
    return STATUS_BY_RANK[max(ranks)] if ranks else None


def status_from_statements(statements: Iterable[dict]) -> str | None:
    best = 0
    for statement in statements:
        status = status_of_statement(statement)
        if status:
            best = max(best, RANKS[status])
    return STATUS_BY_RANK.get(best)


def skill_iri_prefix() -> str:
    return settings.SITE_BASE_URL + "/framework/skills/"


def skill_level_extension() -> str:
    return settings.SITE_BASE_URL + "/xapi/extensions/skill-level"


def skill_slug_from_iri(iri: str) -> str | None:
    prefix = skill_iri_prefix()
    if not iri.startswith(prefix):
        return None
    slug = iri[len(prefix) :].strip("/")
    return slug if slug and "/" not in slug and "?" not in slug and "#" not in slug else None


def skill_level_of(statement: dict) -> int:
    value = ((statement.get("context") or {}).get("extensions") or {}).get(skill_level_extension())
    if isinstance(value, bool):
        return 1
    if isinstance(value, int | float) and 0 <= value <= 4:
        return int(value)
    if isinstance(value, str) and value.strip().lower() in LEVEL_NAMES:
        return LEVEL_NAMES[value.strip().lower()]
    return 1


def skills_of(statement: dict) -> list[tuple[str, str]]:
    """(slug, iri) of every framework skill in the statement's category context activities."""
    categories = ((statement.get("context") or {}).get("contextActivities") or {}).get("category") or []
    found = []
    for activity in categories if isinstance(categories, list) else [categories]:
        slug = skill_slug_from_iri(activity.get("id", ""))
        if slug:
            found.append((slug, activity["id"]))
    return found
