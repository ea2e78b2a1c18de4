"""Curation in the Wagtail admin by a curator who is not a superuser: editing with revisions, level order
corrections kept across re-imports, uploads run as a (Celery) import with a result page, diff review and
"make current"."""

import pytest
from django.urls import reverse

from framework import selectors
from framework.models import ChangeNote, FrameworkImport, FrameworkVersion, RoleLevel
from framework.services import framework_import


@pytest.fixture
def curator(make_user):
    user = make_user("curator", email="curator@example.gov.uk")
    assert not user.is_superuser
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def _edit_url(model_name, pk):
    return reverse(f"wagtailsnippets_framework_{model_name}:edit", args=[pk])


def test_curator_sees_the_framework_snippets(curator_client, demo_framework):
    for name in ("rolefamily", "role", "rolelevel", "skill", "changenote"):
        response = curator_client.get(reverse(f"wagtailsnippets_framework_{name}:list"))
        assert response.status_code == 200, name
    assert curator_client.get(reverse("framework_admin:versions")).status_code == 200


def test_learner_cannot_reach_framework_admin(client, make_user, demo_framework):
    client.force_login(make_user("learner"))
    assert client.get(reverse("framework_admin:versions")).status_code in (302, 403)
    assert client.get(reverse("framework_admin:upload")).status_code in (302, 403)


def test_no_add_or_delete_of_imported_rows(curator_client, demo_framework, admin_user, client):
    assert curator_client.get(reverse("wagtailsnippets_framework_skill:add")).status_code in (302, 403)
    skill = selectors.skill_get(slug="prototyping")
    assert curator_client.get(reverse("wagtailsnippets_framework_skill:delete", args=[skill.pk])).status_code in (
        302,
        403,
    )


