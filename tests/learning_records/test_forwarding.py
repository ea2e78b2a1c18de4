"""Forwarding stored statements to an external LRS: sent when it is up, retried (and learners unaffected) when down."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from learning_records import forwarding
from learning_records.models import Statement

from .conftest import statement


class Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((self.headers.get("X-Experience-API-Version"), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, *args):
        pass


@pytest.fixture
def external_lrs():
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/xapi"
    server.shutdown()


def test_stored_statements_are_forwarded(lrs, external_lrs, django_capture_on_commit_callbacks):
    data = statement()
    with override_settings(XAPI_FORWARD_URL=external_lrs), django_capture_on_commit_callbacks(execute=True):
        assert lrs.post("/xapi/statements", data).status_code == 200
    assert len(Receiver.received) == 1
    version, sent = Receiver.received[0]
    assert version == "1.0.3"
    assert [s["id"] for s in sent] == [data["id"]]
    assert "authority" not in sent[0]


def test_external_lrs_down_keeps_the_platform_working_and_the_task_retries(lrs, django_capture_on_commit_callbacks):
    data = statement()
    with (
        override_settings(XAPI_FORWARD_URL="http://127.0.0.1:9/xapi"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = lrs.post("/xapi/statements", data)
    assert response.status_code == 200
    assert Statement.objects.filter(statement_id=data["id"]).exists()
    pk = Statement.objects.get(statement_id=data["id"]).pk
    with override_settings(XAPI_FORWARD_URL="http://127.0.0.1:9/xapi"), pytest.raises(forwarding.ForwardingError):
        forwarding.statements_forward(statement_pks=[pk])


def test_forwarding_task_is_declared_with_retries():
    from learning_records.tasks import statements_forward_task

    assert statements_forward_task.max_retries == 10
    assert forwarding.ForwardingError in statements_forward_task.autoretry_for


def test_forwarding_is_off_without_a_url(lrs):
    data = statement()
    lrs.post("/xapi/statements", data)
    assert forwarding.statements_forward(statement_pks=[Statement.objects.get(statement_id=data["id"]).pk]) == 0
