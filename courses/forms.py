from django import forms

from .models import CoursePage, Provider


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label="Course title contains", required=False, max_length=200)
    family = forms.ChoiceField(label="Role family", required=False)
    format = forms.MultipleChoiceField(
        label="Format", required=False, choices=CoursePage.Format.choices, widget=forms.CheckboxSelectMultiple
    )
    provider_type = forms.MultipleChoiceField(
        label="Provider", required=False, choices=Provider.Type.choices, widget=forms.CheckboxSelectMultiple
    )
    free = forms.BooleanField(label="Free courses only", required=False)

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", "All role families"), *families]
