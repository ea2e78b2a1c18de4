def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    """Keep the role groups and their permissions in step with the code after every migrate."""
    if app_config is None or app_config.label != "people":
        return
    from .services import roles_sync

    roles_sync(using=using)
