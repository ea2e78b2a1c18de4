"""Statement validation, derived from xAPI 1.0.3 Data (part two): each MUST the LRS enforces, and what it allows.

Each case posts the statement to the LRS and checks the status, so the tests hold for the whole request path.
"""

import copy
import json
import uuid

import pytest

from .conftest import statement

ACT = "http://example.gov.uk/activities/intro"
AGENT = {"objectType": "Agent", "mbox": "mailto:bob@example.gov.uk"}


def with_path(path, value):
    """A valid statement with one property (dotted path) replaced; value None deletes it."""
    data = statement()
    parts = path.split(".")
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    if value is None:
        target.pop(parts[-1], None)
    else:
        target[parts[-1]] = copy.deepcopy(value)
    return data


REJECT = {
    # Statement
    "missing actor": with_path("actor", None),
    "missing verb": with_path("verb", None),
    "missing object": with_path("object", None),
    "unknown top-level property": with_path("extra", "x"),
    "property name in the wrong case": {**{k: v for k, v in statement().items() if k != "verb"}, "Verb": {"id": ACT}},
    "null property": with_path("result", None) | {"result": None},
    "id not a UUID": with_path("id", "not-a-uuid"),
    "id a number": with_path("id", 12),
    "version 2.0": with_path("version", "2.0.0"),
    "version 1.1": with_path("version", "1.1"),
    "stored not a timestamp": with_path("stored", "yesterday"),
    # Actor / Agent
    "agent with two IFIs": with_path("actor", {"mbox": "mailto:a@example.gov.uk", "openid": "http://a.example"}),
    "agent with no IFI": with_path("actor", {"objectType": "Agent", "name": "Nobody"}),
    "mbox without mailto": with_path("actor", {"mbox": "a@example.gov.uk"}),
    "mbox_sha1sum not hex": with_path("actor", {"mbox_sha1sum": "xyz"}),
    "openid not an IRI": with_path("actor", {"openid": "not an iri"}),
    "account without homePage": with_path("actor", {"account": {"name": "x"}}),
    "account without name": with_path("actor", {"account": {"homePage": "http://example.gov.uk"}}),
    "account homePage not an IRI": with_path("actor", {"account": {"homePage": "example", "name": "x"}}),
    "agent wrong objectType": with_path("actor", {"objectType": "Person", "mbox": "mailto:a@example.gov.uk"}),
    "agent name not a string": with_path("actor", {"mbox": "mailto:a@example.gov.uk", "name": 5}),
    "agent unknown property": with_path("actor", {"mbox": "mailto:a@example.gov.uk", "age": 5}),
    "anonymous group without members": with_path("actor", {"objectType": "Group"}),
    "anonymous group with empty members": with_path("actor", {"objectType": "Group", "member": []}),
    "group containing a group": with_path(
        "actor", {"objectType": "Group", "member": [{"objectType": "Group", "mbox": "mailto:g@example.gov.uk"}]}
    ),
    "group member without IFI": with_path("actor", {"objectType": "Group", "member": [{"name": "x"}]}),
    # Verb
    "verb without id": with_path("verb", {"display": {"en-GB": "did"}}),
    "verb id not an IRI": with_path("verb", {"id": "did"}),
    "verb display not a language map": with_path("verb", {"id": ACT, "display": "did"}),
    "verb display bad language tag": with_path("verb", {"id": ACT, "display": {"not a tag": "did"}}),
    "verb display value not a string": with_path("verb", {"id": ACT, "display": {"en-GB": 3}}),
    # Object
    "activity without id": with_path("object", {"objectType": "Activity"}),
    "activity id not an IRI": with_path("object", {"id": "intro"}),
    "unknown objectType": with_path("object", {"objectType": "Thing", "id": ACT}),
    "agent object without objectType": with_path("object", {"mbox": "mailto:a@example.gov.uk"}),
    "activity unknown property": with_path("object", {"id": ACT, "name": "x"}),
    "definition type not an IRI": with_path("object", {"id": ACT, "definition": {"type": "course"}}),
    "definition moreInfo not an IRL": with_path("object", {"id": ACT, "definition": {"moreInfo": "page"}}),
    "definition unknown property": with_path("object", {"id": ACT, "definition": {"title": "x"}}),
    "unknown interactionType": with_path("object", {"id": ACT, "definition": {"interactionType": "essay"}}),
    "duplicate interaction component ids": with_path(
        "object",
        {
            "id": ACT,
            "definition": {
                "interactionType": "choice",
                "choices": [{"id": "a", "description": {"en": "A"}}, {"id": "a", "description": {"en": "B"}}],
            },
        },
    ),
    "components for the wrong interaction type": with_path(
        "object", {"id": ACT, "definition": {"interactionType": "likert", "choices": [{"id": "a"}]}}
    ),
    "correctResponsesPattern not strings": with_path(
        "object", {"id": ACT, "definition": {"interactionType": "choice", "correctResponsesPattern": [1]}}
    ),
    "extension key not an IRI": with_path("object", {"id": ACT, "definition": {"extensions": {"level": 1}}}),
    "statementref id not a UUID": with_path("object", {"objectType": "StatementRef", "id": "abc"}),
    "substatement containing a substatement": with_path(
        "object",
        {
            "objectType": "SubStatement",
            "actor": AGENT,
            "verb": {"id": ACT},
            "object": {"objectType": "SubStatement", "actor": AGENT, "verb": {"id": ACT}, "object": {"id": ACT}},
        },
    ),
    "substatement with an id": with_path(
        "object",
        {
            "objectType": "SubStatement",
            "id": str(uuid.uuid4()),
            "actor": AGENT,
            "verb": {"id": ACT},
            "object": {"id": ACT},
        },
    ),
    "substatement with stored": with_path(
        "object",
        {
            "objectType": "SubStatement",
            "stored": "2026-01-01T00:00:00Z",
            "actor": AGENT,
            "verb": {"id": ACT},
            "object": {"id": ACT},
        },
    ),
    "substatement with authority": with_path(
        "object",
        {"objectType": "SubStatement", "authority": AGENT, "actor": AGENT, "verb": {"id": ACT}, "object": {"id": ACT}},
    ),
    "substatement with version": with_path(
        "object",
        {"objectType": "SubStatement", "version": "1.0.0", "actor": AGENT, "verb": {"id": ACT}, "object": {"id": ACT}},
    ),
    "voiding statement whose object is an activity": with_path("verb", {"id": "http://adlnet.gov/expapi/verbs/voided"}),
    # Result
    "scaled above 1": with_path("result", {"score": {"scaled": 1.5}}),
    "scaled below -1": with_path("result", {"score": {"scaled": -1.01}}),
    "raw below min": with_path("result", {"score": {"raw": 1, "min": 2, "max": 5}}),
    "raw above max": with_path("result", {"score": {"raw": 6, "min": 2, "max": 5}}),
    "max not above min": with_path("result", {"score": {"min": 5, "max": 5}}),
    "score a string": with_path("result", {"score": {"raw": "5"}}),
    "success a string": with_path("result", {"success": "true"}),
    "completion a number": with_path("result", {"completion": 1}),
    "response not a string": with_path("result", {"response": 42}),
    "duration not ISO 8601": with_path("result", {"duration": "1 hour"}),
    "duration with no parts": with_path("result", {"duration": "PT"}),
    "result unknown property": with_path("result", {"grade": "A"}),
    # Context
    "registration not a UUID": with_path("context", {"registration": "abc"}),
    "instructor without IFI": with_path("context", {"instructor": {"name": "x"}}),
    "team that is an agent": with_path("context", {"team": AGENT}),
    "contextActivities unknown key": with_path("context", {"contextActivities": {"sibling": [{"id": ACT}]}}),
    "context activity id not an IRI": with_path("context", {"contextActivities": {"parent": [{"id": "course"}]}}),
    "revision when object is an agent": {
        **with_path("object", AGENT),
        "context": {"revision": "1"},
    },
    "platform when object is a statementref": {
        **with_path("object", {"objectType": "StatementRef", "id": str(uuid.uuid4())}),
        "context": {"platform": "web"},
    },
    "language not a tag": with_path("context", {"language": "english please"}),
    "context statement not a StatementRef": with_path("context", {"statement": {"id": str(uuid.uuid4())}}),
    # Timestamps
    "timestamp not ISO 8601": with_path("timestamp", "2 December 2026"),
    "timestamp with -00:00 offset": with_path("timestamp", "2026-12-02T09:00:00-00:00"),
    "basic-format timestamp with -0000 offset": with_path("timestamp", "20261202T090000-0000"),
    "timestamp impossible date": with_path("timestamp", "2026-02-30T09:00:00Z"),
    "timestamp a number": with_path("timestamp", 1700000000),
    # Attachments
    "attachment without display": with_path(
        "attachments", [{"usageType": ACT, "contentType": "text/plain", "length": 1, "sha2": "a" * 64, "fileUrl": ACT}]
    ),
    "attachment length negative": with_path(
        "attachments",
        [
            {
                "usageType": ACT,
                "display": {"en": "x"},
                "contentType": "text/plain",
                "length": -1,
                "sha2": "a" * 64,
                "fileUrl": ACT,
            }
        ],
    ),
    "attachment sha2 not hex": with_path(
        "attachments",
        [
            {
                "usageType": ACT,
                "display": {"en": "x"},
                "contentType": "text/plain",
                "length": 1,
                "sha2": "zz",
                "fileUrl": ACT,
            }
        ],
    ),
    "attachment without fileUrl or part": with_path(
        "attachments",
        [{"usageType": ACT, "display": {"en": "x"}, "contentType": "text/plain", "length": 1, "sha2": "a" * 64}],
    ),
    "interactionType not a string": with_path("object", {"id": ACT, "definition": {"interactionType": {"a": 1}}}),
    "duration mixing weeks and days": with_path("result", {"duration": "P4W1D"}),
    # Authority
    "authority group of three": with_path(
        "authority",
        {
            "objectType": "Group",
            "member": [AGENT, {"mbox": "mailto:c@example.gov.uk"}, {"mbox": "mailto:d@example.gov.uk"}],
        },
    ),
}


