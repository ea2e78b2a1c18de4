"""Failed LRS authentication is rate limited per address; working credentials are never slowed (issue 9)."""

import pytest

from .conftest import LRS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.LRS_AUTH_FAILURES_ALLOWED = 3
    settings.LRS_AUTH_FAILURE_WINDOW = 60


def _from(address: str, lrs: LRS) -> LRS:
    lrs.auth["REMOTE_ADDR"] = address
    return lrs


def test_repeated_wrong_secrets_are_refused_with_429_and_a_retry_time(lrs):
    guesser = _from("203.0.113.7", LRS(lrs.client.key, "wrong-secret"))
    for _ in range(3):
        assert guesser.get("/xapi/statements").status_code == 401
    response = guesser.get("/xapi/statements")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "too many failed authentication attempts" in response.json()["error"]
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_while_blocked_even_the_right_secret_is_refused_from_that_address(lrs):
    guesser = _from("203.0.113.7", LRS(lrs.client.key, "wrong-secret"))
    for _ in range(3):
        guesser.get("/xapi/statements")
    assert _from("203.0.113.7", lrs).get("/xapi/statements").status_code == 429


def test_other_addresses_and_good_credentials_are_not_affected(lrs):
    guesser = _from("203.0.113.7", LRS(lrs.client.key, "wrong-secret"))
    for _ in range(4):
        guesser.get("/xapi/statements")
    assert _from("198.51.100.2", lrs).get("/xapi/statements").status_code == 200


def test_successful_requests_do_not_count_towards_the_limit(lrs):
    good = _from("198.51.100.2", lrs)
    for _ in range(10):
        assert good.get("/xapi/statements").status_code == 200


def test_unknown_keys_count_as_failures_too(db):
    stranger = _from("203.0.113.9", LRS("no-such-key", "x"))
    statuses = [stranger.get("/xapi/statements").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_the_block_ends_with_the_window(lrs, settings):
    from django.core.cache import cache

    guesser = _from("203.0.113.7", LRS(lrs.client.key, "wrong-secret"))
    for _ in range(3):
        guesser.get("/xapi/statements")
    assert guesser.get("/xapi/statements").status_code == 429
    cache.delete_many(["lrs-auth-fail:203.0.113.7", "lrs-auth-fail-until:203.0.113.7"])  # the window passing
    assert _from("203.0.113.7", lrs).get("/xapi/statements").status_code == 200
