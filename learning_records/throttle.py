"""Failed LRS authentication is rate limited per client address, so a credential cannot be guessed by brute force.

Only failures count: course content sending the right credentials is never slowed. Once an address has failed
LRS_AUTH_FAILURES_ALLOWED times within LRS_AUTH_FAILURE_WINDOW seconds, every request from it that carries
credentials is refused with 429 until the window ends, even with the right secret (otherwise the guessing could
go on, learning from which answer changes). Counts live in the shared cache (Redis in production), so all
workers see them. The address is the one allauth uses for sign-in limits (ALLAUTH_TRUSTED_PROXY_COUNT applies).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Blocked:
    retry_after: int


def client_address(request) -> str:
    from allauth.core.internal.httpkit import get_client_ip

    try:
        return get_client_ip(request) or "unknown"
    except Exception:  # a malformed X-Forwarded-For must not turn into a 500
        return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(address: str) -> tuple[str, str]:
    return f"lrs-auth-fail:{address}", f"lrs-auth-fail-until:{address}"


def blocked(request) -> Blocked | None:
    count_key, until_key = _keys(client_address(request))
    if (cache.get(count_key) or 0) < settings.LRS_AUTH_FAILURES_ALLOWED:
        return None
    until = cache.get(until_key) or (time.time() + settings.LRS_AUTH_FAILURE_WINDOW)
    return Blocked(retry_after=max(1, int(until - time.time()) + 1))


def record_failure(request) -> None:
    count_key, until_key = _keys(client_address(request))
    window = settings.LRS_AUTH_FAILURE_WINDOW
    if cache.add(count_key, 0, timeout=window):
        cache.set(until_key, time.time() + window, timeout=window)
    try:
        cache.incr(count_key)
    except ValueError:  # expired between add and incr: start a new window
        cache.set(count_key, 1, timeout=window)
        cache.set(until_key, time.time() + window, timeout=window)