@pytest.mark.parametrize("case", list(REJECT), ids=list(REJECT))
def test_lrs_rejects_what_the_spec_forbids_with_400_naming_the_property(lrs, case):
    response = lrs.post("/xapi/statements", REJECT[case])
    assert response.status_code == 400, response.content
    assert response.json()["error"]


ACCEPT = {
    "minimal statement": {
        "actor": {"mbox": "mailto:a@example.gov.uk"},
        "verb": {"id": ACT},
        "object": {"id": ACT},
    },
    "group as actor": with_path(
        "actor", {"objectType": "Group", "name": "Team", "member": [{"mbox": "mailto:a@example.gov.uk"}]}
    ),
    "identified group without members": with_path(
        "actor", {"objectType": "Group", "account": {"homePage": "http://example.gov.uk", "name": "team"}}
    ),
    "agent as object": with_path("object", AGENT),
    "statement ref as object": with_path("object", {"objectType": "StatementRef", "id": str(uuid.uuid4())}),
    "substatement": with_path(
        "object",
        {
            "objectType": "SubStatement",
            "actor": AGENT,
            "verb": {"id": ACT},
            "object": {"id": ACT},
            "context": {"contextActivities": {"parent": {"id": ACT}}},
            "timestamp": "2026-12-02T09:00:00Z",
        },
    ),
    "null inside extensions": with_path("context", {"extensions": {"http://example.gov.uk/x": None}}),
    "nested nulls inside result extensions": with_path(
        "result", {"extensions": {"http://example.gov.uk/x": {"a": None}}}
    ),
    "every interaction type": with_path(
        "object",
        {
            "id": ACT,
            "definition": {
                "interactionType": "matching",
                "source": [{"id": "1", "description": {"en-US": "one"}}],
                "target": [{"id": "a", "description": {"en-US": "A"}}],
                "correctResponsesPattern": ["1[.]a"],
            },
        },
    ),
    "full result": with_path(
        "result",
        {
            "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "response": "yes",
            "duration": "PT1H30M4.5S",
        },
    ),
    "duration in weeks": with_path("result", {"duration": "P2W"}),
    "full context": with_path(
        "context",
        {
            "registration": str(uuid.uuid4()),
            "instructor": AGENT,
            "team": {"objectType": "Group", "member": [AGENT]},
            "contextActivities": {"parent": {"id": ACT}, "grouping": [{"id": ACT}], "category": [], "other": []},
            "revision": "2",
            "platform": "Moodle",
            "language": "cy-GB",
            "statement": {"objectType": "StatementRef", "id": str(uuid.uuid4())},
        },
    ),
    "timestamp with offset": with_path("timestamp", "2026-12-02T09:00:00.123456+01:00"),
    "timestamp without zone": with_path("timestamp", "2026-12-02T09:00:00"),
    "timestamp in ISO 8601 basic format": with_path("timestamp", "20261202T090000.5+0100"),
    "version 1.0": with_path("version", "1.0"),
    "version 1.0.3": with_path("version", "1.0.3"),
    "given authority (replaced by the LRS)": with_path("authority", AGENT),
    "attachment by fileUrl": with_path(
        "attachments",
        [
            {
                "usageType": ACT,
                "display": {"en": "x"},
                "contentType": "text/plain",
                "length": 1,
                "sha2": "a" * 64,
                "fileUrl": ACT,
            }
        ],
    ),
    "urn IRI": with_path("object", {"id": "urn:uuid:" + str(uuid.uuid4())}),
}


