from celery import shared_task
from django.core.cache import cache

from . import services

REBUILD_PENDING = "insights:rebuild-pending"


@shared_task(name="insights.refresh_user", ignore_result=True)
def refresh_user(user_id: int) -> None:
    if not services.aggregates_refresh_for_user(user_id=user_id):
        schedule_rebuild()


@shared_task(name="insights.rebuild", ignore_result=True, time_limit=3600)
def rebuild() -> None:
    cache.delete(REBUILD_PENDING)
    services.aggregates_rebuild()


@shared_task(name="insights.monthly_snapshot", ignore_result=True, time_limit=3600)
def monthly_snapshot() -> None:
    services.aggregates_rebuild()
    services.snapshot_take()


def schedule_rebuild() -> None:
    """Rebuild the groups soon, once however many profiles change meanwhile (debounced through the cache).

    With eager Celery (the embedded default, no worker) a rebuild would run inside the learner's request, so it is
    left to `manage.py insights_rebuild` or the nightly beat job; the person's own group is still refreshed at once.
    """
    from django.conf import settings

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return
    delay = getattr(settings, "INSIGHTS_REBUILD_DELAY", 300)
    if cache.add(REBUILD_PENDING, 1, timeout=delay + 60):
        rebuild.apply_async(countdown=delay)
