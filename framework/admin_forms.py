"""Forms of the framework's Wagtail admin."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ChangeNote, Role, Skill


class _VersionedForm(WagtailAdminModelForm):
    """Refuses changes to rows of an archived (read-only) version."""

    def clean(self):
        cleaned = super().clean()
        version = getattr(self.instance, "version", None)
        if self.instance.pk and version is not None and not version.is_editable:
            raise ValidationError(
                f"Version {version.label} is archived and read-only; edit the current version instead."
            )
        return cleaned


class RoleFamilyForm(_VersionedForm):
    pass


class RoleForm(_VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("feeder_roles")
        if field is not None and self.instance.pk:
            field.queryset = (
                Role.objects.filter(version=self.instance.version).exclude(pk=self.instance.pk).order_by("name")
            )
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        self._initial_feeders = (
            set(self.instance.feeder_roles.values_list("pk", flat=True)) if self.instance.pk else None
        )

    def save(self, commit=True):
        chosen = self.cleaned_data.get("feeder_roles")
        if self._initial_feeders is not None and chosen is not None and {r.pk for r in chosen} != self._initial_feeders:
            self.instance.feeders_set_by_editor = True
        return super().save(commit=commit)


class RoleLevelForm(_VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initial_order = self.instance.order if self.instance.pk else None
        if self.instance.pk:
            skills = Skill.objects.filter(version=self.instance.version).order_by("name")
            formset = self.formsets.get("required_skills")
            if formset is not None:
                for form in [*formset.forms, formset.empty_form]:
                    form.fields["skill"].queryset = skills

    def save(self, commit=True):
        if self._initial_order is not None and self.cleaned_data.get("order") != self._initial_order:
            # An editor's correction of the derived order; the importer keeps it across re-imports.
            self.instance.order_set_by_editor = True
        return super().save(commit=commit)


class SkillForm(_VersionedForm):
    pass


class ChangeNoteForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        kind, slug = cleaned.get("kind"), cleaned.get("slug")
        if kind and slug:
            model = Role if kind == ChangeNote.Kind.ROLE else Skill
            if not model.objects.filter(slug=slug).exists():
                self.add_error("slug", f"No {kind} has the identifier “{slug}”; copy it from the {kind}’s web address.")
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None:
            self.instance.author = self.for_user
            self.instance.source = ChangeNote.Source.EDITOR
        return super().save(commit=commit)


class UploadForm(forms.Form):
    roles_file = forms.FileField(
        label="Roles file (roles.csv)", help_text="The export's roles.csv, saved as CSV UTF-8."
    )
    skills_file = forms.FileField(label="Skills file (skills.csv)", help_text="The export's skills.csv.")
    label = forms.CharField(
        label="Version label",
        max_length=100,
        required=False,
        help_text="For example 2026-11. Leave empty for today's date.",
    )

    def _clean_file(self, name):
        upload = self.cleaned_data[name]
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if upload.size > limit:
            raise ValidationError(
                f"The file is larger than {limit // (1024 * 1024)} MB (UPLOAD_MAX_BYTES); is it the right file?"
            )
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("Choose a .csv file.")
        return upload

    def clean_roles_file(self):
        return self._clean_file("roles_file")

    def clean_skills_file(self):
        return self._clean_file("skills_file")
