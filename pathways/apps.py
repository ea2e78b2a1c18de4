from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Pathways"

    def ready(self):
        from learning_records.signals import progress_changed

        from . import signal_handlers

        progress_changed.connect(signal_handlers.progress_changed, dispatch_uid="pathways-progress-changed")
