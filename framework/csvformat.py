"""The official CSV export format: parsing it into a `Dataset`, writing a `Dataset` back, and comparing two.

Pure functions, no database: `services.framework_import` and `services.framework_export_csv` use them.
Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

import csv
import difflib
import hashlib
import io
import json
from dataclasses import dataclass, field

from .models import SkillLevel
from .naming import LEVEL_SLUG_MAX, framework_slug

ROLES_COLUMNS = [
    "Role Family",
    "Role",
    "Role Description",
    "Role Level",
    "Role Level Description",
    "Skill Name",
    "Skill Description",
    "Skill Level",
    "Skill Level Description",
    "Role Type",
]
SKILLS_COLUMNS = [
    "Skill Name",
    "Skill Description",
    "Awareness",
    "Working",
    "Practitioner",
    "Expert",
    "Roles that require Skill",
]
LEVEL_COLUMNS = {"Awareness": 1, "Working": 2, "Practitioner": 3, "Expert": 4}
NOT_IN_USE = "NOT IN USE"
MISSING = "MISSING"
SCS = "Senior Civil Service"
LEVEL_NAMES = {label: value for value, label in SkillLevel.choices if value}
LEVEL_LABELS = {value: label for label, value in LEVEL_NAMES.items()}


class FrameworkImportError(Exception):
    """Bad input. `errors` lists every problem found, each naming the file and row."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class SkillData:
    name: str
    slug: str
    description: str = ""
    levels: dict[int, str] = field(default_factory=dict)


@dataclass
class RequirementData:
    skill: str  # skill slug
    level: int
    description: str = ""
    row: int = 0


@dataclass
class LevelData:
    name: str
    slug: str
    description: str = ""
    requirements: dict[str, RequirementData] = field(default_factory=dict)
    row: int = 0


@dataclass
class RoleData:
    name: str
    slug: str
    family: str  # family slug
    description: str = ""
    role_type: str = ""
    is_senior_civil_service: bool = False
    levels: dict[str, LevelData] = field(default_factory=dict)


@dataclass
class FamilyData:
    name: str
    slug: str


@dataclass
class Dataset:
    families: dict[str, FamilyData] = field(default_factory=dict)
    roles: dict[str, RoleData] = field(default_factory=dict)
    skills: dict[str, SkillData] = field(default_factory=dict)

    @property
    def levels(self) -> dict[str, LevelData]:
        return {slug: level for role in self.roles.values() for slug, level in role.levels.items()}

    def level_role(self) -> dict[str, RoleData]:
        return {slug: role for role in self.roles.values() for slug in role.levels}

    def canonical(self) -> dict:
        return {
            "families": {s: f.name for s, f in sorted(self.families.items())},
            "roles": {
                s: {
                    "name": r.name,
                    "family": r.family,
                    "description": r.description,
                    "role_type": r.role_type,
                    "scs": r.is_senior_civil_service,
                    "levels": {
                        ls: {
                            "name": lv.name,
                            "description": lv.description,
                            "requirements": {k: [q.level, q.description] for k, q in sorted(lv.requirements.items())},
                        }
                        for ls, lv in sorted(r.levels.items())
                    },
                }
                for s, r in sorted(self.roles.items())
            },
            "skills": {
                s: {
                    "name": k.name,
                    "description": k.description,
                    "levels": {str(n): t for n, t in sorted(k.levels.items())},
                }
                for s, k in sorted(self.skills.items())
            },
        }

    def checksum(self) -> str:
        return hashlib.sha256(json.dumps(self.canonical(), sort_keys=True).encode()).hexdigest()

    def counts(self) -> dict[str, int]:
        levels = self.levels
        scs_levels = sum(len(r.levels) for r in self.roles.values() if r.is_senior_civil_service)
        return {
            "families": len(self.families),
            "roles": len(self.roles),
            "role_levels": len(levels) - scs_levels,
            "senior_civil_service_roles": sum(1 for r in self.roles.values() if r.is_senior_civil_service),
            "skills": len(self.skills),
            "requirements": sum(len(lv.requirements) for lv in levels.values()),
        }


