"""Curators (L&D) maintain the search synonyms."""

ROLE_PERMISSIONS = {
    "curator": ["search.add_synonym", "search.change_synonym", "search.delete_synonym", "search.view_synonym"],
}
