"""Writes for insights: the pre-aggregated group figures and the monthly snapshots.

insights only reads other apps' tables; it writes its own aggregates. `aggregates_rebuild` recomputes everything
(after bulk loads, and nightly from beat); `aggregates_refresh_for_user` recomputes the one group a person counts
in, so a new or changed assessment shows on the dashboard at once.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from framework.models import FrameworkVersion, RoleLevel, RoleLevelSkill, Skill
from people.models import LearnerProfile, Organisation, SkillAssessment

from .grouping import Key, groups_assign, key_parse, key_string
from .models import GroupActivityMonth, GroupAggregate, GroupSkillAggregate, MonthlySnapshot, PersonGroup

METRICS = [
    "people",
    "assessed",
    "with_current",
    "meeting_current",
    "with_target",
    "meeting_target",
    "gap_sum",
    "gap_pairs",
]
LEARNING = ["with_plan", "required_people", "required_assignments", "required_completed"]
BATCH = 5000


def min_cell_size() -> int:
    return max(1, int(getattr(settings, "INSIGHTS_MIN_CELL_SIZE", 5)))


def reportable_versions() -> list[FrameworkVersion]:
    """Current and archived framework versions (drafts are not yet agreed, so HR does not report on them)."""
    return list(FrameworkVersion.objects.exclude(status=FrameworkVersion.Status.DRAFT).order_by("-imported_at"))


class _Framework:
    """Requirements of every reportable version, keyed by role level slug, and role level facts by id."""

    def __init__(self, versions: list[FrameworkVersion]):
        self.versions = versions
        self.level_slug: dict[int, str] = {}
        self.level_family: dict[int, str] = {}
        for pk, slug, family in RoleLevel.objects.values_list("pk", "slug", "role__family__slug"):
            self.level_slug[pk] = slug
            self.level_family[pk] = family
        self.skill_slug = dict(Skill.objects.values_list("pk", "slug"))
        # version id -> role level slug -> [(skill slug, required level)]
        self.requirements: dict[int, dict[str, list[tuple[str, int]]]] = {v.pk: defaultdict(list) for v in versions}
        rows = RoleLevelSkill.objects.filter(role_level__version__in=versions, level__gt=0).values_list(
            "role_level__version_id", "role_level__slug", "skill__slug", "level"
        )
        for version_id, level_slug, skill_slug, level in rows:
            self.requirements[version_id][level_slug].append((skill_slug, level))


def _person_metrics(framework: _Framework, version_id: int, current_id, target_id, levels: dict[str, int]):
    """One person's contribution in one version: (metric deltas, [(skill slug, below, gap)])."""
    reqs = framework.requirements[version_id]
    out = dict.fromkeys(METRICS, 0)
    out["people"] = 1
    skills = []
    if not levels:
        return out, skills
    out["assessed"] = 1
    current = reqs.get(framework.level_slug.get(current_id, ""), []) if current_id else []
    if current:
        out["with_current"] = 1
        out["meeting_current"] = int(all(levels.get(s, 0) >= lv for s, lv in current))
    target = reqs.get(framework.level_slug.get(target_id, ""), []) if target_id else []
    if target:
        out["with_target"] = 1
        met = True
        for skill, required in target:
            gap = max(0, required - levels.get(skill, 0))
            out["gap_sum"] += gap
            out["gap_pairs"] += 1
            met = met and gap == 0
            skills.append((skill, int(gap > 0), gap))
        out["meeting_target"] = int(met)
    return out, skills


def _levels_by_user(framework: _Framework, rows: Iterable) -> Iterator[tuple[int, dict[str, int]]]:
    """Group (user id, skill id, self, manager) rows, ordered by user, into {skill slug: level} per user."""
    user, levels = None, {}
    for user_id, skill_id, self_level, manager_level in rows:
        if user_id != user:
            if user is not None:
                yield user, levels
            user, levels = user_id, {}
        slug = framework.skill_slug.get(skill_id)
        if slug:
            levels[slug] = manager_level if manager_level is not None else self_level
    if user is not None:
        yield user, levels


