from django.apps import AppConfig, apps


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import signal_handlers
        from .models import Synonym

        post_save.connect(signal_handlers.on_synonym_changed, sender=Synonym, dispatch_uid="search.synonym_saved")
        post_delete.connect(signal_handlers.on_synonym_changed, sender=Synonym, dispatch_uid="search.synonym_deleted")
        post_page_move.connect(signal_handlers.on_page_moved, dispatch_uid="search.page_moved")
        try:
            course_page = apps.get_model("courses", "CoursePage")
        except LookupError:  # the courses app not installed yet: nothing to index
            return
        page_published.connect(signal_handlers.on_course_published, sender=course_page, dispatch_uid="search.published")
        page_unpublished.connect(
            signal_handlers.on_course_unpublished, sender=course_page, dispatch_uid="search.unpublished"
        )
        post_delete.connect(signal_handlers.on_course_deleted, sender=course_page, dispatch_uid="search.deleted")
