"""Administrators manage people, roles, analyst scope and reference data in the Wagtail admin; all of it audited."""

import pytest
from django.contrib.auth.models import Group, Permission

from people import roles
from people.models import AuditEvent, Organisation, SignupDomain, User
from people.services import signup_domain_allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user, reference_data):
    admin = make_user(roles.ADMINISTRATOR, email="boss@example.gov.uk", is_superuser=True, is_staff=True)
    client.force_login(admin)
    client.admin_user = admin
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/people/organisation/",
        "/admin/snippets/people/profession/",
        "/admin/snippets/people/grade/",
        "/admin/snippets/people/signupdomain/",
        "/admin/snippets/people/signupdomain/add/",
        "/admin/users/",
        "/admin/users/new/",
        "/admin/audit/",
    ],
)
def test_admin_screens_open_for_an_administrator(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_organisations_are_listed_as_a_tree(admin_client):
    html = admin_client.get("/admin/snippets/people/organisation/").content.decode()
    dsit = html.index("Department for Science, Innovation and Technology")
    assert html.index("— Central Digital and Data Office") > dsit
    assert "— Valuation Office Agency" in html


def test_an_administrator_adds_a_signup_domain_and_it_is_audited(admin_client):
    assert not signup_domain_allowed("someone@digital.example.org")
    response = admin_client.post(
        "/admin/snippets/people/signupdomain/add/", {"domain": "example.org", "note": "Pilot partner"}
    )
    assert response.status_code == 302
    assert SignupDomain.objects.filter(domain="example.org").exists()
    assert signup_domain_allowed("someone@digital.example.org")
    event = AuditEvent.objects.filter(action="signupdomain.created").get()
    assert event.actor == admin_client.admin_user
    assert event.subject == "signupdomain:example.org"


def test_moving_an_organisation_moves_its_subtree(admin_client):
    voa = Organisation.objects.get(slug="valuation-office-agency")
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    response = admin_client.post(
        f"/admin/snippets/people/organisation/edit/{voa.pk}/",
        {"name": voa.name, "slug": voa.slug, "abbreviation": "VOA", "kind": "agency", "parent": dwp.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    voa.refresh_from_db()
    assert voa.path == f"{dwp.path}{voa.pk}/"
    assert AuditEvent.objects.filter(action="organisation.changed", subject__contains="Valuation").exists()


def test_an_organisation_cannot_be_put_under_its_own_unit(admin_client):
    dsit = Organisation.objects.get(slug="department-for-science-innovation-technology")
    cddo = Organisation.objects.get(slug="central-digital-and-data-office")
    response = admin_client.post(
        f"/admin/snippets/people/organisation/edit/{dsit.pk}/",
        {"name": dsit.name, "slug": dsit.slug, "abbreviation": "DSIT", "kind": "ministerial", "parent": cddo.pk},
    )
    assert response.status_code == 200
    assert "cannot sit under itself" in response.content.decode()
    dsit.refresh_from_db()
    assert dsit.parent_id is None


def test_an_administrator_makes_someone_an_hr_analyst_with_a_scope(admin_client, make_user):
    person = make_user(roles.LEARNER, email="newanalyst@example.gov.uk")
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    groups = [Group.objects.get(name=roles.ROLE_NAMES[r]).pk for r in (roles.LEARNER, roles.HR_ANALYST)]
    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "email": person.email,
            "name": "New Analyst",
            "is_active": "on",
            "groups": groups,
            "analyst_organisations": [dwp.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.groups.filter(name="HR analyst").exists()
    assert list(person.analyst_organisations.all()) == [dwp]
    events = {
        e.action: e for e in AuditEvent.objects.filter(subject=f"user:{person.pk}", actor=admin_client.admin_user)
    }
    assert events["user.roles_added"].detail["items"] == ["HR analyst"]
    assert events["user.roles_added"].actor == admin_client.admin_user
    assert events["user.analyst_scope_added"].detail["items"] == ["Department for Work and Pensions"]
    assert events["user.changed"].detail["fields"] == {"name": {"changed": True}}


def test_an_hr_analyst_needs_a_scope(admin_client, make_user):
    person = make_user(roles.LEARNER)
    analyst = Group.objects.get(name="HR analyst").pk
    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        {"email": person.email, "name": "", "is_active": "on", "groups": [analyst]},
    )
    assert response.status_code == 200
    assert "Choose at least one organisation" in response.content.decode()
    assert not person.groups.filter(pk=analyst).exists()


def test_group_permission_changes_are_audited(make_user):
    from people.audit import acting_as

    admin = make_user(roles.ADMINISTRATOR)
    group = Group.objects.get(name="Learner")
    perm = Permission.objects.get(codename="view_grade")
    with acting_as(admin):
        group.permissions.add(perm)
        group.permissions.remove(perm)
    added = AuditEvent.objects.get(action="group.permissions_added", subject="group:Learner")
    assert added.detail == {"items": ["people.view_grade"]} and added.actor == admin
    assert AuditEvent.objects.filter(action="group.permissions_removed", subject="group:Learner").exists()


def test_users_removed_from_a_group_by_clearing_are_audited_each(make_user):
    a, b = make_user(roles.CURATOR), make_user(roles.CURATOR)
    Group.objects.get(name="L&D curator").user_set.clear()
    subjects = set(AuditEvent.objects.filter(action="user.roles_removed").values_list("subject", flat=True))
    assert {f"user:{a.pk}", f"user:{b.pk}"} <= subjects


def test_audit_trail_is_viewable_by_administrators_only(admin_client, client, make_user):
    html = admin_client.get("/admin/audit/").content.decode()
    assert "user.roles_added" in html
    learner = make_user(roles.LEARNER)
    client.force_login(learner)
    assert client.get("/admin/audit/").status_code in (302, 403)
    curator = make_user(roles.CURATOR)
    client.force_login(curator)
    assert client.get("/admin/audit/").status_code in (302, 403)


def test_audit_trail_has_no_add_or_edit_views(admin_client):
    event = AuditEvent.objects.first()
    assert admin_client.get(f"/admin/audit/inspect/{event.pk}/").status_code == 200
    assert admin_client.get("/admin/audit/new/").status_code == 404
    assert admin_client.get(f"/admin/audit/edit/{event.pk}/").status_code == 404


def test_a_user_created_in_the_admin_is_audited(admin_client):
    learner = Group.objects.get(name="Learner").pk
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "made@example.gov.uk",
            "name": "Made Here",
            "password1": "a-really-long-password-1",
            "password2": "a-really-long-password-1",
            "groups": [learner],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="made@example.gov.uk")
    assert AuditEvent.objects.filter(action="user.created", subject=f"user:{user.pk}").exists()
