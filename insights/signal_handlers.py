"""Keep the pre-aggregated figures fresh when people's assessments or profiles change (reads only)."""

from django.db import transaction


def assessment_changed(sender, instance, **kwargs):
    from .tasks import refresh_user

    user_id = instance.user_id
    transaction.on_commit(lambda: refresh_user.delay(user_id))


def profile_changed(sender, instance, **kwargs):
    from .tasks import refresh_user, schedule_rebuild

    user_id = instance.user_id
    # The person's own group refreshes now (role levels may have changed); their group may change too, which
    # needs the groups recomputed across everyone, so that rebuild is scheduled (debounced).
    transaction.on_commit(lambda: (refresh_user.delay(user_id), schedule_rebuild()))
