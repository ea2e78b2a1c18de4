"""The HTTP layer of the LRS: one dispatcher for every xAPI resource (Communication, part three of xAPI 1.0.3).

It handles, for every resource, what the specification requires around the resource itself: the
X-Experience-API-Version header on requests and responses, HTTP Basic authentication with LRS client credentials
(or the signed-in learner's session, for reading their own statements), the alternate request syntax (a POST with
?method=...), CORS for content running in a browser, unknown parameters (400), and HEAD.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from django.http import HttpResponse
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from core.middleware import browser_middleware_exempt

from . import throttle
from .models import LRSClient
from .validation import StatementInvalid

VERSION = "1.0.3"
_VERSION_HEADER = re.compile(r"^1\.0(\.\d+)?$")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Content-Type, Content-Length, Authorization, If-Match, If-None-Match, X-Experience-API-Version, "
        "Accept-Language"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Cache-Control, Content-Type, Content-Length, WWW-Authenticate, "
        "X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Max-Age": "3600",
}
ALTERNATE_HEADERS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
    "accept-language",
}


class ApiError(Exception):
    status = 400

    def __init__(self, message: str, status: int | None = None, headers: dict | None = None):
        super().__init__(message)
        if status:
            self.status = status
        self.headers = headers or {}


@dataclass
class Principal:
    client: LRSClient | None = None
    user_id: int | None = None
    scopes: set[str] = field(default_factory=set)

    def can_write_statements(self) -> bool:
        return bool(self.scopes & {"statements/write", "all"})

    def statements_read_filter(self) -> dict:
        """The filter a statement list is narrowed by, or raise 403 if this principal may read none."""
        if self.scopes & {"statements/read", "all/read", "all"}:
            return {}
        if self.client is not None and "statements/read/mine" in self.scopes:
            return {"client": self.client}
        if self.client is None and self.user_id is not None:
            return {"user_id": self.user_id}
        raise ApiError("this credential may not read statements", 403)

    def require(self, *scopes: str) -> None:
        if not self.scopes & set(scopes):
            raise ApiError(f"this credential needs one of the scopes: {', '.join(scopes)}", 403)


@dataclass
class XRequest:
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    path: str
    principal: Principal | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def _from_django(request) -> XRequest:
    if request.method == "POST" and "method" in request.GET:
        return _alternate(request)
    params = {key: request.GET.getlist(key)[-1] for key in request.GET}
    headers = {key.lower(): value for key, value in request.headers.items()}
    return XRequest(method=request.method, params=params, headers=headers, body=request.body, path=request.path)


def _alternate(request) -> XRequest:
    """The alternate request syntax: POST ?method=X with headers, parameters and content in a form body."""
    if set(request.GET) != {"method"}:
        raise ApiError("with the alternate request syntax the query string must contain only the method parameter")
    method = request.GET["method"].upper()
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise ApiError(f"method={method} is not an HTTP method the LRS supports")
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise ApiError("the alternate request syntax needs Content-Type: application/x-www-form-urlencoded")
    try:
        form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise ApiError("the form body is not UTF-8")
    headers, params, body = {}, {}, b""
    for key, values in form.items():
        value = values[-1]
        lower = key.lower()
        if lower == "content":
            body = value.encode("utf-8")
        elif lower in ALTERNATE_HEADERS:
            headers[lower] = value
        else:
            params[key] = value
    for key, value in request.headers.items():
        headers.setdefault(key.lower(), value)
    if body and "content-type" not in {k.lower() for k in form}:
        headers["content-type"] = "application/json"
    elif not body and "content-type" not in {k.lower() for k in form}:
        headers["content-type"] = ""
    return XRequest(method=method, params=params, headers=headers, body=body, path=request.path)


# Clients are looked up at most every CLIENT_CACHE_SECONDS per process: a deactivated or rotated credential
# stops working within that time. This saves a query on every statement POST.
CLIENT_CACHE_SECONDS = 10
_client_cache: dict[str, tuple[float, LRSClient | None]] = {}


def _client_for(key: str) -> LRSClient | None:
    now = time.monotonic()
    cached = _client_cache.get(key)
    if cached and now - cached[0] < CLIENT_CACHE_SECONDS:
        return cached[1]
    client = LRSClient.objects.filter(key=key, is_active=True).first()
    if len(_client_cache) > 1000:
        _client_cache.clear()
    _client_cache[key] = (now, client)
    return client


def client_cache_clear(**kwargs) -> None:
    _client_cache.clear()


def _authenticate(xreq: XRequest, request) -> Principal | None:
    header = xreq.headers.get("authorization", "")
    if header:
        limited = throttle.blocked(request)
        if limited is not None:
            raise ApiError(
                "too many failed authentication attempts from this address; "
                f"try again in {limited.retry_after} seconds",
                429,
                headers={"Retry-After": str(limited.retry_after)},
            )
        principal = _client_principal(header)
        if principal is None:
            throttle.record_failure(request)
        return principal
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Principal(user_id=user.pk)
    return None


def _client_principal(header: str) -> Principal | None:
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        key, _, secret = base64.b64decode(credentials.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client = _client_for(key)
    if client is None or not hmac.compare_digest(client.secret_hash, LRSClient.hash_secret(secret)):
        return None
    return Principal(client=client, scopes=set(client.scopes))


def json_response(data, status=200, headers=None) -> HttpResponse:
    response = HttpResponse(json.dumps(data, separators=(",", ":")), status=status, content_type="application/json")
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def error_response(message: str, status: int) -> HttpResponse:
    return json_response({"error": message, "status": status}, status=status)


def check_params(xreq: XRequest, allowed: set[str]) -> None:
    unknown = sorted(set(xreq.params) - allowed)
    if unknown:
        raise ApiError(
            f"unknown parameter(s): {', '.join(unknown)}; this resource accepts {', '.join(sorted(allowed))}"
        )


def xapi_resource(handlers: dict, *, public: bool = False):
    """Build a Django view from {method: handler(xreq) -> HttpResponse}."""

    @browser_middleware_exempt
    @csrf_exempt
    def view(request, **kwargs):
        if request.method == "OPTIONS":
            return _finish(HttpResponse(status=200), head=False)
        xreq = None
        try:
            xreq = _from_django(request)
            if not public:
                version = xreq.headers.get("x-experience-api-version", "")
                if not _VERSION_HEADER.match(version.strip()):
                    raise ApiError(
                        "the X-Experience-API-Version header is required and must be 1.0.x (this LRS speaks 1.0.3)"
                    )
            handler = handlers.get("GET" if xreq.method == "HEAD" else xreq.method)
            if handler is None:
                response = error_response(f"{xreq.method} is not allowed on this resource", 405)
                response["Allow"] = ", ".join(sorted(set(handlers) | ({"HEAD"} if "GET" in handlers else set())))
                return _finish(response, head=False)
            if not public:
                xreq.principal = _authenticate(xreq, request)
                if xreq.principal is None:
                    response = error_response("authenticate with an LRS client key and secret (HTTP Basic)", 401)
                    response["WWW-Authenticate"] = 'Basic realm="xAPI"'
                    return _finish(response, head=xreq.method == "HEAD")
                if xreq.principal.client is None and xreq.method not in ("GET", "HEAD"):
                    raise ApiError("signed-in learners may only read their own statements", 403)
            response = handler(xreq, **kwargs)
        except StatementInvalid as exc:
            response = error_response(str(exc), 400)
        except ApiError as exc:
            response = error_response(str(exc), exc.status)
            for name, value in exc.headers.items():
                response[name] = value
        return _finish(response, head=request.method == "HEAD" or (xreq is not None and xreq.method == "HEAD"))

    return view


def _finish(response: HttpResponse, head: bool) -> HttpResponse:
    response["X-Experience-API-Version"] = VERSION
    for key, value in CORS_HEADERS.items():
        response[key] = value
    if head:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def last_modified(moment) -> str:
    return http_date(moment.timestamp())


def sha2_of(content: bytes, length_hint: int) -> str:
    algorithm = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}.get(
        length_hint, hashlib.sha256
    )
    return algorithm(content).hexdigest()
