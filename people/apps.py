from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        from . import signal_handlers

        post_migrate.connect(signal_handlers.sync_roles_after_migrate, dispatch_uid="people-sync-roles")
