"""The read-only JSON API, and schemathesis run in-process against its OpenAPI schema."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given

PREFIX = "/api/v1/framework/"


def test_root_lists_collections(client, demo_framework):
    data = client.get(PREFIX).json()
    assert set(data) == {"versions", "families", "roles", "role-levels", "skills"}


def test_role_level_carries_stable_ids_and_requirements(client, official_framework):
    response = client.get(PREFIX + "role-levels/senior-data-analyst/")
    assert response.status_code == 200
    data = response.json()
    assert data["iri"] == "http://testserver/framework/role-levels/senior-data-analyst"
    assert data["role"] == "data-analyst"
    skills = {r["skill"]: r["level_label"] for r in data["required_skills"]}
    assert skills["data-management"] == "Practitioner"
    assert all(r["skill_iri"].startswith("http://testserver/framework/skills/") for r in data["required_skills"])


def test_lists_are_complete_and_paginated(client, official_framework):
    skills = client.get(PREFIX + "skills/?limit=500").json()
    assert skills["count"] == 188
    roles = client.get(PREFIX + "roles/?limit=100").json()
    assert roles["count"] == 52
    developer = next(r for r in roles["results"] if r["slug"] == "software-developer")
    assert [lv["slug"] for lv in developer["levels"]][:3] == ["apprentice-developer", "junior-developer", "developer"]
    assert client.get(PREFIX + "families/").json()["count"] == 8


def test_older_version_is_readable_by_label(client, demo_framework, official_framework, ddat_dir):
    from framework.services import framework_import

    framework_import(roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", make_current=True)
    demo_roles = client.get(PREFIX + "roles/?version=demo").json()
    assert demo_roles["count"] == 17
    assert client.get(PREFIX + "roles/").json()["count"] == 52


def test_unknown_version_and_slug_are_404_with_a_message(client, demo_framework):
    response = client.get(PREFIX + "skills/?version=1999")
    assert response.status_code == 404
    assert "1999" in response.json()["detail"]
    assert client.get(PREFIX + "skills/no-such-skill/").status_code == 404


def test_no_framework_loaded_is_404_not_500(client, db):
    response = client.get(PREFIX + "skills/")
    assert response.status_code == 404
    assert "import" in response.json()["detail"]


def test_api_is_read_only(client, demo_framework):
    assert client.post(PREFIX + "skills/", {"name": "x"}).status_code == 405
    assert client.delete(PREFIX + "skills/accessibility/").status_code == 405


def _framework_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    schema["paths"] = {p: v for p, v in schema["paths"].items() if p.startswith(PREFIX)}
    return schema


def test_schema_documents_every_framework_endpoint():
    paths = _framework_schema()["paths"]
    for name in ("versions", "families", "roles", "role-levels", "skills"):
        assert f"{PREFIX}{name}/" in paths
    assert f"{PREFIX}skills/{{slug}}/" in paths


@pytest.fixture
def in_process_app():
    """The WSGI app, called in-process inside the test's transaction (as Django's test client does)."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_errors(demo_framework, in_process_app):
    import schemathesis
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_dict(_framework_schema())
    schema.app = in_process_app
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    seen = []
    for operation in operations:

        @hypothesis_given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call(base_url="http://testserver")
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
            seen.append(response.status_code)
            if response.status_code == 200:
                case.validate_response(response, checks=[response_schema_conformance, status_code_conformance])

        check()
    assert 200 in seen and 404 in seen


@pytest.mark.parametrize("collection", ["versions", "families", "roles", "role-levels", "skills"])
def test_huge_limits_and_offsets_are_ordinary_requests(client, demo_framework, collection):
    """Found by schemathesis: limit=2**63 reached SQLite and failed with a 500."""
    url = f"/api/v1/framework/{collection}/"
    huge = str(2**63)
    response = client.get(url, {"limit": huge})
    assert response.status_code == 200
    assert 0 < len(response.json()["results"]) <= 1000
    response = client.get(url, {"offset": huge, "limit": huge})
    assert response.status_code == 200 and response.json()["results"] == []
