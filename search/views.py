from django.core.paginator import EmptyPage, Paginator
from django.shortcuts import render
from django.urls import reverse

from . import services
from .forms import CourseSearchForm
from .query import FACETS, PER_PAGE, SearchRequest


def search(request):
    """Faceted course search, plus roles, skills and pages for the header search box. Works without JavaScript."""
    form = CourseSearchForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    text = (data.get("q") or "").strip()
    try:
        page_number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page_number = 1
    learner = services.learner_for_user(request.user)
    search_request = SearchRequest(
        text=text,
        filters=form.filters() if valid else {},
        open_to_me=bool(data.get("open_to_me")),
        learner=learner,
        sort=data.get("sort") or "relevance",
        page=page_number,
        per_page=PER_PAGE,
    )
    response = services.course_search(request=search_request)
    paginator = Paginator(range(response.total), PER_PAGE)
    if response.total and page_number > paginator.num_pages:
        # A shared link that outlived its last page: show the last page rather than nothing.
        search_request = SearchRequest(**{**search_request.__dict__, "page": paginator.num_pages})
        response = services.course_search(request=search_request)
    try:
        page_obj = paginator.page(search_request.page)
    except EmptyPage:
        page_obj = paginator.page(1)
    form.show_facets(response.facets)
    site = services.site_search(text=text) if text and search_request.page == 1 else None
    selected = []
    base = reverse("search:search")
    for key, _ in FACETS:
        for value in response.facets[key].values:
            if value.selected:
                query = request.GET.copy()
                query.setlist(key, [v for v in query.getlist(key) if v != value.value])
                query.pop("page", None)
                selected.append({"label": value.label, "remove_href": f"{base}?{query.urlencode()}"})
    first = (search_request.page - 1) * PER_PAGE + 1 if response.total else 0
    context = {
        "page_title": f"Search results for ‘{text}’" if text else "Search courses",
        "form": form,
        "text": text,
        "response": response,
        "page_obj": page_obj,
        "facet_fields": [form[key] for key, _ in FACETS if response.facets[key].values],
        "selected_filters": selected,
        "site": site,
        "signed_in": request.user.is_authenticated,
        "first": first,
        "last": first + len(response.hits) - 1 if response.hits else 0,
    }
    return render(request, "search/search.html", context)
