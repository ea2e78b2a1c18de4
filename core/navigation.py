"""The service navigation shown under the header. Each app adds its entry by URL name; missing ones are skipped."""

from django.urls import NoReverseMatch, reverse

# (label, url name, who sees it: "all", "signed_in" or a permission codename "app_label.codename")
NAVIGATION = [
    ("Framework", "framework:home", "all"),
    ("Courses", "courses:catalogue", "all"),
    ("Search", "search:search", "all"),
    ("My skills", "pathways:dashboard", "signed_in"),
    ("My plan", "pathways:plan", "signed_in"),
    ("My team", "pathways:team", "people.view_direct_reports"),
    ("Insights", "insights:dashboard", "insights.view_aggregates"),
]


def service_navigation(request):
    user = getattr(request, "user", None)
    items = []
    for label, url_name, audience in NAVIGATION:
        if audience == "signed_in" and not (user and user.is_authenticated):
            continue
        if audience not in ("all", "signed_in") and not (user and user.has_perm(audience)):
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"text": label, "href": href, "active": request.path.startswith(href) and href != "/"})
    return items
