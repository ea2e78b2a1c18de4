"""Writes for the framework: importing the official export, making a version current, editors' corrections."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from . import signals
from .csvformat import (
    Dataset,
    FamilyData,
    FrameworkImportError,
    LevelData,
    RequirementData,
    RoleData,
    SkillData,
    dataset_diff,
    diff_lines,
    parse_export,
    write_export,
)
from .models import (
    ChangeNote,
    FrameworkImport,
    FrameworkVersion,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    SkillLevelDescription,
)
from .naming import level_order

__all__ = [
    "FrameworkImportError",
    "ImportResult",
    "framework_import",
    "framework_version_make_current",
    "framework_export_csv",
    "dataset_from_version",
    "role_level_set_order",
    "change_note_add",
    "framework_import_run",
    "framework_import_upload",
]

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    version: FrameworkVersion
    created: bool
    made_current: bool
    diff: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        return not self.created

    def diff_lines(self) -> list[str]:
        return diff_lines(self.diff)


def _bytes(source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data.encode() if isinstance(data, str) else data


def dataset_from_version(version: FrameworkVersion) -> Dataset:
    """The content of a stored version, in the same shape the parser produces (so the two can be compared)."""
    ds = Dataset()
    for family in RoleFamily.objects.filter(version=version):
        ds.families[family.slug] = FamilyData(name=family.name, slug=family.slug)
    skills_by_id = {}
    for skill in Skill.objects.filter(version=version).prefetch_related("level_descriptions"):
        data = SkillData(name=skill.name, slug=skill.slug, description=skill.description)
        for d in skill.level_descriptions.all():
            if d.description:
                data.levels[d.level] = d.description
        ds.skills[skill.slug] = data
        skills_by_id[skill.pk] = skill.slug
    roles = Role.objects.filter(version=version).select_related("family")
    levels = RoleLevel.objects.filter(version=version).prefetch_related(
        Prefetch(
            "required_skills", queryset=RoleLevelSkill.objects.only("role_level_id", "skill_id", "level", "description")
        )
    )
    levels_by_role: dict[int, list[RoleLevel]] = {}
    for level in levels:
        levels_by_role.setdefault(level.role_id, []).append(level)
    for role in roles:
        data = RoleData(
            name=role.name,
            slug=role.slug,
            family=role.family.slug,
            description=role.description,
            role_type=role.role_type,
            is_senior_civil_service=role.is_senior_civil_service,
        )
        for level in levels_by_role.get(role.pk, []):
            lv = LevelData(name=level.name, slug=level.slug, description=level.description)
            for req in level.required_skills.all():
                slug = skills_by_id[req.skill_id]
                lv.requirements[slug] = RequirementData(skill=slug, level=req.level, description=req.description)
            data.levels[level.slug] = lv
        ds.roles[role.slug] = data
    return ds


# Senior Civil Service roles share no skills with the others in the export, so their seed comes from the families
# (or role-name words) they lead, keeping roles whose most senior level is principal, head of or chief.
SCS_FEEDERS = {
    "chief-data-officer": ("data",),
    "chief-technology-officer": ("architecture", "software-development", "it-operations"),
    "chief-information-security-officer": ("security",),
    "chief-digital-and-information-officer": ("product-and-delivery", "user-centred-design", "architecture"),
}


def _seed_feeders(ds: Dataset) -> dict[str, list[str]]:
    """A sensible first guess at "roles that could lead here": the other roles of the same family, plus roles from
    other families that share most of this role's skills. Senior Civil Service roles are fed by the most senior
    roles of the families they lead (SCS_FEEDERS). Editors refine it."""
    skills = {slug: {s for lv in role.levels.values() for s in lv.requirements} for slug, role in ds.roles.items()}
    result = {}
    for slug, role in ds.roles.items():
        same_family = [
            s for s, r in ds.roles.items() if r.family == role.family and s != slug and not r.is_senior_civil_service
        ]
        mine = skills[slug]
        scored = []
        for other, theirs in skills.items():
            if other == slug or ds.roles[other].family == role.family or ds.roles[other].is_senior_civil_service:
                continue
            if mine and theirs:
                overlap = len(mine & theirs) / len(mine | theirs)
                if overlap >= 0.3 or (role.is_senior_civil_service and overlap > 0):
                    scored.append((-overlap, ds.roles[other].name, other))
        if role.is_senior_civil_service:
            keys = SCS_FEEDERS.get(slug, ())
            result[slug] = sorted(
                (
                    s
                    for s, r in ds.roles.items()
                    if not r.is_senior_civil_service
                    and (r.family in keys or any(k in s for k in keys))
                    and max((level_order(lv.name) for lv in r.levels.values()), default=0) >= 80
                ),
                key=lambda s: ds.roles[s].name,
            )
            continue
        result[slug] = same_family + [s for _, _, s in sorted(scored)[:3]]
    return result


def _write_version(
    ds: Dataset, *, label: str, source: str, previous: FrameworkVersion | None, diff: dict, progress: ProgressCallback
) -> FrameworkVersion:
    total = len(ds.roles) + len(ds.skills) + 3
    done = 0
    version = FrameworkVersion.objects.create(
        label=label, source=source, checksum=ds.checksum(), compared_with=previous, diff=diff
    )
    progress("Families", done, total)
    families = dict(
        zip(
            ds.families,
            RoleFamily.objects.bulk_create(
                [RoleFamily(version=version, slug=f.slug, name=f.name) for f in ds.families.values()]
            ),
            strict=True,
        )
    )
    if previous is not None:
        prior_families = dict(RoleFamily.objects.filter(version=previous).values_list("slug", "description"))
        for slug, family in families.items():
            if prior_families.get(slug):
                family.description = prior_families[slug]
        RoleFamily.objects.bulk_update(list(families.values()), ["description"])
    done += 1
    progress("Skills", done, total)
    skills = dict(
        zip(
            ds.skills,
            Skill.objects.bulk_create(
                [
                    Skill(version=version, slug=s.slug, name=s.name, description=s.description)
                    for s in ds.skills.values()
                ]
            ),
            strict=True,
        )
    )
    SkillLevelDescription.objects.bulk_create(
        [
            SkillLevelDescription(skill=skills[slug], level=level, description=text)
            for slug, s in ds.skills.items()
            for level, text in sorted(s.levels.items())
        ]
    )
    done += len(ds.skills)
    progress("Roles", done, total)

    # Editors' work carried over by slug: corrected level order, indicative grades, roles that could lead here.
    prior_levels = {}
    prior_feeders: dict[str, list[str]] = {}
    if previous is not None:
        prior_levels = {
            lv.slug: lv
            for lv in RoleLevel.objects.filter(version=previous).only(
                "slug", "order", "order_set_by_editor", "indicative_grades"
            )
        }
        for role in Role.objects.filter(version=previous, feeders_set_by_editor=True).prefetch_related("feeder_roles"):
            prior_feeders[role.slug] = [r.slug for r in role.feeder_roles.all()]
    seeded = _seed_feeders(ds)

    roles = dict(
        zip(
            ds.roles,
            Role.objects.bulk_create(
                [
                    Role(
                        version=version,
                        family=families[r.family],
                        slug=r.slug,
                        name=r.name,
                        description=r.description,
                        role_type=r.role_type,
                        is_senior_civil_service=r.is_senior_civil_service,
                        feeders_set_by_editor=r.slug in prior_feeders,
                    )
                    for r in ds.roles.values()
                ]
            ),
            strict=True,
        )
    )
    level_rows, level_keys = [], []
    for role_slug, r in ds.roles.items():
        for level_slug, lv in r.levels.items():
            prior = prior_levels.get(level_slug)
            level_rows.append(
                RoleLevel(
                    version=version,
                    role=roles[role_slug],
                    slug=level_slug,
                    name=lv.name,
                    description=lv.description,
                    order=prior.order if prior and prior.order_set_by_editor else level_order(lv.name),
                    order_set_by_editor=bool(prior and prior.order_set_by_editor),
                    indicative_grades=prior.indicative_grades if prior else "",
                )
            )
            level_keys.append((role_slug, level_slug))
    levels = dict(zip(level_keys, RoleLevel.objects.bulk_create(level_rows), strict=True))
    requirement_rows = []
    for (role_slug, level_slug), level in levels.items():
        for req in ds.roles[role_slug].levels[level_slug].requirements.values():
            requirement_rows.append(
                RoleLevelSkill(role_level=level, skill=skills[req.skill], level=req.level, description=req.description)
            )
        done += 0
    RoleLevelSkill.objects.bulk_create(requirement_rows, batch_size=1000)
    done += len(ds.roles)
    progress("Roles that could lead here", done, total)
    through = Role.feeder_roles.through
    links = []
    for slug, role in roles.items():
        wanted = prior_feeders[slug] if slug in prior_feeders else seeded[slug]
        for other in wanted:
            if other in roles and other != slug:
                links.append(through(from_role_id=role.pk, to_role_id=roles[other].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    done += 1
    progress("Change notes", done, total)
    _notes_from_diff(version, diff)
    done += 1
    progress("Done", done, total)
    return version


def _notes_from_diff(version: FrameworkVersion, diff: dict) -> None:
    if version.compared_with_id is None:
        return
    notes = []
    for kind, key in ((ChangeNote.Kind.ROLE, "roles"), (ChangeNote.Kind.SKILL, "skills")):
        part = diff.get(key, {})
        for item in part.get("added", []):
            notes.append((kind, item["slug"], f"Added in version {version.label}."))
        for item in part.get("renamed", []):
            notes.append((kind, item["to"], f"Renamed from “{item['from_name']}” in version {version.label}."))
        for item in part.get("changed", []):
            notes.append((kind, item["slug"], f"Changed in version {version.label}: {', '.join(item['fields'])}."))
    by_role: dict[str, list[str]] = {}
    for line, req in zip(
        diff_lines({"requirements": diff.get("requirements", [])}), diff.get("requirements", []), strict=True
    ):
        by_role.setdefault(req["role"], []).append(line.lstrip("~ "))
    for role, lines in by_role.items():
        notes.append(
            (
                ChangeNote.Kind.ROLE,
                role,
                f"Required skill levels changed in version {version.label}: " + "; ".join(lines),
            )
        )
    ChangeNote.objects.bulk_create(
        [ChangeNote(kind=k, slug=s, version=version, text=t, source=ChangeNote.Source.IMPORT) for k, s, t in notes]
    )


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@transaction.atomic
def framework_import(
    *,
    roles_csv,
    skills_csv,
    label: str = "",
    source: str = "",
    make_current: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import the official CSV export (paths, bytes or file objects).

    Parses and validates both files first: any problem raises FrameworkImportError naming the file and row, and
    nothing is written. If the content equals the current version (or an existing draft) nothing changes. Otherwise
    a new draft version is created with its diff against the current version; it becomes current only when
    `make_current` is true, or when there is no current version yet.
    """
    progress = progress or _no_progress
    progress("Reading files", 0, 1)
    ds = parse_export(_bytes(roles_csv), _bytes(skills_csv))
    checksum = ds.checksum()
    current = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    candidates = [current] if current else []
    candidates += list(
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT).order_by("-imported_at")[:3]
    )
    for candidate in candidates:
        if candidate.checksum == checksum or dataset_from_version(candidate).checksum() == checksum:
            made_current = False
            if candidate.status == FrameworkVersion.Status.DRAFT and make_current:
                candidate = framework_version_make_current(version=candidate)
                made_current = True
            progress("Unchanged", 1, 1)
            return ImportResult(
                version=candidate, created=False, made_current=made_current, diff=candidate.diff, counts=ds.counts()
            )
    previous = current or FrameworkVersion.objects.order_by("-imported_at").first()
    diff = dataset_diff(dataset_from_version(previous), ds) if previous else dataset_diff(None, ds)
    label = label or timezone.now().strftime("%Y-%m-%d %H:%M")
    version = _write_version(ds, label=label, source=source, previous=previous, diff=diff, progress=progress)
    made_current = False
    if make_current or current is None:
        version = framework_version_make_current(version=version)
        made_current = True
    return ImportResult(version=version, created=True, made_current=made_current, diff=diff, counts=ds.counts())


