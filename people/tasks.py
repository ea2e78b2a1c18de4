from celery import shared_task

from .services import retention_apply


@shared_task(name="people.retention_apply", time_limit=60 * 60, soft_time_limit=55 * 60)
def retention_apply_task() -> dict:
    """Nightly: anonymise accounts and records past RETENTION_DAYS (summary recorded in the audit trail)."""
    return retention_apply()
