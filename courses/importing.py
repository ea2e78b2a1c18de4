"""Reading and checking a provider's catalogue file (CSV or JSON) before anything is written.

The format (also in README.md and the downloadable template). One row (CSV) or object (JSON) per course:

| column | required | meaning |
|---|---|---|
| external_id | yes | the provider's own stable id; re-importing the same id updates that course |
| title | yes | course title |
| summary | no | one sentence |
| description | no | plain text; blank lines separate paragraphs |
| format | yes | e_learning, virtual_classroom, face_to_face, blended, video, reading, apprenticeship (or the label) |
| duration_minutes | no | whole minutes |
| cost | no | pounds per learner, e.g. 450 or 450.00; blank or 0 means free |
| booking_url | no | http(s) address where a learner books or starts |
| location, accessibility, how_to_start | no | text |
| skills | no | `skill:level` pairs separated by `;`, e.g. `data-modelling:working; python:3`. The skill is the framework slug or name; the level is Awareness, Working, Practitioner, Expert or 1-4 |
| review_by | no | YYYY-MM-DD |
| activity_iri | no | the xAPI activity IRI, when the content sends its own statements |
| audience_organisations, audience_professions, audience_grades | no | slugs (grades: codes such as HEO) separated by `;`; blank for open to all |

In JSON the file is a list of such objects (or `{"courses": [...]}`); `skills` may also be a list of
`{"skill": ..., "level": ...}`. Row numbers in errors are the spreadsheet row (the header is row 1) for CSV and
the position in the list (from 1) for JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from framework.models import FrameworkVersion, Skill, SkillLevel

from .models import CoursePage

COLUMNS = [
    "external_id",
    "title",
    "summary",
    "description",
    "format",
    "duration_minutes",
    "cost",
    "booking_url",
    "location",
    "accessibility",
    "how_to_start",
    "skills",
    "review_by",
    "activity_iri",
    "audience_organisations",
    "audience_professions",
    "audience_grades",
]
REQUIRED = ["external_id", "title", "format"]
MAX_ROWS = 5000
TEMPLATE_ROWS = [
    {
        "external_id": "DM-101",
        "title": "Data modelling fundamentals",
        "summary": "Learn to model data with entities, attributes and relationships.",
        "description": "Two half-day sessions with exercises.\n\nBring a dataset from your own work.",
        "format": "virtual_classroom",
        "duration_minutes": "420",
        "cost": "395.00",
        "booking_url": "https://provider.example.com/courses/dm-101",
        "location": "",
        "accessibility": "Live captions on request.",
        "how_to_start": "Book a date through the link.",
        "skills": "data-modelling:working; data-standards:awareness",
        "review_by": "2027-06-30",
        "activity_iri": "",
        "audience_organisations": "",
        "audience_professions": "",
        "audience_grades": "",
    }
]

LEVELS = {label.lower(): value for value, label in SkillLevel.choices if value > 0}
LEVELS.update({str(value): value for value in LEVELS.values()})
FORMATS = {code: code for code, _ in CoursePage.Format.choices}
FORMATS.update({label.lower(): code for code, label in CoursePage.Format.choices})


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, bad encoding, missing columns, empty)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_rows(*, filename: str, content: bytes) -> list[tuple[int, dict]]:
    """[(row number, raw values)] from a CSV or JSON file, or ImportFileError with a reason a person can act on."""
    if not content.strip():
        raise ImportFileError("The file is empty.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {exc.start + 1} cannot be read). Save it as “CSV UTF-8” and try again."
        ) from exc
    name = filename.lower()
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"The JSON is not valid: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
        if isinstance(data, dict):
            data = data.get("courses")
        if not isinstance(data, list):
            raise ImportFileError('The JSON must be a list of courses, or an object with a "courses" list.')
        rows = []
        for n, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise ImportFileError(f"Item {n} is not an object with course fields.")
            rows.append((n, item))
    elif name.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        headers = [h.strip().lower() for h in (reader.fieldnames or []) if h is not None]
        missing = [c for c in REQUIRED if c not in headers]
        if missing:
            raise ImportFileError(
                f"The file is missing the column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}."
            )
        reader.fieldnames = headers
        try:
            rows = [(n, row) for n, row in enumerate(reader, start=2)]
        except csv.Error as exc:
            raise ImportFileError(f"The CSV cannot be read: {exc}.") from exc
    else:
        raise ImportFileError("Upload a .csv or .json file.")
    if not rows:
        raise ImportFileError("The file has no courses in it.")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The file has {len(rows)} courses; import at most {MAX_ROWS} at a time.")
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _split(value) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _text(value).replace(",", ";").split(";") if part.strip()]


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(b)}</p>" for b in blocks)


class Lookups:
    """Reference data resolved once per file: current skills (by slug and by name), organisations, professions,
    grades."""

    def __init__(self):
        from people.models import Grade, Organisation, Profession

        version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
        skills = Skill.objects.filter(version=version) if version else Skill.objects.none()
        self.skills = {}
        for slug, name in skills.values_list("slug", "name"):
            self.skills[slug] = slug
            self.skills[name.lower()] = slug
            self.skills[slugify(name)] = slug
        self.has_framework = version is not None
        self.organisations = dict(Organisation.objects.values_list("slug", "id"))
        self.professions = dict(Profession.objects.values_list("slug", "id"))
        self.grades = {code.lower(): pk for code, pk in Grade.objects.values_list("code", "id")}


def _skills(value, row: int, lookups: Lookups, errors: list[RowError]) -> list[list]:
    pairs = []
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict):
                items.append((_text(item.get("skill")), _text(item.get("level"))))
            else:
                items.append(tuple(part.strip() for part in (_text(item).rsplit(":", 1) + [""])[:2]))
    else:
        items = [tuple((part.rsplit(":", 1) + [""])[:2]) for part in _split(value)]
    seen = set()
    for skill_text, level_text in items:
        skill_text, level_text = skill_text.strip(), level_text.strip()
        slug = lookups.skills.get(skill_text) or lookups.skills.get(skill_text.lower())
        if slug is None:
            hint = "" if lookups.has_framework else " (no framework version is current yet)"
            errors.append(RowError(row, "skills", f"Unknown skill “{skill_text}”{hint}."))
            continue
        level = LEVELS.get(level_text.lower())
        if level is None:
            errors.append(
                RowError(
                    row,
                    "skills",
                    f"“{level_text or '(blank)'}” is not a level for {skill_text}: use Awareness, Working, "
                    "Practitioner, Expert or 1-4.",
                )
            )
            continue
        if slug in seen:
            errors.append(RowError(row, "skills", f"{skill_text} is listed twice."))
            continue
        seen.add(slug)
        pairs.append([slug, level])
    return pairs


def _url(value: str, row: int, column: str, errors: list[RowError]) -> str:
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors.append(RowError(row, column, f"“{value}” is not a web address starting http:// or https://."))
        return ""
    return value


def check_row(row: int, raw: dict, lookups: Lookups) -> tuple[dict, list[RowError]]:
    """One row's values cleaned into course fields, and every problem found in it."""
    raw = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    errors: list[RowError] = []
    values: dict = {"row": row}
    values["external_id"] = _text(raw.get("external_id"))
    if not values["external_id"]:
        errors.append(RowError(row, "external_id", "Enter the provider's id for this course."))
    elif len(values["external_id"]) > 200:
        errors.append(RowError(row, "external_id", "The id must be 200 characters or fewer."))
    values["title"] = " ".join(_text(raw.get("title")).split())
    if not values["title"]:
        errors.append(RowError(row, "title", "Enter a title."))
    elif len(values["title"]) > 255:
        errors.append(RowError(row, "title", "The title must be 255 characters or fewer."))
    values["summary"] = _text(raw.get("summary"))[:300]
    values["description"] = _paragraphs(_text(raw.get("description")))
    fmt = _text(raw.get("format")).lower()
    values["format"] = FORMATS.get(fmt) or FORMATS.get(fmt.replace("-", "_").replace(" ", "_"))
    if not values["format"]:
        errors.append(
            RowError(
                row,
                "format",
                f"“{fmt or '(blank)'}” is not a format: use one of {', '.join(sorted(set(FORMATS.values())))}.",
            )
        )
    minutes = _text(raw.get("duration_minutes"))
    values["duration_minutes"] = None
    if minutes:
        if minutes.isdigit() and int(minutes) > 0:
            values["duration_minutes"] = int(minutes)
        else:
            errors.append(RowError(row, "duration_minutes", f"“{minutes}” is not a whole number of minutes."))
    cost = _text(raw.get("cost")).lstrip("£").replace(",", "")
    values["cost_pence"] = 0
    if cost and cost.lower() != "free":
        try:
            pounds = Decimal(cost)
            if pounds < 0 or pounds != pounds.quantize(Decimal("0.01")):
                raise InvalidOperation
            values["cost_pence"] = int(pounds * 100)
        except InvalidOperation:
            errors.append(RowError(row, "cost", f"“{cost}” is not an amount in pounds, like 450 or 450.00."))
    values["booking_url"] = _url(_text(raw.get("booking_url")), row, "booking_url", errors)
    values["activity_iri"] = _url(_text(raw.get("activity_iri")), row, "activity_iri", errors)
    for name in ("location", "accessibility", "how_to_start"):
        values[name] = _text(raw.get(name))
    values["location"] = values["location"][:255]
    review = _text(raw.get("review_by"))
    values["review_by"] = None
    if review:
        try:
            values["review_by"] = dt.date.fromisoformat(review).isoformat()
        except ValueError:
            errors.append(RowError(row, "review_by", f"“{review}” is not a date in the form YYYY-MM-DD."))
    values["skills"] = _skills(raw.get("skills"), row, lookups, errors)
    for column, table, label in (
        ("audience_organisations", lookups.organisations, "organisation"),
        ("audience_professions", lookups.professions, "profession"),
        ("audience_grades", lookups.grades, "grade"),
    ):
        ids = []
        for key in _split(raw.get(column)):
            found = table.get(key if column != "audience_grades" else key.lower())
            if found is None:
                errors.append(RowError(row, column, f"Unknown {label} “{key}”."))
            else:
                ids.append(found)
        values[column] = ids
    return values, errors


def parse_catalogue(*, filename: str, content: bytes) -> ParsedFile:
    """Read and check every row. Raises ImportFileError when the file itself is unusable."""
    raw_rows = read_rows(filename=filename, content=content)
    lookups = Lookups()
    parsed = ParsedFile()
    first_row_of: dict[str, int] = {}
    for row, raw in raw_rows:
        values, errors = check_row(row, raw, lookups)
        external_id = values["external_id"]
        if external_id and external_id in first_row_of:
            errors.append(
                RowError(row, "external_id", f"“{external_id}” is also used in row {first_row_of[external_id]}.")
            )
        elif external_id:
            first_row_of[external_id] = row
        parsed.rows.append(values)
        parsed.errors.extend(errors)
    return parsed


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def template_json() -> str:
    rows = []
    for row in TEMPLATE_ROWS:
        item = {k: v for k, v in row.items() if v}
        item["duration_minutes"] = int(item["duration_minutes"])
        item["skills"] = [
            {"skill": "data-modelling", "level": "working"},
            {"skill": "data-standards", "level": "awareness"},
        ]
        rows.append(item)
    return json.dumps({"courses": rows}, indent=2, ensure_ascii=False)
