"""Page types every part of the site builds on."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentStreamBlock


class BasePage(Page):
    """Fields every public page shares: a one-line summary used in lists, search results and meta tags."""

    summary = models.CharField(max_length=300, blank=True, help_text="One sentence, shown in lists and search results.")

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [FieldPanel("summary")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The service's start page."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "core/home_page.html"


class ContentPage(BasePage):
    """A simple page editors can use for guidance, news and policy."""

    body = StreamField(ContentStreamBlock(), blank=True, use_json_field=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    template = "core/content_page.html"
