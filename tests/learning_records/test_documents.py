"""Document resources (State, Activity Profile, Agent Profile), Agents, Activities and the alternate syntax."""

import json
import uuid
from urllib.parse import urlencode

from django.test import Client

from .conftest import statement

ACT = "http://example.gov.uk/activities/intro"
AGENT = json.dumps({"objectType": "Agent", "mbox": "mailto:ada@example.gov.uk"})


def state_params(**extra):
    return {"activityId": ACT, "agent": AGENT, **extra}


def test_state_put_get_list_and_delete(lrs):
    assert lrs.put("/xapi/activities/state", {"page": 3}, params=state_params(stateId="bookmark")).status_code == 204
    got = lrs.get("/xapi/activities/state", state_params(stateId="bookmark"))
    assert got.status_code == 200 and got.json() == {"page": 3}
    assert got["ETag"].startswith('"') and got["Last-Modified"]
    assert lrs.get("/xapi/activities/state", state_params()).json() == ["bookmark"]
    assert lrs.delete("/xapi/activities/state", state_params(stateId="bookmark")).status_code == 204
    assert lrs.get("/xapi/activities/state", state_params(stateId="bookmark")).status_code == 404


def test_state_is_separate_per_registration_and_delete_all(lrs):
    registration = str(uuid.uuid4())
    lrs.put("/xapi/activities/state", {"a": 1}, params=state_params(stateId="s1", registration=registration))
    lrs.put("/xapi/activities/state", {"a": 2}, params=state_params(stateId="s1"))
    assert lrs.get("/xapi/activities/state", state_params(stateId="s1", registration=registration)).json() == {"a": 1}
    assert lrs.get("/xapi/activities/state", state_params(stateId="s1")).json() == {"a": 2}
    assert lrs.delete("/xapi/activities/state", state_params()).status_code == 204
    assert lrs.get("/xapi/activities/state", state_params(registration=registration)).json() == []


def test_state_post_merges_json_objects(lrs):
    lrs.post("/xapi/activities/state", {"a": 1, "b": 1}, params=state_params(stateId="s"))
    lrs.post("/xapi/activities/state", {"b": 2, "c": 3}, params=state_params(stateId="s"))
    assert lrs.get("/xapi/activities/state", state_params(stateId="s")).json() == {"a": 1, "b": 2, "c": 3}


def test_post_merge_of_non_json_is_400(lrs):
    lrs.put("/xapi/activities/state", b"plain text", params=state_params(stateId="t"), content_type="text/plain")
    response = lrs.post("/xapi/activities/state", {"a": 1}, params=state_params(stateId="t"))
    assert response.status_code == 400


def test_post_to_a_missing_document_stores_it_as_put_would(lrs):
    # Communication 2.2: if the original document does not exist, the LRS MUST treat the POST as a PUT.
    for body, content_type in (([1, 2], "application/json"), (b"true", "application/json"), (b"hi", "text/plain")):
        params = state_params(stateId=str(uuid.uuid4()))
        assert lrs.post("/xapi/activities/state", body, params=params, content_type=content_type).status_code == 204
        got = lrs.get("/xapi/activities/state", params)
        assert got["Content-Type"] == content_type
    params = {"activityId": ACT, "profileId": str(uuid.uuid4())}
    assert lrs.post("/xapi/activities/profile", b"1", params=params, content_type="application/json").status_code == 204
    assert lrs.get("/xapi/activities/profile", params).json() == 1


def test_non_json_documents_round_trip_with_their_content_type(lrs):
    lrs.put(
        "/xapi/activities/state",
        b"\x00\x01binary",
        params=state_params(stateId="bin"),
        content_type="application/octet-stream",
    )
    got = lrs.get("/xapi/activities/state", state_params(stateId="bin"))
    assert got.content == b"\x00\x01binary" and got["Content-Type"] == "application/octet-stream"


