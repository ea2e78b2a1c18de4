"""xAPI resources (Statements, State, Activity Profile, Agent Profile, Agents, Activities, About) and the
small xAPI profile page that documents the platform's conventions."""

import json
import re
import uuid
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Max, Q
from django.http import HttpResponse
from django.shortcuts import render

from . import jsontext, selectors, services
from . import progress as rules
from .api import (
    ApiError,
    XRequest,
    check_params,
    error_response,
    json_response,
    last_modified,
    sha2_of,
    xapi_resource,
)
from .models import Activity, AttachmentContent, Document, Statement
from .validation import (
    StatementInvalid,
    agent_ifi,
    is_iri,
    is_uuid,
    parse_timestamp,
    validate_agent_parameter,
)

MAX_LIMIT = 500
GET_PARAMS = {
    "statementId",
    "voidedStatementId",
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
}


# --- helpers ------------------------------------------------------------------------------------------------


def _bool_param(xreq: XRequest, name: str) -> bool:
    value = xreq.params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise ApiError(f"{name} must be true or false")
    return value == "true"


def _agent_param(xreq: XRequest, required: bool = True) -> dict | None:
    raw = xreq.params.get("agent")
    if raw is None:
        if required:
            raise ApiError("the agent parameter is required (a JSON Agent object)")
        return None
    try:
        agent = json.loads(raw)
    except ValueError:
        raise ApiError("agent must be a JSON Agent object")
    try:
        return validate_agent_parameter(agent)
    except StatementInvalid as exc:
        raise ApiError(str(exc))


def _iri_param(xreq: XRequest, name: str, required: bool = False) -> str | None:
    value = xreq.params.get(name)
    if value is None:
        if required:
            raise ApiError(f"the {name} parameter is required")
        return None
    if not is_iri(value):
        raise ApiError(f"{name} must be an absolute IRI")
    return value


def _json_body(xreq: XRequest):
    try:
        return jsontext.loads(xreq.body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError("the request body is not valid JSON")


# --- multipart ----------------------------------------------------------------------------------------------


def _parse_multipart(xreq: XRequest) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """Split a multipart/mixed body into the statement JSON and {sha2: (content type, bytes)} attachments."""
    match = re.search(r'boundary="?([^";]+)"?', xreq.content_type)
    if not match:
        raise ApiError("multipart/mixed needs a boundary parameter")
    delimiter = b"--" + match.group(1).encode()
    pieces = xreq.body.split(delimiter)
    parts = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):
            break
        piece = piece[2:] if piece.startswith(b"\r\n") else piece.lstrip(b"\n")
        head, sep, content = piece.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = piece.partition(b"\n\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        elif content.endswith(b"\n"):
            content = content[:-1]
        headers = {}
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content))
    if not parts:
        raise ApiError("the multipart body has no parts")
    first_headers, statement_body = parts[0]
    if first_headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise ApiError("the first part of a multipart/mixed request must be the statements as application/json")
    attachments = {}
    for index, (headers, content) in enumerate(parts[1:], start=1):
        declared = headers.get("x-experience-api-hash", "").lower()
        if not declared:
            raise ApiError(f"multipart part {index} has no X-Experience-API-Hash header")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise ApiError(f"multipart part {index} needs the header Content-Transfer-Encoding: binary")
        if sha2_of(content, len(declared)) != declared:
            raise ApiError(f"multipart part {index}: the content does not match its X-Experience-API-Hash")
        attachments[declared] = (headers.get("content-type", "application/octet-stream"), content)
    return statement_body, attachments


# --- Statements: writes -------------------------------------------------------------------------------------


def _read_statements_body(xreq: XRequest):
    attachments = {}
    if xreq.media_type == "multipart/mixed":
        body, attachments = _parse_multipart(xreq)
        try:
            data = jsontext.loads(body)
        except ValueError:
            raise ApiError("the statement part is not valid JSON")
    elif xreq.media_type == "application/json":
        data = _json_body(xreq)
    else:
        raise ApiError("statements must be sent as application/json or multipart/mixed")
    return data, attachments


def _store(xreq: XRequest, statements: list, attachments) -> list[str]:
    principal = xreq.principal
    if not principal.can_write_statements():
        raise ApiError("this credential may not write statements", 403)
    try:
        return services.statements_store(statements=statements, client=principal.client, attachments=attachments)
    except services.StatementConflict as exc:
        raise ApiError(str(exc), 409)


