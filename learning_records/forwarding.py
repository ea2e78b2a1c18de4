"""The client for the external LRS that stored statements are forwarded to, and the service that uses it.

Only this module talks to the external LRS. Forwarding is off unless XAPI_FORWARD_URL is set. A failure raises
ForwardingError so that the Celery task retries with back-off; learners' requests never wait for it.
"""

import requests
from django.conf import settings

from .models import Statement

TIMEOUT = 20


class ForwardingError(Exception):
    pass


def _post(statements: list[dict]) -> None:
    url = settings.XAPI_FORWARD_URL.rstrip("/") + "/statements"
    try:
        response = requests.post(
            url,
            json=statements,
            auth=(settings.XAPI_FORWARD_USERNAME, settings.XAPI_FORWARD_PASSWORD),
            headers={"X-Experience-API-Version": "1.0.3"},
            timeout=TIMEOUT,
        )
    except requests.RequestException as exc:
        raise ForwardingError(f"external LRS unreachable: {exc}") from exc
    # 409 means the external LRS already has some of these ids with other content: retrying will not help.
    if response.status_code >= 500 or response.status_code in (401, 403, 429):
        raise ForwardingError(f"external LRS answered {response.status_code}: {response.text[:200]}")


def statements_forward(*, statement_pks: list[int]) -> int:
    """Send the given stored statements to the external LRS; returns how many were sent."""
    if not settings.XAPI_FORWARD_URL:
        return 0
    payloads = []
    for payload in Statement.objects.filter(pk__in=statement_pks).order_by("pk").values_list("payload", flat=True):
        statement = {k: v for k, v in payload.items() if k not in ("stored", "authority")}
        payloads.append(statement)
    if payloads:
        _post(payloads)
    return len(payloads)
