"""Helpers for the public JSON API."""


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document our /api/v1/ endpoints only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
