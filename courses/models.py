"""The Digital Skills Toolkit: a catalogue of courses curated by L&D, each mapped to framework skills.

Courses are Wagtail pages under one `CatalogueIndexPage`. A course names the framework skills it teaches and the
level a learner reaches (`CourseSkill`), its prerequisites (another course, or a skill at a level), its audience
(open to all, or limited to organisations / professions / grades), and any required-learning rules with a
recurrence. Page models are thin: reads live in `courses.selectors`, writes in `courses.services`.

Skills are foreign keys to the framework row of the version current when the mapping was written; when a new
version becomes current the mappings are moved to the new rows by slug (`services.course_skills_remap`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Orderable
from wagtail.search import index

from core.models import BasePage
from framework.models import SkillLevel

TAUGHT_LEVELS = [(v, label) for v, label in SkillLevel.choices if v > SkillLevel.NONE]


def duration_text(minutes: int | None) -> str:
    """Minutes as a learner reads them: "45 minutes", "2 hours 30 minutes", "3 days" (a day is 7 hours)."""
    if not minutes:
        return ""
    if minutes >= 420 and minutes % 420 == 0:
        days = minutes // 420
        return f"{days} day{'s' if days != 1 else ''}"
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


class Provider(models.Model):
    """Who runs a course. Editable as a snippet; the type drives the coverage report's split."""

    class Type(models.TextChoices):
        ACADEMY = "academy", "Civil Service academy or in-house"
        SME = "sme", "SME supplier"
        SUPPLIER = "supplier", "Other supplier"
        FREE_PUBLIC = "free_public", "Free public resource"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    provider_type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.SUPPLIER)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("provider_type"), FieldPanel("website")]
    panels += [FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CatalogueIndexPage(BasePage):
    """The Digital Skills Toolkit: lists live courses with simple filters (faceted search lives in `search`)."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    template = "courses/catalogue_index_page.html"

    def get_context(self, request, *args, **kwargs):
        from .views import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request=request, index=self))
        return context


class CoursePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in ("audience_organisations", "audience_professions", "audience_grades")]
        if not cleaned.get("audience_open") and not any(c is not None and len(c) for c in chosen):
            self.add_error(
                "audience_open", "Choose at least one organisation, profession or grade, or open the course to all."
            )
        return cleaned


class CoursePage(BasePage):
    """One course in the catalogue."""

    base_form_class = CoursePageForm

    class Format(models.TextChoices):
        E_LEARNING = "e_learning", "E-learning"
        VIRTUAL = "virtual_classroom", "Virtual classroom"
        FACE_TO_FACE = "face_to_face", "Face-to-face"
        BLENDED = "blended", "Blended"
        VIDEO = "video", "Video"
        READING = "reading", "Reading"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"

    stable_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    description = RichTextField(blank=True, features=["h3", "h4", "bold", "italic", "link", "ol", "ul"])
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses", null=True, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.E_LEARNING)
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Total learning time in minutes (a day is 420). Leave blank if it varies."
    )
    cost_pence = models.PositiveIntegerField(
        "cost (pence)", default=0, help_text="Cost per learner in pence, excluding VAT; 0 means free."
    )
    booking_url = models.URLField("how to book or start", max_length=500, blank=True)
    how_to_start = models.TextField(blank=True, help_text="Anything a learner needs to know to book or start.")
    location = models.CharField(max_length=255, blank=True, help_text="For face-to-face or blended courses.")
    accessibility = models.TextField("accessibility information", blank=True)

    audience_open = models.BooleanField(
        "open to all civil servants", default=True, help_text="Untick to limit the course to the audience below."
    )
    audience_organisations = ParentalManyToManyField(
        "people.Organisation", blank=True, related_name="+", help_text="Includes their sub-organisations."
    )
    audience_professions = ParentalManyToManyField("people.Profession", blank=True, related_name="+")
    audience_grades = ParentalManyToManyField("people.Grade", blank=True, related_name="+")

    activity_iri = models.URLField(
        "xAPI activity IRI",
        max_length=500,
        blank=True,
        help_text="Leave blank to use this course's own IRI. Set it when the content lives elsewhere and sends "
        "its own xAPI statements.",
    )
    external_id = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="The provider's own id, used to update on re-import."
    )
    review_by = models.DateField(null=True, blank=True, help_text="When L&D should next check this course.")

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("cost_pence")]),
                FieldPanel("booking_url"),
                FieldPanel("how_to_start"),
                FieldPanel("location"),
                FieldPanel("accessibility"),
            ],
            heading="Delivery",
        ),
        InlinePanel("skills_taught", heading="Skills taught", label="Skill", min_num=0),
        InlinePanel("prerequisites", heading="Prerequisites", label="Prerequisite"),
        MultiFieldPanel(
            [
                HelpPanel("Leave the course open to all, or untick and choose who it is for."),
                FieldPanel("audience_open"),
                FieldPanel("audience_organisations"),
                FieldPanel("audience_professions"),
                FieldPanel("audience_grades"),
            ],
            heading="Audience",
        ),
        InlinePanel("required_for", heading="Required learning", label="Rule"),
        MultiFieldPanel(
            [FieldPanel("review_by"), FieldPanel("activity_iri"), FieldPanel("external_id")], heading="Management"
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.FilterField("format"),
        index.FilterField("cost_pence"),
    ]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = []
    template = "courses/course_page.html"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=~models.Q(external_id=""),
                name="course_external_id_per_provider",
            )
        ]

    @property
    def own_activity_iri(self) -> str:
        return f"{settings.SITE_BASE_URL}/courses/activities/{self.stable_id}"

    @property
    def xapi_activity_iri(self) -> str:
        """The IRI learning records use for this course: the editor's override, else the course's own."""
        return self.activity_iri or self.own_activity_iri

    @property
    def is_free(self) -> bool:
        return not self.cost_pence

    @property
    def cost_pounds(self) -> str:
        pounds, pence = divmod(self.cost_pence or 0, 100)
        return f"{pounds:,}.{pence:02d}" if pence else f"{pounds:,}"

    @property
    def duration_text(self) -> str:
        return duration_text(self.duration_minutes)

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, request=request))
        return context


class CourseSkill(Orderable):
    """A skill a course teaches, and the level a learner reaches (for example Data modelling → Working)."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="skills_taught")
    skill = models.ForeignKey("framework.Skill", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("level reached", choices=TAUGHT_LEVELS)

    panels = [FieldPanel("skill"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="one_level_per_course_skill")]
        indexes = [models.Index(fields=["skill", "level"])]

    def __str__(self):
        return f"{self.skill} → {self.get_level_display()}"


class CoursePrerequisite(Orderable):
    """Something a learner should have before starting: another course, or a skill at a level."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisites")
    required_course = models.ForeignKey(
        CoursePage, null=True, blank=True, on_delete=models.CASCADE, related_name="required_by"
    )
    skill = models.ForeignKey("framework.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True, choices=TAUGHT_LEVELS)

    panels = [FieldPanel("required_course"), FieldRowPanel([FieldPanel("skill"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(required_course__isnull=False, skill__isnull=True, level__isnull=True)
                    | models.Q(required_course__isnull=True, skill__isnull=False, level__isnull=False)
                ),
                name="prerequisite_is_a_course_or_a_skill_level",
            )
        ]

    def clean(self):
        if bool(self.required_course_id) == bool(self.skill_id):
            raise ValidationError("Choose either a course or a skill and level, not both.")
        if self.skill_id and not self.level:
            raise ValidationError({"level": "Choose the level of the skill a learner needs."})
        if self.required_course_id and self.level:
            raise ValidationError({"level": "A course prerequisite has no level; clear it."})
        if self.required_course_id and self.required_course_id == self.course_id:
            raise ValidationError({"required_course": "A course cannot be its own prerequisite."})


class RequiredLearning(Orderable):
    """The course is mandatory for an audience; blank audience fields mean everyone.

    Every chosen dimension must match (organisation includes sub-organisations). `recurrence_months` empty means
    complete once; otherwise the learner must complete it again that many months after their last completion.
    """

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="required_for")
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    profession = models.ForeignKey(
        "people.Profession", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    grade = models.ForeignKey("people.Grade", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recurrence_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For example 12 to require it every year. Leave blank for once only."
    )

    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("profession"), FieldPanel("grade")]),
        FieldPanel("recurrence_months"),
    ]

    def clean(self):
        if self.recurrence_months == 0:
            raise ValidationError({"recurrence_months": "Enter a number of months of 1 or more, or leave it blank."})


class CourseLinkCheck(models.Model):
    """The last check of a course's booking link, by the daily job. Reported in the admin; blocks nothing."""

    course = models.OneToOneField(CoursePage, on_delete=models.CASCADE, related_name="link_check")
    url = models.URLField(max_length=500)
    checked_at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField(default=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["ok", "-checked_at"]


class CatalogueImport(models.Model):
    """One bulk import of a provider's catalogue: the uploaded rows, the preview, progress and result."""

    class Status(models.TextChoices):
        INVALID = "invalid", "Has errors"
        PREVIEWED = "previewed", "Ready to import"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    rows = models.JSONField(default=list, help_text="The parsed, validated rows.")
    errors = models.JSONField(default=list)
    preview = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == "done" else 0)


class SecondCuratorApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the person who submitted the course (four eyes).

    When it is the workflow's last task, approving publishes the course (or schedules it when a go-live date is
    set). The submitter sees no approve action, and the approve view refuses them.
    """

    def _is_requester(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and state.requested_by_id == user.pk)

    def get_actions(self, obj, user):
        if self._is_requester(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and task_state.workflow_state.requested_by_id == user.pk:
            raise PermissionDenied("A second curator must approve a course you submitted.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return "A member of the chosen groups, other than the person who submitted it, approves."

    class Meta:
        verbose_name = "second curator approval task"
