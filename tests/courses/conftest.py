import pytest


@pytest.fixture(autouse=True)
def _fresh_catalogue_cache():
    """The plain-data catalogue is memoised against a token in the cache; every test starts with a new token."""
    from courses.services import catalogue_cache_invalidate

    catalogue_cache_invalidate()
    yield


@pytest.fixture
def framework(db):
    from tests.courses.factories import framework_version

    return framework_version()


@pytest.fixture
def catalogue(home_page):
    from courses.services import catalogue_ensure_index

    return catalogue_ensure_index()


@pytest.fixture
def provider(db):
    from courses.models import Provider

    return Provider.objects.create(name="Government Campus", slug="government-campus", provider_type="academy")


@pytest.fixture
def make_course(catalogue, provider):
    from courses.services import course_create

    def _make(title="Data modelling basics", skills=(("data-modelling", 2),), publish=True, **fields):
        fields.setdefault("provider", provider)
        return course_create(index=catalogue, title=title, skills=skills, publish=publish, **fields)

    return _make
