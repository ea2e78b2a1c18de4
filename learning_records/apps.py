from django.apps import AppConfig


class LearningRecordsConfig(AppConfig):
    name = "learning_records"
    verbose_name = "Learning records"
    default_auto_field = "django.db.models.BigAutoField"
