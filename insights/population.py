"""A synthetic Civil Service workforce for benchmarks and demos (`manage.py generate_population`).

Everyone made here has an email at SYNTHETIC_DOMAIN and no usable password, so they can never sign in and are
easy to remove (`--reset`). The shape is plausible rather than real: big departments are bigger, most people in
the Digital and Data profession have a current role level, most of those have a target one level up, and three in
four have assessed the skills their target needs, near the required level.
"""

import datetime
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from framework.models import FrameworkVersion, RoleLevel, RoleLevelSkill
from people.models import Grade, LearnerProfile, Organisation, Profession, SkillAssessment, User
from people.services import organisation_create

from .services import bulk_insert

SYNTHETIC_DOMAIN = "synthetic.example.gov.uk"
BATCH = 5000
PROFILE_COLUMNS = [
    "user_id",
    "organisation_id",
    "profession_id",
    "grade_id",
    "current_role_level_id",
    "target_role_level_id",
    "updated_at",
]
ASSESSMENT_COLUMNS = ["user_id", "skill_id", "self_level", "manager_level", "self_assessed_at"]

EXTRA_DEPARTMENTS = [
    "Department for Transport",
    "Department of Health and Social Care",
    "Ministry of Defence",
    "Foreign, Commonwealth and Development Office",
    "Department for Environment, Food and Rural Affairs",
    "Department for Business and Trade",
    "Department for Energy Security and Net Zero",
    "Ministry of Housing, Communities and Local Government",
    "Department for Culture, Media and Sport",
    "HM Treasury",
    "HM Land Registry",
    "Companies House",
    "Driver and Vehicle Licensing Agency",
    "UK Health Security Agency",
    "Land Registry for Northern England",
    "Crown Prosecution Service",
    "Charity Commission",
    "Food Standards Agency",
    "National Archives",
    "Ordnance Survey",
]
UNITS = ["Digital", "Data and Analysis", "Operations", "Policy", "Corporate Services"]
# Rough share of people per grade rank (AA..SCS4).
GRADE_WEIGHTS = [4, 18, 22, 20, 14, 11, 6, 3, 1, 0.3, 0.1]


def _organisations(progress: Callable[[str], None]) -> list[Organisation]:
    from django.utils.text import slugify

    existing = {o.slug for o in Organisation.objects.all()}
    for name in EXTRA_DEPARTMENTS:
        slug = slugify(name)[:90]
        if slug not in existing:
            organisation_create(name=name, slug=slug, kind=Organisation.Kind.MINISTERIAL)
    for parent in list(Organisation.objects.filter(parent=None)):
        for unit in UNITS:
            slug = f"{parent.slug[:70]}-{slugify(unit)}"
            if slug not in existing:
                organisation_create(
                    name=f"{parent.name}: {unit}", slug=slug, kind=Organisation.Kind.UNIT, parent=parent
                )
    progress(f"{Organisation.objects.count()} organisations")
    return list(Organisation.objects.all())


def _framework(progress) -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    if version is None:
        from framework.demo import seed

        progress("No current framework version: loading the sample framework")
        seed()
        version = FrameworkVersion.objects.get(status=FrameworkVersion.Status.CURRENT)
    return version


def population_reset() -> int:
    """Remove every synthetic person (raw deletes: this is bulk test data, no signals are wanted)."""
    users = User.objects.filter(email__endswith="@" + SYNTHETIC_DOMAIN)
    count = users.count()
    with transaction.atomic():
        SkillAssessment.objects.filter(user__in=users)._raw_delete(connection.alias)
        LearnerProfile.objects.filter(user__in=users)._raw_delete(connection.alias)
        try:
            from learning_records.models import ActivityProgress, Statement

            ActivityProgress.objects.filter(user__in=users)._raw_delete(connection.alias)
            Statement.objects.filter(user__in=users).delete()
            from pathways.models import LearnerCompletion, PlanItem

            PlanItem.objects.filter(user__in=users)._raw_delete(connection.alias)
            LearnerCompletion.objects.filter(user__in=users)._raw_delete(connection.alias)
        except ImportError:  # pragma: no cover - learning records not installed
            pass
        from insights.models import PersonGroup

        PersonGroup.objects.filter(user__in=users)._raw_delete(connection.alias)
        User.groups.through.objects.filter(user__in=users)._raw_delete(connection.alias)
        users._raw_delete(connection.alias)
    return count


