"""The Celery application. Each app may define periodic jobs in `<app>/beat.py` as `SCHEDULE = {...}`."""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skills_site.settings.dev")

app = Celery("skills_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _merge_beat_schedules(sender, **kwargs):
    from django.conf import settings

    schedule = dict(settings.CELERY_BEAT_SCHEDULE)
    for label in settings.INSTALLED_APPS:
        try:
            module = importlib.import_module(f"{label}.beat")
        except ModuleNotFoundError:
            continue
        schedule.update(getattr(module, "SCHEDULE", {}))
    sender.conf.beat_schedule = schedule


@app.task(name="core.ping")
def ping(value: str = "pong") -> str:
    """A task with no side effects, used to prove that a worker answers through the broker."""
    return value
