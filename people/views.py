from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import roles


@login_required
def account(request):
    user = request.user
    role_names = [name for key, name in roles.ROLE_NAMES.items() if user.groups.filter(name=name).exists()]
    rows = [
        {"key": "Email address", "value": user.email, "action": {"href": "/accounts/email/", "text": "Change"}},
        {"key": "Name", "value": user.name},
        {"key": "Roles", "value": ", ".join(role_names) or "Learner"},
        {"key": "Password", "value": "••••••••", "action": {"href": "/accounts/password/change/", "text": "Change"}},
        {
            "key": "Two-factor authentication",
            "value": "Authenticator app (optional)",
            "action": {"href": "/accounts/2fa/", "text": "Manage"},
        },
    ]
    return render(request, "people/account.html", {"page_title": "Your account", "rows": rows})
