"""The xAPI validator fuzzed with hypothesis (issue 9): generated statements, valid and broken.

- valid statements (built from the spec's grammar) are accepted: 200;
- each broken statement is a valid one with one spec-forbidden change: 400, never 500;
- arbitrary JSON thrown at the endpoint never causes a 500.

Statements go through the full HTTP path (Django's test client) and, in larger numbers, straight through the
validator. The number of statements tried is printed in pytest's terminal summary (tests/learning_records/conftest.py).
"""

import json
import string
import uuid
from collections import Counter
from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning_records.validation import StatementInvalid, validate_statement

TRIED: Counter = Counter()

# The LRS refuses U+0000 in any string (PostgreSQL's JSONB cannot store it; a documented deviation, stricter than
# the spec), so "valid" statements are drawn from text without it. A NUL is tested as a rejection in test_statements.py.
_TEXT_ALPHABET = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))


def _text(**kwargs):
    return st.text(alphabet=_TEXT_ALPHABET, **kwargs)


words = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
iris = st.builds(lambda h, p: f"https://{h}.example/{p}", words, st.from_regex(r"[a-z0-9/_.-]{0,20}", fullmatch=True))
tags = st.sampled_from(["en", "en-GB", "en-US", "cy", "cy-GB", "fr-CA", "zh-Hant-TW", "de", "es-419"])
language_maps = st.dictionaries(tags, _text(max_size=20), max_size=3)
json_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text(max_size=10)
)
any_json = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
extensions = st.dictionaries(iris, any_json, max_size=3)
emails = st.builds(lambda a, b: f"mailto:{a}@{b}.example", words, words)


def _agent(ifi, name, typed):
    agent = dict(ifi)
    if name is not None:
        agent["name"] = name
    if typed:
        agent["objectType"] = "Agent"
    return agent


ifis = st.one_of(
    st.builds(lambda m: {"mbox": m}, emails),
    st.builds(lambda h: {"mbox_sha1sum": h}, st.from_regex(r"[0-9a-f]{40}", fullmatch=True)),
    st.builds(lambda i: {"openid": i}, iris),
    st.builds(lambda h, n: {"account": {"homePage": h, "name": n}}, iris, _text(min_size=1, max_size=12)),
)
agents = st.builds(_agent, ifis, st.none() | _text(max_size=12), st.booleans())
typed_agents = st.builds(_agent, ifis, st.none() | _text(max_size=12), st.just(True))
anonymous_groups = st.builds(lambda m: {"objectType": "Group", "member": m}, st.lists(agents, min_size=1, max_size=3))
identified_groups = st.builds(
    lambda i, m: {"objectType": "Group", **i, **({"member": m} if m else {})}, ifis, st.lists(agents, max_size=2)
)
actors = agents | anonymous_groups | identified_groups
verbs = st.builds(lambda i, d: {"id": i, **({"display": d} if d else {})}, iris, language_maps)


@st.composite
def definitions(draw):
    definition = {}
    if draw(st.booleans()):
        definition["name"] = draw(language_maps)
    if draw(st.booleans()):
        definition["description"] = draw(language_maps)
    if draw(st.booleans()):
        definition["type"] = draw(iris)
    if draw(st.booleans()):
        definition["moreInfo"] = draw(iris)
    if draw(st.booleans()):
        definition["extensions"] = draw(extensions)
    kind = draw(
        st.sampled_from(
            [
                None,
                "choice",
                "likert",
                "matching",
                "performance",
                "sequencing",
                "true-false",
                "numeric",
                "other",
                "fill-in",
                "long-fill-in",
            ]
        )
    )
    if kind:
        definition["interactionType"] = kind
        definition["correctResponsesPattern"] = draw(st.lists(_text(max_size=8), max_size=2))
        lists = {
            "choice": ["choices"],
            "sequencing": ["choices"],
            "likert": ["scale"],
            "matching": ["source", "target"],
            "performance": ["steps"],
        }
        for key in lists.get(kind, []):
            ids = draw(st.lists(words, unique=True, max_size=4))
            definition[key] = [{"id": i, "description": draw(language_maps)} for i in ids]
    return definition