class _Accumulator:
    def __init__(self, *, learning: bool = True):
        self.groups: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(METRICS + LEARNING, 0))
        self.skills: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.members: dict[str, list[int]] = defaultdict(list)
        self.learning = learning
        self.required = None
        self.plans: set[int] = set()
        self.person_learning: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEARNING, 0))
        self.required_members: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
        self.activity: dict[tuple[str, object], list[int]] = {}
        if learning:
            from . import sources

            self.required = sources.RequiredLearning()

    def load_plans(self, user_ids=None):
        if self.learning:
            from . import sources

            self.plans = sources.plan_user_ids(user_ids=user_ids)

    def add_learning(self, group: str, user_id: int, organisation_id, profession_id, grade_id):
        if not self.learning:
            return
        self.members[group].append(user_id)
        figures = self.person_learning[group]
        figures["with_plan"] += int(user_id in self.plans)
        iris = self.required.iris_for(organisation_id, profession_id, grade_id)
        if iris:
            figures["required_people"] += 1
            figures["required_assignments"] += len(iris)
            self.required_members[(group, tuple(sorted(iris)))].append(user_id)

    def finish_learning(self, progress=None):
        """Ask the LRS for completions of required courses, and starts and completions by month, per group."""
        if not self.learning:
            return
        from . import sources

        for (group, iris), user_ids in self.required_members.items():
            self.person_learning[group]["required_completed"] += sources.completed_count(
                user_ids=user_ids, activity_iris=list(iris)
            )
        for (_version_id, group), bucket in self.groups.items():
            for name, value in self.person_learning[group].items():
                bucket[name] = value
        for group, user_ids in self.members.items():
            for month, (starts, completions) in sources.activity_by_month(user_ids=user_ids).items():
                self.activity[(group, month)] = [starts, completions]
            if progress:
                progress(len(user_ids))

    def add(self, framework, group: str, current_id, target_id, levels):
        for version in framework.versions:
            metrics, skills = _person_metrics(framework, version.pk, current_id, target_id, levels)
            bucket = self.groups[(version.pk, group)]
            for name, value in metrics.items():
                bucket[name] += value
            for skill, below, gap in skills:
                entry = self.skills[(version.pk, group, skill)]
                entry[0] += 1
                entry[1] += below
                entry[2] += gap


def _organisation_paths() -> dict[int, str]:
    return dict(Organisation.objects.values_list("pk", "path"))


def _dims(key: str, paths: dict[int, str]) -> dict:
    org, family, profession, grade = key_parse(key)
    return {
        "organisation_id": org,
        "organisation_path": paths.get(org, "") if org else "",
        "family_slug": family,
        "profession_id": profession,
        "grade_id": grade,
        "group_key": key,
    }


def bulk_insert(model, columns: list[str], rows) -> None:
    """Insert plain rows: COPY on PostgreSQL (fast enough for 500,000 people), bulk_create elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    model.objects.bulk_create((model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH)


DIM_COLUMNS = ["organisation_id", "organisation_path", "family_slug", "profession_id", "grade_id", "group_key"]


def _write(accumulator: _Accumulator, keys: list[str] | None, paths: dict[int, str]) -> None:
    """Replace aggregate rows (all of them, or only those of `keys`) with the accumulator's."""
    aggregates = GroupAggregate.objects.all()
    skills = GroupSkillAggregate.objects.all()
    if keys is not None:
        aggregates = aggregates.filter(group_key__in=keys)
        skills = skills.filter(group_key__in=keys)
    aggregates.delete()
    skills.delete()
    now = timezone.now()
    dims = {}

    def dims_of(key):
        if key not in dims:
            values = _dims(key, paths)
            dims[key] = tuple(values[c] for c in DIM_COLUMNS)
        return dims[key]

    bulk_insert(
        GroupAggregate,
        ["version_id", *DIM_COLUMNS, *METRICS, *LEARNING, "computed_at"],
        ((v, *dims_of(k), *(m[name] for name in METRICS + LEARNING), now) for (v, k), m in accumulator.groups.items()),
    )
    if accumulator.learning:
        activity = GroupActivityMonth.objects.all()
        if keys is not None:
            activity = activity.filter(group_key__in=keys)
        activity.delete()
        bulk_insert(
            GroupActivityMonth,
            [*DIM_COLUMNS, "month", "starts", "completions"],
            ((*dims_of(k), month, *e) for (k, month), e in accumulator.activity.items()),
        )
    bulk_insert(
        GroupSkillAggregate,
        ["version_id", *DIM_COLUMNS, "skill_slug", "people", "below", "gap_sum"],
        ((v, *dims_of(k), s, *e) for (v, k, s), e in accumulator.skills.items()),
    )


