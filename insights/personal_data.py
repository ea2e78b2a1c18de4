"""What `insights` holds about a person: only which disclosure-safe group they are counted in (no figures about
them alone exist). See core/personal_data.py.

On erasure the person leaves their group and that group's figures are recomputed without them once the erasure
has committed; figures already copied into monthly snapshots are aggregates and stay as they were.
"""

from datetime import datetime

from django.db import transaction

from .models import PersonGroup


def export(user) -> dict:
    key = PersonGroup.objects.filter(user=user).values_list("group_key", flat=True).first()
    return {
        "HR reporting": {
            "counted_in_group": key,
            "note": "HR analysts see only totals for groups of people, never figures about one person.",
        }
    }


def erase(user) -> None:
    key = PersonGroup.objects.filter(user=user).values_list("group_key", flat=True).first()
    if key is None:
        return
    user_id = user.pk

    def leave_group():
        from .services import aggregates_refresh_groups

        PersonGroup.objects.filter(user_id=user_id).delete()
        aggregates_refresh_groups(group_keys=[key])

    transaction.on_commit(leave_group)


def retain(cutoff: datetime) -> dict:
    return {}