def statements_put(xreq: XRequest) -> HttpResponse:
    check_params(xreq, {"statementId"})
    statement_id = xreq.params.get("statementId")
    if not statement_id:
        raise ApiError("PUT needs the statementId parameter")
    if not is_uuid(statement_id):
        raise ApiError("statementId must be a UUID")
    data, attachments = _read_statements_body(xreq)
    if not isinstance(data, dict):
        raise ApiError("PUT takes a single statement (a JSON object)")
    if "id" in data and str(data["id"]).lower() != statement_id.lower():
        raise ApiError("the statement's id does not match the statementId parameter")
    data = {**data, "id": statement_id.lower()}
    _store(xreq, [data], attachments)
    return HttpResponse(status=204)


def statements_post(xreq: XRequest) -> HttpResponse:
    if "statementId" in xreq.params:  # some clients PUT through POST with the id as a parameter
        response = statements_put(xreq)
        return response
    check_params(xreq, set())
    data, attachments = _read_statements_body(xreq)
    statements = data if isinstance(data, list) else [data]
    if not statements:
        raise ApiError("no statements were sent")
    ids = _store(xreq, statements, attachments)
    return json_response(ids)


# --- Statements: reads --------------------------------------------------------------------------------------


def _language_pick(mapping: dict, languages: list[str]) -> dict:
    for language in languages:
        for tag in mapping:
            if tag.lower() == language.lower() or tag.lower().split("-")[0] == language.lower():
                return {tag: mapping[tag]}
    if mapping:
        first = next(iter(mapping))
        return {first: mapping[first]}
    return mapping


def _format(statement: dict, fmt: str, languages: list[str]) -> dict:
    if fmt == "exact":
        return statement
    if fmt == "ids":
        return _ids_only(statement)
    return _canonical(statement, languages)


def _ids_only(value):
    if isinstance(value, dict):
        kind = value.get("objectType")
        if kind in ("Agent", "Group") or any(k in value for k in ("mbox", "mbox_sha1sum", "openid", "account")):
            ifi = {k: value[k] for k in ("objectType", "mbox", "mbox_sha1sum", "openid", "account") if k in value}
            if kind == "Group" and not agent_ifi(value) and "member" in value:
                ifi["member"] = [_ids_only(m) for m in value["member"]]
            return ifi
        out = {}
        for key, item in value.items():
            if key == "definition":
                continue
            if key == "verb":
                out[key] = {"id": item["id"]}
            elif key == "extensions":
                out[key] = item
            else:
                out[key] = _ids_only(item)
        return out
    if isinstance(value, list):
        return [_ids_only(v) for v in value]
    return value


def _canonical(value, languages):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("display", "name", "description") and isinstance(item, dict):
                out[key] = _language_pick(item, languages)
            elif key == "extensions":
                out[key] = item
            else:
                out[key] = _canonical(item, languages)
        return out
    if isinstance(value, list):
        return [_canonical(v, languages) for v in value]
    return value


def _canonical_with_activities(statements: list[dict], languages) -> list[dict]:
    """canonical: each activity's definition is the LRS's canonical one, in the requested language."""
    iris = {s["object"]["id"] for s in statements if s["object"].get("objectType") == "Activity"}
    definitions = dict(Activity.objects.filter(iri__in=iris).values_list("iri", "definition"))
    out = []
    for statement in statements:
        statement = dict(statement)
        obj = statement["object"]
        if obj.get("objectType") == "Activity" and obj["id"] in definitions:
            statement["object"] = {**obj, "definition": definitions[obj["id"]]}
        out.append(_canonical(statement, languages))
    return out


def _languages(xreq: XRequest) -> list[str]:
    header = xreq.headers.get("accept-language", "")
    return [part.split(";")[0].strip() for part in header.split(",") if part.strip() and part.strip() != "*"]


