"""Pre-aggregated, disclosure-safe figures for HR. Nothing here identifies a person.

Everyone is placed in a *group* (organisation, role family, profession, grade). Groups smaller than
settings.INSIGHTS_MIN_CELL_SIZE are merged upwards (grade, then profession, then role family become "not shown",
then the group moves to the parent organisation) until every group holds at least that many people. Every figure
on every page is a sum over whole groups, so no difference between two pages, filters or totals can single out
fewer people than the threshold. `GroupAggregate` holds one row per group and framework version;
`GroupSkillAggregate` one row per group, version and skill. `PersonGroup` only records which group a person
counts in, so that a new assessment can refresh that one group; it is never shown.
"""

from django.conf import settings
from django.db import models


class GroupKey(models.Model):
    """The dimensions shared by the aggregate tables (organisation path copied for fast subtree filters)."""

    organisation = models.ForeignKey("people.Organisation", null=True, on_delete=models.CASCADE, related_name="+")
    organisation_path = models.CharField(max_length=255, default="")
    family_slug = models.CharField(max_length=150, default="")
    profession = models.ForeignKey("people.Profession", null=True, on_delete=models.CASCADE, related_name="+")
    grade = models.ForeignKey("people.Grade", null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class PersonGroup(models.Model):
    """Which disclosure-safe group a person is counted in. Internal bookkeeping, never displayed or exported."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group_key = models.CharField(max_length=100, db_index=True)


class GroupAggregate(GroupKey):
    """Gap and activity counts for one group of at least INSIGHTS_MIN_CELL_SIZE people, in one framework version."""

    version = models.ForeignKey("framework.FrameworkVersion", on_delete=models.CASCADE, related_name="+")
    group_key = models.CharField(max_length=100)
    people = models.PositiveIntegerField(default=0)
    assessed = models.PositiveIntegerField(default=0)
    with_current = models.PositiveIntegerField(default=0, help_text="Assessed people whose current level is known.")
    meeting_current = models.PositiveIntegerField(default=0)
    with_target = models.PositiveIntegerField(default=0, help_text="Assessed people whose target level is known.")
    meeting_target = models.PositiveIntegerField(default=0)
    gap_sum = models.PositiveIntegerField(default=0, help_text="Sum of levels short of the target, over skills.")
    gap_pairs = models.PositiveIntegerField(default=0, help_text="Number of (person, required skill) pairs.")
    with_plan = models.PositiveIntegerField(default=0, help_text="People with at least one course in their plan.")
    required_people = models.PositiveIntegerField(default=0, help_text="People with any required learning.")
    required_assignments = models.PositiveIntegerField(default=0, help_text="(Person, required course) pairs.")
    required_completed = models.PositiveIntegerField(default=0, help_text="Of those, completed or passed.")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "group_key"], name="one_aggregate_per_group")]
        indexes = [models.Index(fields=["version", "organisation_path"], name="insights_agg_version_path")]
        # The permission HR analysts hold; and the one that lifts organisation scoping (administrators).
        permissions = [
            ("view_aggregates", "Can see HR insights (aggregate figures only)"),
            ("view_all_organisations", "Can see HR insights for every organisation"),
        ]


class GroupSkillAggregate(GroupKey):
    """For one group, version and skill: how many people's target level requires it, and how far short they are."""

    version = models.ForeignKey("framework.FrameworkVersion", on_delete=models.CASCADE, related_name="+")
    group_key = models.CharField(max_length=100)
    skill_slug = models.CharField(max_length=150)
    people = models.PositiveIntegerField(default=0)
    below = models.PositiveIntegerField(default=0)
    gap_sum = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "group_key", "skill_slug"], name="one_skill_aggregate")
        ]
        indexes = [models.Index(fields=["version", "organisation_path"], name="insights_skill_version_path")]


class GroupActivityMonth(GroupKey):
    """Course starts and completions (from xAPI) by a group in a month; version-independent."""

    group_key = models.CharField(max_length=100)
    month = models.DateField()
    starts = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group_key", "month"], name="one_activity_per_group_month")]
        indexes = [models.Index(fields=["organisation_path"], name="insights_activity_path")]


class MonthlySnapshot(GroupKey):
    """A month's copy of a group's figures, written by the beat job, for the trend line."""

    month = models.DateField(help_text="First day of the month.")
    version = models.ForeignKey("framework.FrameworkVersion", on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField(default=0)
    assessed = models.PositiveIntegerField(default=0)
    with_current = models.PositiveIntegerField(default=0)
    meeting_current = models.PositiveIntegerField(default=0)
    with_target = models.PositiveIntegerField(default=0)
    meeting_target = models.PositiveIntegerField(default=0)
    gap_sum = models.PositiveIntegerField(default=0)
    gap_pairs = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["version", "month", "organisation_path"], name="insights_snap_lookup")]
