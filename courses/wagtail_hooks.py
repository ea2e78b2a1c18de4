from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Provider


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = "Course providers"
    list_display = ["name", "provider_type", "website"]
    list_filter = ["provider_type"]
    search_fields = ["name"]


register_snippet(ProviderViewSet)
