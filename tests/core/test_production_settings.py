"""Production settings refuse an unsafe configuration and pass `check --deploy`; OIDC is off unless configured.

Each case runs in a fresh interpreter so the settings module is imported with exactly the environment given.
"""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "skills.example.gov.uk",
    "DATABASE_URL": "postgres://skills:secret@127.0.0.1:5432/skills",  # never connected to
}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "skills_site.settings.production"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def load_settings(env: dict, *names: str) -> subprocess.CompletedProcess:
    """Import the production settings module alone (no django.setup: quick) and print the named values."""
    code = (
        "import json; import skills_site.settings.production as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    return run(env, "-c", code)


def test_check_deploy_is_clean_under_production_settings():
    result = run(GOOD, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:////tmp/skills.sqlite3"}, "DATABASE_URL"),
    ],
)
def test_production_refuses_unsafe_configuration(override, message):
    env = {k: v for k, v in {**GOOD, **override}.items() if v != ""}
    result = load_settings(env, "DEBUG")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_security_settings():
    result = load_settings(
        GOOD,
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "CONTENT_SECURITY_POLICY",
    )
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)
    assert s["DEBUG"] is False
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"]
    assert s["SESSION_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_SECURE"]
    assert s["CSRF_COOKIE_HTTPONLY"]
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    csp = dict(part.strip().split(" ", 1) for part in s["CONTENT_SECURITY_POLICY"].split(";"))
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe-inline" not in s["CONTENT_SECURITY_POLICY"]


def test_production_responses_carry_the_security_headers_and_redirect_to_https():
    """Real requests through the production middleware stack (a view that needs no database)."""
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', secure=True, HTTP_HOST='skills.example.gov.uk'); "
        "plain = Client().get('/healthz', HTTP_HOST='skills.example.gov.uk'); "
        "print(json.dumps({'status': r.status_code, 'plain': [plain.status_code, plain.headers['Location']],"
        " **dict(r.headers)}))"
    )
    result = run(GOOD, "-c", code)
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout)
    assert headers["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["plain"] == [301, "https://skills.example.gov.uk/healthz"]


def test_oidc_is_off_unless_configured():
    result = load_settings(GOOD, "SOCIALACCOUNT_PROVIDERS")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SOCIALACCOUNT_PROVIDERS"] == {}


def test_oidc_is_configured_from_the_environment():
    env = {
        **GOOD,
        "OIDC_CLIENT_ID": "client-123",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
    }
    result = load_settings(env, "SOCIALACCOUNT_PROVIDERS")
    assert result.returncode == 0, result.stderr
    app = json.loads(result.stdout)["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"][0]
    assert app["client_id"] == "client-123" and app["provider_id"] == "entra"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant/v2.0"


def test_session_and_csrf_cookies_are_secure_and_http_only(client, settings, db, home_page):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/accounts/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
