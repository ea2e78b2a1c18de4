import pytest

from skills_site.celery import app, ping


@pytest.mark.broker
def test_a_task_crosses_the_broker_to_a_real_worker():
    """Sent through Redis and answered by the worker that .ci/run starts: proves the production path."""
    result = ping.apply_async(args=["through-redis"])
    assert result.get(timeout=30) == "through-redis"
    replies = app.control.inspect(timeout=5).ping() or {}
    assert replies, "no worker answered the control ping"


def test_tasks_run_eagerly_in_the_embedded_default(settings):
    if settings.CELERY_BROKER_URL != "memory://":
        pytest.skip("only meaningful on the embedded default")
    assert ping.delay("eager").get() == "eager"
