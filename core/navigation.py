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
        items.append({"text": label, "href": href, "active": False})
    # One item is current: the one whose address is the longest prefix of this page's (so /pathways/plan/ marks
    # "My plan", not also "My skills" at /pathways/).
    matches = [item for item in items if item["href"] != "/" and request.path.startswith(item["href"])]
    if matches:
        max(matches, key=lambda item: len(item["href"]))["active"] = True
    return items