activities = st.builds(
    lambda i, d, typed: {**({"objectType": "Activity"} if typed else {}), "id": i, **({"definition": d} if d else {})},
    iris,
    definitions(),
    st.booleans(),
)


@st.composite
def scores(draw):
    score = {}
    if draw(st.booleans()):
        score["scaled"] = draw(st.floats(min_value=-1, max_value=1))
    if draw(st.booleans()):
        low = draw(st.integers(-100, 100))
        high = low + draw(st.integers(1, 100))
        score.update({"min": low, "max": high, "raw": draw(st.integers(low, high))})
    return score


durations = st.builds(
    lambda h, m, s: f"PT{h}H{m}M{s}S", st.integers(0, 99), st.integers(0, 59), st.integers(0, 59)
) | st.builds(lambda d: f"P{d}D", st.integers(0, 400))


@st.composite
def results(draw):
    result = {}
    for key, strategy in (
        ("score", scores()),
        ("success", st.booleans()),
        ("completion", st.booleans()),
        ("response", _text(max_size=10)),
        ("duration", durations),
        ("extensions", extensions),
    ):
        if draw(st.booleans()):
            result[key] = draw(strategy)
    return result


@st.composite
def contexts(draw, object_is_activity=True):
    context = {}
    if draw(st.booleans()):
        context["registration"] = str(draw(st.uuids()))
    if draw(st.booleans()):
        context["instructor"] = draw(actors)
    if draw(st.booleans()):
        context["team"] = draw(anonymous_groups)
    if draw(st.booleans()):
        context["contextActivities"] = draw(
            st.dictionaries(
                st.sampled_from(["parent", "grouping", "category", "other"]),
                st.lists(activities, max_size=2) | activities,
                max_size=4,
            )
        )
    if object_is_activity and draw(st.booleans()):
        context["revision"] = draw(_text(max_size=5))
        context["platform"] = draw(_text(max_size=5))
    if draw(st.booleans()):
        context["language"] = draw(tags)
    if draw(st.booleans()):
        context["statement"] = {"objectType": "StatementRef", "id": str(draw(st.uuids()))}
    if draw(st.booleans()):
        context["extensions"] = draw(extensions)
    return context


timestamps = st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())


@st.composite
def statement_bodies(draw, sub=False):
    kinds = ["activity", "agent", "group", "ref"] + ([] if sub else ["sub"])
    kind = draw(st.sampled_from(kinds))
    obj = {
        "activity": activities,
        "agent": typed_agents,
        "group": anonymous_groups,
        "ref": st.builds(lambda u: {"objectType": "StatementRef", "id": str(u)}, st.uuids()),
        "sub": statement_bodies(sub=True).map(lambda s: {"objectType": "SubStatement", **s}),
    }[kind]
    statement = {"actor": draw(actors), "verb": draw(verbs), "object": draw(obj)}
    if draw(st.booleans()):
        statement["result"] = draw(results())
    if draw(st.booleans()):
        statement["context"] = draw(contexts(object_is_activity=kind == "activity"))
    if draw(st.booleans()):
        statement["timestamp"] = draw(timestamps)
    if not sub and draw(st.booleans()):
        statement["version"] = draw(st.sampled_from(["1.0.0", "1.0.3", "1.0"]))
    return statement


letters = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=12)


def _set(statement, path, value):
    target = statement
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    return statement


