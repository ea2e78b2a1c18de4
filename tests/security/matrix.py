"""The authorisation matrix, generated from the URL configuration.

Every URL pattern the project resolves (except the third-party prefixes in `EXCLUDED_PREFIXES`, each with its
reason) must have an entry in `tests/security/authorization_table.py`: a sample request and the expected outcome
for each role. `test_every_view_has_an_entry` fails when a URL is added without one (or an entry goes stale), so a
new view cannot ship without someone deciding who may use it.

Outcomes, classified from the response:
    ok         2xx
    login      redirect to the sign-in page (anonymous visitors)
    redirect   any other redirect
    bad        400 (e.g. an xAPI request without its version header)
    auth       401 (e.g. xAPI without an LRS credential)
    forbidden  403
    missing    404 (used to hide what exists, e.g. someone else's plan item)
    method     405
A 5xx is never an expected outcome.

To see what every view does now (to fill in a new entry), run:
    MATRIX_PRINT=1 .venv/bin/python -m pytest tests/security/test_authorization_matrix.py -s -k observed
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "learner", "manager", "curator", "hr_analyst", "admin", "lrs_client")

# Third-party areas with their own permission checks and test suites; the matrix covers our own views.
EXCLUDED_PREFIXES = {
    "admin/": "Wagtail admin: every view checks wagtailadmin.access_admin (tests/people/test_roles.py)",
    "django-admin/": "Django admin: staff only, superusers in practice",
    "documents/": "Wagtail documents: served per collection privacy",
    "_util/": "Wagtail page privacy (password/login restricted pages)",
    "accounts/": "django-allauth: every page checked for GOV.UK rendering in tests/people/test_allauth_pages.py",
    "api/v1/framework/<drf_format_suffix:format>": "DRF format-suffix alias of api-root",
}


@dataclass(frozen=True)
class Route:
    route: str
    name: str

    @property
    def key(self) -> str:
        return self.name


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else ""


def project_routes() -> list[Route]:
    """Every URL pattern the matrix must cover, keyed by URL name (the route string when a pattern has no name).

    Format-suffix duplicates (DRF's `.json` variants) share their view and name, so one entry covers them.
    """
    routes: dict[str, Route] = {}
    for route, name in _walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        key = name or route
        routes.setdefault(key, Route(route=route, name=key))
    return sorted(routes.values(), key=lambda r: r.name)


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return "login" if "/accounts/login/" in location else "redirect"
    return {400: "bad", 401: "auth", 403: "forbidden", 404: "missing", 405: "method"}.get(status, f"status {status}")


@dataclass
class Entry:
    """One row of the table: how to request the view and what each role should get.

    `path` is a string or a callable taking the `World` (seeded people and objects) and returning a path.
    `expect` maps every role to an outcome; `default` fills roles not named.
    """

    path: object
    expect: dict = field(default_factory=dict)
    default: str | None = None
    method: str = "get"
    data: dict | None = None
    headers: dict | None = None

    def outcome_for(self, role: str) -> str:
        if role in self.expect:
            return self.expect[role]
        if self.default is None:
            raise KeyError(f"no expected outcome for role {role!r}")
        return self.default


def row(path, default=None, method="get", data=None, headers=None, **expect) -> Entry:
    return Entry(path=path, expect=expect, default=default, method=method, data=data, headers=headers)


def basic_auth(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
