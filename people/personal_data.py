"""What `people` holds about a person: their account, profile, skills assessments and the audit trail about them."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, LearnerProfile, SkillAssessment, User


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    profile = LearnerProfile.objects.filter(user=user).select_related(
        "organisation", "profession", "grade", "line_manager", "current_role_level", "target_role_level"
    )
    profile = profile.first()
    assessments = SkillAssessment.objects.filter(user=user).select_related("skill").order_by("skill__name")
    return {
        "Account": {
            "email": user.email,
            "name": user.name,
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "hr_analyst_scope": sorted(user.analyst_organisations.values_list("name", flat=True)),
        },
        "Email addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "Two-factor authentication": [
            {"type": a.type, "added": _when(a.created_at), "last_used": _when(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user)
        ],
        "Single sign-on accounts": [
            {"provider": s.provider, "joined": _when(s.date_joined)} for s in SocialAccount.objects.filter(user=user)
        ],
        "Profile": {
            "organisation": str(profile.organisation) if profile and profile.organisation else None,
            "profession": str(profile.profession) if profile and profile.profession else None,
            "grade": str(profile.grade) if profile and profile.grade else None,
            "line_manager": profile.line_manager.get_full_name() if profile and profile.line_manager else None,
            "current_role_level": str(profile.current_role_level) if profile and profile.current_role_level else None,
            "target_role_level": str(profile.target_role_level) if profile and profile.target_role_level else None,
        },
        "Skills assessments": [
            {
                "skill": str(a.skill),
                "your_level": a.self_level,
                "assessed": _when(a.self_assessed_at),
                "line_manager_level": a.manager_level,
                "line_manager_assessed": _when(a.manager_assessed_at),
            }
            for a in assessments
        ],
        "Changes made to your account": [
            {"when": _when(e.at), "what": e.action, "detail": e.detail_text}
            for e in AuditEvent.objects.filter(subject=f"user:{user.pk}").order_by("at")
        ],
    }


@transaction.atomic
def erase(user: User) -> None:
    """Remove everything identifying. The row stays as an anonymous tombstone so other apps' records keep their
    foreign keys and aggregates stay correct; nothing left on it identifies the person."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    SkillAssessment.objects.filter(user=user).delete()
    # Their manager-side confirmations of other people's skills stay (they belong to the report) but lose the name.
    SkillAssessment.objects.filter(manager=user).update(manager=None)
    LearnerProfile.objects.filter(user=user).delete()
    LearnerProfile.objects.filter(line_manager=user).update(line_manager=None)
    user.groups.clear()
    user.user_permissions.clear()
    user.analyst_organisations.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    # Every other session ends too: the account is inactive and its session hash (from the password) has changed.
    user.save()


def retain(cutoff: datetime) -> dict:
    """Audit events older than the retention period are removed (the accounts themselves: see retention_apply)."""
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return {"audit events removed": deleted}