def test_document_parameters_are_checked(lrs):
    assert lrs.get("/xapi/activities/state", {"agent": AGENT}).status_code == 400
    assert lrs.get("/xapi/activities/state", {"activityId": ACT}).status_code == 400
    assert lrs.get("/xapi/activities/state", state_params(registration="nope")).status_code == 400
    assert lrs.get("/xapi/activities/state", {"activityId": "not an iri", "agent": AGENT}).status_code == 400
    assert lrs.get("/xapi/activities/state", state_params(extra="1")).status_code == 400
    assert lrs.put("/xapi/activities/state", {"a": 1}, params=state_params()).status_code == 400


def test_documents_list_since(lrs):
    lrs.put(
        "/xapi/activities/profile",
        {"v": 1},
        params={"activityId": ACT, "profileId": "old"},
        headers={"HTTP_IF_NONE_MATCH": "*"},
    )
    since = "2999-01-01T00:00:00Z"
    assert lrs.get("/xapi/activities/profile", {"activityId": ACT, "since": since}).json() == []
    assert lrs.get("/xapi/activities/profile", {"activityId": ACT, "since": "2000-01-01T00:00:00Z"}).json() == ["old"]


def test_profile_concurrency_with_etags(lrs):
    params = {"activityId": ACT, "profileId": "p"}
    # Creating a profile without either precondition header: 400 (the client MUST send one).
    assert lrs.put("/xapi/activities/profile", {"v": 1}, params=params).status_code == 400
    assert lrs.get("/xapi/activities/profile", params).status_code == 404
    assert (
        lrs.put("/xapi/activities/profile", {"v": 1}, params=params, headers={"HTTP_IF_NONE_MATCH": "*"}).status_code
        == 204
    )
    etag = lrs.get("/xapi/activities/profile", params)["ETag"]
    # Changing an existing profile without a precondition header: 409.
    assert lrs.put("/xapi/activities/profile", {"v": 2}, params=params).status_code == 409
    # If-None-Match: * when it exists: 412.
    assert (
        lrs.put("/xapi/activities/profile", {"v": 2}, params=params, headers={"HTTP_IF_NONE_MATCH": "*"}).status_code
        == 412
    )
    # Stale ETag: 412, nothing changed.
    assert (
        lrs.put("/xapi/activities/profile", {"v": 2}, params=params, headers={"HTTP_IF_MATCH": '"stale"'}).status_code
        == 412
    )
    assert lrs.get("/xapi/activities/profile", params).json() == {"v": 1}
    # Current ETag: accepted, ETag changes.
    assert (
        lrs.put("/xapi/activities/profile", {"v": 2}, params=params, headers={"HTTP_IF_MATCH": etag}).status_code == 204
    )
    assert lrs.get("/xapi/activities/profile", params)["ETag"] != etag
    assert lrs.delete("/xapi/activities/profile", params, headers={"HTTP_IF_MATCH": etag}).status_code == 412
    assert lrs.delete("/xapi/activities/profile", params).status_code == 204


def test_agent_profile(lrs):
    params = {"agent": AGENT, "profileId": "prefs"}
    assert lrs.put("/xapi/agents/profile", {"lang": "cy"}, params=params).status_code == 400
    put = lrs.put("/xapi/agents/profile", {"lang": "cy"}, params=params, headers={"HTTP_IF_NONE_MATCH": "*"})
    assert put.status_code == 204
    assert lrs.get("/xapi/agents/profile", params).json() == {"lang": "cy"}
    assert lrs.get("/xapi/agents/profile", {"agent": AGENT}).json() == ["prefs"]
    assert lrs.post("/xapi/agents/profile", {"size": "l"}, params=params).status_code == 204
    assert lrs.get("/xapi/agents/profile", params).json() == {"lang": "cy", "size": "l"}


def test_documents_need_the_state_or_profile_scope(make_lrs):
    writer = make_lrs("statements/write")
    assert writer.put("/xapi/activities/state", {"a": 1}, params=state_params(stateId="x")).status_code == 403
    assert writer.get("/xapi/activities/profile", {"activityId": ACT}).status_code == 403


