"""Views for the catalogue: the index's filter context, activity IRI redirects, L&D reports and the import."""

from django.core.paginator import Paginator

from . import selectors
from .models import CoursePage, Provider


def catalogue_context(*, request, index) -> dict:
    from .forms import CatalogueFilterForm

    form = CatalogueFilterForm(request.GET or None, families=selectors.current_families())
    data = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue_filter(
        query=data.get("q", ""),
        formats=data.get("format", []),
        provider_types=data.get("provider_type", []),
        family_slug=data.get("family", ""),
        free_only=data.get("free", False),
    )
    page_obj = Paginator(courses, 20).get_page(request.GET.get("page"))
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "courses": page_obj.object_list,
        "total": page_obj.paginator.count,
        "formats": dict(CoursePage.Format.choices),
        "provider_types": dict(Provider.Type.choices),
    }


def catalogue(request):
    """`courses:catalogue`: the catalogue index page, wherever editors have put it."""
    from django.http import Http404

    from .models import CatalogueIndexPage

    index = CatalogueIndexPage.objects.live().first()
    if index is None:
        raise Http404("The catalogue has not been set up yet.")
    if index.url != request.path:
        from django.shortcuts import redirect

        query = request.GET.urlencode()
        return redirect(index.url + (f"?{query}" if query else ""))
    return index.serve(request)


def activity(request, stable_id):
    """A course's own xAPI activity IRI resolves to the course page."""
    from django.shortcuts import get_object_or_404, redirect

    course = get_object_or_404(CoursePage.objects.live(), stable_id=stable_id)
    return redirect(course.url)
