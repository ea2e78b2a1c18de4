"""Learners download everything held about them and can delete their account; old records are retired."""

import csv
import io
import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from core.exports import csv_text, safe_cell
from people import roles
from people.models import AuditEvent, LearnerProfile, Organisation, User
from people.services import retention_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(make_user, reference_data):
    user = make_user(roles.LEARNER, email="sam@example.gov.uk", name="Sam Example")
    LearnerProfile.objects.create(user=user, organisation=Organisation.objects.get(slug="home-office"))
    return user


def test_download_as_json_includes_account_and_profile(client, learner):
    client.force_login(learner)
    response = client.get("/people/account/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="your-data-')
    data = json.loads(response.content)
    assert data["Account"]["email"] == "sam@example.gov.uk"
    assert data["Account"]["roles"] == ["Learner"]
    assert data["Profile"]["organisation"] == "Home Office"
    assert data["Email addresses"] == [{"email": "sam@example.gov.uk", "verified": True, "primary": True}]
    assert AuditEvent.objects.filter(action="personal_data.downloaded", subject=f"user:{learner.pk}").exists()


def test_download_as_csv_has_one_row_per_field(client, learner):
    client.force_login(learner)
    response = client.get("/people/account/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Record", "Field", "Value"]
    assert ["Account", "1", "name", "Sam Example"] in rows
    assert ["Profile", "1", "organisation", "Home Office"] in rows


def test_only_your_own_data_and_only_when_signed_in(client, learner, make_user):
    assert client.get("/people/account/data.json").status_code == 302
    client.force_login(make_user(roles.LEARNER, email="other@example.gov.uk"))
    data = json.loads(client.get("/people/account/data.json").content)
    assert data["Account"]["email"] == "other@example.gov.uk"
    assert "sam@example.gov.uk" not in json.dumps(data)


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_could_run_as_formulas_are_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert csv_text(["h"], [[value]]).splitlines()[1].lstrip('"').startswith("'")


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, make_user):
    user = make_user(name="=cmd|' /C calc'!A0")
    client.force_login(user)
    body = client.get("/people/account/data.csv").content.decode()
    assert "'=cmd" in body


def test_deleting_needs_confirmation_and_the_right_password(client, learner, home_page):
    client.force_login(learner)
    response = client.post("/people/account/delete/", {"password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_password">The password is not correct</a>' in html
    assert '<a href="#id_confirm">Confirm that you understand' in html
    learner.refresh_from_db()
    assert learner.is_active and learner.anonymised_at is None


def test_deleting_your_account_removes_personal_data_and_is_recorded(client, learner, make_user, home_page):
    report = make_user(roles.LEARNER)
    LearnerProfile.objects.create(user=report, line_manager=learner)
    pk = learner.pk
    client.force_login(learner)
    response = client.post("/people/account/delete/", {"password": "a-long-test-password", "confirm": "on"})
    assert response.status_code == 302 and response.url == "/people/account/deleted/"
    assert "_auth_user_id" not in client.session

    user = User.objects.get(pk=pk)
    assert user.email == f"deleted-{pk}@deleted.invalid" and user.name == ""
    assert not user.is_active and not user.has_usable_password() and user.anonymised_at
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not LearnerProfile.objects.filter(user=user).exists()
    assert LearnerProfile.objects.get(user=report).line_manager is None
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.subject == f"user:{pk}" and event.actor_id == pk  # by the person, now anonymous
    assert "sam@example.gov.uk" not in json.dumps(list(AuditEvent.objects.values("subject", "detail")))

    # The old credentials no longer work.
    assert not client.login(email="sam@example.gov.uk", password="a-long-test-password")
    assert client.get("/people/account/deleted/").status_code == 200


def test_retention_anonymises_unused_accounts_and_old_audit_events(make_user, settings):
    settings.RETENTION_DAYS = 30
    now = timezone.now()
    stale = make_user(roles.LEARNER)
    User.objects.filter(pk=stale.pk).update(last_login=now - timedelta(days=31))
    never = make_user(roles.LEARNER)
    User.objects.filter(pk=never.pk).update(date_joined=now - timedelta(days=45), last_login=None)
    recent = make_user(roles.LEARNER)
    User.objects.filter(pk=recent.pk).update(last_login=now - timedelta(days=2))
    staff = make_user(roles.ADMINISTRATOR)
    User.objects.filter(pk=staff.pk).update(last_login=now - timedelta(days=400))
    old_event = AuditEvent.objects.create(action="test.old", at=now - timedelta(days=31))

    summary = retention_apply(now=now)

    assert summary["accounts anonymised"] == 2
    assert User.objects.get(pk=stale.pk).anonymised_at and User.objects.get(pk=never.pk).anonymised_at
    assert User.objects.get(pk=recent.pk).anonymised_at is None
    assert User.objects.get(pk=staff.pk).anonymised_at is None
    assert not AuditEvent.objects.filter(pk=old_event.pk).exists()
    assert summary["audit events removed"] >= 1
    assert AuditEvent.objects.filter(action="retention.applied").exists()
    # Running again changes nothing more.
    assert retention_apply(now=now)["accounts anonymised"] == 0


def test_the_retention_job_is_scheduled_nightly():
    from skills_site.celery import app

    app.loader.import_default_modules()
    app.finalize()
    from people.beat import SCHEDULE

    assert SCHEDULE["people-retention"]["task"] == "people.retention_apply"
    assert "people.retention_apply" in app.tasks


def test_account_page_links_to_data_download_and_deletion(client, learner, home_page):
    client.force_login(learner)
    html = client.get("/people/account/").content.decode()
    assert 'href="/people/account/data.json"' in html and 'href="/people/account/data.csv"' in html
    assert 'href="/people/account/delete/"' in html
    assert "Off (optional)" in html
