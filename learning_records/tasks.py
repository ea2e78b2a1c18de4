"""Forwarding stored statements to an external LRS (XAPI_FORWARD_URL), with retries."""

from celery import shared_task

from . import forwarding


@shared_task(
    bind=True,
    autoretry_for=(forwarding.ForwardingError,),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=10,
    soft_time_limit=100,
    time_limit=120,
)
def statements_forward_task(self, statement_pks: list[int]) -> int:
    return forwarding.statements_forward(statement_pks=statement_pks)
