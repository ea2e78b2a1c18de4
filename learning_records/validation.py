"""Statement validation exactly as xAPI 1.0.3 (Data, part two) requires.

Every rule that the specification states as a MUST for an LRS is checked here; anything the specification allows is
accepted. A failure raises `StatementInvalid` with a message that names the property path (for example
`statement[3].context.contextActivities.parent[0].id`), which the views return as a 400.

The checks are hand-written rather than a JSON Schema so that a batch of 100 statements validates in a few
milliseconds (see bench/bench_xapi.py).
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

import langcodes


class StatementInvalid(ValueError):
    """The statement (or one of its parts) breaks a rule of the specification."""


VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# An absolute IRI: a scheme, a colon, and no characters that RFC 3987 forbids anywhere in an IRI.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")
_MBOX = re.compile(r"^mailto:[^@\s:]+@[^@\s]+$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_SHA2 = re.compile(r"^[0-9a-fA-F]{56}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{96}$|^[0-9a-fA-F]{128}$")
_LANG_SHAPE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
# ISO 8601 durations: PnYnMnDTnHnMnS, or the week form PnW on its own (weeks do not combine with other units).
_DURATION = re.compile(
    r"^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$|^P\d+(\.\d+)?W$"
)
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$")
# ISO 8601 basic format, e.g. 20130518T053234Z: also ISO 8601, so also a valid xAPI timestamp (Data 4.5).
_TIMESTAMP_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?:\d{2})?)?$")
_VERSION = re.compile(r"^1\.0(\.\d+)?$")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-]+(\s*;.*)?$")

INTERACTION_TYPES = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")

AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}
SUBSTATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}


def _fail(path: str, message: str):
    raise StatementInvalid(f"{path}: {message}")


def _object(value, path):
    if not isinstance(value, dict):
        _fail(path, "must be a JSON object")
    return value


def _keys(value: dict, allowed, path):
    for key, item in value.items():
        if key not in allowed:
            _fail(f"{path}.{key}", "is not a property the xAPI specification allows here")
        if item is None:
            _fail(f"{path}.{key}", "must not be null")


def _string(value, path):
    if not isinstance(value, str):
        _fail(path, "must be a string")
    return value


def _bool(value, path):
    if not isinstance(value, bool):
        _fail(path, "must be true or false (a JSON boolean)")


def _number(value, path):
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(path, "must be a number")
    return value


def is_uuid(value) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def check_uuid(value, path):
    if not is_uuid(value):
        _fail(path, "must be a UUID (8-4-4-4-12 hexadecimal digits)")


def is_iri(value) -> bool:
    return isinstance(value, str) and bool(_IRI.match(value))


def check_iri(value, path):
    if not is_iri(value):
        _fail(path, "must be an absolute IRI (for example https://example.gov.uk/activities/1)")


@lru_cache(maxsize=2048)
def is_language_tag(tag: str) -> bool:
    return bool(_LANG_SHAPE.match(tag)) and langcodes.tag_is_valid(tag)


def check_language_map(value, path):
    _object(value, path)
    for tag, text in value.items():
        if not is_language_tag(tag):
            _fail(f"{path}.{tag}", "is not an RFC 5646 language tag")
        if not isinstance(text, str):
            _fail(f"{path}.{tag}", "must be a string")


def check_extensions(value, path):
    _object(value, path)
    for key in value:  # values may be any JSON, null included
        if not is_iri(key):
            _fail(f"{path}.{key}", "extension keys must be absolute IRIs")


def parse_timestamp(value, path="timestamp") -> datetime:
    """An ISO 8601 date and time; no zone means UTC; the offset -00:00 is forbidden by the specification."""
    if not isinstance(value, str):
        _fail(path, "must be an ISO 8601 timestamp string")
    match = _TIMESTAMP.match(value) or _TIMESTAMP_BASIC.match(value)
    if not match:
        _fail(path, "must be an ISO 8601 timestamp such as 2026-12-02T09:30:00.000Z")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone in ("-00", "-00:00", "-0000"):
        _fail(path, "must not use the offset -00:00")
    if zone in (None, "Z", "z"):
        tz = UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            _fail(path, "has an invalid time-zone offset")
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    micro = int((fraction or ".0")[1:7].ljust(6, "0"))
    try:
        sec = int(second)
        leap = sec == 60
        parsed = datetime(int(year), int(month), int(day), int(hour), int(minute), 59 if leap else sec, micro, tz)
    except ValueError:
        _fail(path, "is not a real date and time")
    return parsed


def check_mbox(value, path):
    if not isinstance(value, str) or not _MBOX.match(value):
        _fail(path, 'must be an email IRI of the form "mailto:name@example.gov.uk"')


def check_account(value, path):
    _object(value, path)
    _keys(value, {"homePage", "name"}, path)
    if "homePage" not in value:
        _fail(f"{path}.homePage", "is required")
    check_iri(value["homePage"], f"{path}.homePage")
    if "name" not in value:
        _fail(f"{path}.name", "is required")
    _string(value["name"], f"{path}.name")


def _check_ifis(value, path, required):
    found = [key for key in IFI_KEYS if key in value]
    if len(found) > 1:
        _fail(path, f"must have exactly one inverse functional identifier, found {', '.join(found)}")
    if not found:
        if required:
            _fail(path, "must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account)")
        return
    key = found[0]
    if key == "mbox":
        check_mbox(value["mbox"], f"{path}.mbox")
    elif key == "mbox_sha1sum":
        if not isinstance(value["mbox_sha1sum"], str) or not _SHA1.match(value["mbox_sha1sum"]):
            _fail(f"{path}.mbox_sha1sum", "must be the 40 hexadecimal digits of a SHA-1 hash")
    elif key == "openid":
        check_iri(value["openid"], f"{path}.openid")
    else:
        check_account(value["account"], f"{path}.account")


def check_agent(value, path, *, object_type_required=False):
    _object(value, path)
    _keys(value, AGENT_KEYS, path)
    kind = value.get("objectType")
    if kind is None and object_type_required:
        _fail(f"{path}.objectType", 'is required ("Agent")')
    if kind is not None and kind != "Agent":
        _fail(f"{path}.objectType", 'must be "Agent"')
    if "name" in value:
        _string(value["name"], f"{path}.name")
    _check_ifis(value, path, required=True)


def check_group(value, path):
    _object(value, path)
    _keys(value, GROUP_KEYS, path)
    if value.get("objectType") != "Group":
        _fail(f"{path}.objectType", 'must be "Group"')
    if "name" in value:
        _string(value["name"], f"{path}.name")
    identified = any(key in value for key in IFI_KEYS)
    if identified:
        _check_ifis(value, path, required=True)
    if "member" in value or not identified:
        members = value.get("member")
        if not isinstance(members, list):
            _fail(f"{path}.member", "an anonymous Group must list its members in an array")
        if not identified and not members:
            _fail(f"{path}.member", "an anonymous Group must have at least one member")
        for index, member in enumerate(members):
            member_path = f"{path}.member[{index}]"
            if isinstance(member, dict) and member.get("objectType") == "Group":
                _fail(member_path, "a Group's members must be Agents, not Groups")
            check_agent(member, member_path)


def check_actor(value, path, *, object_type_required=False):
    _object(value, path)
    if value.get("objectType") == "Group":
        check_group(value, path)
    else:
        check_agent(value, path, object_type_required=object_type_required)


def check_verb(value, path):
    _object(value, path)
    _keys(value, {"id", "display"}, path)
    if "id" not in value:
        _fail(f"{path}.id", "is required")
    check_iri(value["id"], f"{path}.id")
    if "display" in value:
        check_language_map(value["display"], f"{path}.display")


def _check_components(items, path):
    if not isinstance(items, list):
        _fail(path, "must be an array of interaction components")
    seen = set()
    for index, item in enumerate(items):
        item_path = f"{path}[{index}]"
        _object(item, item_path)
        _keys(item, {"id", "description"}, item_path)
        if "id" not in item:
            _fail(f"{item_path}.id", "is required")
        _string(item["id"], f"{item_path}.id")
        if item["id"] in seen:
            _fail(f"{item_path}.id", "interaction component ids must be distinct within a list")
        seen.add(item["id"])
        if "description" in item:
            check_language_map(item["description"], f"{item_path}.description")


def check_definition(value, path):
    _object(value, path)
    allowed = {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENT_LISTS,
    }
    _keys(value, allowed, path)
    for key in ("name", "description"):
        if key in value:
            check_language_map(value[key], f"{path}.{key}")
    if "type" in value:
        check_iri(value["type"], f"{path}.type")
    if "moreInfo" in value:
        check_iri(value["moreInfo"], f"{path}.moreInfo")
    if "extensions" in value:
        check_extensions(value["extensions"], f"{path}.extensions")
    interaction = value.get("interactionType")
    if interaction is not None and (not isinstance(interaction, str) or interaction not in INTERACTION_TYPES):
        _fail(f"{path}.interactionType", f"must be one of {', '.join(INTERACTION_TYPES)}")
    if "correctResponsesPattern" in value:
        if interaction is None:
            _fail(f"{path}.correctResponsesPattern", "needs an interactionType")
        pattern = value["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            _fail(f"{path}.correctResponsesPattern", "must be an array of strings")
    for key in COMPONENT_LISTS:
        if key in value:
            if interaction is None:
                _fail(f"{path}.{key}", "interaction components need an interactionType")
            if key not in INTERACTION_TYPES[interaction]:
                _fail(f"{path}.{key}", f'is not an interaction component list of a "{interaction}" interaction')
            _check_components(value[key], f"{path}.{key}")


def check_activity(value, path):
    _object(value, path)
    _keys(value, {"objectType", "id", "definition"}, path)
    if "objectType" in value and value["objectType"] != "Activity":
        _fail(f"{path}.objectType", 'must be "Activity"')
    if "id" not in value:
        _fail(f"{path}.id", "is required")
    check_iri(value["id"], f"{path}.id")
    if "definition" in value:
        check_definition(value["definition"], f"{path}.definition")


def check_statement_ref(value, path):
    _object(value, path)
    _keys(value, {"objectType", "id"}, path)
    if value.get("objectType") != "StatementRef":
        _fail(f"{path}.objectType", 'must be "StatementRef"')
    if "id" not in value:
        _fail(f"{path}.id", "is required")
    check_uuid(value["id"], f"{path}.id")


def check_object(value, path, *, in_substatement=False):
    _object(value, path)
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        check_activity(value, path)
    elif kind == "Agent":
        check_agent(value, path, object_type_required=True)
    elif kind == "Group":
        check_group(value, path)
    elif kind == "StatementRef":
        check_statement_ref(value, path)
    elif kind == "SubStatement":
        if in_substatement:
            _fail(f"{path}.objectType", "a SubStatement must not contain another SubStatement")
        check_substatement(value, path)
    else:
        _fail(f"{path}.objectType", "must be Activity, Agent, Group, StatementRef or SubStatement")


def check_score(value, path):
    _object(value, path)
    _keys(value, {"scaled", "raw", "min", "max"}, path)
    for key in value:
        _number(value[key], f"{path}.{key}")
    if "scaled" in value and not -1 <= value["scaled"] <= 1:
        _fail(f"{path}.scaled", "must be between -1 and 1")
    low, high, raw = value.get("min"), value.get("max"), value.get("raw")
    if low is not None and high is not None and low >= high:
        _fail(f"{path}.max", "must be greater than min")
    if raw is not None and low is not None and raw < low:
        _fail(f"{path}.raw", "must not be less than min")
    if raw is not None and high is not None and raw > high:
        _fail(f"{path}.raw", "must not be greater than max")


def check_result(value, path):
    _object(value, path)
    _keys(value, {"score", "success", "completion", "response", "duration", "extensions"}, path)
    if "score" in value:
        check_score(value["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in value:
            _bool(value[key], f"{path}.{key}")
    if "response" in value:
        _string(value["response"], f"{path}.response")
    if "duration" in value:
        duration = value["duration"]
        if not isinstance(duration, str) or not _DURATION.match(duration):
            _fail(f"{path}.duration", "must be an ISO 8601 duration such as PT1H30M")
    if "extensions" in value:
        check_extensions(value["extensions"], f"{path}.extensions")


def check_context(value, path, *, object_is_activity: bool):
    _object(value, path)
    allowed = {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
    _keys(value, allowed, path)
    if "registration" in value:
        check_uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        check_actor(value["instructor"], f"{path}.instructor")
    if "team" in value:
        check_group(value["team"], f"{path}.team")
    if "contextActivities" in value:
        activities = _object(value["contextActivities"], f"{path}.contextActivities")
        _keys(activities, {"parent", "grouping", "category", "other"}, f"{path}.contextActivities")
        for key, item in activities.items():
            item_path = f"{path}.contextActivities.{key}"
            if isinstance(item, list):
                for index, activity in enumerate(item):
                    check_activity(activity, f"{item_path}[{index}]")
            else:
                check_activity(item, item_path)
    for key in ("revision", "platform"):
        if key in value:
            _string(value[key], f"{path}.{key}")
            if not object_is_activity:
                _fail(f"{path}.{key}", "must only be used when the statement's object is an Activity")
    if "language" in value and not (isinstance(value["language"], str) and is_language_tag(value["language"])):
        _fail(f"{path}.language", "must be an RFC 5646 language tag")
    if "statement" in value:
        check_statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        check_extensions(value["extensions"], f"{path}.extensions")


def check_attachments(value, path):
    if not isinstance(value, list):
        _fail(path, "must be an array")
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        _object(item, item_path)
        _keys(item, {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}, item_path)
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in item:
                _fail(f"{item_path}.{key}", "is required")
        check_iri(item["usageType"], f"{item_path}.usageType")
        check_language_map(item["display"], f"{item_path}.display")
        if "description" in item:
            check_language_map(item["description"], f"{item_path}.description")
        if not isinstance(item["contentType"], str) or not _MEDIA_TYPE.match(item["contentType"]):
            _fail(f"{item_path}.contentType", "must be an Internet Media Type such as application/pdf")
        if isinstance(item["length"], bool) or not isinstance(item["length"], int) or item["length"] < 0:
            _fail(f"{item_path}.length", "must be a non-negative integer")
        if not isinstance(item["sha2"], str) or not _SHA2.match(item["sha2"]):
            _fail(f"{item_path}.sha2", "must be a hexadecimal SHA-2 hash")
        if "fileUrl" in item:
            check_iri(item["fileUrl"], f"{item_path}.fileUrl")


def _check_core(value, path, *, in_substatement):
    for key in ("actor", "verb", "object"):
        if key not in value:
            _fail(f"{path}.{key}", "is required")
    check_actor(value["actor"], f"{path}.actor")
    check_verb(value["verb"], f"{path}.verb")
    check_object(value["object"], f"{path}.object", in_substatement=in_substatement)
    obj = value["object"]
    if value["verb"]["id"] == VOIDED_VERB and obj.get("objectType") != "StatementRef":
        _fail(f"{path}.object.objectType", 'a voiding statement\'s object must be a "StatementRef"')
    if "result" in value:
        check_result(value["result"], f"{path}.result")
    if "context" in value:
        check_context(
            value["context"], f"{path}.context", object_is_activity=obj.get("objectType", "Activity") == "Activity"
        )
    if "timestamp" in value:
        parse_timestamp(value["timestamp"], f"{path}.timestamp")
    if "attachments" in value:
        check_attachments(value["attachments"], f"{path}.attachments")


def check_substatement(value, path):
    _keys(value, SUBSTATEMENT_KEYS, path)
    _check_core(value, path, in_substatement=True)


def validate_statement(value, path="statement"):
    """Raise StatementInvalid unless `value` is a statement the specification allows."""
    _object(value, path)
    _keys(value, STATEMENT_KEYS, path)
    if "id" in value:
        check_uuid(value["id"], f"{path}.id")
    _check_core(value, path, in_substatement=False)
    if "stored" in value:
        parse_timestamp(value["stored"], f"{path}.stored")
    if "authority" in value:
        authority = value["authority"]
        check_actor(authority, f"{path}.authority")
        if authority.get("objectType") == "Group":
            members = authority.get("member") or []
            if len(members) != 2 or any(k in authority for k in IFI_KEYS):
                _fail(f"{path}.authority", "a Group authority must be an anonymous group of exactly two agents")
    if "version" in value and (not isinstance(value["version"], str) or not _VERSION.match(value["version"])):
        _fail(f"{path}.version", 'must be a 1.0.x version such as "1.0.3"')


def agent_ifi(agent: dict) -> str | None:
    """The key under which the LRS indexes an Agent or identified Group."""
    if "mbox" in agent:
        return "mbox:" + agent["mbox"].lower()
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    if "account" in agent:
        return "account:" + agent["account"]["homePage"] + "|" + agent["account"]["name"]
    return None


def validate_agent_parameter(value, path="agent") -> dict:
    """The `agent` query parameter: an Agent (or identified Group) with exactly one IFI."""
    _object(value, path)
    if value.get("objectType") == "Group":
        _keys(value, GROUP_KEYS, path)
        _check_ifis(value, path, required=True)
    else:
        check_agent(value, path)
    return value
