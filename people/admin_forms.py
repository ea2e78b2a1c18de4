"""Forms for administrators managing people in the Wagtail admin."""

from django import forms
from django.contrib.auth.models import Group
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import roles
from .models import Organisation, User

ROLE_HELP = {
    roles.LEARNER: "Everyone who signs up. Sees their own skills, gaps and plan.",
    roles.LINE_MANAGER: "Confirms or adjusts their direct reports' skills assessments.",
    roles.CURATOR: "Edits the course catalogue and pathways in this admin.",
    roles.HR_ANALYST: "Sees aggregate figures for the organisations chosen below, never individuals.",
    roles.ADMINISTRATOR: "Manages people, roles, organisations and reference data.",
}


class _PeopleFields(forms.ModelForm):
    first_name = None
    last_name = None
    name = forms.CharField(label="Full name", required=False, max_length=150)
    analyst_organisations = forms.ModelMultipleChoiceField(
        label="HR analyst scope",
        queryset=Organisation.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="HR analysts see aggregate figures for these organisations and every organisation below them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].label = "Roles"
            self.fields["groups"].queryset = Group.objects.order_by("name")
            names = {name: ROLE_HELP[key] for key, name in roles.ROLE_NAMES.items()}
            self.fields["groups"].help_text = " ".join(f"{name}: {help_}" for name, help_ in names.items())

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        scope = cleaned.get("analyst_organisations") or []
        is_analyst = any(g.name == roles.ROLE_NAMES[roles.HR_ANALYST] for g in groups)
        if is_analyst and not scope:
            self.add_error(
                "analyst_organisations", "Choose at least one organisation this HR analyst may see figures for."
            )
        if scope and not is_analyst:
            self.add_error("analyst_organisations", "Only people with the HR analyst role can have an analyst scope.")
        return cleaned


class PeopleUserCreationForm(_PeopleFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["email", "name", "is_superuser", "groups", "analyst_organisations"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class PeopleUserEditForm(_PeopleFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = ["email", "name", "is_active", "is_superuser", "groups", "analyst_organisations"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