@transaction.atomic
def aggregates_rebuild(*, progress=None, learning_progress=None) -> dict[str, int]:
    """Recompute every group and every aggregate from people's profiles, assessments and learning records.

    `progress` / `learning_progress`, if given, are called with the number of people processed since the last
    call (for tqdm bars): the first pass over profiles and assessments, then the learning records per group.
    """
    n = min_cell_size()
    framework = _Framework(reportable_versions())
    organisations = list(Organisation.objects.values_list("pk", "parent_id", "path"))
    parents = {pk: parent for pk, parent, _ in organisations}
    depth = {pk: path.count("/") for pk, _, path in organisations}
    paths = {pk: path for pk, _, path in organisations}

    profiles = LearnerProfile.objects.filter(user__is_active=True).order_by("user_id")
    people: list[tuple[int, Key, int | None, int | None]] = []
    counts: Counter = Counter()
    fields = ("user_id", "organisation_id", "profession_id", "grade_id", "current_role_level_id")
    for user_id, org, profession, grade, current, target in profiles.values_list(
        *fields, "target_role_level_id"
    ).iterator(chunk_size=BATCH):
        key: Key = (org, framework.level_family.get(current, "") if current else "", profession, grade)
        people.append((user_id, key, current, target))
        counts[key] += 1
    final = groups_assign(counts, parents=parents, depth=depth, n=n)

    accumulator = _Accumulator()
    accumulator.load_plans()
    assessments = (
        SkillAssessment.objects.order_by("user_id")
        .values_list("user_id", "skill_id", "self_level", "manager_level")
        .iterator(chunk_size=BATCH * 4)
    )
    levels_iter = _levels_by_user(framework, assessments)
    next_levels = next(levels_iter, None)
    person_groups = []
    done = 0
    for user_id, raw, current, target in people:
        while next_levels is not None and next_levels[0] < user_id:
            next_levels = next(levels_iter, None)
        levels = next_levels[1] if next_levels is not None and next_levels[0] == user_id else {}
        group = final.get(raw)
        if group is not None:
            key = key_string(group)
            person_groups.append((user_id, key))
            accumulator.add(framework, key, current, target, levels)
            accumulator.add_learning(key, user_id, raw[0], raw[2], raw[3])
        done += 1
        if progress and done % BATCH == 0:
            progress(BATCH)
    if progress and done % BATCH:
        progress(done % BATCH)

    PersonGroup.objects.all().delete()
    bulk_insert(PersonGroup, ["user_id", "group_key"], person_groups)
    accumulator.finish_learning(progress=learning_progress)
    _write(accumulator, None, paths)
    return {
        "people": done,
        "counted": len(person_groups),
        "groups": len({k for _, k in accumulator.groups}),
        "versions": len(framework.versions),
    }


@transaction.atomic
def aggregates_refresh_groups(*, group_keys: list[str]) -> None:
    """Recompute the aggregates of the given groups from their members' current profiles and assessments."""
    framework = _Framework(reportable_versions())
    members = dict(PersonGroup.objects.filter(group_key__in=group_keys).values_list("user_id", "group_key"))
    accumulator = _Accumulator()
    accumulator.load_plans(user_ids=list(members))
    levels = dict(
        _levels_by_user(
            framework,
            SkillAssessment.objects.filter(user_id__in=members)
            .order_by("user_id")
            .values_list("user_id", "skill_id", "self_level", "manager_level"),
        )
    )
    profiles = LearnerProfile.objects.filter(user_id__in=members, user__is_active=True)
    fields = (
        "user_id",
        "current_role_level_id",
        "target_role_level_id",
        "organisation_id",
        "profession_id",
        "grade_id",
    )
    for user_id, current, target, org, profession, grade in profiles.values_list(*fields):
        accumulator.add(framework, members[user_id], current, target, levels.get(user_id, {}))
        accumulator.add_learning(members[user_id], user_id, org, profession, grade)
    accumulator.finish_learning()
    _write(accumulator, list(group_keys), _organisation_paths())


def aggregates_refresh_for_user(*, user_id: int) -> bool:
    """Refresh the group a person counts in. Returns False when they are not in one yet (a rebuild places them)."""
    key = PersonGroup.objects.filter(user_id=user_id).values_list("group_key", flat=True).first()
    if key is None:
        return False
    aggregates_refresh_groups(group_keys=[key])
    return True


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def snapshot_take(*, month: datetime.date | None = None) -> int:
    """Copy the current group figures into this month's snapshot (replacing an earlier run of the same month)."""
    month = month_start(month or timezone.localdate())
    MonthlySnapshot.objects.filter(month=month).delete()
    fields = ["version_id", "organisation_id", "organisation_path", "family_slug", "profession_id", "grade_id"]
    rows = [
        MonthlySnapshot(month=month, **{f: row[f] for f in fields + METRICS})
        for row in GroupAggregate.objects.values(*fields, *METRICS).iterator(chunk_size=BATCH)
    ]
    MonthlySnapshot.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
