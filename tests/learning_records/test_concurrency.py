"""Eight writers posting overlapping statement ids at once: nothing lost, nothing duplicated (PostgreSQL)."""

import random
import threading

import pytest
from django.db import connection

from learning_records.models import Statement, StatementActivity, StatementAgent
from learning_records.services import lrs_client_create

from .conftest import LRS, statement

WRITERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_with_overlapping_ids_lose_and_duplicate_nothing():
    issued = lrs_client_create(name="writers", scopes=["all"])
    pool = [statement(actor={"mbox": f"mailto:learner{i % 7}@example.gov.uk"}) for i in range(240)]
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(WRITERS)

    def writer(seed: int):
        rng = random.Random(seed)
        lrs = LRS(issued.key, issued.secret)
        # Each writer sends every statement of a random half of the pool plus a shared slice every writer sends,
        # in shuffled batches of varying size, some as single POSTs.
        mine = list({s["id"]: s for s in [s for s in pool if rng.random() < 0.5] + pool[:40]}.values())
        rng.shuffle(mine)
        barrier.wait()
        try:
            while mine:
                size = rng.choice([1, 5, 20, 50])
                batch, mine = mine[:size], mine[size:]
                response = lrs.post("/xapi/statements", batch if size > 1 else batch[0])
                with lock:
                    statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses and set(statuses) == {200}
    sent = {s["id"] for s in pool[:40]}
    for seed in range(WRITERS):
        rng = random.Random(seed)
        sent |= {s["id"] for s in pool if rng.random() < 0.5}
    stored = [str(sid) for sid in Statement.objects.values_list("statement_id", flat=True)]
    assert len(stored) == len(set(stored)) == len(sent)
    assert set(stored) == sent
    # Index rows: exactly one actor row and one object-activity row per statement, no duplicates from retries.
    assert StatementAgent.objects.filter(direct=True).count() == len(sent)
    assert StatementActivity.objects.filter(direct=True).count() == len(sent)
