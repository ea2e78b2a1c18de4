"""People, the organisations they work in, and the reference data a civil servant recognises.

We hold the least we need: an email to sign in, a display name, and the profile facts that place a learner in
the framework (organisation, profession, grade, role levels). Nothing here is shown to HR except in aggregate.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their work email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField("full name", max_length=150, blank=True)
    # HR analysts see aggregates for these organisations (and their sub-organisations) only.
    analyst_organisations = models.ManyToManyField(
        "people.Organisation",
        blank=True,
        related_name="analysts",
        help_text="For HR analysts: the organisations whose aggregate figures this person may see.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name or self.email).split(" ")[0]


class Organisation(models.Model):
    """A department, agency or other public body; sub-organisations form a tree through `parent`."""

    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial", "Ministerial department"
        NON_MINISTERIAL = "non_ministerial", "Non-ministerial department"
        AGENCY = "agency", "Executive agency"
        PUBLIC_BODY = "public_body", "Other public body"
        UNIT = "unit", "Directorate or unit"

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MINISTERIAL)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Materialised path of ancestor ids ("/1/4/9/") so subtree queries are one indexed prefix match at scale.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @property
    def tree_name(self) -> str:
        """The name indented by its depth in the tree, for admin listings ("— — Valuation Office Agency")."""
        return "— " * self.depth + self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or (self.path and self.parent.path.startswith(self.path)))
        ):
            raise ValidationError({"parent": "An organisation cannot sit under itself or one of its own units."})


class Profession(models.Model):
    """A Civil Service profession (Digital and Data, Policy, Finance...)."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Grade(models.Model):
    """A Civil Service grade; `rank` orders them from AA (lowest) to SCS4."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return self.name


class LearnerProfile(models.Model):
    """Where a learner is and where they want to go. One per user, created on first use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    profession = models.ForeignKey(Profession, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    current_role_level = models.ForeignKey(
        "framework.RoleLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_role_level = models.ForeignKey(
        "framework.RoleLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        permissions = [("view_direct_reports", "Can see and confirm their direct reports' skills and plans")]

    def __str__(self):
        return f"Profile of {self.user}"


class SkillAssessment(models.Model):
    """A learner's view of one skill, and optionally their line manager's confirmation or adjustment.

    Levels use `framework.models.SkillLevel` (0 = none, 1 = Awareness ... 4 = Expert). The skill is keyed by the
    framework skill row of the version current when assessed; compare across versions by `skill.slug`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_assessments")
    skill = models.ForeignKey("framework.Skill", on_delete=models.PROTECT, related_name="+")
    self_level = models.PositiveSmallIntegerField()
    self_assessed_at = models.DateTimeField(default=timezone.now)
    manager_level = models.PositiveSmallIntegerField(null=True, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    manager_assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "skill"], name="one_assessment_per_user_skill")]

    @property
    def level(self) -> int:
        """The level to plan with: the manager's where they have confirmed or adjusted it, else the learner's."""
        return self.manager_level if self.manager_level is not None else self.self_level


class SignupDomain(models.Model):
    """An email domain allowed to sign up (editable in the admin). Subdomains of an entry are allowed too."""

    domain = models.CharField(
        max_length=253, unique=True, help_text="For example: gov.uk or digital.cabinet-office.gov.uk"
    )
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class AuditEvent(models.Model):
    """Who changed what about people, roles and permissions, and when. Append-only."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100)
    subject = models.CharField(max_length=255, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"

    @property
    def actor_label(self) -> str:
        return self.actor.email if self.actor else "System"

    @property
    def detail_text(self) -> str:
        if not self.detail:
            return ""
        if "items" in self.detail:
            return ", ".join(self.detail["items"])
        if "fields" in self.detail:
            parts = []
            for field, change in self.detail["fields"].items():
                parts.append(f"{field}: {change['from']} → {change['to']}" if "from" in change else f"{field} changed")
            return "; ".join(parts)
        return ", ".join(f"{k}: {v}" for k, v in self.detail.items())
