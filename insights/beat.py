"""Periodic jobs for insights (merged into the beat schedule by skills_site.celery)."""

from celery.schedules import crontab

SCHEDULE = {
    "insights-nightly-rebuild": {"task": "insights.rebuild", "schedule": crontab(hour=2, minute=30)},
    "insights-monthly-snapshot": {
        "task": "insights.monthly_snapshot",
        "schedule": crontab(day_of_month=1, hour=3, minute=0),
    },
}
