"""Reads for people and organisations, used by other apps."""

from django.db.models import QuerySet

from .models import Organisation, User


def organisation_subtree(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisation and every organisation below it."""
    return Organisation.objects.filter(path__startswith=organisation.path)


def organisations_visible_to_analyst(*, user: User) -> QuerySet[Organisation]:
    """Administrators see every organisation; an HR analyst sees the subtrees of their scoped organisations."""
    if user.is_superuser or user.has_perm("insights.view_all_organisations"):
        return Organisation.objects.all()
    paths = list(user.analyst_organisations.values_list("path", flat=True))
    if not paths:
        return Organisation.objects.none()
    from django.db.models import Q

    query = Q()
    for p in paths:
        query |= Q(path__startswith=p)
    return Organisation.objects.filter(query)


def direct_reports(*, manager: User) -> QuerySet[User]:
    return User.objects.filter(profile__line_manager=manager, is_active=True).order_by("email")


def personal_data_export(*, user: User) -> dict:
    """Everything every app holds about this person, by section (see core/personal_data.py)."""
    from core.personal_data import providers

    data: dict = {}
    for provider in providers():
        data.update(provider.export(user))
    return data


def personal_data_rows(*, data: dict):
    """The export flattened for a spreadsheet: section, record number, field, value."""
    for section, content in data.items():
        records = content if isinstance(content, list) else [content]
        for number, record in enumerate(records, start=1):
            for field, value in record.items():
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                yield [section, number, field, "" if value is None else value]
