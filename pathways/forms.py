from django import forms

from framework.models import SkillLevel
from people.models import Grade, Organisation, Profession

from . import sources
from .generator import OPTIMISE_CHOICES

LEVEL_CHOICES = [(str(value), label) for value, label in SkillLevel.choices]


class ProfileForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="Not set", label="Organisation"
    )
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(), required=False, empty_label="Not set", label="Profession"
    )
    grade = forms.ModelChoiceField(queryset=Grade.objects.all(), required=False, empty_label="Not set", label="Grade")
    current_role_level = forms.ChoiceField(
        required=False,
        label="Your current role level",
        help_text="Leave as “Not in the framework” if your current job is outside digital, data and technology.",
    )
    target_role_level = forms.ChoiceField(
        required=False,
        label="The role level you want to move to",
        help_text="Any role family: moving across families is what this service is for.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sources.role_level_choices()
        self.fields["current_role_level"].choices = [("", "Not in the framework")] + choices
        self.fields["target_role_level"].choices = [("", "Not chosen yet")] + choices

    def _role_level(self, name):
        slug = self.cleaned_data.get(name)
        if not slug:
            return None
        role_level = sources.role_level_get(slug=slug)
        if role_level is None:
            raise forms.ValidationError("Choose a role level from the list.")
        return role_level

    def clean_current_role_level(self):
        return self._role_level("current_role_level")

    def clean_target_role_level(self):
        return self._role_level("target_role_level")


class SkillLevelsForm(forms.Form):
    """One radio group per skill, with what each level means shown beside the choice."""

    def __init__(self, *args, skills, descriptions, required_levels=None, initial_levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = {}
        for skill in skills:
            name = f"skill_{skill.pk}"
            hints = {str(level): text for level, text in descriptions.get(skill.pk, {}).items() if text}
            hints.setdefault("0", "I have not used this skill.")
            field = forms.ChoiceField(
                choices=LEVEL_CHOICES,
                widget=forms.RadioSelect,
                label=skill.name,
                help_text=(required_levels or {}).get(skill.pk, ""),
                error_messages={"required": f"Select your level for {skill.name}"},
                initial=None if (initial_levels or {}).get(skill.pk) is None else str(initial_levels[skill.pk]),
            )
            field.option_hints = hints
            self.fields[name] = field
            self.skills[name] = skill

    def levels(self) -> dict:
        return {self.skills[name]: int(value) for name, value in self.cleaned_data.items() if value != ""}


class CompareForm(forms.Form):
    first = forms.ChoiceField(label="First role level")
    second = forms.ChoiceField(label="Second role level")
    third = forms.ChoiceField(label="Third role level (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sources.role_level_choices()
        self.fields["first"].choices = [("", "Choose a role level")] + choices
        self.fields["second"].choices = [("", "Choose a role level")] + choices
        self.fields["third"].choices = [("", "None")] + choices

    def clean(self):
        cleaned = super().clean()
        slugs = [cleaned.get(k) for k in ("first", "second", "third") if cleaned.get(k)]
        if len(slugs) != len(set(slugs)):
            raise forms.ValidationError("Choose different role levels to compare.")
        cleaned["role_levels"] = [sources.role_level_get(slug=s) for s in slugs]
        return cleaned


class OptimiseForm(forms.Form):
    optimise = forms.ChoiceField(
        choices=list(OPTIMISE_CHOICES.items()),
        widget=forms.RadioSelect,
        label="Build the pathway for",
        initial="time",
        required=False,
    )


class TargetDateForm(forms.Form):
    target_date = forms.DateField(
        required=False,
        label="Target date",
        help_text="For example, 2027-03-31. Leave empty to remove the date.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date, for example 2027-03-31"},
    )


class ChooseStepsForm(forms.Form):
    """The learner ticks the steps they want; nothing is added to a plan without this choice."""

    course = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Choose the steps to add to your plan",
        error_messages={"required": "Select at least one course to add to your plan"},
    )

    def __init__(self, *args, steps, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        field.choices = [(str(course_id), title) for course_id, title, _ in steps]
        field.option_hints = {str(course_id): hint for course_id, _, hint in steps if hint}
        if label:
            field.label = label
