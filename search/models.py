"""Search tables: the synonyms L&D curate, and the database backend's copy of the course documents.

The database backend indexes the same plain documents the engine does (from
`courses.selectors.course_search_documents`) into these tables, so facets are computed with the ORM over
search's own rows and never reach into another app's models.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from . import analysis


class Synonym(index.Indexed, models.Model):
    """A set of words or phrases that mean the same thing in a search, e.g. "kubernetes, k8s"."""

    terms = models.CharField(
        max_length=500,
        help_text='Words or phrases that mean the same, separated by commas, e.g. "user experience, UX".',
    )
    note = models.CharField(max_length=255, blank=True, help_text="Why this synonym exists (optional).")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]
    search_fields = [index.SearchField("terms"), index.AutocompleteField("terms")]

    class Meta:
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def phrases(self) -> list[str]:
        return [p.strip() for p in self.terms.split(",") if p.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        phrases = self.phrases()
        if len(phrases) < 2:
            raise ValidationError({"terms": "Enter at least two words or phrases separated by commas."})
        empty = [p for p in phrases if not analysis.analyse(p)]
        if empty:
            raise ValidationError({"terms": f"These are only common words that search ignores: {', '.join(empty)}."})


class DurationBand(models.TextChoices):
    UP_TO_1_HOUR = "up-to-1-hour", "Up to 1 hour"
    ONE_TO_3_HOURS = "1-to-3-hours", "1 to 3 hours"
    THREE_HOURS_TO_1_DAY = "3-hours-to-1-day", "3 hours to 1 day"
    MORE_THAN_1_DAY = "more-than-1-day", "More than 1 day"
    UNKNOWN = "unknown", "Not stated"


def duration_band(minutes: int | None) -> str:
    if minutes is None or minutes <= 0:
        return DurationBand.UNKNOWN
    if minutes <= 60:
        return DurationBand.UP_TO_1_HOUR
    if minutes <= 180:
        return DurationBand.ONE_TO_3_HOURS
    if minutes <= 450:
        return DurationBand.THREE_HOURS_TO_1_DAY
    return DurationBand.MORE_THAN_1_DAY


class CourseDocument(models.Model):
    """One searchable course, as the database backend indexes it."""

    course_id = models.PositiveIntegerField(unique=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    provider_name = models.CharField(max_length=255, blank=True)
    provider_type = models.CharField(max_length=100, blank=True)
    format = models.CharField(max_length=100, blank=True)
    format_label = models.CharField(max_length=100, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    duration_band = models.CharField(max_length=30, choices=DurationBand.choices, default=DurationBand.UNKNOWN)
    cost_pence = models.PositiveIntegerField(default=0)
    is_free = models.BooleanField(default=True)
    review_by = models.DateField(null=True, blank=True)
    review_overdue = models.BooleanField(default=False)
    first_published_at = models.DateTimeField(null=True, blank=True)
    audience_open = models.BooleanField(default=True)
    # Which audience dimensions a closed course limits (rows in CourseDocumentAudience name who is in).
    restricts_organisation = models.BooleanField(default=False)
    restricts_profession = models.BooleanField(default=False)
    restricts_grade = models.BooleanField(default=False)
    # Space-padded stems (" agil deliveri ... "), so a term matches with `contains=" stem "`.
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    document = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["format"]),
            models.Index(fields=["provider_name"]),
            models.Index(fields=["duration_band"]),
            models.Index(fields=["is_free"]),
        ]

    def __str__(self):
        return self.title


class CourseDocumentSkill(models.Model):
    course = models.ForeignKey(CourseDocument, on_delete=models.CASCADE, related_name="skills")
    skill_slug = models.SlugField(max_length=150)
    skill_name = models.CharField(max_length=255)
    level = models.PositiveSmallIntegerField(default=0)
    level_label = models.CharField(max_length=50, blank=True)

    class Meta:
        indexes = [models.Index(fields=["skill_slug", "course"]), models.Index(fields=["level", "course"])]


class CourseDocumentFamily(models.Model):
    course = models.ForeignKey(CourseDocument, on_delete=models.CASCADE, related_name="families")
    family_slug = models.SlugField(max_length=150)
    family_name = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["family_slug", "course"])]


class CourseDocumentAudience(models.Model):
    """A restriction on who a course is open to: one row per organisation, profession or grade named."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation"
        PROFESSION = "profession"
        GRADE = "grade"

    course = models.ForeignKey(CourseDocument, on_delete=models.CASCADE, related_name="audience")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_id = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["course", "kind", "target_id"])]


class SearchIndexState(models.Model):
    """A token that changes, in the same transaction, whenever the database backend's tables change.

    Each process keeps the facet columns in memory (`search.backends.facet_index`) and reloads them when the token
    it loaded with is no longer the current one. A random token, not a counter: a rolled-back change must never
    hand its number to a later, different change.
    """

    name = models.CharField(max_length=30, unique=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name} {self.token}"


class SearchTerm(models.Model):
    """Every stem indexed: the vocabulary typo-tolerant matching looks through, as the engine's term dictionary."""

    term = models.CharField(max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self):
        return self.term


class IndexRebuild(models.Model):
    """The last index rebuilds, shown in the admin so L&D can see when search was last refreshed."""

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    backend = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    documents = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.backend} rebuild {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