@transaction.atomic
def framework_version_make_current(*, version: FrameworkVersion) -> FrameworkVersion:
    """Make `version` the current one; the previous current version becomes archived (read-only).
    Sends `signals.version_activated(version=..., previous=...)` inside the transaction."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == FrameworkVersion.Status.CURRENT:
        return version
    previous = FrameworkVersion.objects.select_for_update().filter(status=FrameworkVersion.Status.CURRENT).first()
    if previous is not None:
        previous.status = FrameworkVersion.Status.ARCHIVED
        previous.save(update_fields=["status"])
    version.status = FrameworkVersion.Status.CURRENT
    version.activated_at = timezone.now()
    version.save(update_fields=["status", "activated_at"])
    signals.version_activated.send(sender=FrameworkVersion, version=version, previous=previous)
    return version


def framework_export_csv(*, version: FrameworkVersion) -> tuple[str, str]:
    """The version as the official export's two CSV files (roles.csv, skills.csv)."""
    return write_export(dataset_from_version(version))


@transaction.atomic
def role_level_set_order(*, role_level: RoleLevel, order: int) -> RoleLevel:
    """An editor's correction of a level's position; kept across re-imports."""
    role_level.order = order
    role_level.order_set_by_editor = True
    role_level.save(update_fields=["order", "order_set_by_editor"])
    return role_level