def _inline_management(prefix, count):
    return {
        f"{prefix}-TOTAL_FORMS": str(count),
        f"{prefix}-INITIAL_FORMS": str(count),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _role_level_post(level, **changes):
    data = {
        "name": level.name,
        "description": level.description,
        "order": level.order,
        "indicative_grades": level.indicative_grades,
        **_inline_management("required_skills", level.required_skills.count()),
    }
    for i, req in enumerate(level.required_skills.order_by("pk")):
        data.update(
            {
                f"required_skills-{i}-id": req.pk,
                f"required_skills-{i}-skill": req.skill_id,
                f"required_skills-{i}-level": req.level,
                f"required_skills-{i}-description": req.description,
                f"required_skills-{i}-ORDER": str(i + 1),
                f"required_skills-{i}-DELETE": "",
            }
        )
    data.update(changes)
    return data


def test_curator_corrects_order_and_grades_and_they_survive_reimport(curator_client, demo_framework, ddat_dir):
    level = selectors.role_level_get(slug="senior-developer-management")
    response = curator_client.post(
        _edit_url("rolelevel", level.pk), _role_level_post(level, order=55, indicative_grades="G7")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    level.refresh_from_db()
    assert (level.order, level.order_set_by_editor, level.indicative_grades) == (55, True, "G7")
    assert level.revisions.count() == 1  # revision history

    result = framework_import(roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", make_current=True)
    again = selectors.role_level_get(slug="senior-developer-management", version=result.version)
    assert (again.order, again.order_set_by_editor, again.indicative_grades) == (55, True, "G7")
    names = [lv.name for lv in selectors.role_get(slug="software-developer").levels.all()]
    assert names.index("Senior developer - management") < names.index("Senior developer")


def test_curator_edits_roles_that_could_lead_here(curator_client, demo_framework, ddat_dir):
    role = selectors.role_get(slug="data-engineer")
    other = selectors.role_get(slug="software-developer")
    response = curator_client.post(
        _edit_url("role", role.pk),
        {
            "name": role.name,
            "description": role.description,
            "role_type": role.role_type,
            "feeder_roles": [other.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(role.feeder_roles.values_list("slug", flat=True)) == ["software-developer"]
    role.refresh_from_db()
    assert role.feeders_set_by_editor
    # The editor's choice survives an import; a role nobody edited gets the seed from the new version.
    version = framework_import(
        roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", make_current=True
    ).version
    again = selectors.role_get(slug="data-engineer", version=version)
    assert [r.slug for r in selectors.role_feeders(role=again)] == ["software-developer"]
    scientist = selectors.role_get(slug="data-scientist", version=version)
    assert "analytics-engineer" in [r.slug for r in selectors.role_feeders(role=scientist)]  # not in the demo


def test_archived_version_is_read_only(curator_client, demo_framework, ddat_dir):
    old = selectors.skill_get(slug="prototyping")
    framework_import(roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", make_current=True)
    response = curator_client.get(_edit_url("skill", old.pk))
    assert response.status_code in (302, 403)


def test_curator_adds_a_change_note(curator_client, demo_framework, curator, client):
    response = curator_client.post(
        reverse("wagtailsnippets_framework_changenote:add"),
        {"kind": "skill", "slug": "prototyping", "text": "Clarified the expert level."},
    )
    assert response.status_code == 302
    note = ChangeNote.objects.get(slug="prototyping")
    assert note.author == curator and note.source == ChangeNote.Source.EDITOR
    bad = curator_client.post(
        reverse("wagtailsnippets_framework_changenote:add"), {"kind": "skill", "slug": "nope", "text": "x"}
    )
    assert bad.status_code == 200 and "No skill has the identifier" in bad.content.decode()
    assert "Clarified the expert level." in client.get("/framework/skills/prototyping").content.decode()


def test_upload_runs_the_import_then_review_and_make_current(
    curator_client, demo_framework, ddat_dir, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        (ddat_dir / "roles.csv").open("rb") as roles,
        (ddat_dir / "skills.csv").open("rb") as skills,
    ):
        response = curator_client.post(
            reverse("framework_admin:upload"), {"roles_file": roles, "skills_file": skills, "label": "2025"}
        )
    assert response.status_code == 302
    job = FrameworkImport.objects.get()
    assert job.status == FrameworkImport.Status.SUCCEEDED
    assert job.progress == job.total > 0
    status = curator_client.get(response["Location"]).content.decode()
    assert "version 2025" in status and "make it current" in status
    version = job.version
    assert version.status == FrameworkVersion.Status.DRAFT
    detail = curator_client.get(reverse("framework_admin:version", args=[version.pk])).content.decode()
    assert "Added: Service designer" in detail
    assert "Make version 2025 current" in detail
    response = curator_client.post(reverse("framework_admin:make_current", args=[version.pk]))
    assert response.status_code == 302
    assert selectors.version_current() == version


def test_upload_with_bad_file_shows_row_errors(curator_client, demo_framework, django_capture_on_commit_callbacks):
    roles = b"Role Family,Role\nData,Data analyst\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("framework_admin:upload"),
            {
                "roles_file": SimpleUploadedFile("roles.csv", roles),
                "skills_file": SimpleUploadedFile("skills.csv", b"Skill Name\nX\n"),
            },
        )
    page = curator_client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "skills.csv row 1: missing columns" in page
    assert FrameworkVersion.objects.count() == 1


def test_make_current_needs_permission(client, make_user, demo_framework):
    version = FrameworkVersion.objects.get()
    client.force_login(make_user("learner"))
    response = client.post(reverse("framework_admin:make_current", args=[version.pk]))
    assert response.status_code in (302, 403)


def test_version_activated_signal(demo_framework, ddat_dir):
    from framework.signals import version_activated

    received = []

    def handler(sender, version, previous, **kwargs):
        received.append((version.label, previous.label if previous else None))

    version_activated.connect(handler)
    try:
        framework_import(
            roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", label="x", make_current=True
        )
    finally:
        version_activated.disconnect(handler)
    assert received == [("x", "demo")]


def test_role_level_order_field_unchanged_does_not_flag(curator_client, demo_framework):
    level = selectors.role_level_get(slug="developer")
    response = curator_client.post(_edit_url("rolelevel", level.pk), _role_level_post(level, indicative_grades="SEO"))
    assert response.status_code == 302
    level = RoleLevel.objects.get(pk=level.pk)
    assert level.indicative_grades == "SEO" and not level.order_set_by_editor


def test_curator_opens_every_edit_form(curator_client, demo_framework):
    for name, item in (
        ("rolefamily", selectors.family_get(slug="data")),
        ("role", selectors.role_get(slug="data-engineer")),
        ("rolelevel", selectors.role_level_get(slug="senior-data-engineer")),
        ("skill", selectors.skill_get(slug="prototyping")),
    ):
        response = curator_client.get(_edit_url(name, item.pk))
        assert response.status_code == 200, name
        assert item.name in response.content.decode()
    upload = curator_client.get(reverse("framework_admin:upload"))
    assert upload.status_code == 200 and 'type="file"' in upload.content.decode()
