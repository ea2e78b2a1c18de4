"""Reads for the search app."""

from django.core.cache import cache

from . import analysis
from .models import IndexRebuild, Synonym

SYNONYM_CACHE_KEY = "search:synonym-groups"


def synonym_groups() -> list[list[list[str]]]:
    """L&D's synonyms as groups of token lists: [[["kubernetes"], ["k8s"]], [["user", "experience"], ["ux"]]]."""
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        groups = []
        for synonym in Synonym.objects.all():
            group = [analysis.tokens(phrase) for phrase in synonym.phrases()]
            group = [phrase for phrase in group if phrase]
            if len(group) >= 2:
                groups.append(group)
        cache.set(SYNONYM_CACHE_KEY, groups, 300)
    return groups


def last_rebuild() -> IndexRebuild | None:
    return IndexRebuild.objects.first()
