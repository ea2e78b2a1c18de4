"""Every view x every role, checked against the explicit table in authorization_table.py (see matrix.py)."""

import os
from dataclasses import dataclass, field

import pytest
from django.test import Client

from tests.security.authorization_table import TABLE
from tests.security.matrix import ROLES, basic_auth, classify, project_routes

pytestmark = pytest.mark.django_db


@dataclass
class World:
    users: dict = field(default_factory=dict)
    lrs_authorization: str = ""
    objects: dict = field(default_factory=dict)

    def client_for(self, role: str) -> tuple[Client, dict]:
        client = Client()
        headers = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
        if role == "lrs_client":
            headers["HTTP_AUTHORIZATION"] = self.lrs_authorization
        elif role != "anonymous":
            client.force_login(self.users[role])
        return client, headers


@pytest.fixture
def world(db):
    from django.conf import settings
    from django.utils.module_loading import import_string

    from core.services import site_ensure_home
    from people.models import User

    site_ensure_home()
    for path in settings.DEMO_SEEDERS:
        import_string(path)()
    emails = {
        "learner": "learner@example.gov.uk",
        "manager": "manager@example.gov.uk",
        "curator": "curator@example.gov.uk",
        "hr_analyst": "analyst@example.gov.uk",
        "admin": "admin@example.gov.uk",
    }
    w = World(users={role: User.objects.get(email=email) for role, email in emails.items()})
    try:
        from learning_records.services import lrs_client_create

        issued = lrs_client_create(name="Course content")
        w.lrs_authorization = basic_auth(issued.key, issued.secret)
    except ImportError:  # pragma: no cover - the LRS app is part of the project
        pass
    return w


def _request(world, entry, role):
    client, headers = world.client_for(role)
    path = entry.path(world) if callable(entry.path) else entry.path
    headers.update(entry.headers or {})
    response = getattr(client, entry.method)(path, data=entry.data, **headers)
    return path, response


def test_every_view_has_an_entry():
    names = {route.name for route in project_routes()}
    missing = sorted(names - set(TABLE))
    stale = sorted(set(TABLE) - names)
    assert not missing, (
        "These views have no row in tests/security/authorization_table.py; decide who may use them and add one: "
        + ", ".join(missing)
    )
    assert not stale, "These rows name views that no longer exist: " + ", ".join(stale)


def test_every_row_names_an_outcome_for_every_role():
    for name, entry in TABLE.items():
        for role in ROLES:
            entry.outcome_for(role)  # raises KeyError naming the role
        assert not set(entry.expect) - set(ROLES), f"{name}: unknown role in {sorted(entry.expect)}"


def test_authorisation_matrix(world):
    """All views x all roles in one pass over one seeded world (seeding is the slow part)."""
    mismatches, server_errors, checked = [], [], 0
    for role in ROLES:
        for name, entry in sorted(TABLE.items()):
            path, response = _request(world, entry, role)
            checked += 1
            got = classify(response)
            if response.status_code >= 500:
                server_errors.append(f"  as {role}: {entry.method.upper()} {path} ({name}): {response.status_code}")
            expected = entry.outcome_for(role)
            if got != expected:
                mismatches.append(
                    f"  as {role}: {entry.method.upper()} {path} ({name}): expected {expected}, got {got}"
                )
    assert checked == len(TABLE) * len(ROLES)
    assert not server_errors, "Server errors:\n" + "\n".join(server_errors)
    assert not mismatches, f"{len(mismatches)} of {checked} cells differ from the table:\n" + "\n".join(mismatches)


@pytest.mark.skipif(not os.environ.get("MATRIX_PRINT"), reason="set MATRIX_PRINT=1 to print the observed matrix")
def test_print_observed_matrix(world):
    """A helper for whoever adds a view: prints what each role gets now, as table rows to review and paste."""
    for name, entry in sorted(TABLE.items()):
        observed = {role: classify(_request(world, entry, role)[1]) for role in ROLES}
        print(f'    "{name}": row(..., ' + ", ".join(f'{r}="{o}"' for r, o in observed.items()) + "),")
    for route in project_routes():
        if route.name not in TABLE:
            print(f"# no row yet: {route.name} -> {route.route}")
