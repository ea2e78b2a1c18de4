"""Handlers connected in LearningRecordsConfig.ready()."""

from .api import client_cache_clear


def lrs_client_changed(sender, **kwargs) -> None:
    """A credential was changed or removed: forget this process's cached copy at once."""
    client_cache_clear()
