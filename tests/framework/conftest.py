import pytest


@pytest.fixture
def demo_framework(db):
    """The sample framework of the demo seed, current."""
    from framework.demo import seed
    from framework.selectors import version_current

    seed()
    return version_current()


@pytest.fixture
def official_framework(db, ddat_dir):
    from framework.services import framework_import

    return framework_import(roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", label="2025").version
