from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from people.models import LearnerProfile, SkillAssessment

        from . import signal_handlers

        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                signal_handlers.assessment_changed, sender=SkillAssessment, dispatch_uid=f"insights-a-{name}"
            )
            signal.connect(signal_handlers.profile_changed, sender=LearnerProfile, dispatch_uid=f"insights-p-{name}")
