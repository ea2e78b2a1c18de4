import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.exports import csv_response

from . import roles
from .selectors import personal_data_export, personal_data_rows
from .services import account_delete, audit_record


@login_required
def account(request):
    user = request.user
    from allauth.mfa.models import Authenticator

    role_names = [name for key, name in roles.ROLE_NAMES.items() if user.groups.filter(name=name).exists()]
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    rows = [
        {"key": "Email address", "value": user.email, "action": {"href": "/accounts/email/", "text": "Change"}},
        {"key": "Name", "value": user.name},
        {"key": "Roles", "value": ", ".join(role_names) or "Learner"},
        {"key": "Password", "value": "••••••••", "action": {"href": "/accounts/password/change/", "text": "Change"}},
        {
            "key": "Two-factor authentication",
            "value": "On: authenticator app" if has_totp else "Off (optional)",
            "action": {"href": "/accounts/2fa/", "text": "Manage"},
        },
    ]
    return render(request, "people/account.html", {"page_title": "Your account", "rows": rows})


def _export_filename(user, extension: str) -> str:
    return f"your-data-{timezone.now():%Y-%m-%d}.{extension}"


@login_required
def data_download(request, fmt: str):
    """Everything the platform holds about the signed-in person, as JSON or CSV (UK GDPR right of access)."""
    data = personal_data_export(user=request.user)
    audit_record(action="personal_data.downloaded", subject=f"user:{request.user.pk}", detail={"format": fmt})
    if fmt == "csv":
        return csv_response(
            _export_filename(request.user, "csv"),
            ["Section", "Record", "Field", "Value"],
            personal_data_rows(data=data),
        )
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(request.user, "json")}"'
    return response


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted and cannot be recovered",
        error_messages={"required": "Confirm that you understand your account will be deleted"},
    )
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            # Signed in with single sign-on: the confirmation is enough.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_confirm(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        return redirect("people:account_deleted")
    return render(
        request,
        "people/account_delete.html",
        {"page_title": "Delete your account", "form": form, "breadcrumbs": _account_crumbs()},
    )


def account_deleted(request):
    return render(request, "people/account_deleted.html", {"page_title": "Your account has been deleted"})


def _account_crumbs():
    return [{"text": "Home", "href": "/"}, {"text": "Your account", "href": "/people/account/"}]
