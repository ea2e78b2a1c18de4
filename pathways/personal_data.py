"""What `pathways` holds about a person: their learning plan and the dates they last completed courses.
See core/personal_data.py.

Both are the person's own choices and history, so erasure deletes them. HR figures already published are
aggregates; the next regrouping simply no longer counts this person.
"""

from datetime import datetime

from django.db import transaction

from .models import LearnerCompletion, PlanItem


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export(user) -> dict:
    items = PlanItem.objects.filter(user=user).order_by("position", "added_at")
    return {
        "Learning plan": [
            {
                "course": item.course_title,
                "added_because": item.get_source_display(),
                "reason": item.reason,
                "target_role_level": item.target_role_level_slug,
                "target_date": _when(item.target_date),
                "added": _when(item.added_at),
            }
            for item in items
        ],
        "Completed learning": [
            {"activity": c.activity_iri, "last_completed": _when(c.completed_at)}
            for c in LearnerCompletion.objects.filter(user=user).order_by("activity_iri")
        ],
    }


@transaction.atomic
def erase(user) -> None:
    PlanItem.objects.filter(user=user).delete()
    LearnerCompletion.objects.filter(user=user).delete()


def retain(cutoff: datetime) -> dict:
    """Nothing here outlives its account: plans and completion dates go when the account is anonymised."""
    return {}