@transaction.atomic
def change_note_add(
    *, kind: str, slug: str, text: str, author=None, version: FrameworkVersion | None = None
) -> ChangeNote:
    text = text.strip()
    if not text:
        raise ValueError("A change note needs some text.")
    return ChangeNote.objects.create(
        kind=kind, slug=slug, text=text, author=author, version=version, source=ChangeNote.Source.EDITOR
    )


@transaction.atomic
def framework_import_upload(
    *,
    roles_data: bytes,
    skills_data: bytes,
    roles_filename: str = "",
    skills_filename: str = "",
    label: str = "",
    user=None,
) -> FrameworkImport:
    """Record an upload from the admin and enqueue its import once the upload is committed."""
    from .tasks import framework_import_task

    job = FrameworkImport.objects.create(
        roles_data=roles_data,
        skills_data=skills_data,
        roles_filename=roles_filename[:255],
        skills_filename=skills_filename[:255],
        label=label,
        uploaded_by=user,
    )
    transaction.on_commit(lambda: framework_import_task.delay(job.pk))
    return job


def framework_import_run(*, import_id: int) -> FrameworkImport:
    """Run an uploaded import (the Celery task calls this), recording progress and the outcome on the upload."""
    job = FrameworkImport.objects.get(pk=import_id)
    if job.status in (FrameworkImport.Status.SUCCEEDED, FrameworkImport.Status.FAILED):
        return job
    FrameworkImport.objects.filter(pk=job.pk).update(status=FrameworkImport.Status.RUNNING, stage="Reading files")

    def progress(stage: str, done: int, total: int) -> None:
        FrameworkImport.objects.filter(pk=job.pk).update(stage=stage, progress=done, total=total)

    try:
        result = framework_import(
            roles_csv=bytes(job.roles_data),
            skills_csv=bytes(job.skills_data),
            label=job.label,
            source=f"Uploaded: {job.roles_filename}, {job.skills_filename}",
            progress=progress,
        )
    except FrameworkImportError as exc:
        FrameworkImport.objects.filter(pk=job.pk).update(
            status=FrameworkImport.Status.FAILED, errors=exc.errors, finished_at=timezone.now(), stage="Failed"
        )
    else:
        FrameworkImport.objects.filter(pk=job.pk).update(
            status=FrameworkImport.Status.SUCCEEDED,
            version=result.version,
            unchanged=result.unchanged,
            finished_at=timezone.now(),
            stage="Done",
        )
    job.refresh_from_db()
    return job
