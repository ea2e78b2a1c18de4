from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LearningRecordsConfig(AppConfig):
    name = "learning_records"
    verbose_name = "Learning records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers
        from .models import LRSClient

        post_save.connect(signal_handlers.lrs_client_changed, sender=LRSClient, dispatch_uid="lrs_client_saved")
        post_delete.connect(signal_handlers.lrs_client_changed, sender=LRSClient, dispatch_uid="lrs_client_deleted")
