from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Digital Skills Toolkit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from . import signal_handlers
        from .models import CatalogueIndexPage, CoursePage, CoursePrerequisite, CourseSkill, Provider

        uid = "courses.catalogue_changed"
        for signal in (page_published, page_unpublished):
            signal.connect(signal_handlers.on_catalogue_changed, sender=CoursePage, dispatch_uid=f"{uid}.{signal!r}")
        for model in (CoursePage, CourseSkill, CoursePrerequisite, Provider):
            for signal in (post_save, post_delete):
                signal.connect(
                    signal_handlers.on_catalogue_changed,
                    sender=model,
                    dispatch_uid=f"{uid}.{model.__name__}.{id(signal)}",
                )
        page_published.connect(
            signal_handlers.on_catalogue_index_published,
            sender=CatalogueIndexPage,
            dispatch_uid="courses.catalogue_index_published",
        )
        try:  # added by the framework app; absent on an older main
            from framework.signals import version_activated
        except ImportError:
            version_activated = None
        if version_activated is not None:
            version_activated.connect(
                signal_handlers.on_framework_version_activated, dispatch_uid="courses.framework_version_activated"
            )