def _create_users(emails: list[str]) -> list[int]:
    """Insert users with no usable password; their ids, in order. One INSERT ... RETURNING on PostgreSQL."""
    if connection.vendor == "postgresql":
        table = User._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (password, is_superuser, is_staff, is_active, date_joined, email, name) "  # noqa: S608
                "SELECT '!', false, false, true, now(), e, '' FROM unnest(%s::text[]) WITH ORDINALITY AS t(e, n) "
                "ORDER BY n RETURNING id",
                [emails],
            )
            return [row[0] for row in cursor.fetchall()]
    return [u.pk for u in User.objects.bulk_create([User(email=e, password="!") for e in emails])]


def _courses() -> list[tuple[int, str, str]]:
    """(page id, title, activity IRI) of live courses, if the catalogue app is installed."""
    try:
        from courses.selectors import courses_live
    except ImportError:  # pragma: no cover
        return []
    return [(c.pk, c.title, c.xapi_activity_iri) for c in courses_live()]


class _Learning:
    """Plans, xAPI statements and progress for a synthetic person (written straight to the tables: bulk test data,
    not sent through the LRS endpoint, so no per-statement validation or agent index rows)."""

    ADL = "http://adlnet.gov/expapi/verbs/"

    def __init__(self, rng: random.Random, courses, now):
        self.rng, self.courses, self.now = rng, courses, now
        self.plans, self.statements, self.progress = [], [], []
        from django.conf import settings

        self.home = settings.SITE_BASE_URL

    def add(self, user_id: int) -> None:
        import uuid

        rng = self.rng
        if not self.courses or rng.random() > 0.4:
            return
        chosen = rng.sample(self.courses, k=min(len(self.courses), rng.choice((1, 1, 2, 3))))
        planned = rng.random() < 0.6
        for position, (page_id, title, iri) in enumerate(chosen):
            if planned:
                self.plans.append((user_id, page_id, title[:255], iri[:500], "chosen", "", "", position, self.now))
            started = self.now - datetime.timedelta(days=rng.randrange(0, 365))
            events = [("attempted", started)]
            if rng.random() < 0.55:
                events.append(("completed", started + datetime.timedelta(days=rng.randrange(1, 40))))
            for verb, when in events:
                when = min(when, self.now)
                statement_id = uuid.uuid4()
                payload = {
                    "id": str(statement_id),
                    "actor": {
                        "objectType": "Agent",
                        "account": {"homePage": self.home, "name": f"synthetic-{user_id}"},
                    },
                    "verb": {"id": self.ADL + verb},
                    "object": {"objectType": "Activity", "id": iri},
                    "timestamp": when.isoformat(),
                    "stored": when.isoformat(),
                    "version": "1.0.3",
                }
                if connection.vendor == "postgresql":
                    from psycopg.types.json import Jsonb

                    payload = Jsonb(payload)
                self.statements.append(
                    (statement_id, payload, self.ADL + verb, iri, when, when, False, False, False, user_id)
                )
            status = "completed" if len(events) > 1 else "in_progress"
            self.progress.append((user_id, iri, status, self.now))

    def flush(self) -> None:
        if not self.statements and not self.plans:
            return
        from learning_records.models import ActivityProgress, Statement

        bulk_insert(Statement, STATEMENT_COLUMNS, self.statements)
        bulk_insert(ActivityProgress, ["user_id", "activity_iri", "status", "updated"], self.progress)
        try:
            from pathways.models import PlanItem
        except ImportError:  # pragma: no cover
            PlanItem = None
        if PlanItem is not None:
            bulk_insert(PlanItem, PLAN_COLUMNS, self.plans)
        self.plans, self.statements, self.progress = [], [], []


