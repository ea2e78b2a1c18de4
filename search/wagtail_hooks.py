"""L&D curate search synonyms in the Wagtail admin (Snippets > Search synonyms)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Search synonyms"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms"]


register_snippet(SynonymViewSet)
