"""Signal handlers: each only calls a service."""


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    """Keep the role groups and their permissions in step with the code after every migrate."""
    if app_config is None or app_config.label != "people":
        return
    from .services import roles_sync

    roles_sync(using=using)


def remember_user_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    from .services import audit_snapshot_user

    # Signing in only stamps last_login: nothing worth auditing, and no extra query on every sign-in.
    if not raw and not (update_fields and set(update_fields) <= {"last_login"}):
        audit_snapshot_user(user=instance)


def audit_user_saved(sender, instance, created, raw=False, using="default", **kwargs):
    from .services import audit_user_saved as record

    if not raw:
        record(user=instance, created=created, using=using)


def audit_deleted(sender, instance, using="default", **kwargs):
    from .services import audit_object_deleted

    audit_object_deleted(instance=instance, using=using)


def audit_reference_saved(sender, instance, created, raw=False, using="default", **kwargs):
    from .services import audit_object_saved

    if not raw:
        audit_object_saved(instance=instance, created=created, using=using)


def audit_m2m_changed(sender, instance, action, reverse, model, pk_set, using="default", **kwargs):
    from .services import audit_relation_changed

    if action in ("post_add", "post_remove", "pre_clear"):
        audit_relation_changed(
            through=sender, instance=instance, action=action, reverse=reverse, model=model, pk_set=pk_set, using=using
        )
