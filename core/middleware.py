from django.conf import settings
from django.urls import Resolver404, resolve


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


def browser_middleware_exempt(view):
    """Mark a view that authenticates every request itself (HTTP Basic): see CredentialApiMiddleware."""
    view.browser_middleware_exempt = True
    return view


class CredentialApiMiddleware:
    """Requests that carry credentials to a view marked browser_middleware_exempt skip the browser middleware.

    An xAPI client sends HTTP Basic credentials on every request: it has no session, no CSRF token, no messages,
    no sign-in flow and no editor-made redirects. For such a request (a path under API_PREFIXES, an Authorization
    header, a view marked exempt) the session, CSRF, authentication, messages, allauth, audit-actor, redirect and
    static file middleware are skipped; they cost about 0.2 ms of a 2-3 ms statement POST. What protects a
    response still runs: this sits after SecurityMiddleware, and the short chain keeps CommonMiddleware (the
    ALLOWED_HOSTS check), X-Frame-Options and the security headers. Anything else, such as a signed-in learner
    reading their own statements with their session, or the /xapi/profile/ page, takes the full chain.
    """

    API_PREFIXES = ("/xapi/",)

    def __init__(self, get_response):
        from django.middleware.clickjacking import XFrameOptionsMiddleware
        from django.middleware.common import CommonMiddleware

        self.get_response = get_response
        self.short_chain = CommonMiddleware(XFrameOptionsMiddleware(SecurityHeadersMiddleware(self._view)))

    @staticmethod
    def _view(request):
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)

    def __call__(self, request):
        if "HTTP_AUTHORIZATION" in request.META and request.path_info.startswith(self.API_PREFIXES):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and getattr(match.func, "browser_middleware_exempt", False):
                request.resolver_match = match
                return self.short_chain(request)
        return self.get_response(request)
