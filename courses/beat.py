"""Periodic jobs of the catalogue (merged into the Celery beat schedule by skills_site/celery.py)."""

from celery.schedules import crontab

SCHEDULE = {
    "courses-daily-review-and-link-check": {
        "task": "courses.catalogue_daily_check",
        "schedule": crontab(hour=5, minute=30),
    },
    # Wagtail's scheduled publishing and expiry: publish pages whose go-live time has come, unpublish expired ones.
    "courses-publish-scheduled": {
        "task": "courses.publish_scheduled",
        "schedule": crontab(minute="*/5"),
    },
}
