"""The daily job: courses past review-by, and booking links checked against a local HTTP server."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from courses.models import CourseLinkCheck
from courses.tasks import catalogue_daily_check

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body):
        if self.path == "/ok":
            code = 200
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        elif self.path == "/no-head" and self.command == "HEAD":
            code = 405
        elif self.path == "/no-head":
            code = 200
        else:
            code = 404
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED = ["127.0.0.1"]  # this test's own server, and nothing else private
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/gone"


def test_daily_check_reports_broken_links_and_overdue_reviews(
    client, framework, make_course, make_user, server, closed_port
):
    today = dt.date.today()
    good = make_course(title="Good link", booking_url=f"{server}/ok", review_by=today + dt.timedelta(days=10))
    moved = make_course(title="Redirected link", booking_url=f"{server}/moved")
    no_head = make_course(title="Server refuses HEAD", booking_url=f"{server}/no-head")
    missing = make_course(title="Missing page", booking_url=f"{server}/missing", review_by=today - dt.timedelta(days=3))
    refused = make_course(title="Server gone", booking_url=closed_port)
    make_course(title="No link at all")

    result = catalogue_daily_check.delay().get()

    checks = {c.course_id: c for c in CourseLinkCheck.objects.all()}
    assert checks[good.pk].ok and checks[moved.pk].ok and checks[no_head.pk].ok
    assert not checks[missing.pk].ok and checks[missing.pk].status_code == 404
    assert not checks[refused.pk].ok and "connect" in checks[refused.pk].error
    assert result["broken"] == 2 and result["checked_courses"] == 5
    assert [c["title"] for c in result["past_review"]] == ["Missing page"]
    # Reporting blocks nothing: broken courses stay live.
    missing.refresh_from_db()
    assert missing.live

    curator = make_user("curator")
    client.force_login(curator)
    page = client.get("/admin/catalogue/reports/").content.decode()
    assert "Missing page" in page and "Server gone" in page and "The page answered 404" in page
    assert "Good link" not in page
    assert "2 broken booking links" in client.get("/admin/").content.decode()

    # Fixing a link clears it at the next run.
    from courses.services import course_update

    course_update(course=missing, title=missing.title, booking_url=f"{server}/ok", publish=True)
    catalogue_daily_check.delay().get()
    assert CourseLinkCheck.objects.get(course_id=missing.pk).ok


def test_reports_need_the_curator_permission(client, make_user, catalogue):
    client.force_login(make_user("learner"))
    assert client.get("/admin/catalogue/reports/").status_code in (302, 403)
    assert client.get("/admin/catalogue/reports/coverage.csv").status_code in (302, 403)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/booking",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8000/admin/",
        "http://[::1]/",
        "http://192.168.0.1/",
    ],
)
def test_links_into_a_private_network_are_not_fetched(url):
    from courses.services import link_check

    ok, status, error = link_check(url, timeout=1)
    assert (ok, status) == (False, None)
    assert error == "Not checked: the address points inside a private network."


def test_a_redirect_into_a_private_network_is_not_followed(server):
    from courses.services import link_check

    assert link_check(f"{server}/ok")[0]  # the allowed test host itself is fetched
    ok, status, error = link_check(f"{server}/to-metadata", timeout=1)
    assert (ok, status, error) == (False, None, "Not checked: the address points inside a private network.")


def test_only_web_addresses_are_checked():
    from courses.services import link_check

    assert link_check("file:///etc/passwd") == (False, None, "Not checked: only http and https addresses are checked.")


def test_a_name_that_resolves_privately_at_connect_time_is_not_fetched(server, settings, monkeypatch):
    """DNS rebinding: the name looked public when checked, then the connection lands on a private address."""
    from courses import services

    requests_seen = []
    original = Handler._answer
    monkeypatch.setattr(Handler, "_answer", lambda self, body: (requests_seen.append(self.path), original(self, body)))
    settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED = []  # 127.0.0.1 is no longer an allowed exception
    monkeypatch.setattr(services, "_address_refusal", lambda url: "")  # the DNS check was fooled
    ok, status, error = services.link_check(f"{server}/ok", timeout=2)
    assert (ok, status, error) == (False, None, "Not checked: the address points inside a private network.")
    assert requests_seen == []  # closed before a byte was sent