def _statement_response(xreq, payloads: list[dict], body: dict | list | None, attachments: bool, headers: dict):
    if not attachments:
        return json_response(body, headers=headers)
    sha2s = {a["sha2"].lower() for p in payloads for a in p.get("attachments") or []}
    boundary = uuid.uuid4().hex
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(body).encode(),
        b"\r\n",
    ]
    for item in AttachmentContent.objects.filter(sha2__in=sha2s):
        chunks.append(
            f"--{boundary}\r\nContent-Type: {item.content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {item.sha2}\r\n\r\n".encode()
        )
        chunks.append(bytes(item.content))
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--".encode())
    response = HttpResponse(b"".join(chunks), content_type=f'multipart/mixed; boundary="{boundary}"')
    for key, value in headers.items():
        response[key] = value
    return response


def _consistent_through() -> str:
    """Every statement stored at or before this instant is in the results (see selectors)."""
    return selectors.statements_consistent_through().isoformat().replace("+00:00", "Z")


def statements_get(xreq: XRequest) -> HttpResponse:
    """Every GET of the Statement Resource carries Consistent-Through, errors and 404s included."""
    try:
        response = _statements_get(xreq)
    except ApiError as exc:
        exc.headers.setdefault("X-Experience-API-Consistent-Through", _consistent_through())
        raise
    response.setdefault("X-Experience-API-Consistent-Through", _consistent_through())
    return response


def _statements_get(xreq: XRequest) -> HttpResponse:
    check_params(xreq, GET_PARAMS)
    principal = xreq.principal
    scope = principal.statements_read_filter()
    fmt = xreq.params.get("format", "exact")
    if fmt not in ("ids", "exact", "canonical"):
        raise ApiError("format must be ids, exact or canonical")
    attachments = _bool_param(xreq, "attachments")
    headers = {"X-Experience-API-Consistent-Through": _consistent_through()}
    languages = _languages(xreq)

    single = [k for k in ("statementId", "voidedStatementId") if k in xreq.params]
    if single:
        if len(single) > 1 or set(xreq.params) - {single[0], "format", "attachments"}:
            raise ApiError(f"{single[0]} can only be combined with format and attachments")
        statement_id = xreq.params[single[0]]
        if not is_uuid(statement_id):
            raise ApiError(f"{single[0]} must be a UUID")
        row = (
            Statement.objects.filter(
                statement_id=statement_id.lower(), voided=single[0] == "voidedStatementId", **scope
            )
            .values("payload", "stored")
            .first()
        )
        if row is None:
            return error_response(f"no statement with {single[0]}={statement_id}", 404)
        payload = row["payload"]
        body = (
            _canonical_with_activities([payload], languages)[0]
            if fmt == "canonical"
            else _format(payload, fmt, languages)
        )
        headers["Last-Modified"] = last_modified(row["stored"])
        return _statement_response(xreq, [payload], body, attachments, headers)

    query = _statement_query(xreq)
    limit_text = xreq.params.get("limit", "0")
    if not limit_text.isdigit():
        raise ApiError("limit must be a non-negative integer")
    limit = int(limit_text) or MAX_LIMIT
    limit = min(limit, MAX_LIMIT)
    ascending = _bool_param(xreq, "ascending")
    snapshot = Statement.objects.aggregate(top=Max("pk"))["top"] or 0
    state = {"p": xreq.params, "s": snapshot, "c": None}
    return _statement_page(xreq, query, scope, state, limit, ascending, fmt, attachments, languages, headers)


def _statement_query(xreq: XRequest) -> Q:
    related_agents = _bool_param(xreq, "related_agents")
    related_activities = _bool_param(xreq, "related_activities")
    _bool_param(xreq, "ascending")
    matching = Q()
    refiltered = False
    agent = _agent_param(xreq, required=False)
    if agent is not None:
        extra = {} if related_agents else {"agent_refs__direct": True}
        matching &= Q(pk__in=Statement.objects.filter(agent_refs__ifi=agent_ifi(agent), **extra).values("pk"))
        refiltered = True
    verb = _iri_param(xreq, "verb")
    if verb:
        matching &= Q(verb_iri=verb)
        refiltered = True
    activity = _iri_param(xreq, "activity")
    if activity:
        extra = {} if related_activities else {"activity_refs__direct": True}
        matching &= Q(pk__in=Statement.objects.filter(activity_refs__iri=activity, **extra).values("pk"))
        refiltered = True
    registration = xreq.params.get("registration")
    if registration is not None:
        if not is_uuid(registration):
            raise ApiError("registration must be a UUID")
        matching &= Q(registration=registration.lower())
        refiltered = True
    if refiltered:
        # Statements that target a matching statement (StatementRef) match too, voided targets included.
        targets = Statement.objects.filter(matching).values("statement_id")
        matching = matching | Q(object_statement_id__in=targets)
    query = matching & Q(voided=False)
    for name, lookup in (("since", "stored__gt"), ("until", "stored__lte")):
        if name in xreq.params:
            try:
                moment = parse_timestamp(xreq.params[name], name)
            except StatementInvalid as exc:
                raise ApiError(str(exc))
            query &= Q(**{lookup: moment})
    return query


