import pytest

from people.models import LearnerProfile, Organisation

from .factories import make_framework


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def catalogue(home_page, framework, reference_data):
    """A small live catalogue over the test framework (prerequisites, an audience limit, an unreachable skill)."""
    from courses.services import catalogue_cache_invalidate, catalogue_ensure_index, course_create

    index = catalogue_ensure_index(home=home_page)
    hmrc = Organisation.objects.get(slug="hm-revenue-customs")

    def make(title, skills, minutes, cost=0, **extra):
        return course_create(
            index=index, title=title, skills=skills, duration_minutes=minutes, cost_pence=cost, **extra
        )

    courses = {}
    courses["modelling"] = make("Data modelling fundamentals", [("data-modelling", 2)], 120)
    courses["basics"] = make("Analysis basics", [("data-analysis", 1)], 60)
    courses["advanced"] = make("Advanced analysis", [("data-analysis", 3)], 300, prerequisites=[courses["basics"]])
    courses["hmrc"] = make(
        "Programming at HMRC", [("programming-and-build", 2)], 30, audience={"organisations": [hmrc]}
    )
    courses["programming"] = make("Programming for everyone", [("programming-and-build", 2)], 600)
    courses["agile"] = make("Agile awareness", [("agile-working", 1)], 45)
    courses["expensive"] = make("Agile awareness express", [("agile-working", 1)], 15, cost=49900)
    catalogue_cache_invalidate()
    return courses


@pytest.fixture
def learner(make_user, framework, reference_data):
    user = make_user("learner", name="Sam Learner")
    LearnerProfile.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="department-for-work-pensions"),
        current_role_level=framework["levels"]["delivery-manager"],
        target_role_level=framework["levels"]["data-engineer"],
    )
    return user