def _clean(value) -> str:
    """Trim a cell; normalise line endings and non-breaking spaces at the ends."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip().strip("\xa0").strip()


def _name(value) -> str:
    return " ".join(_clean(value).split())


def _read(data: bytes, filename: str, columns: list[str]) -> list[tuple[int, dict]]:
    if not data or not data.strip():
        raise FrameworkImportError([f"{filename} is empty: choose the file downloaded from the framework site."])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrameworkImportError(
            [f"{filename} is saved as UTF-16 text; save it as “CSV UTF-8 (comma delimited)” and upload it again."]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrameworkImportError(
            [
                f"{filename} line {line}: byte 0x{data[exc.start]:02x} is not valid UTF-8. "
                "Save the file as “CSV UTF-8 (comma delimited)” and upload it again."
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FrameworkImportError([f"{filename} line {line}: contains a NUL character; it is not a CSV text file."])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_name(h) for h in next(reader)]
    except StopIteration:
        raise FrameworkImportError([f"{filename} is empty."]) from None
    missing = [c for c in columns if c not in header]
    if missing:
        found = ", ".join(f"“{h}”" for h in header if h) or "none"
        raise FrameworkImportError(
            [
                f"{filename} row 1: missing column{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"“{c}”" for c in missing)
                + f" (found {found})."
            ]
        )
    index = {c: header.index(c) for c in columns}
    rows = []
    row_number = 1
    try:
        for cells in reader:
            row_number += 1
            if not any(c.strip() for c in cells):
                continue
            rows.append((row_number, {c: (cells[i] if i < len(cells) else "") for c, i in index.items()}))
    except csv.Error as exc:
        raise FrameworkImportError([f"{filename} row {row_number + 1}: not valid CSV ({exc})."]) from None
    if not rows:
        raise FrameworkImportError([f"{filename} has a header but no rows."])
    return rows


def parse_export(roles_data: bytes, skills_data: bytes, *, roles_name="roles.csv", skills_name="skills.csv") -> Dataset:
    """Parse the two files of the official export. Raises FrameworkImportError listing every problem found."""
    skills_rows = _read(skills_data, skills_name, SKILLS_COLUMNS)
    roles_rows = _read(roles_data, roles_name, ROLES_COLUMNS)
    errors: list[str] = []
    ds = Dataset()
    skill_rows: dict[str, int] = {}
    for row, cells in skills_rows:
        name = _name(cells["Skill Name"])
        if not name:
            errors.append(f"{skills_name} row {row}: “Skill Name” is empty.")
            continue
        slug = framework_slug(name)
        if slug in skill_rows:
            errors.append(f"{skills_name} row {row}: skill “{name}” is listed again (first on row {skill_rows[slug]}).")
            continue
        skill_rows[slug] = row
        description = _clean(cells["Skill Description"])
        skill = SkillData(name=name, slug=slug, description="" if description == MISSING else description)
        for column, level in LEVEL_COLUMNS.items():
            text = _clean(cells[column])
            if text and text not in (MISSING, NOT_IN_USE):
                skill.levels[level] = text
        ds.skills[slug] = skill

    role_rows: dict[str, int] = {}
    for row, cells in roles_rows:
        family_name, role_name = _name(cells["Role Family"]), _name(cells["Role"])
        level_name, skill_name = _name(cells["Role Level"]), _name(cells["Skill Name"])
        level_label = _name(cells["Skill Level"])
        role_type = _name(cells["Role Type"])
        for column, value in (("Role Family", family_name), ("Role", role_name), ("Role Level", level_name)):
            if not value:
                errors.append(f"{roles_name} row {row}: “{column}” is empty.")
        if not (family_name and role_name and level_name):
            continue
        role_slug = framework_slug(role_name)
        scs = role_type == SCS or level_name == NOT_IN_USE
        family_slug = framework_slug(family_name)
        ds.families.setdefault(family_slug, FamilyData(name=family_name, slug=family_slug))
        role = ds.roles.get(role_slug)
        if role is None:
            role = ds.roles[role_slug] = RoleData(
                name=role_name,
                slug=role_slug,
                family=family_slug,
                description=_clean(cells["Role Description"]),
                role_type=role_type,
                is_senior_civil_service=scs,
            )
            role_rows[role_slug] = row
        elif role.family != family_slug:
            errors.append(
                f"{roles_name} row {row}: role “{role_name}” is in family “{family_name}” here but in "
                f"“{ds.families[role.family].name}” on row {role_rows[role_slug]}."
            )
            continue
        if level_name == NOT_IN_USE:
            # Senior Civil Service roles have no levels: keep the role as one level named after it.
            level_name = role_name
            level_description = ""
        else:
            level_description = _clean(cells["Role Level Description"])
        level_slug = framework_slug(level_name, max_length=LEVEL_SLUG_MAX)
        level = role.levels.get(level_slug)
        if level is None:
            level = role.levels[level_slug] = LevelData(
                name=level_name, slug=level_slug, description=level_description, row=row
            )
        if not skill_name:
            errors.append(f"{roles_name} row {row}: role level “{level_name}” has no “Skill Name”.")
            continue
        skill_slug = framework_slug(skill_name)
        if skill_slug not in ds.skills:
            errors.append(
                f"{roles_name} row {row}: skill “{skill_name}” is not in {skills_name}; add it there or correct the name."
            )
            continue
        if level_label == NOT_IN_USE:
            if not scs:
                errors.append(
                    f"{roles_name} row {row}: skill level “NOT IN USE” is only allowed for Senior Civil Service roles."
                )
                continue
            level_value = SkillLevel.NONE
        elif level_label in LEVEL_NAMES:
            level_value = LEVEL_NAMES[level_label]
        else:
            shown = level_label or "(empty)"
            errors.append(
                f"{roles_name} row {row}: unknown skill level “{shown}” for “{skill_name}”; "
                "expected Awareness, Working, Practitioner or Expert."
            )
            continue
        description = _clean(cells["Skill Level Description"])
        if description in (NOT_IN_USE, MISSING):
            description = ""
        existing = level.requirements.get(skill_slug)
        if existing is not None:
            if existing.level != level_value:
                errors.append(
                    f"{roles_name} row {row}: “{level_name}” needs “{skill_name}” at {level_label} here but at "
                    f"{LEVEL_LABELS.get(existing.level, 'NOT IN USE')} on row {existing.row}."
                )
            continue  # exact repeats occur in the official export; keep the first
        level.requirements[skill_slug] = RequirementData(
            skill=skill_slug, level=level_value, description=description, row=row
        )

    # Distinct role levels must have distinct slugs across the whole framework (they are IRIs).
    seen: dict[str, str] = {}
    for role in ds.roles.values():
        for slug, level in role.levels.items():
            if slug in seen and seen[slug] != role.slug:
                errors.append(
                    f"{roles_name} row {level.row}: role level “{level.name}” has the same identifier as a level "
                    f"of “{ds.roles[seen[slug]].name}”; rename one of them."
                )
            seen[slug] = role.slug
    if errors:
        if len(errors) > 50:
            errors = errors[:50] + [f"…and {len(errors) - 50} more problems."]
        raise FrameworkImportError(errors)
    return ds


def write_export(ds: Dataset) -> tuple[str, str]:
    """The dataset as the two CSV files of the official export (roles.csv, skills.csv)."""
    roles_out, skills_out = io.StringIO(newline=""), io.StringIO(newline="")
    roles_writer = csv.writer(roles_out, lineterminator="\r\n")
    roles_writer.writerow(ROLES_COLUMNS)
    needed_by: dict[str, list[str]] = {}
    for role in sorted(ds.roles.values(), key=lambda r: (ds.families[r.family].name.lower(), r.name.lower())):
        family = ds.families[role.family].name
        for level in sorted(role.levels.values(), key=lambda lv: lv.name.lower()):
            for req in sorted(level.requirements.values(), key=lambda q: ds.skills[q.skill].name.lower()):
                skill = ds.skills[req.skill]
                if role.name not in needed_by.setdefault(req.skill, []):
                    needed_by[req.skill].append(role.name)
                if role.is_senior_civil_service:
                    level_name, level_desc = NOT_IN_USE, NOT_IN_USE
                    skill_level, skill_level_desc = NOT_IN_USE, NOT_IN_USE
                else:
                    level_name, level_desc = level.name, level.description
                    skill_level = LEVEL_LABELS[req.level]
                    skill_level_desc = req.description
                roles_writer.writerow(
                    [
                        family,
                        role.name,
                        role.description,
                        level_name,
                        level_desc,
                        skill.name,
                        skill.description or MISSING,
                        skill_level,
                        skill_level_desc,
                        role.role_type,
                    ]
                )
    skills_writer = csv.writer(skills_out, lineterminator="\r\n")
    skills_writer.writerow(SKILLS_COLUMNS)
    for skill in sorted(ds.skills.values(), key=lambda s: s.name.lower()):
        skills_writer.writerow(
            [skill.name, skill.description]
            + [skill.levels.get(v, "") for v in LEVEL_COLUMNS.values()]
            + [", ".join(needed_by.get(skill.slug, []))]
        )
    return roles_out.getvalue(), skills_out.getvalue()


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _renames(removed: dict[str, str], added: dict[str, str], extra=None) -> list[dict]:
    """Pair removed and added items that look like the same thing renamed (similar names or equal content)."""
    pairs = []
    taken = set()
    for old_slug, old_name in removed.items():
        best, best_score = None, 0.0
        for new_slug, new_name in added.items():
            if new_slug in taken:
                continue
            score = _similar(old_name, new_name)
            if extra is not None and extra(old_slug, new_slug):
                score = max(score, 0.95)
            if score > best_score:
                best, best_score = new_slug, score
        if best is not None and best_score >= 0.75:
            taken.add(best)
            pairs.append({"from": old_slug, "from_name": old_name, "to": best, "to_name": added[best]})
    return pairs


def dataset_diff(old: Dataset | None, new: Dataset) -> dict:
    """What changed from `old` to `new`: added, removed, renamed-looking and changed items, and changed required
    levels. JSON-serialisable; an empty `summary` total means nothing changed."""
    old = old or Dataset()
    diff: dict = {}
    old_levels, new_levels = old.levels, new.levels
    old_level_role, new_level_role = old.level_role(), new.level_role()
    for kind, old_items, new_items in (
        ("families", old.families, new.families),
        ("roles", old.roles, new.roles),
        ("role_levels", old_levels, new_levels),
        ("skills", old.skills, new.skills),
    ):
        removed = {s: old_items[s].name for s in old_items.keys() - new_items.keys()}
        added = {s: new_items[s].name for s in new_items.keys() - old_items.keys()}
        extra = None
        if kind == "skills":

            def extra(a, b):
                return bool(old.skills[a].description) and old.skills[a].description == new.skills[b].description

        elif kind == "role_levels":

            def extra(a, b):
                return old_level_role[a].slug == new_level_role[b].slug and set(old_levels[a].requirements) == set(
                    new_levels[b].requirements
                )

        renamed = _renames(removed, added, extra)
        for pair in renamed:
            removed.pop(pair["from"], None)
            added.pop(pair["to"], None)
        changed = []
        for slug in sorted(old_items.keys() & new_items.keys()):
            a, b = old_items[slug], new_items[slug]
            fields = [
                f
                for f in ("name", "description", "family", "role_type", "levels")
                if hasattr(a, f) and f != "levels" and getattr(a, f) != getattr(b, f)
            ]
            if kind == "skills" and a.levels != b.levels:
                fields.append("level descriptions")
            if fields:
                changed.append({"slug": slug, "name": b.name, "fields": fields})
        diff[kind] = {
            "added": [{"slug": s, "name": n} for s, n in sorted(added.items(), key=lambda x: x[1].lower())],
            "removed": [{"slug": s, "name": n} for s, n in sorted(removed.items(), key=lambda x: x[1].lower())],
            "renamed": renamed,
            "changed": changed,
        }
    requirements = []
    for slug in sorted(old_levels.keys() & new_levels.keys()):
        a, b = old_levels[slug].requirements, new_levels[slug].requirements
        for skill in sorted(a.keys() | b.keys()):
            before = a[skill].level if skill in a else None
            after = b[skill].level if skill in b else None
            if before != after:
                skill_name = (new.skills.get(skill) or old.skills[skill]).name
                requirements.append(
                    {
                        "role_level": slug,
                        "role_level_name": new_levels[slug].name,
                        "role": new_level_role[slug].slug,
                        "skill": skill,
                        "skill_name": skill_name,
                        "from": before,
                        "to": after,
                    }
                )
            elif skill in a and a[skill].description != b[skill].description:
                pass  # text only; shown as a skill description change
    diff["requirements"] = requirements
    diff["summary"] = {
        **{
            f"{kind}_{what}": len(diff[kind][what])
            for kind in ("families", "roles", "role_levels", "skills")
            for what in ("added", "removed", "renamed", "changed")
        },
        "requirements_changed": len(requirements),
    }
    diff["summary"]["total"] = sum(diff["summary"].values())
    return diff


def diff_lines(diff: dict) -> list[str]:
    """A plain-text account of a diff, for the command line and change notes."""
    lines = []
    labels = {"families": "Family", "roles": "Role", "role_levels": "Role level", "skills": "Skill"}
    for kind, label in labels.items():
        part = diff.get(kind, {})
        for item in part.get("added", []):
            lines.append(f"+ {label} added: {item['name']}")
        for item in part.get("removed", []):
            lines.append(f"- {label} removed: {item['name']}")
        for item in part.get("renamed", []):
            lines.append(f"~ {label} renamed? {item['from_name']} → {item['to_name']}")
        for item in part.get("changed", []):
            lines.append(f"~ {label} changed: {item['name']} ({', '.join(item['fields'])})")

    def label(level):
        if level is None:
            return "not required"
        return LEVEL_LABELS.get(level, "required (level not set)")

    for req in diff.get("requirements", []):
        before, after = label(req["from"]), label(req["to"])
        lines.append(f"~ {req['role_level_name']}: {req['skill_name']} {before} → {after}")
    return lines
