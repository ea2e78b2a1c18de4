"""Sign-in and sign-up forms in the words GOV.UK services use; allauth does the work."""

from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from django.conf import settings

PASSWORD_HINT = "Use at least 12 characters. Avoid common passwords and ones that are only numbers."


class GovukLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].label = "Password"
        self.fields["password"].help_text = ""  # the template links to password reset instead of a hint with HTML
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["remember"].label = "Keep me signed in on this device"


class GovukSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        domains = ", ".join(sorted(settings.SIGNUP_ALLOWED_DOMAINS)[:4])
        self.fields["email"].label = "Work email address"
        self.fields["email"].help_text = f"Use your government work email address, for example one ending in {domains}."
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["password1"].label = "Create a password"
        self.fields["password1"].help_text = PASSWORD_HINT
        self.fields["password1"].widget.attrs.pop("placeholder", None)
        if "password2" in self.fields:
            self.fields["password2"].label = "Confirm password"
            self.fields["password2"].widget.attrs.pop("placeholder", None)


class GovukResetPasswordForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
