from django import forms

from .query import FACETS, SORTS


class CourseSearchForm(forms.Form):
    """The search page's query string: free text, facet filters, "open to me", sort. Always bound to GET."""

    q = forms.CharField(label="Search courses", required=False, max_length=200)
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)
    open_to_me = forms.BooleanField(label="Only courses open to me", required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for key, label in FACETS:
            # Any value the URL names is accepted here; unknown ones simply match nothing.
            chosen = data.getlist(key) if data is not None and hasattr(data, "getlist") else []
            self.fields[key] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=[(value, value) for value in chosen],
                widget=forms.CheckboxSelectMultiple,
            )

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "relevance"

    def filters(self) -> dict[str, tuple[str, ...]]:
        data = getattr(self, "cleaned_data", {})
        return {key: tuple(data.get(key) or ()) for key, _ in FACETS if data.get(key)}

    def show_facets(self, facets) -> None:
        """Relabel each facet's options with the counts of this search."""
        for key, facet in facets.items():
            self.fields[key].choices = [(v.value, f"{v.label} ({v.count})") for v in facet.values]
