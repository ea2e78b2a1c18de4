"""Signal handlers: each only calls a service."""

from . import services


def on_catalogue_changed(sender=None, **kwargs):
    services.catalogue_cache_invalidate()


def on_framework_version_activated(sender=None, **kwargs):
    """A framework version became current: move course skill mappings to its skills by slug."""
    from framework.models import FrameworkVersion

    version = kwargs.get("version") or kwargs.get("instance")
    if version is not None and not isinstance(version, FrameworkVersion):
        version = FrameworkVersion.objects.filter(pk=getattr(version, "pk", version)).first()
    services.course_skills_remap(version=version)


def on_catalogue_index_published(sender=None, instance=None, **kwargs):
    """A catalogue index made in the admin gets the moderation workflow and curator permissions too."""
    services.catalogue_workflow_ensure(index=instance)
