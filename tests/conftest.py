"""Fixtures shared by every test module."""

import os

import pytest
from django.conf import settings

# The browser accessibility harness (fixtures `site`, `chromium`, `browser_page`): see tests/browser/harness.py.
pytest_plugins = ["tests.browser.harness"]


def broker_available() -> bool:
    return settings.CELERY_BROKER_URL.startswith("redis") and not settings.CELERY_TASK_ALWAYS_EAGER


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    skip_broker = pytest.mark.skip(
        reason="needs CELERY_BROKER_URL=redis://... and a running worker (.ci/run starts one)"
    )
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres:///...)")
    skip_browser = pytest.mark.skip(reason="needs Debian's chromium (apt-get install chromium)")
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    for item in items:
        if "broker" in item.keywords and not broker_available():
            item.add_marker(skip_broker)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "browser" in item.keywords and not os.path.exists(chromium):
            item.add_marker(skip_browser)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (sign-in, sign-up, LRS) count in the cache: start every test from zero."""
    from django.core.cache import cache

    # Only the in-memory cache: clearing a shared Redis database would also drop the Celery broker's queues.
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
    yield


@pytest.fixture
def home_page(db):
    from core.services import site_ensure_home

    return site_ensure_home()


@pytest.fixture
def reference_data(db):
    """Grades, professions, organisations and the role groups from the demo seed."""
    from people.demo import seed

    seed()


@pytest.fixture
def make_user(db):
    """Create a verified user in the given roles: make_user("hr_analyst", organisations=[org])."""
    from allauth.account.models import EmailAddress

    from people.models import User
    from people.services import roles_sync, user_grant_role

    roles_sync()
    counter = {"n": 0}

    def _make(*roles, email=None, organisations=(), **fields):
        counter["n"] += 1
        email = email or f"person{counter['n']}@example.gov.uk"
        user = User.objects.create_user(email=email, password="a-long-test-password", **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        for role in roles:
            user_grant_role(user=user, role=role)
        if organisations:
            user.analyst_organisations.set(organisations)
        return user

    return _make


def _find_ddat_dir():
    from pathlib import Path

    candidates = [os.environ.get("DDAT_DIR", "")]
    root = Path(__file__).resolve().parent.parent
    candidates += [str(p / "shared" / "data" / "ddat") for p in [root.parent, *root.parents]]
    for candidate in candidates:
        if candidate and (Path(candidate) / "roles.csv").exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def ddat_dir():
    """The official framework export (../shared/data/ddat, or DDAT_DIR). Never committed into the project."""
    found = _find_ddat_dir()
    if found is None:
        pytest.skip("the official framework export was not found (set DDAT_DIR)")
    return found
