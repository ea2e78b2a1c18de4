"""The National Reskilling Framework (Government Digital and Data Profession Capability Framework).

Each import produces a `FrameworkVersion`; every family, role, role level and skill row belongs to one version.
The `slug` of each is stable across versions, so `iri` (built from SITE_BASE_URL and the slug) is a stable
identifier usable as an xAPI activity id. Compare things across versions by slug, never by primary key.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the imported files.")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="current"), name="one_current_framework_version"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.label})"


class RoleFamily(models.Model):
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


class Role(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="roles")
    family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, related_name="roles")
    slug = models.SlugField(max_length=150)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    role_type = models.CharField(max_length=100, blank=True)
    is_senior_civil_service = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="role_slug_per_version")]

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/roles/{self.slug}"


class RoleLevel(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="role_levels")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(max_length=200)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the role, most junior first.")
    indicative_grades = models.CharField(max_length=100, blank=True, help_text='For example "HEO–SEO".')

    class Meta:
        ordering = ["role__name", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="role_level_slug_per_version")]

    def __str__(self):
        return self.name

    @property
    def iri(self):
        return f"{settings.SITE_BASE_URL}/framework/role-levels/{self.slug}"


class Skill(models.Model):
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

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="level_descriptions")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["skill", "level"]
        constraints = [models.UniqueConstraint(fields=["skill", "level"], name="one_description_per_skill_level")]


class RoleLevelSkill(models.Model):
    """A skill a role level requires, at a level."""

    role_level = models.ForeignKey(RoleLevel, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="required_by")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    description = models.TextField(blank=True, help_text="What the skill means at this level for this role.")

    class Meta:
        ordering = ["skill__name"]
        constraints = [models.UniqueConstraint(fields=["role_level", "skill"], name="one_requirement_per_skill")]