# Each mutation breaks a MUST of the specification, whatever valid statement it is applied to.
MUTATIONS = {
    "drop actor": lambda s, d: s.pop("actor") and s,
    "drop verb": lambda s, d: s.pop("verb") and s,
    "drop object": lambda s, d: s.pop("object") and s,
    "unknown property": lambda s, d: _set(s, ["x" + d(words)], d(any_json)),
    "null property": lambda s, d: _set(s, [d(st.sampled_from(["result", "context", "timestamp", "version"]))], None),
    "id not a UUID": lambda s, d: _set(s, ["id"], d(letters)),
    "mbox without mailto": lambda s, d: _set(s, ["actor"], {"mbox": d(words) + "@example.gov.uk"}),
    "two IFIs": lambda s, d: _set(s, ["actor"], {**d(ifis), "openid": d(iris), "mbox": d(emails)}),
    "verb id not an IRI": lambda s, d: _set(s, ["verb"], {"id": d(letters)}),
    "verb display bad tag": lambda s, d: _set(
        s, ["verb", "display"], {d(st.text(alphabet="_ !@#", min_size=1, max_size=4)): "x"}
    ),
    "object type unknown": lambda s, d: _set(s, ["object", "objectType"], "X" + d(words)),
    "scaled out of range": lambda s, d: _set(
        s,
        ["result"],
        {
            "score": {
                "scaled": d(st.floats(min_value=1.0001, max_value=1e6) | st.floats(min_value=-1e6, max_value=-1.0001))
            }
        },
    ),
    "duration not ISO": lambda s, d: _set(s, ["result"], {"duration": d(letters)}),
    "success not boolean": lambda s, d: _set(s, ["result"], {"success": d(st.sampled_from(["true", 1, 0, "no"]))}),
    "registration not a UUID": lambda s, d: _set(s, ["context"], {"registration": d(letters)}),
    "timestamp not ISO": lambda s, d: _set(s, ["timestamp"], d(letters)),
    "version not 1.0.x": lambda s, d: _set(s, ["version"], d(st.sampled_from(["2.0.0", "0.9", "1.1", "1", "one"]))),
    "revision with agent object": lambda s, d: _set(
        _set(s, ["object"], d(typed_agents)), ["context"], {"revision": "1"}
    ),
    "voided verb on activity": lambda s, d: _set(
        _set(s, ["verb"], {"id": "http://adlnet.gov/expapi/verbs/voided"}), ["object"], d(activities)
    ),
    "wrong type for actor": lambda s, d: _set(
        s, ["actor"], d(st.lists(agents, max_size=2) | _text(max_size=5) | st.integers())
    ),
    "language map value not text": lambda s, d: _set(
        s, ["verb", "display"], {"en": d(st.integers() | st.booleans() | st.none())}
    ),
    "extension key not an IRI": lambda s, d: _set(s, ["context"], {"extensions": {d(letters): 1}}),
}


def _post(lrs, body):
    response = lrs.post("/xapi/statements", body)
    assert response.status_code < 500, response.content
    return response


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@FUZZ
@given(body=statement_bodies())
def test_valid_generated_statements_are_accepted_over_http(lrs, body):
    body["id"] = str(uuid.uuid4())
    TRIED["valid over HTTP"] += 1
    response = _post(lrs, body)
    assert response.status_code == 200, (response.content, json.dumps(body))


@FUZZ
@given(body=statement_bodies(), mutation=st.sampled_from(sorted(MUTATIONS)), data=st.data())
def test_broken_statements_are_400_over_http(lrs, body, mutation, data):
    body["id"] = str(uuid.uuid4())
    broken = MUTATIONS[mutation](body, data.draw)
    TRIED["broken over HTTP"] += 1
    response = _post(lrs, broken)
    assert response.status_code == 400, (mutation, json.dumps(broken))


@FUZZ
@given(body=any_json)
def test_arbitrary_json_never_causes_a_500(lrs, body):
    TRIED["arbitrary JSON over HTTP"] += 1
    response = _post(lrs, body)
    assert response.status_code in (200, 400)


@settings(max_examples=300, deadline=None)
@given(body=statement_bodies())
def test_validator_accepts_valid_statements(body):
    TRIED["valid, validator only"] += 1
    validate_statement(body)


@settings(max_examples=300, deadline=None)
@given(body=statement_bodies(), mutation=st.sampled_from(sorted(MUTATIONS)), data=st.data())
def test_validator_rejects_broken_statements(body, mutation, data):
    broken = MUTATIONS[mutation](body, data.draw)
    TRIED["broken, validator only"] += 1
    with pytest.raises(StatementInvalid):
        validate_statement(broken)
