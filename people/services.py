"""Writes for people, organisations and roles."""

import importlib
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles
from .audit import acting_as, current_actor
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
    """Add the user to a role's group (recorded in the audit trail by the m2m signal, attributed to `actor`)."""
    with acting_as(actor) if actor is not None else nullcontext():
        user.groups.add(role_group(role))
        if role in roles.ADMIN_ROLES and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])


@transaction.atomic
def user_onboard(*, user: User) -> None:
    """Everyone who signs up is a learner."""
    user_grant_role(user=user, role=roles.LEARNER)


@transaction.atomic
def user_revoke_role(*, user: User, role: str, actor: User | None = None) -> None:
    with acting_as(actor) if actor is not None else nullcontext():
        user.groups.remove(role_group(role))


# --- Audit trail ------------------------------------------------------------------------------------------

AUDITED_USER_FIELDS = ("email", "name", "is_active", "is_staff", "is_superuser", "anonymised_at")


def audit_record(
    *, actor: User | None = None, action: str, subject: str = "", detail: dict | None = None, using: str = "default"
) -> AuditEvent:
    """Append an event. The actor defaults to whoever is acting now (the request's user), else "system"."""
    if actor is None:
        actor = current_actor()
    if actor is not None and actor.pk is None:
        actor = None
    if actor is not None and not User.objects.using(using).filter(pk=actor.pk).exists():
        actor = None  # the actor has just deleted their own account
    return AuditEvent.objects.using(using).create(actor=actor, action=action, subject=subject, detail=detail or {})


def _subject(instance) -> str:
    if isinstance(instance, User):
        return f"user:{instance.pk}"
    return f"{instance._meta.model_name}:{instance}"


def _label(obj) -> str:
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    if isinstance(obj, User):
        return f"user:{obj.pk}"
    return str(obj)


def audit_snapshot_user(*, user: User) -> None:
    """Remember the audited fields as stored, so the save can record what changed."""
    user._audit_before = None
    if user.pk:
        user._audit_before = User.objects.filter(pk=user.pk).values(*AUDITED_USER_FIELDS, "password").first()


def audit_user_saved(*, user: User, created: bool, using: str = "default") -> None:
    if created:
        audit_record(action="user.created", subject=_subject(user), using=using)
        return
    before = getattr(user, "_audit_before", None)
    if not before:
        return
    changes = {}
    for field in AUDITED_USER_FIELDS:
        old, new = before[field], getattr(user, field)
        if old != new:
            # Personal values (email, name) are not copied into the trail: only that they changed.
            changes[field] = {"changed": True} if field in ("email", "name") else {"from": str(old), "to": str(new)}
    if before["password"] != user.password:
        changes["password"] = {"changed": True}
    if changes:
        audit_record(action="user.changed", subject=_subject(user), detail={"fields": changes}, using=using)
    user._audit_before = None


def audit_object_saved(*, instance, created: bool, using: str = "default") -> None:
    kind = instance._meta.model_name
    audit_record(action=f"{kind}.{'created' if created else 'changed'}", subject=_subject(instance), using=using)


def audit_object_deleted(*, instance, using: str = "default") -> None:
    audit_record(action=f"{instance._meta.model_name}.deleted", subject=_subject(instance), using=using)


_RELATION_ACTIONS = {
    "groups": "user.roles",
    "user_permissions": "user.permissions",
    "analyst_organisations": "user.analyst_scope",
    "permissions": "group.permissions",
}


def audit_relation_changed(*, through, instance, action: str, reverse: bool, model, pk_set, using: str = "default"):
    """Record roles, direct permissions, analyst scope or group permissions added to or removed from someone."""
    field = _relation_field(through)
    if field is None:
        return
    verb = "added" if action == "post_add" else "removed"
    if action == "pre_clear":
        # Record what is about to be cleared (the signal does not say).
        if reverse:
            related = getattr(instance, _reverse_accessor(through, instance))
        else:
            related = getattr(instance, field)
        pk_set = set(related.using(using).values_list("pk", flat=True))
    if not pk_set:
        return
    objects = model._default_manager.using(using).filter(pk__in=pk_set)
    if reverse:
        # e.g. users added to a group from the group's side: one event per person changed.
        for other in objects:
            audit_record(
                action=f"{_RELATION_ACTIONS[field]}_{verb}",
                subject=_subject(other),
                detail={"items": [_label(instance)]},
                using=using,
            )
        return
    audit_record(
        action=f"{_RELATION_ACTIONS[field]}_{verb}",
        subject=_subject(instance),
        detail={"items": sorted(_label(o) for o in objects)},
        using=using,
    )


def _relation_field(through) -> str | None:
    return {
        User.groups.through: "groups",
        User.user_permissions.through: "user_permissions",
        User.analyst_organisations.through: "analyst_organisations",
        Group.permissions.through: "permissions",
    }.get(through)


def _reverse_accessor(through, instance) -> str:
    for rel in instance._meta.related_objects:
        if getattr(rel, "through", None) is through:
            return rel.get_accessor_name()
    raise LookupError(through)


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


# --- Learners' data rights ------------------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase a person's data in every app (people last) and record that it happened, without who they were."""
    from core.personal_data import providers

    pk = user.pk
    with acting_as(user):
        for provider in reversed(providers()):
            provider.erase(user)
    audit_record(actor=user, action="account.deleted", subject=f"user:{pk}", detail={"requested_by": "the person"})


@transaction.atomic
def retention_apply(*, now=None) -> dict[str, int]:
    """Anonymise accounts unused for RETENTION_DAYS and let every app remove or anonymise its own old records."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from core.personal_data import providers

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    stale = User.objects.filter(anonymised_at__isnull=True, is_staff=False, is_superuser=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    summary = {"accounts anonymised": 0}
    for user in stale.iterator():
        for provider in reversed(providers()):
            provider.erase(user)
        summary["accounts anonymised"] += 1
    for provider in providers():
        retain = getattr(provider, "retain", None)
        if retain is not None:
            for label, count in retain(cutoff).items():
                summary[label] = summary.get(label, 0) + count
    audit_record(
        actor=None,
        action="retention.applied",
        subject=f"before {cutoff:%Y-%m-%d}",
        detail={"items": [f"{label}: {count}" for label, count in summary.items()]},
    )
    return summary


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
