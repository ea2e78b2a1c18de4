from celery.schedules import crontab

SCHEDULE = {
    "people-retention": {"task": "people.retention_apply", "schedule": crontab(hour=2, minute=30)},
}