STATEMENT_COLUMNS = [
    "statement_id",
    "payload",
    "verb_iri",
    "object_activity_iri",
    "stored",
    "timestamp",
    "voided",
    "is_voiding",
    "has_attachments",
    "user_id",
]
PLAN_COLUMNS = [
    "user_id",
    "course_id",
    "course_title",
    "activity_iri",
    "source",
    "target_role_level_slug",
    "reason",
    "position",
    "added_at",
]


def population_generate(*, people: int, seed: int = 1, progress_bar=None, say=print) -> dict[str, int]:
    """Create `people` synthetic people with profiles and assessments. `progress_bar(n)` advances by n people."""
    rng = random.Random(seed)
    organisations = _organisations(say)
    version = _framework(say)
    grades = list(Grade.objects.order_by("rank"))
    professions = list(Profession.objects.order_by("name"))
    if not grades or not professions:
        from people.demo import seed as people_seed

        people_seed()
        grades = list(Grade.objects.order_by("rank"))
        professions = list(Profession.objects.order_by("name"))
    digital = next((p for p in professions if p.slug == "digital-and-data"), professions[0])
    levels = list(RoleLevel.objects.filter(version=version).select_related("role").order_by("role_id", "order"))
    by_role: dict[int, list[RoleLevel]] = {}
    for level in levels:
        by_role.setdefault(level.role_id, []).append(level)
    requirements: dict[int, list[tuple[int, int]]] = {}
    for rl_id, skill_id, required in RoleLevelSkill.objects.filter(role_level__version=version).values_list(
        "role_level_id", "skill_id", "level"
    ):
        requirements.setdefault(rl_id, []).append((skill_id, required))
    # Big departments are bigger: weight top-level organisations more than units.
    org_weights = [5 if o.parent_id is None else 2 for o in organisations]
    grade_weights = GRADE_WEIGHTS[: len(grades)] + [1] * max(0, len(grades) - len(GRADE_WEIGHTS))

    start = User.objects.filter(email__endswith="@" + SYNTHETIC_DOMAIN).count()
    now = timezone.now()
    made = {"people": 0, "profiles": 0, "assessments": 0, "statements": 0}
    learning = _Learning(rng, _courses(), now)
    for offset in range(0, people, BATCH):
        size = min(BATCH, people - offset)
        with transaction.atomic():
            user_ids = _create_users([f"person{start + offset + i}@{SYNTHETIC_DOMAIN}" for i in range(size)])
            profiles, assessments = [], []
            for user_id in user_ids:
                learning.add(user_id)
                profession = digital if rng.random() < 0.45 else rng.choice(professions)
                current = target = None
                if levels and (profession == digital or rng.random() < 0.15):
                    role_levels = by_role[rng.choice(list(by_role))]
                    index = rng.randrange(len(role_levels))
                    current = role_levels[index]
                    if rng.random() < 0.7:
                        target = role_levels[min(index + 1, len(role_levels) - 1)]
                profiles.append(
                    (
                        user_id,
                        rng.choices(organisations, org_weights)[0].pk,
                        profession.pk,
                        rng.choices(grades, grade_weights)[0].pk,
                        current.pk if current else None,
                        target.pk if target else None,
                        now,
                    )
                )
                if current is not None and rng.random() < 0.75:
                    needed = dict(requirements.get(current.pk, []))
                    if target is not None:
                        needed.update(dict(requirements.get(target.pk, [])))
                    for skill_id, required in needed.items():
                        level = max(0, min(4, required + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
                        manager = level if rng.random() < 0.3 else None
                        assessments.append((user_id, skill_id, level, manager, now))
            bulk_insert(LearnerProfile, PROFILE_COLUMNS, profiles)
            bulk_insert(SkillAssessment, ASSESSMENT_COLUMNS, assessments)
            made["statements"] += len(learning.statements)
            learning.flush()
        made["people"] += size
        made["profiles"] += len(profiles)
        made["assessments"] += len(assessments)
        if progress_bar:
            progress_bar(size)
    return made
