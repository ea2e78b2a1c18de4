from django import forms

from framework.models import RoleFamily
from people.models import Grade, Profession

from .selectors import Filters, default_version, organisations_for_filter
from .services import reportable_versions


class DashboardFilterForm(forms.Form):
    """The dashboard's filters, read from the URL (GET) so every view can be bookmarked and shared."""

    version = forms.TypedChoiceField(label="Framework version", coerce=int, required=False)
    organisation = forms.TypedChoiceField(label="Organisation", coerce=int, required=False, empty_value=None)
    family = forms.ChoiceField(label="Role family", required=False)
    profession = forms.TypedChoiceField(label="Profession", coerce=int, required=False, empty_value=None)
    grade = forms.TypedChoiceField(label="Grade", coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        self.versions = {v.pk: v for v in reportable_versions()}
        chosen = default_version()
        raw = (data or {}).get("version")
        if raw and str(raw).isdigit() and int(raw) in self.versions:
            chosen = self.versions[int(raw)]
        self.chosen_version = chosen
        self.fields["version"].choices = [
            (v.pk, f"{v.label} ({v.get_status_display()})") for v in self.versions.values()
        ]
        self.organisations = {o.pk: o for o in organisations_for_filter(user=user)}
        depth_base = min((o.path.count("/") for o in self.organisations.values()), default=0)
        self.fields["organisation"].choices = [("", "All organisations you can see")] + [
            (o.pk, "– " * (o.path.count("/") - depth_base) + o.name) for o in self.organisations.values()
        ]
        families = RoleFamily.objects.filter(version=chosen).order_by("name") if chosen else []
        self.fields["family"].choices = [("", "All role families")] + [(f.slug, f.name) for f in families]
        self.fields["profession"].choices = [("", "All professions")] + [
            (p.pk, p.name) for p in Profession.objects.order_by("name")
        ]
        self.fields["grade"].choices = [("", "All grades")] + [(g.pk, g.name) for g in Grade.objects.order_by("rank")]
        self.grades = {g.pk: g for g in Grade.objects.all()}
        self.professions = {p.pk: p for p in Profession.objects.all()}

    def filters(self) -> Filters | None:
        """The validated filters (an invalid or out-of-scope value is a form error, never silently widened)."""
        if self.chosen_version is None or not self.is_valid():
            return None
        data = self.cleaned_data
        return Filters(
            version=self.chosen_version,
            organisation=self.organisations.get(data.get("organisation")),
            family=data.get("family") or "",
            profession=self.professions.get(data.get("profession")),
            grade=self.grades.get(data.get("grade")),
        )
