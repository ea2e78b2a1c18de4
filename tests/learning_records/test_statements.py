"""The Statement resource (xAPI 1.0.3 Communication 2.1) and the requirements around every resource."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from .conftest import LRS, statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def voiding(target_id):
    return statement(
        verb={"id": VOIDED, "display": {"en-GB": "voided"}}, object={"objectType": "StatementRef", "id": target_id}
    )


# --- headers, authentication, scopes ---------------------------------------------------------------------------


def test_version_header_is_required_on_requests_and_sent_on_every_response(lrs):
    missing = lrs.get("/xapi/statements", version=False)
    assert missing.status_code == 400
    assert missing["X-Experience-API-Version"] == "1.0.3"
    wrong = lrs.get("/xapi/statements", headers={"HTTP_X_EXPERIENCE_API_VERSION": "0.95"})
    assert wrong.status_code == 400
    for version in ("1.0", "1.0.0", "1.0.3"):
        ok = lrs.get("/xapi/statements", headers={"HTTP_X_EXPERIENCE_API_VERSION": version})
        assert ok.status_code == 200
        assert ok["X-Experience-API-Version"] == "1.0.3"


def test_about_needs_no_credentials_and_lists_versions(db):
    response = Client().get("/xapi/about")
    assert response.status_code == 200
    assert "1.0.3" in response.json()["version"]
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_requests_without_valid_credentials_get_401(lrs):
    anonymous = Client().get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Basic")
    wrong = LRS(lrs.client.key, "wrong-secret").get("/xapi/statements")
    assert wrong.status_code == 401


def test_inactive_client_is_refused(lrs):
    lrs.client.is_active = False
    lrs.client.save()
    assert lrs.get("/xapi/statements").status_code == 401


def test_write_only_client_cannot_read_and_read_only_cannot_write(make_lrs):
    writer = make_lrs("statements/write")
    reader = make_lrs("statements/read")
    data = statement()
    assert writer.post("/xapi/statements", data).status_code == 200
    assert writer.get("/xapi/statements").status_code == 403
    assert reader.post("/xapi/statements", statement()).status_code == 403
    assert reader.get("/xapi/statements", {"statementId": data["id"]}).status_code == 200


def test_read_mine_sees_only_its_own_statements(make_lrs):
    one = make_lrs("statements/write", "statements/read/mine", name="One")
    two = make_lrs("statements/write", "statements/read/mine", name="Two")
    mine, theirs = statement(), statement()
    one.post("/xapi/statements", mine)
    two.post("/xapi/statements", theirs)
    ids = [s["id"] for s in one.get("/xapi/statements").json()["statements"]]
    assert ids == [mine["id"]]
    assert one.get("/xapi/statements", {"statementId": theirs["id"]}).status_code == 404


def test_authority_is_set_from_the_credential(lrs):
    data = statement(authority={"objectType": "Agent", "mbox": "mailto:imposter@example.gov.uk"})
    lrs.post("/xapi/statements", data)
    stored = lrs.get("/xapi/statements", {"statementId": data["id"]}).json()
    assert stored["authority"]["account"]["name"] == lrs.client.key
    assert stored["stored"] and stored["version"] == "1.0.0"


def test_signed_in_learner_reads_only_their_own_statements(lrs, make_user):
    learner = make_user("learner", email="learner@example.gov.uk")
    other = make_user("learner", email="other@example.gov.uk")
    mine = statement(actor={"mbox": "mailto:learner@example.gov.uk"})
    theirs = statement(actor={"mbox": "mailto:other@example.gov.uk"})
    lrs.post("/xapi/statements", [mine, theirs])
    browser = Client()
    browser.force_login(learner)
    response = browser.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert [s["id"] for s in response.json()["statements"]] == [mine["id"]]
    assert (
        browser.post(
            "/xapi/statements",
            json.dumps(statement()),
            content_type="application/json",
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
        ).status_code
        == 403
    )
    assert other.pk  # the other learner exists but is not visible


def test_create_lrs_client_command_prints_a_working_key_and_secret(db):
    out = StringIO()
    call_command(
        "create_lrs_client", "Supplier", "--scope", "statements/write", "--scope", "statements/read", stdout=out
    )
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line)
    client = LRS(lines["Key"], lines["Secret"])
    assert client.post("/xapi/statements", statement()).status_code == 200
    assert client.get("/xapi/statements").status_code == 200


def test_admin_issues_a_client_and_shows_the_secret_once(make_user):
    admin_user = make_user(email="root@example.gov.uk", is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(admin_user)
    response = browser.post(
        "/django-admin/learning_records/lrsclient/add/",
        {"name": "Course supplier", "scopes": ["statements/write"], "is_active": "on"},
        follow=True,
    )
    text = response.content.decode()
    assert "Secret:" in text
    from learning_records.models import LRSClient

    client = LRSClient.objects.get(name="Course supplier")
    secret = text.split("Secret: ")[1].split(" ")[0]
    assert LRS(client.key, secret).post("/xapi/statements", statement()).status_code == 200


def test_unknown_parameters_are_rejected(lrs):
    assert lrs.get("/xapi/statements", {"colour": "blue"}).status_code == 400


# --- PUT, POST, GET, HEAD --------------------------------------------------------------------------------------


def test_put_stores_a_statement_and_get_returns_it_not_a_list(lrs):
    data = statement()
    statement_id = data.pop("id")
    response = lrs.put("/xapi/statements", data, params={"statementId": statement_id})
    assert response.status_code == 204
    fetched = lrs.get("/xapi/statements", {"statementId": statement_id})
    assert fetched.status_code == 200
    body = fetched.json()
    assert body["id"] == statement_id and "statements" not in body
    assert fetched["Last-Modified"]
    assert fetched["X-Experience-API-Consistent-Through"]


def test_every_statement_get_carries_consistent_through_even_404_and_400(lrs):
    # Communication 2.1.3: the LRS MUST include the header in the response to every GET of the Statement Resource.
    missing = lrs.get("/xapi/statements", {"statementId": str(uuid.uuid4())})
    bad = lrs.get("/xapi/statements", {"LIMIT": "1"})
    assert (missing.status_code, bad.status_code) == (404, 400)
    assert missing["X-Experience-API-Consistent-Through"]
    assert bad["X-Experience-API-Consistent-Through"]


def test_put_needs_statement_id_and_it_must_match(lrs):
    assert lrs.put("/xapi/statements", statement()).status_code == 400
    data = statement()
    assert lrs.put("/xapi/statements", data, params={"statementId": str(uuid.uuid4())}).status_code == 400


def test_post_assigns_ids_and_returns_them_in_order(lrs):
    first, second = statement(id=None), statement()
    response = lrs.post("/xapi/statements", [first, second])
    assert response.status_code == 200
    ids = response.json()
    assert len(ids) == 2 and ids[1] == second["id"]
    uuid.UUID(ids[0])


def test_batch_with_the_same_id_twice_is_rejected(lrs):
    data = statement()
    assert lrs.post("/xapi/statements", [data, data]).status_code == 400


def test_wrong_content_type_is_rejected(lrs):
    assert lrs.post("/xapi/statements", "actor=x", content_type="text/plain").status_code == 400


def test_head_returns_headers_without_a_body(lrs):
    data = statement()
    lrs.post("/xapi/statements", data)
    response = lrs.head("/xapi/statements", {"statementId": data["id"]})
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert lrs.head("/xapi/statements", {"statementId": str(uuid.uuid4())}).status_code == 404


def test_statement_id_cannot_be_combined_with_filters(lrs):
    params = {"statementId": str(uuid.uuid4()), "verb": "http://adlnet.gov/expapi/verbs/experienced"}
    assert lrs.get("/xapi/statements", params).status_code == 400


# --- Immutability and conflicts --------------------------------------------------------------------------------


def test_same_id_same_content_is_a_no_op_and_different_content_is_409(lrs):
    data = statement()
    assert lrs.post("/xapi/statements", data).status_code == 200
    assert lrs.put("/xapi/statements", data, params={"statementId": data["id"]}).status_code == 204
    assert lrs.post("/xapi/statements", data).status_code == 200
    changed = {**data, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}
    assert lrs.post("/xapi/statements", changed).status_code == 409
    assert lrs.put("/xapi/statements", changed, params={"statementId": data["id"]}).status_code == 409
    stored = lrs.get("/xapi/statements", {"statementId": data["id"]}).json()
    assert stored["verb"]["id"] == data["verb"]["id"]
    listed = lrs.get("/xapi/statements").json()["statements"]
    assert [s["id"] for s in listed].count(data["id"]) == 1


def test_same_content_with_reordered_group_members_is_not_a_conflict(lrs):
    members = [{"mbox": "mailto:a@example.gov.uk"}, {"mbox": "mailto:b@example.gov.uk"}]
    data = statement(actor={"objectType": "Group", "member": members})
    lrs.post("/xapi/statements", data)
    again = {**data, "actor": {"objectType": "Group", "member": list(reversed(members))}}
    assert lrs.post("/xapi/statements", again).status_code == 200


def test_a_conflict_in_a_batch_stores_nothing_from_it(lrs):
    data = statement()
    lrs.post("/xapi/statements", data)
    fresh = statement()
    changed = {**data, "result": {"success": True}}
    assert lrs.post("/xapi/statements", [fresh, changed]).status_code == 409
    assert lrs.get("/xapi/statements", {"statementId": fresh["id"]}).status_code == 404


# --- Voiding ---------------------------------------------------------------------------------------------------


def test_voided_statement_is_only_returned_by_voided_statement_id(lrs):
    target = statement()
    lrs.post("/xapi/statements", target)
    void = voiding(target["id"])
    assert lrs.post("/xapi/statements", void).status_code == 200
    assert lrs.get("/xapi/statements", {"statementId": target["id"]}).status_code == 404
    fetched = lrs.get("/xapi/statements", {"voidedStatementId": target["id"]})
    assert fetched.status_code == 200 and fetched.json()["id"] == target["id"]
    listed = [s["id"] for s in lrs.get("/xapi/statements").json()["statements"]]
    assert target["id"] not in listed and void["id"] in listed
    assert lrs.get("/xapi/statements", {"voidedStatementId": void["id"]}).status_code == 404


def test_a_voiding_statement_cannot_be_voided(lrs):
    target = statement()
    first = voiding(target["id"])
    lrs.post("/xapi/statements", [target, first])
    response = lrs.post("/xapi/statements", voiding(first["id"]))
    assert response.status_code == 400
    assert lrs.get("/xapi/statements", {"statementId": first["id"]}).status_code == 200


def test_voiding_an_unknown_statement_is_accepted(lrs):
    assert lrs.post("/xapi/statements", voiding(str(uuid.uuid4()))).status_code == 200


def test_filters_match_statements_that_target_a_matching_statement(lrs):
    target = statement(verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    void = voiding(target["id"])
    lrs.post("/xapi/statements", [target, void])
    listed = lrs.get("/xapi/statements", {"verb": "http://adlnet.gov/expapi/verbs/attempted"}).json()["statements"]
    assert [s["id"] for s in listed] == [void["id"]]


# --- Filters, formats, paging -----------------------------------------------------------------------------------


@pytest.fixture
def corpus(lrs):
    registration = str(uuid.uuid4())
    a = statement(actor={"mbox": "mailto:a@example.gov.uk"}, verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    b = statement(
        actor={"mbox": "mailto:b@example.gov.uk"},
        object={"id": "http://example.gov.uk/activities/other"},
        context={
            "registration": registration,
            "instructor": {"mbox": "mailto:a@example.gov.uk"},
            "contextActivities": {"parent": [{"id": "http://example.gov.uk/activities/intro"}]},
        },
    )
    c = statement(
        actor={"mbox": "mailto:c@example.gov.uk"}, object={"objectType": "Agent", "mbox": "mailto:a@example.gov.uk"}
    )
    for item in (a, b, c):
        lrs.post("/xapi/statements", item)
    return {"a": a, "b": b, "c": c, "registration": registration}


def _ids(lrs, **params):
    response = lrs.get("/xapi/statements", params)
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["statements"]]


def test_agent_filter_matches_actor_or_object_and_related_agents_widens_it(lrs, corpus):
    agent = json.dumps({"mbox": "mailto:a@example.gov.uk"})
    assert _ids(lrs, agent=agent) == [corpus["c"]["id"], corpus["a"]["id"]]
    related = _ids(lrs, agent=agent, related_agents="true")
    assert set(related) == {corpus["a"]["id"], corpus["b"]["id"], corpus["c"]["id"]}


def test_activity_filter_and_related_activities(lrs, corpus):
    intro = "http://example.gov.uk/activities/intro"
    assert _ids(lrs, activity=intro) == [corpus["a"]["id"]]
    assert set(_ids(lrs, activity=intro, related_activities="true")) == {corpus["a"]["id"], corpus["b"]["id"]}


def test_verb_registration_and_ascending(lrs, corpus):
    assert _ids(lrs, verb="http://adlnet.gov/expapi/verbs/attempted") == [corpus["a"]["id"]]
    assert _ids(lrs, registration=corpus["registration"]) == [corpus["b"]["id"]]
    assert _ids(lrs, ascending="true") == [corpus["a"]["id"], corpus["b"]["id"], corpus["c"]["id"]]


def test_since_and_until_use_stored(lrs, corpus):
    stored = lrs.get("/xapi/statements", {"statementId": corpus["b"]["id"]}).json()["stored"]
    assert corpus["b"]["id"] not in _ids(lrs, since=stored)
    assert corpus["b"]["id"] in _ids(lrs, until=stored)
    assert lrs.get("/xapi/statements", {"since": "last week"}).status_code == 400


def test_bad_filter_values_are_400(lrs):
    for params in (
        {"agent": "not json"},
        {"agent": json.dumps({"name": "no ifi"})},
        {"verb": "attempted"},
        {"registration": "abc"},
        {"limit": "-1"},
        {"format": "full"},
        {"ascending": "maybe"},
    ):
        assert lrs.get("/xapi/statements", params).status_code == 400, params


def test_format_ids_and_canonical(lrs):
    data = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-GB": "experienced", "cy": "profi"}},
        actor={"mbox": "mailto:a@example.gov.uk", "name": "Ada"},
    )
    lrs.post("/xapi/statements", data)
    ids = lrs.get("/xapi/statements", {"statementId": data["id"], "format": "ids"}).json()
    assert ids["actor"] == {"mbox": "mailto:a@example.gov.uk"}
    assert ids["verb"] == {"id": data["verb"]["id"]}
    assert "definition" not in ids["object"]
    canonical = lrs.get(
        "/xapi/statements", {"statementId": data["id"], "format": "canonical"}, headers={"HTTP_ACCEPT_LANGUAGE": "cy"}
    ).json()
    assert canonical["verb"]["display"] == {"cy": "profi"}


def test_more_pages_are_stable_while_new_statements_arrive(lrs):
    batch = [statement() for _ in range(7)]
    lrs.post("/xapi/statements", batch)
    seen = []
    response = lrs.get("/xapi/statements", {"limit": "3"}).json()
    seen += [s["id"] for s in response["statements"]]
    lrs.post("/xapi/statements", [statement() for _ in range(5)])  # arrives while paging
    while response["more"]:
        assert response["more"].startswith("/xapi/statements/more/")
        page = lrs.get(response["more"])
        assert page.status_code == 200
        response = page.json()
        seen += [s["id"] for s in response["statements"]]
    # Every statement of the snapshot exactly once, none of those stored while paging (statements of one batch
    # share `stored`, so their order among themselves is the LRS's choice).
    assert len(seen) == len(set(seen)) == len(batch)
    assert set(seen) == {s["id"] for s in batch}


def test_a_tampered_more_link_is_refused(lrs):
    assert lrs.get("/xapi/statements/more/garbage").status_code == 404


def test_cors_preflight_and_headers(lrs):
    response = Client().options("/xapi/statements", HTTP_ORIGIN="https://content.example.com")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]
    assert "X-Experience-API-Consistent-Through" in lrs.get("/xapi/statements")["Access-Control-Expose-Headers"]


def test_nul_characters_are_refused_with_400_on_every_database(lrs):
    data = statement(context={"platform": "web\u0000app"})
    response = lrs.post("/xapi/statements", data)
    assert response.status_code == 400
    assert "U+0000" in response.json()["error"]


# --- The short middleware chain for credentialed requests ----------------------------------------------------


def test_credentialed_xapi_responses_keep_the_security_headers_and_host_check(lrs):
    response = lrs.post("/xapi/statements", statement())
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")
    bad_host = lrs.get("/xapi/statements", headers={"HTTP_HOST": "evil.example"})
    assert bad_host.status_code == 400


def test_the_profile_page_renders_with_credentials_too(lrs):
    # Not an xAPI resource: it takes the full middleware chain (its template needs the signed-in user).
    assert lrs.get("/xapi/profile/").status_code == 200
