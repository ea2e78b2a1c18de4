from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms

from .services import signup_domain_allowed, user_onboard

REFUSED_DOMAIN_MESSAGE = (
    "You can only sign up with a government work email address, such as one ending in gov.uk. "
    "If your organisation uses a different domain, ask your service administrator to add it."
)


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        email = super().clean_email(email).lower()
        if not signup_domain_allowed(email):
            raise forms.ValidationError(REFUSED_DOMAIN_MESSAGE, code="domain_not_allowed")
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_onboard(user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        email = (sociallogin.user.email or "").lower()
        return bool(email) and signup_domain_allowed(email)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        user_onboard(user=user)
        return user