def test_agents_resource_returns_a_person(lrs):
    response = lrs.get("/xapi/agents", {"agent": json.dumps({"mbox": "mailto:ada@example.gov.uk", "name": "Ada"})})
    assert response.json() == {"objectType": "Person", "name": ["Ada"], "mbox": ["mailto:ada@example.gov.uk"]}
    assert lrs.get("/xapi/agents", {}).status_code == 400


def test_agents_resource_combines_the_names_the_lrs_has_seen(lrs):
    # Communication 2.4: the Person object combines what the LRS knows about the agent from its statements.
    mbox = "mailto:grace@example.gov.uk"
    for name in ("Grace", "Grace Hopper"):
        lrs.post("/xapi/statements", statement(actor={"objectType": "Agent", "name": name, "mbox": mbox}))
    lrs.post("/xapi/statements", statement(actor={"objectType": "Agent", "mbox": mbox}))
    person = lrs.get("/xapi/agents", {"agent": json.dumps({"mbox": mbox})}).json()
    assert person["objectType"] == "Person" and person["mbox"] == [mbox]
    assert sorted(person["name"]) == ["Grace", "Grace Hopper"]
    other = lrs.get("/xapi/agents", {"agent": json.dumps({"mbox": "mailto:nobody@example.gov.uk"})}).json()
    assert other == {"objectType": "Person", "mbox": ["mailto:nobody@example.gov.uk"]}


def test_activities_resource_returns_the_canonical_definition(lrs):
    lrs.post("/xapi/statements", statement())
    body = lrs.get("/xapi/activities", {"activityId": ACT}).json()
    assert body["id"] == ACT and body["definition"]["name"] == {"en-GB": "Introduction"}
    unknown = lrs.get("/xapi/activities", {"activityId": "http://example.gov.uk/unknown"}).json()
    assert unknown == {"objectType": "Activity", "id": "http://example.gov.uk/unknown"}


def test_activities_resource_combines_languages_from_one_batch(lrs):
    # Communication 2.5: the Activity Object holds all the LRS knows, e.g. both language descriptions.
    english, welsh = statement(), statement()
    english["object"]["definition"] = {"name": {"en-GB": "Introduction"}, "description": {"en-GB": "Start here"}}
    welsh["object"]["definition"] = {"name": {"cy": "Cyflwyniad"}, "description": {"cy": "Dechrau yma"}}
    assert lrs.post("/xapi/statements", [english, welsh]).status_code == 200
    definition = lrs.get("/xapi/activities", {"activityId": ACT}).json()["definition"]
    assert definition["name"] == {"en-GB": "Introduction", "cy": "Cyflwyniad"}
    assert definition["description"] == {"en-GB": "Start here", "cy": "Dechrau yma"}


# --- Alternate request syntax ----------------------------------------------------------------------------------


def test_alternate_syntax_put_and_get(lrs):
    data = statement()
    form = {
        "statementId": data["id"],
        "content": json.dumps(data),
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
        "Authorization": lrs.auth["HTTP_AUTHORIZATION"],
    }
    client = Client()
    response = client.post(
        "/xapi/statements?method=PUT", urlencode(form), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 204, response.content
    read = {k: v for k, v in form.items() if k not in ("content", "Content-Type")}
    response = client.post(
        "/xapi/statements?method=GET", urlencode(read), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and response.json()["id"] == data["id"]


def test_alternate_syntax_rejects_other_query_parameters_and_wrong_content_type(lrs):
    client = Client()
    form = urlencode({"X-Experience-API-Version": "1.0.3", "Authorization": lrs.auth["HTTP_AUTHORIZATION"]})
    assert (
        client.post(
            "/xapi/statements?method=GET&limit=1", form, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 400
    )
    assert client.post("/xapi/statements?method=GET", form, content_type="application/json").status_code == 400
    assert (
        client.post("/xapi/statements?method=PATCH", form, content_type="application/x-www-form-urlencoded").status_code
        == 400
    )
