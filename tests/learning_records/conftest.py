import base64
import json
import uuid

import pytest
from django.test import Client

VERSION = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


class LRS:
    """A small xAPI client over Django's test client: HTTP Basic, the version header, JSON bodies."""

    def __init__(self, key: str, secret: str, client: Client | None = None):
        self.http = client or Client()
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.auth = {"HTTP_AUTHORIZATION": f"Basic {token}"}

    def _headers(self, headers, version):
        merged = dict(self.auth)
        if version:
            merged.update(VERSION)
        merged.update(headers or {})
        return merged

    def get(self, path, params=None, headers=None, version=True):
        return self.http.get(path, params or {}, **self._headers(headers, version))

    def head(self, path, params=None, headers=None):
        return self.http.head(path, params or {}, **self._headers(headers, True))

    def post(self, path, data, params=None, content_type="application/json", headers=None, version=True):
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params)}"
        body = json.dumps(data) if content_type == "application/json" and not isinstance(data, (bytes, str)) else data
        return self.http.post(path, body, content_type=content_type, **self._headers(headers, version))

    def put(self, path, data, params=None, content_type="application/json", headers=None, version=True):
        from urllib.parse import urlencode

        if params:
            path = f"{path}?{urlencode(params)}"
        body = json.dumps(data) if content_type == "application/json" and not isinstance(data, (bytes, str)) else data
        return self.http.put(path, body, content_type=content_type, **self._headers(headers, version))

    def delete(self, path, params=None, headers=None):
        from urllib.parse import urlencode

        if params:
            path = f"{path}?{urlencode(params)}"
        return self.http.delete(path, **self._headers(headers, True))


@pytest.fixture
def make_lrs(db):
    from learning_records.services import lrs_client_create

    def _make(*scopes, name="Test content"):
        issued = lrs_client_create(name=name, scopes=list(scopes) or ["all"])
        lrs = LRS(issued.key, issued.secret)
        lrs.client = issued.client
        return lrs

    return _make


@pytest.fixture
def lrs(make_lrs):
    return make_lrs("all")


def statement(**overrides):
    data = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.gov.uk"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-GB": "experienced"}},
        "object": {
            "objectType": "Activity",
            "id": "http://example.gov.uk/activities/intro",
            "definition": {"name": {"en-GB": "Introduction"}},
        },
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def pytest_terminal_summary(terminalreporter):
    """Report the fuzzing volume (issue 9 asks for the number of statements tried)."""
    import sys

    module = sys.modules.get("tests.learning_records.test_fuzz")
    tried = getattr(module, "TRIED", None)
    if tried:
        parts = ", ".join(f"{kind} {count}" for kind, count in sorted(tried.items()))
        terminalreporter.write_line(f"xAPI fuzz: {sum(tried.values())} statements tried ({parts})")