def _statement_page(xreq, query, scope, state, limit, ascending, fmt, attachments, languages, headers):
    # Ordered by `stored` as the specification asks, then by primary key: the statements of one batch share
    # `stored`, and their primary keys follow the order they were sent in, so a batch reads back in that order.
    queryset = Statement.objects.filter(query, pk__lte=state["s"], **scope)
    if state["c"] is not None:
        stored, pk = datetime.fromisoformat(state["c"][0]), state["c"][1]
        if ascending:
            queryset = queryset.filter(Q(stored__gt=stored) | Q(stored=stored, pk__gt=pk))
        else:
            queryset = queryset.filter(Q(stored__lt=stored) | Q(stored=stored, pk__lt=pk))
    queryset = queryset.order_by(*(("stored", "pk") if ascending else ("-stored", "-pk")))
    rows = list(queryset.values_list("pk", "payload", "stored")[: limit + 1])
    more = ""
    if len(rows) > limit:
        rows = rows[:limit]
        cursor = [rows[-1][2].isoformat(), rows[-1][0]]
        token = signing.dumps({**state, "c": cursor, "l": limit}, salt="xapi-more", compress=True)
        more = f"/xapi/statements/more/{token}"
    payloads = [payload for _, payload, _ in rows]
    if fmt == "canonical":
        statements = _canonical_with_activities(payloads, languages)
    else:
        statements = [_format(p, fmt, languages) for p in payloads]
    return _statement_response(xreq, payloads, {"statements": statements, "more": more}, attachments, headers)


def statements_more(xreq: XRequest, token: str) -> HttpResponse:
    check_params(xreq, set())
    try:
        state = signing.loads(token, salt="xapi-more", max_age=60 * 60 * 24)
    except signing.BadSignature:
        return error_response("this more link is not valid or has expired; run the query again", 404)
    original = XRequest(
        method="GET", params=state["p"], headers=xreq.headers, body=b"", path=xreq.path, principal=xreq.principal
    )
    scope = xreq.principal.statements_read_filter()
    query = _statement_query(original)
    fmt = state["p"].get("format", "exact")
    attachments = state["p"].get("attachments", "false") == "true"
    ascending = state["p"].get("ascending", "false") == "true"
    headers = {"X-Experience-API-Consistent-Through": _consistent_through()}
    return _statement_page(
        original, query, scope, state, state["l"], ascending, fmt, attachments, _languages(xreq), headers
    )


statements_view = xapi_resource({"GET": statements_get, "PUT": statements_put, "POST": statements_post})
statements_more_view = xapi_resource({"GET": statements_more})


# --- Documents ----------------------------------------------------------------------------------------------


def _etag_matches(header: str, etag: str | None) -> bool:
    if etag is None:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.strip('"') == etag or candidate.removeprefix("W/").strip('"') == etag:
            return True
    return False


def _precondition(xreq: XRequest, document: Document | None, require: bool) -> None:
    if_match = xreq.headers.get("if-match")
    if_none_match = xreq.headers.get("if-none-match")
    current = document.etag if document else None
    if if_match is not None and not _etag_matches(if_match, current):
        raise ApiError("If-Match does not match the document's current ETag", 412)
    if (
        if_none_match is not None
        and document is not None
        and (if_none_match.strip() == "*" or _etag_matches(if_none_match, current))
    ):
        raise ApiError("If-None-Match: the document already exists", 412)
    if require and if_match is None and if_none_match is None:
        if document is None:
            # Communication 3.1: a client PUTting a profile MUST send If-Match or If-None-Match.
            raise ApiError("send If-None-Match: * to create this profile document (or If-Match with an ETag)")
        raise ApiError(
            "this document already exists: send If-Match with its ETag (or If-None-Match: *) to change it", 409
        )


