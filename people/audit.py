"""Who is acting, for the audit trail: set per request by middleware, or explicitly by a service or command.

Signal handlers record every change to people, roles, group permissions, analyst scope and reference data
(see people/signal_handlers.py); they read the actor from here so a change made anywhere (Wagtail admin,
Django admin, a management command, a service) is attributed to the person who made it, or to "system".
"""

from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("audit_actor", default=None)


def current_actor():
    return _actor.get()


@contextmanager
def acting_as(user):
    token = _actor.set(user if user is not None and getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditActorMiddleware:
    """Make the signed-in user the actor for every change made while handling their request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
