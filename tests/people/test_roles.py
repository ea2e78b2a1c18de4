"""Roles are groups carrying real permissions, and those permissions decide what people can reach."""

import pytest
from django.contrib.auth.models import Group

from people import roles
from people.services import roles_sync

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_its_declared_permissions():
    counts = roles_sync()
    assert set(counts) >= set(roles.ROLE_NAMES)
    admin = Group.objects.get(name="Administrator")
    codenames = set(admin.permissions.values_list("content_type__app_label", "codename"))
    assert ("wagtailadmin", "access_admin") in codenames
    assert ("people", "change_user") in codenames and ("people", "view_auditevent") in codenames
    manager = Group.objects.get(name="Line manager")
    assert list(manager.permissions.values_list("codename", flat=True)) == ["view_direct_reports"]


def test_roles_sync_is_idempotent_and_removes_permissions_no_longer_declared():
    roles_sync()
    learner = Group.objects.get(name="Learner")
    from django.contrib.auth.models import Permission

    learner.permissions.add(Permission.objects.get(codename="change_user"))
    roles_sync()
    roles_sync()
    assert not learner.permissions.filter(codename="change_user").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(roles.CURATOR, 200), (roles.ADMINISTRATOR, 200), (roles.LEARNER, 302), (roles.HR_ANALYST, 302)],
)
def test_only_curators_and_administrators_reach_the_wagtail_admin(client, make_user, home_page, role, status):
    client.force_login(make_user(role))
    assert client.get("/admin/").status_code == status


def test_a_curator_cannot_manage_people_or_read_the_audit_trail(client, make_user, home_page):
    client.force_login(make_user(roles.CURATOR))
    for url in ("/admin/users/", "/admin/audit/", "/admin/snippets/people/signupdomain/"):
        assert client.get(url).status_code in (302, 403), url


def test_an_administrator_role_without_superuser_manages_people(client, make_user, home_page, reference_data):
    client.force_login(make_user(roles.ADMINISTRATOR))
    for url in ("/admin/users/", "/admin/audit/", "/admin/snippets/people/signupdomain/"):
        assert client.get(url).status_code == 200, url


def test_line_managers_have_the_direct_reports_permission(make_user):
    assert make_user(roles.LINE_MANAGER).has_perm("people.view_direct_reports")
    assert not make_user(roles.LEARNER).has_perm("people.view_direct_reports")


def test_anonymous_visitors_are_sent_to_sign_in_for_their_account(client, home_page):
    response = client.get("/people/account/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
