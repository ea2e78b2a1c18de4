from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Pathways"

    def ready(self):
        from framework.signals import version_activated
        from learning_records.signals import progress_changed

        from . import signal_handlers

        progress_changed.connect(signal_handlers.progress_changed, dispatch_uid="pathways-progress-changed")
        version_activated.connect(signal_handlers.framework_version_activated, dispatch_uid="pathways-version")
