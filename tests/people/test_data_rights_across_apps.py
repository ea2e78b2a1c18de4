"""A person's download and erasure reach every app that holds data about them, not just `people`.

The LRS keeps statements (anonymised, so completion counts stay right) but nothing in them points back to the
person; their activity state goes; their plan goes; other people's records are untouched.
"""

import hashlib
import json
import uuid

import pytest
from django.conf import settings

from learning_records.models import (
    ActivityProgress,
    AttachmentContent,
    Document,
    LearnerIdentity,
    Statement,
    StatementAgent,
)
from learning_records.selectors import agent_for_user
from learning_records.services import document_save, statements_store
from pathways.models import LearnerCompletion, PlanItem
from people import roles
from people.models import LearnerProfile, Organisation
from people.services import account_delete
from tests.learning_records.conftest import LRS

pytestmark = pytest.mark.django_db

COURSE = "https://courses.example.gov.uk/courses/data-basics"
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "https://lrs.example", "name": "content"}}


def _certificate(sha2: str, length: int) -> list[dict]:
    return [
        {
            "usageType": "http://id.tincanapi.com/attachment/certificate-of-completion",
            "display": {"en-GB": "Certificate"},
            "contentType": "text/plain",
            "length": length,
            "sha2": sha2,
        }
    ]


def _statement(actor, verb="completed", **extra):
    data = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"objectType": "Activity", "id": COURSE},
    }
    data.update(extra)
    return data


@pytest.fixture
def people(make_user, reference_data):
    sam = make_user(roles.LEARNER, email="sam@example.gov.uk", name="Sam Example")
    kim = make_user(roles.LEARNER, email="kim@example.gov.uk", name="Kim Other")
    for user in (sam, kim):
        LearnerProfile.objects.create(user=user, organisation=Organisation.objects.get(slug="home-office"))
    return sam, kim


@pytest.fixture
def records(people):
    sam, kim = people
    mbox = {"objectType": "Agent", "name": "Sam Example", "mbox": "mailto:sam@example.gov.uk"}
    sha1 = hashlib.sha1(b"mailto:sam@example.gov.uk").hexdigest()
    certificate = b"Certificate of completion: Sam Example"
    sha2 = hashlib.sha256(certificate).hexdigest()
    statements_store(
        statements=[
            _statement(mbox, "completed", result={"completion": True}),
            _statement(agent_for_user(sam), "attempted"),
            # Sam as the instructor in Kim's statement: Kim's statement stays Kim's, Sam's name leaves it.
            _statement(
                {"objectType": "Agent", "mbox": "mailto:kim@example.gov.uk"},
                "completed",
                context={"instructor": {"objectType": "Agent", "mbox_sha1sum": sha1}},
            ),
            _statement(mbox, "passed", attachments=_certificate(sha2, len(certificate))),
        ],
        authority=AUTHORITY,
        attachments={sha2: ("text/plain", certificate)},
    )
    document_save(
        kind=Document.Kind.STATE,
        document_id="bookmark",
        content=b'{"page": 7}',
        content_type="application/json",
        merge=False,
        activity_iri=COURSE,
        agent_ifi_key="mbox:mailto:sam@example.gov.uk",
    )
    PlanItem.objects.create(user=sam, course_title="Data basics", activity_iri=COURSE, reason="You need Data")
    PlanItem.objects.create(user=kim, course_title="Data basics", activity_iri=COURSE)
    LearnerCompletion.objects.create(user=sam, activity_iri=COURSE)
    return {"sha2": sha2}


def test_the_download_includes_statements_progress_documents_and_plan(client, people, records):
    sam, _ = people
    client.force_login(sam)
    data = json.loads(client.get("/people/account/data.json").content)

    statements = data["Learning records (xAPI statements)"]
    assert len(statements) == 4  # three as the actor (mbox or account) and one as instructor
    verbs = sorted(s["verb"].rsplit("/", 1)[1] for s in statements)
    assert verbs == ["attempted", "completed", "completed", "passed"]
    assert data["Learning record identity"]["xapi_account_name"] == str(sam.xapi_identity.account_name)
    assert {p["activity"]: p["status"] for p in data["Course progress"]} == {COURSE: "Passed"}
    assert data["Learning record documents"][0]["content"] == '{"page": 7}'
    assert data["Learning plan"][0]["course"] == "Data basics"
    assert data["Learning plan"][0]["reason"] == "You need Data"
    assert data["Completed learning"][0]["activity"] == COURSE
    assert "counted_in_group" in data["HR reporting"]
    assert "kim@example.gov.uk" not in json.dumps({k: v for k, v in data.items() if "statements" not in k})


def test_the_csv_download_has_the_other_apps_sections_too(client, people, records):
    sam, _ = people
    client.force_login(sam)
    body = client.get("/people/account/data.csv").content.decode()
    for section in (
        "Learning records (xAPI statements)",
        "Course progress",
        "Learning plan",
        "Learning record documents",
    ):
        assert section in body


