"""Index maintenance tasks: each takes ids and calls one service."""

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=5, default_retry_delay=10, soft_time_limit=120, time_limit=150, acks_late=True)
def search_index_courses_task(self, course_ids: list[int]) -> int:
    try:
        return services.search_index_courses(course_ids=course_ids)
    except services.transient_search_errors() as exc:  # the engine restarting: try again shortly
        raise self.retry(exc=exc) from exc


@shared_task(soft_time_limit=3600, time_limit=3700)
def search_index_rebuild_task() -> int:
    return services.search_index_rebuild().documents
