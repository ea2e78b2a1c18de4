"""Writes for people, organisations and roles."""

import importlib

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles
from .models import AuditEvent, Organisation, SignupDomain, User


def _declared_role_permissions() -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {key: set(perms) for key, perms in roles.ROLE_PERMISSIONS.items()}
    for label in settings.INSTALLED_APPS:
        if label == "people" or "." in label:
            continue
        try:
            module = importlib.import_module(f"{label}.roles")
        except ModuleNotFoundError:
            continue
        for key, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(key, set()).update(perms)
    return merged


@transaction.atomic
def roles_sync(*, using: str = "default") -> dict[str, int]:
    """Create the role groups and set exactly the declared permissions on each. Safe to run repeatedly."""
    counts = {}
    for key, perms in _declared_role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=roles.ROLE_NAMES[key])
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
        counts[key] = len(wanted)
    return counts


def role_group(key: str) -> Group:
    return Group.objects.get(name=roles.ROLE_NAMES[key])


@transaction.atomic
def user_grant_role(*, user: User, role: str, actor: User | None = None) -> None:
    user.groups.add(role_group(role))
    if role in roles.ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(actor=actor, action="role.granted", subject=f"user:{user.pk}", detail={"role": role})


def audit_record(*, actor: User | None, action: str, subject: str = "", detail: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(actor=actor, action=action, subject=subject, detail=detail or {})


def signup_domain_allowed(email: str) -> bool:
    """True when the email's domain is an allowed domain or a subdomain of one."""
    domain = email.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    if not domain:
        return False
    allowed = set(settings.SIGNUP_ALLOWED_DOMAINS) | set(SignupDomain.objects.values_list("domain", flat=True))
    return any(domain == d.lower() or domain.endswith("." + d.lower()) for d in allowed)


def organisation_refresh_paths() -> None:
    """Recompute every organisation's materialised path (after a parent changes)."""
    by_id = {o.pk: o for o in Organisation.objects.all()}

    def path_of(org, seen=()):
        if org.parent_id is None:
            return f"/{org.pk}/"
        if org.pk in seen:
            raise ValueError(f"Organisation {org.name} is its own ancestor.")
        return path_of(by_id[org.parent_id], seen + (org.pk,)) + f"{org.pk}/"

    changed = []
    for org in by_id.values():
        new = path_of(org)
        if org.path != new:
            org.path = new
            changed.append(org)
    Organisation.objects.bulk_update(changed, ["path"])


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    abbreviation: str = "",
    kind: str = Organisation.Kind.MINISTERIAL,
    parent: Organisation | None = None,
) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "abbreviation": abbreviation, "kind": kind, "parent": parent}
    )
    org.path = (parent.path if parent else "/") + f"{org.pk}/"
    org.save(update_fields=["path"])
    return org


# --- Learner profiles and skill assessments (used by the pathways pages) -----------------------------------------
@transaction.atomic
def learner_profile_update(*, user: User, **fields):
    """Set the learner's organisation, profession, grade, current and target role levels (creating the profile)."""
    from django.utils import timezone

    from .models import LearnerProfile

    allowed = {"organisation", "profession", "grade", "current_role_level", "target_role_level"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    profile, _ = LearnerProfile.objects.select_for_update().get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.updated_at = timezone.now()
    profile.save()
    return profile


@transaction.atomic
def skill_assessments_record(*, user: User, levels: dict) -> int:
    """Record the learner's own level for each skill ({Skill: level}). Returns how many changed.

    A changed self-assessment keeps the manager's earlier confirmation on record (who and when) so both views stay
    visible; the manager can confirm again.
    """
    from django.utils import timezone

    from framework.models import SkillLevel

    from .models import SkillAssessment

    valid = set(SkillLevel.values)
    changed = 0
    now = timezone.now()
    for skill, level in levels.items():
        if level not in valid:
            raise ValueError(f"{level!r} is not a skill level for {skill.name}.")
        assessment = SkillAssessment.objects.select_for_update().filter(user=user, skill=skill).first()
        if assessment is None:
            SkillAssessment.objects.create(user=user, skill=skill, self_level=level, self_assessed_at=now)
            changed += 1
        elif assessment.self_level != level:
            assessment.self_level = level
            assessment.self_assessed_at = now
            assessment.save(update_fields=["self_level", "self_assessed_at"])
            changed += 1
    return changed


@transaction.atomic
def skill_assessment_confirm(*, manager: User, report: User, levels: dict) -> int:
    """The line manager confirms or adjusts their report's assessments ({Skill: level}); both values are kept."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from framework.models import SkillLevel

    from .models import LearnerProfile, SkillAssessment

    if not manager.has_perm("people.view_direct_reports"):
        raise PermissionDenied("Only line managers can confirm assessments.")
    if not LearnerProfile.objects.filter(user=report, line_manager=manager).exists():
        raise PermissionDenied("You can only confirm assessments for your own direct reports.")
    valid = set(SkillLevel.values)
    now = timezone.now()
    changed = 0
    for skill, level in levels.items():
        if level not in valid:
            raise ValueError(f"{level!r} is not a skill level for {skill.name}.")
        assessment = SkillAssessment.objects.select_for_update().filter(user=report, skill=skill).first()
        if assessment is None:
            continue  # nothing to confirm until the learner has assessed the skill themselves
        assessment.manager_level = level
        assessment.manager = manager
        assessment.manager_assessed_at = now
        assessment.save(update_fields=["manager_level", "manager", "manager_assessed_at"])
        changed += 1
    audit_record(actor=manager, action="assessment.confirmed", subject=f"user:{report.pk}", detail={"skills": changed})
    return changed
