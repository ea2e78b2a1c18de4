"""Curated pathway pages (authored by L&D in Wagtail) and learners' plans.

Plans point at course pages through Wagtail's `Page` so they never depend on the catalogue's internals; the
course's title and activity IRI are copied onto the plan item when it is added, so a plan still reads sensibly if a
course is later unpublished. Progress is never stored here: it is read from the learning record store.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.models import BasePage

COURSE_PAGE_TYPE = "courses.CoursePage"


class CuratedStepBlock(blocks.StructBlock):
    course = blocks.PageChooserBlock(page_type=COURSE_PAGE_TYPE, help_text="The course for this step.")
    alternatives = blocks.ListBlock(
        blocks.PageChooserBlock(page_type=COURSE_PAGE_TYPE),
        required=False,
        default=[],
        help_text="Courses a learner may take instead (for example when the first is not open to them).",
    )
    note = blocks.TextBlock(required=False, help_text="Why this step, in a sentence or two. Shown to learners.")
    optional = blocks.BooleanBlock(required=False, help_text="Tick if learners may skip this step.")

    class Meta:
        icon = "list-ol"
        label = "Step"


class PathwayIndexPage(BasePage):
    """Lists the curated pathways L&D teams publish. One per site."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["pathways.CuratedPathwayPage"]
    max_count = 1
    template = "pathways/pathway_index_page.html"

    class Meta:
        permissions = [("view_demand_report", "Can see which skills learners aim for that no course teaches")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pathways"] = CuratedPathwayPage.objects.child_of(self).live().order_by("title")
        return context


class CuratedPathwayPage(BasePage):
    """A pathway an L&D team recommends for a common move, e.g. "Delivery manager to Product manager"."""

    target_role_level = models.ForeignKey(
        "framework.RoleLevel",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"version__status": "current"},
        help_text="The role level this pathway leads to. Matched by its stable identifier across framework versions.",
    )
    from_role_level = models.ForeignKey(
        "framework.RoleLevel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"version__status": "current"},
        help_text="Leave empty if the pathway suits people starting from any role.",
    )
    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    steps = StreamField([("step", CuratedStepBlock())], use_json_field=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("from_role_level"),
        FieldPanel("target_role_level"),
        FieldPanel("introduction"),
        FieldPanel("steps"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["pathways.PathwayIndexPage"]
    subpage_types = []
    template = "pathways/curated_pathway_page.html"

    def get_context(self, request, *args, **kwargs):
        from .forms import ChooseStepsForm
        from .selectors import curated_pathway_steps

        context = super().get_context(request, *args, **kwargs)
        steps = curated_pathway_steps(pathway=self)
        choices = []
        for step in steps:
            if step.course is not None:
                label = f"Step {step.number}: {step.course.title}" + (" (optional)" if step.optional else "")
                choices.append((step.course.pk, label, step.note))
            for alternative in step.alternatives:
                choices.append((alternative.pk, f"Step {step.number}, instead: {alternative.title}", ""))
        context["step_rows"] = steps
        context["choose_form"] = ChooseStepsForm(steps=choices)
        return context


class PlanItem(models.Model):
    """One course in a learner's plan, added by the learner (never automatically)."""

    class Source(models.TextChoices):
        GENERATED = "generated", "Generated pathway"
        CURATED = "curated", "Curated pathway"
        CHOSEN = "chosen", "Chosen by you"
        REQUIRED = "required", "Required learning"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_items")
    course = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    course_title = models.CharField(max_length=255)
    activity_iri = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CHOSEN)
    curated_pathway = models.ForeignKey(
        CuratedPathwayPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_role_level_slug = models.SlugField(max_length=200, blank=True)
    reason = models.TextField(blank=True, help_text="Why this step was suggested, as shown when it was added.")
    position = models.PositiveIntegerField(default=0)
    target_date = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "added_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_plan_item_per_course")]

    def __str__(self):
        return self.course_title


class LearnerCompletion(models.Model):
    """When a learner last completed (or passed) an activity, kept from the LRS's progress signal.

    Recurring required learning is due a number of months after the last completion; the LRS tells us the status,
    this keeps the date. Holds nothing the LRS does not already hold.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity_iri = models.CharField(max_length=1024)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "activity_iri"], name="one_completion_per_activity")]
