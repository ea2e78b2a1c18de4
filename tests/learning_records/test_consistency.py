"""What a reader can rely on: the order statements come back in, `stored`, and X-Experience-API-Consistent-Through."""

import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from learning_records import writes
from learning_records.models import Statement
from learning_records.services import lrs_client_create
from learning_records.validation import parse_timestamp

from .conftest import LRS, statement


def ids_of(body):
    return [s["id"] for s in body["statements"]]


def test_a_batch_reads_back_in_the_order_it_was_sent(lrs):
    # Ids whose sorted order is the reverse of the order sent: the LRS inserts in id order (so that concurrent
    # writers never deadlock), which must not decide the order readers see.
    sent = sorted((str(uuid.uuid4()) for _ in range(6)), reverse=True)
    assert lrs.post("/xapi/statements", [statement(id=i) for i in sent]).status_code == 200

    assert ids_of(lrs.get("/xapi/statements", {"ascending": "true"}).json()) == sent
    assert ids_of(lrs.get("/xapi/statements").json()) == sent[::-1]
    first = lrs.get("/xapi/statements", {"ascending": "true", "limit": "4"}).json()
    rest = lrs.get(first["more"]).json()
    assert ids_of(first) + ids_of(rest) == sent


def test_later_batches_come_first_newest_first(lrs):
    older = [statement() for _ in range(3)]
    newer = [statement() for _ in range(3)]
    lrs.post("/xapi/statements", older)
    lrs.post("/xapi/statements", newer)
    body = lrs.get("/xapi/statements", {"limit": "2"}).json()
    seen = ids_of(body)
    while body["more"]:
        body = lrs.get(body["more"]).json()
        seen += ids_of(body)
    assert seen == [s["id"] for s in newer[::-1] + older[::-1]]


def test_stored_is_set_by_the_lrs_and_fills_a_missing_timestamp(lrs):
    data = statement()
    assert "timestamp" not in data
    lrs.post("/xapi/statements", data)
    got = lrs.get("/xapi/statements", {"statementId": data["id"]}).json()
    row = Statement.objects.get(statement_id=data["id"])
    assert got["timestamp"] == got["stored"]
    assert parse_timestamp(got["stored"]) == row.stored == row.timestamp


def test_a_timestamp_without_a_zone_is_accepted_as_utc(lrs):
    # xAPI 1.0.3 Data 4.5: a Timestamp SHOULD include the time zone (not MUST); ADL's conformance suite rejects
    # only the -00:00 style offsets (tested in test_validation), so a zone-less timestamp is stored, read as UTC.
    data = statement(timestamp="2026-12-02T09:30:00.123")
    assert lrs.post("/xapi/statements", data).status_code == 200
    row = Statement.objects.get(statement_id=data["id"])
    assert row.timestamp == parse_timestamp("2026-12-02T09:30:00.123Z")


def test_consistent_through_is_a_real_instant_just_behind_now(lrs):
    lrs.post("/xapi/statements", statement())
    response = lrs.get("/xapi/statements")
    moment = parse_timestamp(response["X-Experience-API-Consistent-Through"])
    assert moment < timezone.now()
    # The promise itself: every statement stored at or before that instant is in the results.
    listed = {s["id"] for s in response.json()["statements"]}
    promised = {str(i) for i in Statement.objects.filter(stored__lte=moment).values_list("statement_id", flat=True)}
    assert promised <= listed
    single = lrs.get("/xapi/statements", {"statementId": Statement.objects.first().statement_id})
    assert parse_timestamp(single["X-Experience-API-Consistent-Through"]) <= timezone.now()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_consistent_through_stays_behind_a_write_still_in_flight():
    """A statement stored by a transaction that has not committed yet must not be promised as included."""
    issued = lrs_client_create(name="reader", scopes=["all"])
    lrs = LRS(issued.key, issued.secret)
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("BEGIN")
        started = other.execute("SELECT now()").fetchone()[0]  # the `stored` its statements would get
        held = parse_timestamp(lrs.get("/xapi/statements")["X-Experience-API-Consistent-Through"])
        assert held < started
        other.execute("ROLLBACK")
        time.sleep(writes.CONSISTENCY_MARGIN.total_seconds() + 0.1)
        freed = parse_timestamp(lrs.get("/xapi/statements")["X-Experience-API-Consistent-Through"])
        assert freed > started
    finally:
        other.close()
