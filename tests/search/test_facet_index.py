"""The database backend's in-memory facet columns: reloaded whenever the tables change, never stale."""

import random

import pytest
from django.db import transaction

from search import analysis
from search.backends.facet_index import FacetIndexBuilder, positions
from search.query import SearchRequest
from search.services import course_search, get_backend, search_index_courses, search_index_rebuild

from .conftest import CATALOGUE


def kubernetes(backend):
    return set(course_search(request=SearchRequest(text="kubernetes"), backend=backend).ids)


@pytest.mark.django_db
def test_a_rolled_back_change_is_not_remembered(synonyms):
    backend = get_backend("database")
    search_index_rebuild(backend=backend, source=[dict(d) for d in CATALOGUE])
    assert kubernetes(backend) == {2, 12}

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        backend.remove([2])
        assert kubernetes(backend) == {12}  # the change is seen inside its own transaction...
        raise RolledBack
    assert kubernetes(backend) == {2, 12}  # ...and forgotten with it
    assert course_search(request=SearchRequest(), backend=backend).facet_counts("format")["classroom"] == 2


@pytest.mark.django_db
def test_a_change_made_by_another_backend_instance_is_seen(synonyms):
    """Each search asks the database whether the tables changed, so a task in another process (here: another
    backend object) is seen at once, facets included."""
    search_index_rebuild(backend=get_backend("database"), source=[dict(d) for d in CATALOGUE])
    reader = get_backend("database")
    assert course_search(request=SearchRequest(), backend=reader).facet_counts("provider")["Cloud Academy"] == 2
    changed = dict(CATALOGUE[1], provider_name="Kube School")
    from search import documents

    get_backend("database").index([documents.prepare(changed)])
    response = course_search(request=SearchRequest(), backend=reader)
    assert response.facet_counts("provider") == {"Civil Service College": 10, "Cloud Academy": 1, "Kube School": 1}
    search_index_courses(course_ids=[2], backend=get_backend("database"))  # course 2 is not live in the catalogue
    assert kubernetes(reader) == {12}


def test_fuzzy_candidates_match_a_full_scan():
    """The letter-set shortcut only skips words that are too far away: same candidates as measuring every word."""
    rng = random.Random(3)
    words = ["".join(rng.choices("abcdeklmnorstu", k=rng.randint(3, 11))) for _ in range(3000)]
    words += ["kubernet", "kubernets", "kuberent", "deliveri", "delivri", "analysi", "anlaysi"]
    builder = FacetIndexBuilder(None, [])
    builder.add_vocabulary(sorted(set(words)))
    index = builder.build()
    for query in ["kubernetes", "delivery", "analysis", *rng.sample(words, 200)]:
        term = analysis.stem(query)
        edits = analysis.fuzzy_edits(term)
        expected = {term} | {w for w in set(words) if edits and analysis.edit_distance(term, w, edits) <= edits}
        assert index.fuzzy_candidates(query) == sorted(expected), query


def test_positions_lists_set_bits_in_order():
    mask = (1 << 0) | (1 << 7) | (1 << 8) | (1 << 19_999)
    assert list(positions(mask)) == [0, 7, 8, 19_999]
    assert list(positions(mask, limit=2)) == [0, 7]
    assert list(positions(0)) == []