def _document_resource(kind: str, id_param: str, needs_activity: bool, needs_agent: bool, scopes: tuple):
    allowed = {id_param, "since"}
    if needs_activity:
        allowed.add("activityId")
    if needs_agent:
        allowed.add("agent")
    if kind == Document.Kind.STATE:
        allowed.add("registration")
    require_concurrency = kind != Document.Kind.STATE

    def scope_of(xreq: XRequest) -> dict:
        check_params(xreq, allowed)
        scope = {"kind": kind, "activity_iri": "", "agent_ifi": "", "registration": ""}
        if needs_activity:
            scope["activity_iri"] = _iri_param(xreq, "activityId", required=True)
        if needs_agent:
            scope["agent_ifi"] = agent_ifi(_agent_param(xreq))
        registration = xreq.params.get("registration")
        if registration is not None:
            if not is_uuid(registration):
                raise ApiError("registration must be a UUID")
            scope["registration"] = registration.lower()
        return scope

    def read_scope(xreq):
        xreq.principal.require(*scopes, "all/read")

    def write_scope(xreq):
        xreq.principal.require(*scopes)

    def get(xreq: XRequest) -> HttpResponse:
        read_scope(xreq)
        scope = scope_of(xreq)
        document_id = xreq.params.get(id_param)
        if document_id is not None:
            if "since" in xreq.params:
                raise ApiError(f"since cannot be combined with {id_param}")
            document = Document.objects.filter(**scope, document_id=document_id).first()
            if document is None:
                return error_response(f"no document with {id_param}={document_id}", 404)
            response = HttpResponse(bytes(document.content), content_type=document.content_type)
            response["ETag"] = f'"{document.etag}"'
            response["Last-Modified"] = last_modified(document.updated)
            return response
        queryset = Document.objects.filter(**{k: v for k, v in scope.items() if k != "registration" or v})
        if kind == Document.Kind.STATE and not scope["registration"]:
            queryset = queryset.filter(registration="")
        if "since" in xreq.params:
            try:
                queryset = queryset.filter(updated__gt=parse_timestamp(xreq.params["since"], "since"))
            except StatementInvalid as exc:
                raise ApiError(str(exc))
        return json_response(list(queryset.order_by("document_id").values_list("document_id", flat=True)))

    def write(xreq: XRequest, merge: bool) -> HttpResponse:
        write_scope(xreq)
        scope = scope_of(xreq)
        document_id = xreq.params.get(id_param)
        if not document_id:
            raise ApiError(f"the {id_param} parameter is required")
        if "since" in xreq.params:
            raise ApiError("since is only for listing documents")
        content_type = xreq.content_type or "application/octet-stream"
        existing = Document.objects.filter(**scope, document_id=document_id).first()
        put = not merge
        # Communication 2.2 (JSON procedure): a POST to a document that does not exist yet is stored as a PUT.
        merge = merge and existing is not None
        if merge and xreq.media_type != "application/json":
            raise ApiError("POST merges JSON documents: send Content-Type: application/json")
        if xreq.media_type == "application/json":
            try:
                json.loads(xreq.body or b"null")
            except ValueError:
                raise ApiError("the document is declared application/json but is not valid JSON")
        _precondition(xreq, existing, require=require_concurrency and put)
        try:
            document = services.document_save(
                kind=kind,
                document_id=document_id,
                content=xreq.body,
                content_type=content_type,
                merge=merge,
                activity_iri=scope["activity_iri"],
                agent_ifi_key=scope["agent_ifi"],
                registration=scope["registration"],
            )
        except services.DocumentMergeError as exc:
            raise ApiError(str(exc))
        response = HttpResponse(status=204)
        response["ETag"] = f'"{document.etag}"'
        return response

    def delete(xreq: XRequest) -> HttpResponse:
        write_scope(xreq)
        scope = scope_of(xreq)
        document_id = xreq.params.get(id_param)
        if document_id is None and kind != Document.Kind.STATE:
            raise ApiError(f"the {id_param} parameter is required")
        if document_id is not None:
            existing = Document.objects.filter(**scope, document_id=document_id).first()
            _precondition(xreq, existing, require=False)
        services.documents_delete(
            kind=kind,
            activity_iri=scope["activity_iri"],
            agent_ifi_key=scope["agent_ifi"],
            registration=scope["registration"] if "registration" in xreq.params else None,
            document_id=document_id,
        )
        return HttpResponse(status=204)

    return xapi_resource(
        {"GET": get, "PUT": lambda x: write(x, merge=False), "POST": lambda x: write(x, merge=True), "DELETE": delete}
    )


