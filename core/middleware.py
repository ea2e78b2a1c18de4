from django.conf import settings


class SecurityHeadersMiddleware:
    """Adds the Content Security Policy and Permissions Policy to every response that lacks one.

    The Wagtail admin ships inline scripts, so the strict policy applies to the public site only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/django-admin/")):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response
