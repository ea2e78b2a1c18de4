"""One contract, two backends: every test here runs on the database backend and (marked `engine`) on
OpenSearch, and the last one requires both to give the same results, totals and facet counts."""

import pytest

from search.query import Learner, SearchRequest
from search.services import course_search, get_backend, search_index_rebuild

from .conftest import CATALOGUE


def run(backend, text="", **fields):
    return course_search(request=SearchRequest(text=text, **fields), backend=backend)


def ids(response):
    return set(response.ids)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agile", {1, 8}),
        ("AGILE Delivery", {1, 8}),  # 8 mentions delivery in its description
        ("tested", {3, 10}),  # stemming: tested ~ testing ~ tests
        ("analyses", {5, 6, 7}),  # "Data analysis" skill
        ("k8s", {2, 12}),  # synonym curated by L&D
        ("UX", {4}),  # multi-word synonym: user experience
        ("AI", {5}),  # artificial intelligence
        ("kubernetse", {2, 12}),  # typo tolerance on a long word
        ("dta", set()),  # no typo tolerance on short words
        ("the", set(range(1, 13))),  # only a stop word: no text constraint
        ("python", {6, 7}),
        ("data analysis", {5, 6, 7}),
        ("nothing-like-this-anywhere", set()),
    ],
)
def test_text_matches(catalogue, text, expected):
    response = run(catalogue, text)
    assert ids(response) == expected
    assert response.total == len(expected)


def test_title_match_ranks_above_description_match(catalogue):
    response = run(catalogue, "python")
    assert response.ids[0] == 6  # "Data analysis with Python" above a course that mentions Python in passing


def test_exact_title_words_rank_first(catalogue):
    assert run(catalogue, "kubernetes troubleshooting").ids == [12]
    assert run(catalogue, "kubernetes").ids[0] in (2, 12)


def test_review_overdue_courses_are_marked_not_hidden(catalogue):
    response = run(catalogue, "analysts")
    assert 7 in response.ids
    assert next(h for h in response.hits if h.course_id == 7).document["review_overdue"] is True


def test_facet_counts_without_filters(catalogue):
    response = run(catalogue)
    assert response.total == 12
    assert response.facet_counts("format") == {"online": 9, "classroom": 2, "blended": 1}
    assert response.facet_counts("cost") == {"free": 9, "paid": 3}
    assert response.facet_counts("duration") == {
        "up-to-1-hour": 4,
        "1-to-3-hours": 3,
        "3-hours-to-1-day": 2,
        "more-than-1-day": 2,
        "unknown": 1,
    }
    assert response.facet_counts("skill") == {
        "data-analysis": 3,
        "agile-working": 2,
        "cloud-engineering": 2,
        "testing": 2,
        "user-research": 2,
    }
    assert response.facet_counts("family")["data"] == 3
    assert response.facet_counts("level") == {"2": 7, "3": 4}
    assert response.facet_counts("provider") == {"Civil Service College": 10, "Cloud Academy": 2}
    assert [v.label for v in response.facets["level"].values] == ["Working", "Practitioner"]


def test_a_facet_keeps_its_own_counts_when_selected(catalogue):
    response = run(catalogue, filters={"format": ("classroom",)})
    assert ids(response) == {2, 8}
    assert response.facet_counts("format") == {"online": 9, "classroom": 2, "blended": 1}
    assert response.facet_counts("cost") == {"paid": 2}
    assert [v.value for v in response.facets["format"].values if v.selected] == ["classroom"]


def test_filters_combine_across_facets_and_within_a_facet(catalogue):
    response = run(catalogue, filters={"skill": ("testing", "agile-working"), "cost": ("free",)})
    assert ids(response) == {1, 3, 10}
    response = run(catalogue, "testing", filters={"level": ("3",), "duration": ("1-to-3-hours",)})
    assert ids(response) == {10}
    response = run(catalogue, filters={"family": ("architecture",), "provider": ("Cloud Academy",)})
    assert ids(response) == {2}


def test_open_to_me(catalogue):
    anonymous = run(catalogue, open_to_me=True)
    assert ids(anonymous) == set(range(1, 13)) - {8, 9, 11}
    assert anonymous.open_to_me_count == 9
    hmrc_heo = Learner(organisation_ids=(1, 101), grade_id=7)
    assert ids(run(catalogue, open_to_me=True, learner=hmrc_heo)) == set(range(1, 13)) - {11}
    hmrc_other_grade = Learner(organisation_ids=(1, 101), grade_id=5)
    response = run(catalogue, learner=hmrc_other_grade)
    assert response.total == 12  # not filtered unless asked
    assert response.open_to_me_count == 10


def test_sort_shortest_and_newest(catalogue):
    assert run(catalogue, sort="shortest").ids == [9, 7, 5, 11, 1, 10, 4, 3, 6, 2, 8, 12]
    assert run(catalogue, sort="newest").ids == list(range(12, 0, -1))


def test_pagination(catalogue):
    response = run(catalogue, sort="newest", page=3, per_page=5)
    assert response.total == 12
    assert response.ids == [2, 1]


def test_removing_a_course_drops_it(catalogue):
    catalogue.remove([2])
    assert ids(run(catalogue, "kubernetes")) == {12}
    assert catalogue.count() == 11


REQUESTS = [
    {},
    {"text": "agile"},
    {"text": "k8s"},
    {"text": "testing", "sort": "shortest"},
    {"text": "data", "filters": {"cost": ("paid",)}},
    {"filters": {"format": ("online",), "level": ("2",)}},
    {"filters": {"skill": ("testing",)}, "open_to_me": True},
    {"open_to_me": True, "learner": Learner(organisation_ids=(101,), grade_id=7), "sort": "newest"},
    {"text": "kubernetse"},
    {"text": "user experience research"},
    {"sort": "newest", "page": 2, "per_page": 5},
]


@pytest.mark.engine
@pytest.mark.django_db
@pytest.mark.parametrize("fields", REQUESTS)
def test_both_backends_agree(engine_prefix, synonyms, fields):
    database, engine = get_backend("database"), get_backend("engine")
    for backend in (database, engine):
        search_index_rebuild(backend=backend, source=[dict(d) for d in CATALOGUE])
    text = fields.pop("text", "")
    a, b = run(database, text, **fields), run(engine, text, **fields)
    assert a.total == b.total
    if fields.get("sort") in ("shortest", "newest"):
        assert a.ids == b.ids
    else:
        assert set(a.ids) == set(b.ids)
    assert a.open_to_me_count == b.open_to_me_count
    for key in a.facets:
        assert a.facet_counts(key) == b.facet_counts(key), key
        assert [v.label for v in a.facets[key].values] == [v.label for v in b.facets[key].values], key
