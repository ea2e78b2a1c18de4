"""The search page with filters applied, checked with axe-core in Debian's chromium (keyboard and reflow too)."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll, tab_to

from .conftest import CATALOGUE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed(site):
    from search.demo import seed
    from search.services import get_backend, search_index_rebuild

    seed()
    search_index_rebuild(backend=get_backend("database"), source=[dict(d) for d in CATALOGUE])


def test_search_with_filters_is_accessible(site, browser_page, indexed):
    browser_page.goto(site.url("/search/?q=testing&format=online&cost=free&open_to_me=on&sort=shortest"))
    assert "Accessibility testing" in browser_page.inner_text("main")
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)


def test_no_results_page_is_accessible(site, browser_page, indexed):
    browser_page.goto(site.url("/search/?q=zzqxv&format=classroom"))
    assert "No courses match" in browser_page.inner_text("main")
    assert_accessible(browser_page)


def test_header_search_works_with_the_keyboard(site, browser_page, indexed):
    browser_page.goto(site.url("/"))
    tab_to(browser_page, "#app-header-search-q")
    browser_page.keyboard.type("k8s")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_load_state()
    main = browser_page.inner_text("main")
    assert "Kubernetes for platform teams" in main and "Kubernetes troubleshooting" in main
    assert_accessible(browser_page)