def test_erasure_anonymises_statements_and_removes_the_rest(people, records):
    sam, kim = people
    statements_before = Statement.objects.count()
    progress_before = ActivityProgress.objects.filter(activity_iri=COURSE).count()
    old_account = str(sam.xapi_identity.account_name)

    account_delete(user=sam)

    # Aggregates stay right: every statement and the progress row are still counted.
    assert Statement.objects.count() == statements_before
    assert ActivityProgress.objects.filter(activity_iri=COURSE).count() == progress_before
    # Nothing left identifies Sam: no email, hash, name or old account name in any statement or index row.
    stored = json.dumps(list(Statement.objects.values_list("payload", flat=True)))
    sha1 = hashlib.sha1(b"mailto:sam@example.gov.uk").hexdigest()
    for trace in ("sam@example.gov.uk", "Sam Example", sha1, old_account):
        assert trace not in stored
        assert not StatementAgent.objects.filter(ifi__contains=trace).exists()
    anonymous_home = settings.SITE_BASE_URL.rstrip("/") + "/xapi/anonymised"
    payloads = list(Statement.objects.values_list("payload", flat=True))
    actors = [p["actor"] for p in payloads if p["actor"].get("mbox") != "mailto:kim@example.gov.uk"]
    assert len(actors) == 3 and all(a["account"]["homePage"] == anonymous_home for a in actors)
    # The same anonymous account throughout, so "one person did these" still holds without saying who.
    assert len({a["account"]["name"] for a in actors}) == 1

    # Kim's statement keeps Kim; only the instructor (Sam) was replaced.
    (kims,) = [p for p in payloads if p["actor"].get("mbox") == "mailto:kim@example.gov.uk"]
    assert kims["context"]["instructor"]["account"]["homePage"] == anonymous_home
    assert StatementAgent.objects.filter(ifi="mbox:mailto:kim@example.gov.uk").exists()

    assert not AttachmentContent.objects.filter(sha2=records["sha2"]).exists()
    assert not Document.objects.exists()
    assert not LearnerIdentity.objects.filter(user=sam).exists()
    assert not PlanItem.objects.filter(user=sam).exists() and PlanItem.objects.filter(user=kim).exists()
    assert not LearnerCompletion.objects.filter(user=sam).exists()


def test_after_erasure_the_lrs_finds_nothing_under_the_old_identifiers(people, records):
    from learning_records.services import lrs_client_create

    sam, _ = people
    old_account = str(sam.xapi_identity.account_name)
    issued = lrs_client_create(name="Course content", scopes=["all"])
    lrs = LRS(issued.key, issued.secret)
    agent = json.dumps({"mbox": "mailto:sam@example.gov.uk"})
    # The agent filter matches the IFI itself: the two statements sent under the mbox.
    assert len(lrs.get("/xapi/statements", {"agent": agent}).json()["statements"]) == 2

    account_delete(user=sam)

    assert lrs.get("/xapi/statements", {"agent": agent}).json()["statements"] == []
    by_account = json.dumps({"account": {"homePage": settings.SITE_BASE_URL, "name": old_account}})
    assert lrs.get("/xapi/statements", {"agent": by_account}).json()["statements"] == []
    state = lrs.get("/xapi/activities/state", {"activityId": COURSE, "agent": agent, "stateId": "bookmark"})
    assert state.status_code == 404


def test_an_attachment_another_statement_shares_is_kept(people, records):
    sam, kim = people
    certificate = b"Certificate of completion: Sam Example"
    statements_store(
        statements=[
            _statement(
                {"objectType": "Agent", "mbox": "mailto:kim@example.gov.uk"},
                "passed",
                attachments=_certificate(records["sha2"], len(certificate)),
            )
        ],
        authority=AUTHORITY,
        attachments={records["sha2"]: ("text/plain", certificate)},
    )
    account_delete(user=sam)
    assert AttachmentContent.objects.filter(sha2=records["sha2"]).exists()


def test_retention_removes_stale_activity_state(people, records, settings):
    from datetime import timedelta

    from django.utils import timezone

    from people.services import retention_apply

    settings.RETENTION_DAYS = 30
    Document.objects.update(updated=timezone.now() - timedelta(days=31))
    summary = retention_apply()
    assert summary["xAPI activity state documents removed"] == 1
    assert not Document.objects.exists()


def test_erasure_takes_the_person_out_of_their_hr_reporting_group(people, django_capture_on_commit_callbacks):
    from insights.models import PersonGroup

    sam, kim = people
    PersonGroup.objects.create(user=sam, group_key="g1")
    PersonGroup.objects.create(user=kim, group_key="g1")
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=sam)
    assert list(PersonGroup.objects.values_list("user_id", flat=True)) == [kim.pk]