@pytest.mark.parametrize("case", list(ACCEPT), ids=list(ACCEPT))
def test_lrs_accepts_what_the_spec_allows(lrs, case):
    response = lrs.post("/xapi/statements", ACCEPT[case])
    assert response.status_code == 200, response.content
    stored_id = response.json()[0]
    fetched = lrs.get("/xapi/statements", {"statementId": stored_id}).json()
    assert fetched["id"] == stored_id
    assert fetched["verb"]["id"] == ACCEPT[case]["verb"]["id"]


def test_context_activities_are_returned_as_arrays(lrs):
    data = with_path("context", {"contextActivities": {"parent": {"id": ACT}}})
    lrs.post("/xapi/statements", data)
    fetched = lrs.get("/xapi/statements", {"statementId": data["id"]}).json()
    assert fetched["context"]["contextActivities"]["parent"] == [{"id": ACT}]


def test_error_names_the_property(lrs):
    response = lrs.post("/xapi/statements", with_path("result", {"score": {"scaled": 3}}))
    assert "result.score.scaled" in response.json()["error"]


def test_one_bad_statement_rejects_the_whole_batch(lrs):
    good, bad = statement(), with_path("verb", {"id": "nope"})
    response = lrs.post("/xapi/statements", [good, bad])
    assert response.status_code == 400
    assert "statements[1].verb.id" in response.json()["error"]
    assert lrs.get("/xapi/statements", {"statementId": good["id"]}).status_code == 404


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_are_not_json_and_are_refused(lrs, constant):
    body = json.dumps(statement(result={"score": {"raw": 1}})).replace('"raw": 1', f'"raw": {constant}')
    response = lrs.post("/xapi/statements", body)
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]


def test_integers_beyond_64_bits_are_still_json_and_keep_every_digit(lrs):
    data = statement(result={"extensions": {"http://example.gov.uk/ext/big": 2**70 + 1}})
    assert lrs.post("/xapi/statements", data).status_code == 200
    stored = lrs.get("/xapi/statements", {"statementId": data["id"]}).json()
    assert stored["result"]["extensions"]["http://example.gov.uk/ext/big"] == 2**70 + 1
