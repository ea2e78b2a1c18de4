"""Search test fixtures: the contract catalogue and a backend fixture run once per backend.

Tests marked `engine` need a real search engine and are skipped unless SEARCH_URL answers
(start one with `search/engine/opensearch.sh start`).
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings

_engine_state: dict[str, bool] = {}


def engine_up() -> bool:
    if "up" not in _engine_state:
        from search.backends.client import engine_answers

        _engine_state["up"] = engine_answers()
    return _engine_state["up"]


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason=f"needs a search engine at SEARCH_URL ({settings.SEARCH_URL}): search/engine/opensearch.sh start"
    )
    for item in items:
        if "engine" in item.keywords and not engine_up():
            item.add_marker(skip)


@pytest.fixture
def engine_prefix(settings):
    """A private alias per test, dropped afterwards, so tests never touch a developer's index."""
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    yield settings.SEARCH_INDEX_PREFIX
    from search.backends.engine import EngineBackend

    EngineBackend().drop()


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.engine)])
def backend(request, db):
    from search.services import get_backend

    if request.param == "engine":
        request.getfixturevalue("engine_prefix")
    return get_backend(request.param)


@pytest.fixture
def synonyms(db):
    from search.demo import seed

    seed()


TODAY = date.today()
PUBLISHED = datetime(2026, 1, 1, tzinfo=UTC)


def course(
    id,
    title,
    *,
    summary="",
    description="",
    provider="Civil Service College",
    format="online",
    minutes=60,
    cost=0,
    skills=(),
    open=True,
    organisations=(),
    professions=(),
    grades=(),
    overdue=False,
    days=0,
):
    """A document exactly as courses.selectors.course_search_documents yields one."""
    skill_rows = [
        {
            "slug": slug,
            "name": slug.replace("-", " ").capitalize(),
            "level": level,
            "level_label": {1: "Awareness", 2: "Working", 3: "Practitioner", 4: "Expert"}[level],
            "family_slugs": [family],
            "family_names": [family.replace("-", " ").capitalize()],
        }
        for slug, level, family in skills
    ]
    return {
        "id": id,
        "url": f"/courses/course-{id}/",
        "title": title,
        "summary": summary,
        "description": description,
        "provider_name": provider,
        "provider_type": "internal",
        "provider_type_label": "Internal",
        "format": format,
        "format_label": format.replace("_", " ").capitalize(),
        "duration_minutes": minutes,
        "cost_pence": cost,
        "is_free": not cost,
        "skills": skill_rows,
        "role_family_slugs": sorted({s["family_slugs"][0] for s in skill_rows}),
        "audience": {
            "open": open,
            "organisation_ids": list(organisations),
            "profession_ids": list(professions),
            "grade_ids": list(grades),
        },
        "review_by": (TODAY - timedelta(days=10) if overdue else TODAY + timedelta(days=200)).isoformat(),
        "review_overdue": overdue,
        "first_published_at": (PUBLISHED + timedelta(days=days)).isoformat(),
        "live": True,
    }


AGILE = ("agile-working", 2, "product-and-delivery")
TESTING = ("testing", 3, "quality-assurance-testing")
CLOUD = ("cloud-engineering", 3, "architecture")
DATA = ("data-analysis", 2, "data")
RESEARCH = ("user-research", 2, "user-centred-design")

CATALOGUE = [
    course(1, "Agile delivery foundations", summary="Plan and deliver in iterations.", skills=[AGILE], minutes=90, days=1),
    course(2, "Kubernetes for platform teams", summary="Run containers in production.", skills=[CLOUD],
           format="classroom", minutes=480, cost=45000, provider="Cloud Academy", days=2),
    course(3, "Automated testing in practice", description="Unit tests, contract tests and test automation.",
           skills=[TESTING], minutes=240, days=3),
    course(4, "Designing for user experience", summary="Interaction design basics.", skills=[RESEARCH],
           format="blended", minutes=180, days=4),
    course(5, "Artificial intelligence for policy makers", summary="What machine learning can and cannot do.",
           skills=[DATA], minutes=45, provider="Cloud Academy", days=5),
    course(6, "Data analysis with Python", summary="Pandas and notebooks.", skills=[DATA],
           minutes=300, cost=12000, days=6),
    course(7, "Working with analysts", description="Analysts often use Python for data work.", skills=[DATA],
           minutes=30, overdue=True, days=7),
    course(8, "Leading agile teams", description="Agile leadership for delivery managers.", skills=[AGILE],
           minutes=600, format="classroom", cost=30000, open=False, organisations=[101], days=8),
    course(9, "Security clearance briefing", summary="For HMRC staff at HEO.", skills=[],
           minutes=20, open=False, organisations=[101], grades=[7], days=9),
    course(10, "Accessibility testing", summary="Testing with assistive technology.", skills=[TESTING, RESEARCH],
           minutes=120, days=10),
    course(11, "Closed course nobody can join", open=False, minutes=60, days=11),
    course(12, "Kubernetes troubleshooting", description="Debugging pods.", skills=[CLOUD], minutes=None,
           format="online", days=12),
]  # fmt: skip


@pytest.fixture
def catalogue(backend, synonyms):
    """The contract catalogue indexed into the backend under test (through the rebuild service)."""
    from search.services import search_index_rebuild

    search_index_rebuild(backend=backend, source=[dict(d) for d in CATALOGUE])
    return backend
