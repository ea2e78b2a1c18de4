"""Writes shared by the whole site: the Wagtail site and its home page."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from .models import ContentPage, HomePage

HOME_INTRODUCTION = (
    "<p>Find the digital, data and technology skills your role needs, see the gap between where you are and "
    "where you want to be, and follow a training pathway that explains every step.</p>"
)


def _page_content_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page)


@transaction.atomic
def site_ensure_home() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's placeholder page. Idempotent."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            from django.conf import settings as django_settings
            from wagtail.models import Locale

            Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
            # Wagtail's root comes from a data migration; a flushed database (transactional tests) has none.
            root = Page.add_root(instance=Page(title="Root", slug="root", content_type=_page_content_type()))
        for placeholder in root.get_children().exact_type(Page):
            if placeholder.slug == "home":
                placeholder.slug = "home-placeholder"
                placeholder.save()
        home = HomePage(
            title="Build digital, data and technology skills",
            slug="home",
            summary="A reskilling framework and training toolkit for everyone in the Civil Service.",
            introduction=HOME_INTRODUCTION,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    host = settings.SITE_BASE_URL.split("://", 1)[-1].split(":")[0]
    port = int(settings.SITE_BASE_URL.rsplit(":", 1)[-1]) if settings.SITE_BASE_URL.count(":") == 2 else 80
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=host, port=port, root_page=home, is_default_site=True, site_name=settings.SERVICE_NAME
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.hostname, site.port, site.site_name = host, port, settings.SERVICE_NAME
        site.save()
    for placeholder in Page.objects.exact_type(Page).filter(depth=2, slug="home-placeholder"):
        placeholder.delete()
    if not ContentPage.objects.child_of(home).filter(slug="about").exists():
        about = ContentPage(
            title="About this service",
            slug="about",
            summary="Why the Civil Service built a reskilling framework and toolkit, and how it works.",
            body=[
                (
                    "paragraph",
                    "<p>Government has thousands of unfilled digital, data and technology posts. This service "
                    "makes the routes into those roles transparent: every skill each role level needs, courses that "
                    "teach them, and a pathway from your current role to your target.</p>",
                ),
                ("heading", "How recommendations work"),
                (
                    "paragraph",
                    "<p>Every recommendation explains itself: each step names the skill it teaches, the level it "
                    "reaches and why your target role needs it. Nothing is added to your plan without you choosing it.</p>",
                ),
            ],
        )
        home.add_child(instance=about)
        about.save_revision().publish()
    return home
