"""Course documents: read from the courses app's selector and shaped once for both backends."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.dateparse import parse_date, parse_datetime

from . import analysis
from .models import duration_band
from .query import level_label


def course_documents(*, ids: Iterable[int] | None = None) -> Iterator[dict]:
    """The courses app's search documents (plain dicts); only live courses are searchable."""
    from courses.selectors import course_search_documents

    for document in course_search_documents(ids=list(ids) if ids is not None else None):
        if document.get("live", True):
            yield document


@dataclass
class IndexDocument:
    """A course document with the derived fields both backends index."""

    course_id: int
    url: str
    title: str
    summary: str
    description: str
    provider_name: str
    provider_type: str
    format: str
    format_label: str
    duration_minutes: int | None
    duration_band: str
    cost_pence: int
    is_free: bool
    review_by: date | None
    review_overdue: bool
    first_published_at: datetime | None
    skills: list[dict]
    families: dict[str, str]  # slug -> name
    audience_open: bool
    audience: dict[str, list[int]]  # organisation / profession / grade -> ids
    title_stems: list[str]
    stems: list[str]
    display: dict = field(default_factory=dict)

    @property
    def skill_names(self) -> str:
        return " ".join(skill["name"] for skill in self.skills)


def _as_date(value):
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return parse_date(str(value))


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    return parse_datetime(str(value))


def prepare(document: dict) -> IndexDocument:
    provider = document.get("provider") or {}
    provider_name = document.get("provider_name") or provider.get("name", "") or ""
    provider_type = document.get("provider_type") or provider.get("type", "") or ""
    description = document.get("description") or document.get("description_text") or ""
    skills = []
    families: dict[str, str] = {}
    for skill in document.get("skills") or []:
        level = int(skill.get("level") or 0)
        skills.append(
            {
                "slug": skill["slug"],
                "name": skill.get("name") or skill["slug"],
                "level": level,
                "level_label": skill.get("level_label") or level_label(level),
            }
        )
        for slug, name in zip(skill.get("family_slugs") or [], skill.get("family_names") or [], strict=False):
            families.setdefault(slug, name)
    for slug in document.get("role_family_slugs") or document.get("family_slugs") or []:
        families.setdefault(slug, slug.replace("-", " ").capitalize())
    audience = document.get("audience") or {}
    restrictions = {
        "organisation": sorted({int(i) for i in audience.get("organisation_ids") or []}),
        "profession": sorted({int(i) for i in audience.get("profession_ids") or []}),
        "grade": sorted({int(i) for i in audience.get("grade_ids") or []}),
    }
    # As courses.selectors.course_open_to: a closed course naming nobody is open to no one.
    audience_open = bool(audience.get("open", True))
    title = document["title"]
    summary = document.get("summary") or ""
    skill_text = " ".join(s["name"] for s in skills)
    title_stems = analysis.analyse(title)
    stems = analysis.analyse(" ".join([title, summary, description, skill_text, provider_name]))
    minutes = document.get("duration_minutes")
    cost_pence = int(document.get("cost_pence") or 0)
    is_free = document.get("is_free")
    if is_free is None:
        is_free = cost_pence == 0
    first_published_at = _as_datetime(document.get("first_published_at"))
    review_by = _as_date(document.get("review_by"))
    display = {
        "id": int(document["id"]),
        "url": document.get("url") or "",
        "title": title,
        "summary": summary,
        "provider_name": provider_name,
        "provider_type": provider_type,
        "format": document.get("format") or "",
        "format_label": document.get("format_label") or "",
        "provider_type_label": document.get("provider_type_label") or "",
        "duration_minutes": minutes,
        "cost_pence": cost_pence,
        "is_free": bool(is_free),
        "review_by": review_by.isoformat() if review_by else None,
        "review_overdue": bool(document.get("review_overdue")),
        "first_published_at": first_published_at.isoformat() if first_published_at else None,
        "skills": skills,
    }
    return IndexDocument(
        course_id=int(document["id"]),
        url=document.get("url") or "",
        title=title,
        summary=summary,
        description=description,
        provider_name=provider_name,
        provider_type=provider_type,
        format=document.get("format") or "",
        format_label=document.get("format_label") or (document.get("format") or "").replace("_", " ").capitalize(),
        duration_minutes=int(minutes) if minutes not in (None, "") else None,
        duration_band=duration_band(int(minutes) if minutes not in (None, "") else None),
        cost_pence=cost_pence,
        is_free=bool(is_free),
        review_by=review_by,
        review_overdue=bool(document.get("review_overdue")),
        first_published_at=first_published_at,
        skills=skills,
        families=families,
        audience_open=audience_open,
        audience=restrictions,
        title_stems=title_stems,
        stems=stems,
        display=display,
    )