state_view = _document_resource(Document.Kind.STATE, "stateId", True, True, ("state", "all"))
activity_profile_view = _document_resource(Document.Kind.ACTIVITY_PROFILE, "profileId", True, False, ("profile", "all"))
agent_profile_view = _document_resource(Document.Kind.AGENT_PROFILE, "profileId", False, True, ("profile", "all"))


# --- Agents, Activities, About ------------------------------------------------------------------------------


def _names_seen(xreq: XRequest, ifi: str, recent: int = 100) -> list[str]:
    """Names this agent went by as actor or object in the recent statements this credential may read."""
    try:
        scope = xreq.principal.statements_read_filter()
    except ApiError:
        return []
    payloads = (
        Statement.objects.filter(agent_refs__ifi=ifi, agent_refs__direct=True, **scope)
        .order_by("-pk")
        .values_list("payload", flat=True)[:recent]
    )
    names = []
    for payload in payloads:
        for part in (payload.get("actor"), payload.get("object")):
            name = part.get("name") if isinstance(part, dict) and agent_ifi(part) == ifi else None
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names


def agents_get(xreq: XRequest) -> HttpResponse:
    check_params(xreq, {"agent"})
    agent = _agent_param(xreq)
    person = {"objectType": "Person"}
    names = [agent["name"]] if "name" in agent else []
    names += [n for n in _names_seen(xreq, agent_ifi(agent)) if n not in names]
    if names:
        person["name"] = names
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return json_response(person)


def activities_get(xreq: XRequest) -> HttpResponse:
    check_params(xreq, {"activityId"})
    iri = _iri_param(xreq, "activityId", required=True)
    activity = Activity.objects.filter(iri=iri).first()
    body = {"objectType": "Activity", "id": iri}
    if activity is not None and activity.definition:
        body["definition"] = activity.definition
    return json_response(body)


def about_get(xreq: XRequest) -> HttpResponse:
    return json_response(
        {
            "version": ["1.0.3", "1.0.2", "1.0.1", "1.0.0"],
            "extensions": {
                settings.SITE_BASE_URL + "/xapi/profile/": {
                    "skill_iri_prefix": rules.skill_iri_prefix(),
                    "skill_level_extension": rules.skill_level_extension(),
                }
            },
        }
    )


agents_view = xapi_resource({"GET": agents_get})
activities_view = xapi_resource({"GET": activities_get})
about_view = xapi_resource({"GET": about_get}, public=True)


def profile_page(request):
    """The platform's xAPI profile: how course content reports progress and skill evidence."""
    base = settings.SITE_BASE_URL
    context = {
        "page_title": "xAPI profile: progress and skill evidence",
        "breadcrumbs": [{"text": "Home", "href": "/"}],
        "endpoint": base + "/xapi/",
        "skill_prefix": rules.skill_iri_prefix(),
        "level_extension": rules.skill_level_extension(),
        "example_skill": rules.skill_iri_prefix() + "data-analysis",
        "verb_head": ["Verb IRI", "Status"],
        "level_head": ["Value", "Level"],
        "verb_rows": [[iri, status.replace("_", " ")] for iri, status in rules.VERB_STATUS.items()],
        "level_rows": [[str(number), name.title()] for name, number in rules.LEVEL_NAMES.items()],
        "example": json.dumps(
            {
                "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.gov.uk"},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-GB": "passed"}},
                "object": {"objectType": "Activity", "id": base + "/courses/intro-to-data-analysis"},
                "result": {"success": True, "completion": True},
                "context": {
                    "contextActivities": {"category": [{"id": rules.skill_iri_prefix() + "data-analysis"}]},
                    "extensions": {rules.skill_level_extension(): 2},
                },
            },
            indent=2,
        ),
    }
    return render(request, "learning_records/profile.html", context)
