from django.http import HttpResponse
from django.shortcuts import render


def accessibility_statement(request):
    return render(request, "core/accessibility_statement.html", {"page_title": "Accessibility statement"})


def privacy_notice(request):
    return render(request, "core/privacy_notice.html", {"page_title": "Privacy notice"})


COOKIES = [
    ("sessionid", "Keeps you signed in", "2 weeks, or until you sign out"),
    ("csrftoken", "Protects forms from cross-site request forgery", "1 year"),
    ("messages", "Shows a message after you complete an action", "Until your browser closes"),
]


def cookies(request):
    context = {
        "page_title": "Cookies",
        "cookie_head": ["Name", "Purpose", "Expires"],
        "cookie_rows": [list(row) for row in COOKIES],
    }
    return render(request, "core/cookies.html", context)


def healthcheck(request):
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", {"page_title": "Page not found"}, status=404)


def server_error(request):
    return render(request, "500.html", {"page_title": "Sorry, there is a problem with the service"}, status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"page_title": "You do not have permission to view this page"}, status=403)
