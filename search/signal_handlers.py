"""Course lifecycle -> index maintenance. Each handler only calls a service."""

from . import services


def _course_ids(instance) -> list[int]:
    return [instance.pk] if instance is not None and instance.pk else []


def on_course_published(sender, instance=None, **kwargs):
    services.search_enqueue_reindex(course_ids=_course_ids(instance))


def on_course_unpublished(sender, instance=None, **kwargs):
    services.search_enqueue_reindex(course_ids=_course_ids(instance))


def on_page_moved(sender, instance=None, **kwargs):
    """A moved course changes URL; a moved section moves every course under it."""
    services.search_enqueue_reindex_subtree(page=instance)


def on_course_deleted(sender, instance=None, **kwargs):
    services.search_enqueue_reindex(course_ids=_course_ids(instance))


def on_synonym_changed(sender, **kwargs):
    services.synonyms_changed()
