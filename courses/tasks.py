"""Background jobs of the catalogue. Each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="courses.catalogue_import_run", acks_late=True, time_limit=60 * 60, soft_time_limit=55 * 60)
def catalogue_import_run(import_id: int) -> dict:
    from .services import catalogue_import_apply

    return catalogue_import_apply(import_id=import_id)


@shared_task(name="courses.catalogue_daily_check", time_limit=60 * 60, soft_time_limit=55 * 60)
def catalogue_daily_check() -> dict:
    """List courses past review and check every live course's booking link; the results show in the admin."""
    from .services import catalogue_check_links

    return catalogue_check_links()


@shared_task(name="courses.publish_scheduled", time_limit=10 * 60)
def publish_scheduled() -> None:
    """Run Wagtail's scheduled publishing (go-live and expiry dates editors set on courses and other pages)."""
    from django.core.management import call_command

    call_command("publish_scheduled")
