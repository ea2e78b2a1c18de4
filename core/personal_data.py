"""The registry of personal data: every app that holds data about a person says how to export and erase it.

`settings.PERSONAL_DATA_PROVIDERS` lists dotted paths to modules (or objects), each providing:

    def export(user) -> dict:            # {"Section title": dict or list of dicts}, JSON-serialisable values
    def erase(user) -> None:             # remove or anonymise everything about this person (aggregates stay right)
    def retain(cutoff) -> dict:          # optional: remove/anonymise records older than `cutoff`; {label: count}

`people.personal_data` comes first (account, profile, assessments); an app adds its own module to the list in
settings/base.py. A learner's download gathers every provider's export; deleting an account calls every
provider's `erase` (in reverse order, people last); the retention job calls every `retain`.
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _load(path: str):
    try:
        return import_string(path)
    except ImportError:
        import importlib

        return importlib.import_module(path)


def providers() -> list:
    return [_load(path) for path in settings.PERSONAL_DATA_PROVIDERS]
