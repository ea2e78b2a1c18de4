from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisations"

    def ready(self):
        from django.contrib.auth.models import Group

        from . import signal_handlers
        from .models import Grade, Organisation, Profession, SignupDomain, User

        post_migrate.connect(signal_handlers.sync_roles_after_migrate, dispatch_uid="people-sync-roles")

        # The audit trail: every change to people, roles, group permissions, analyst scope and reference data.
        pre_save.connect(signal_handlers.remember_user_before_save, sender=User, dispatch_uid="people-audit-user-pre")
        post_save.connect(signal_handlers.audit_user_saved, sender=User, dispatch_uid="people-audit-user")
        for model in (User, Group, Organisation, Profession, Grade, SignupDomain):
            post_delete.connect(signal_handlers.audit_deleted, sender=model, dispatch_uid=f"people-audit-del-{model}")
        for model in (Group, Organisation, Profession, Grade, SignupDomain):
            post_save.connect(signal_handlers.audit_reference_saved, sender=model, dispatch_uid=f"people-audit-{model}")
        for through in (
            User.groups.through,
            User.user_permissions.through,
            User.analyst_organisations.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                signal_handlers.audit_m2m_changed, sender=through, dispatch_uid=f"people-audit-{through}"
            )
