import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skills_site.settings.dev")
application = get_wsgi_application()


def _warm_and_freeze() -> None:
    """Import every view now and move what start-up built out of the garbage collector's sight.

    Django, Wagtail and their URL configuration leave hundreds of thousands of long-lived objects; without this each
    full collection walks them all, a pause of tens of milliseconds in the middle of some request (it showed as the
    xAPI ingest benchmark's p95). Frozen objects are never collected, which is right for modules and URL patterns.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views
    gc.collect()
    gc.freeze()


_warm_and_freeze()
