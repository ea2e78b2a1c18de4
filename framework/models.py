"""The National Reskilling Framework (Government Digital and Data Profession Capability Framework).

Each import produces a `FrameworkVersion`; every family, role, role level and skill row belongs to one version.
The `slug` of each is stable across versions, so `iri` (built from SITE_BASE_URL and the slug) is a stable
identifier usable as an xAPI activity id. Compare things across versions by slug, never by primary key.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import RevisionMixin


class SkillLevel(models.IntegerChoices):
    NONE = 0, "None"
    AWARENESS = 1, "Awareness"
    WORKING = 2, "Working"
    PRACTITIONER = 3, "Practitioner"
    EXPERT = 4, "Expert"


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (awaiting review)"
        CURRENT = "current", "Current"
        ARCHIVED = "archived", "Archived (read-only)"

    name = models.CharField(max_length=255, default="Government Digital and Data Profession Capability Framework")
    label = models.CharField(max_length=100, help_text="Version label, for example 2026-11.")
    source = models.CharField(max_length=500, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the imported content.")
    compared_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version this one was compared with when it was imported.",
    )
    diff = models.JSONField(default=dict, blank=True, help_text="What changed compared with `compared_with`.")
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        permissions = [
            ("import_framework", "Can import a framework export"),
            ("activate_frameworkversion", "Can make a framework version current"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="current"), name="one_current_framework_version"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.label})"

    @property
    def is_editable(self):
        """Archived versions are kept read-only so that plans and reports made against them still resolve."""
        return self.status != self.Status.ARCHIVED


class RoleFamily(RevisionMixin, models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="families")
    slug = models.SlugField(max_length=150)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="family_slug_per_version")]
        verbose_name_plural = "role families"

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/families/{self.slug}"


class Role(RevisionMixin, models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="roles")
    family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, related_name="roles")
    slug = models.SlugField(max_length=150)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    role_type = models.CharField(max_length=100, blank=True)
    is_senior_civil_service = models.BooleanField(
        default=False, help_text="Senior Civil Service roles have no levels in the export; they are kept as one level."
    )
    feeder_roles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="leads_to",
        verbose_name="roles that could lead here",
        help_text="Roles in the same version from which people often move into this role.",
    )
    feeders_set_by_editor = models.BooleanField(
        default=False, help_text="An editor changed the roles that could lead here; kept across re-imports."
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="role_slug_per_version")]

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/roles/{self.slug}"


class RoleLevel(RevisionMixin, ClusterableModel):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="role_levels")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(max_length=200)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the role, most junior first.")
    indicative_grades = models.CharField(max_length=100, blank=True, help_text='For example "HEO–SEO".')
    order_set_by_editor = models.BooleanField(
        default=False, help_text="An editor corrected the order derived from the title; kept across re-imports."
    )

    class Meta:
        ordering = ["role__name", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="role_level_slug_per_version")]

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/role-levels/{self.slug}"

    @property
    def is_senior_civil_service(self):
        return self.role.is_senior_civil_service


class Skill(RevisionMixin, ClusterableModel):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="skills")
    slug = models.SlugField(max_length=150)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="skill_slug_per_version")]

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/skills/{self.slug}"


class SkillLevelDescription(models.Model):
    """What a skill means at one level (Awareness, Working, Practitioner, Expert)."""

    skill = ParentalKey(Skill, on_delete=models.CASCADE, related_name="level_descriptions")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["skill", "level"]
        constraints = [models.UniqueConstraint(fields=["skill", "level"], name="one_description_per_skill_level")]


class RoleLevelSkill(models.Model):
    """A skill a role level requires, at a level."""

    role_level = ParentalKey(RoleLevel, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="required_by")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    description = models.TextField(blank=True, help_text="What the skill means at this level for this role.")

    class Meta:
        ordering = ["skill__name"]
        constraints = [models.UniqueConstraint(fields=["role_level", "skill"], name="one_requirement_per_skill")]


class ChangeNote(models.Model):
    """A note of what changed in a role or skill, from an import diff or written by an editor. Keyed by slug,
    so notes follow a role or skill across versions."""

    class Kind(models.TextChoices):
        ROLE = "role", "Role"
        SKILL = "skill", "Skill"

    class Source(models.TextChoices):
        IMPORT = "import", "Import"
        EDITOR = "editor", "Editor"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(max_length=200)
    version = models.ForeignKey(FrameworkVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "slug"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.slug}: {self.text[:60]}"


class FrameworkImport(models.Model):
    """An upload from the admin, imported by a Celery task. Holds the raw files so any worker can read them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Importing"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Failed"

    roles_data = models.BinaryField()
    skills_data = models.BinaryField()
    roles_filename = models.CharField(max_length=255, blank=True)
    skills_filename = models.CharField(max_length=255, blank=True)
    label = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=100, blank=True)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    version = models.ForeignKey(FrameworkVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unchanged = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(100 * self.progress / self.total) if self.total else 0
