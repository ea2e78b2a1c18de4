"""Demo catalogue for `manage.py seed_demo`: providers and a realistic catalogue across every role family.

Idempotent and quick: courses are keyed by external id, existing ones are left alone, new ones are bulk-created.
Runs after `framework.demo.seed`, so skills map onto the sample framework (and, by slug, onto the official one).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from .demo_data import EXTRAS, PROVIDERS, RELATED_SKILLS, REQUIRED, TOPICS
from .models import CoursePage, CoursePrerequisite, Provider, RequiredLearning
from .services import catalogue_ensure_index, catalogue_workflow_ensure, courses_bulk_create, current_skill_ids

LEVEL_NAMES = {1: "awareness", 2: "working", 3: "practitioner"}
# Per level: (title pattern, format cycle, minutes cycle, cost cycle in pence, provider cycle)
SERIES = {
    1: (
        "{topic}: an introduction",
        ["e_learning", "video", "e_learning", "reading"],
        [60, 90, 120, 45],
        [0, 0, 0, 0],
        ["civil-service-digital-academy", "openlearn", "departmental-learning-team", "service-manual"],
    ),
    2: (
        "{topic} in practice",
        ["virtual_classroom", "blended", "face_to_face", "virtual_classroom"],
        [420, 840, 420, 630],
        [0, 39500, 59500, 0],
        ["civil-service-digital-academy", "northern-data-works", "open-practice-co-op", "departmental-learning-team"],
    ),
    3: (
        "Advanced {topic_lower}",
        ["face_to_face", "blended", "virtual_classroom"],
        [1260, 840, 1260],
        [125000, 95000, 165000],
        ["meridian-technology-training", "open-practice-co-op", "cloudscale-learning"],
    ),
}
LOCATIONS = ["London (10 South Colonnade)", "Manchester (Hanover House)", "Newcastle (Cobalt Business Park)"]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text and not text[:2].isupper() else text


def _description(what: str, outcomes: list[str], level: int) -> str:
    lead = {
        1: f"<p>A short, self-paced introduction to {escape(what)}. No experience needed.</p>",
        2: f"<p>Practical training in {escape(what)}, using real government examples and exercises.</p>",
        3: f"<p>For experienced practitioners who lead {escape(what.split(',')[0])} in their team or organisation.</p>",
    }[level]
    verb = {1: "understand how to", 2: "", 3: "lead others to"}[level]
    items = "".join(f"<li>{escape((verb + ' ' + o).strip())}</li>" for o in outcomes)
    return f"{lead}<h3>You will learn to</h3><ul>{items}</ul>"


def course_specs() -> list[dict]:
    """Every demo course as a spec for `courses_bulk_create` (plus `_provider`, `_prerequisite`, `_required`)."""
    specs = []
    for n, (family, topic, what, outcomes, skills) in enumerate(TOPICS):
        for level in (1, 2, 3):
            pattern, formats, minutes, costs, providers = SERIES[level]
            title = pattern.format(topic=topic, topic_lower=_lower_first(topic))
            fmt = formats[n % len(formats)]
            related = [RELATED_SKILLS[topic]] if topic in RELATED_SKILLS else []
            taught = [(skills[0], level)] + [(s, max(1, level - 1)) for s in skills[1:] + related]
            spec = {
                "title": title,
                "summary": {
                    1: f"Learn the basics of {what}.",
                    2: f"Build working skills in {what}.",
                    3: f"Take your practice further: {what}, at scale and with others.",
                }[level],
                "description": _description(what, outcomes, level),
                "format": fmt,
                "duration_minutes": minutes[n % len(minutes)],
                "cost_pence": costs[n % len(costs)],
                "location": LOCATIONS[n % len(LOCATIONS)] if fmt in ("face_to_face", "blended") else "",
                "accessibility": (
                    "Captions and transcripts for all video. Works with screen readers and keyboard only. "
                    "Tell the provider about any adjustments you need when you book."
                ),
                "how_to_start": (
                    "Check with your line manager that the time and cost are agreed, then book through the link."
                    if level > 1
                    else "Start straight away; your progress is saved as you go."
                ),
                "skills": taught,
                "family": family,
                "_provider": providers[n % len(providers)],
                "_prerequisite": ("course", f"{slugify(topic)}-1") if level == 2 else None,
                "_key": f"{slugify(topic)}-{level}",
            }
            if level == 3:
                spec["_prerequisite"] = ("skill", skills[0], 2)
            specs.append(spec)
    for family, title, summary, fmt, minutes, pence, provider, skills, extra in EXTRAS:
        if title in RELATED_SKILLS:
            skills = [*skills, (RELATED_SKILLS[title], 1)]
        specs.append(
            {
                "title": title,
                "summary": summary,
                "description": f"<p>{escape(summary)}</p>",
                "format": fmt,
                "duration_minutes": minutes,
                "cost_pence": pence,
                "skills": skills,
                "family": family,
                "_provider": provider,
                "_grades": extra.get("audience_grades", []),
                "_key": slugify(title),
            }
        )
    for title, summary, minutes, skills, months in REQUIRED:
        specs.append(
            {
                "title": title,
                "summary": summary,
                "description": f"<p>{escape(summary)}</p>",
                "format": "e_learning",
                "duration_minutes": minutes,
                "cost_pence": 0,
                "skills": skills,
                "_provider": "civil-service-digital-academy",
                "_required": months,
                "_required_profession": "digital-and-data" if months is None else "",
                "_key": slugify(title),
            }
        )
    return specs


@transaction.atomic
def seed() -> str:
    providers = {}
    for slug, name, ptype, website in PROVIDERS:
        providers[slug], _ = Provider.objects.update_or_create(
            slug=slug, defaults={"name": name, "provider_type": ptype, "website": website}
        )
    index = catalogue_ensure_index()
    catalogue_workflow_ensure()
    existing = set(CoursePage.objects.filter(external_id__startswith="demo-").values_list("external_id", flat=True))
    specs = [s for s in course_specs() if f"demo-{s['_key']}" not in existing]
    taken = set(index.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    from people.models import Grade, Profession

    grades = dict(Grade.objects.values_list("code", "id"))
    to_create = []
    for n, spec in enumerate(specs):
        slug = slugify(spec["title"])[:200]
        while slug in taken:
            slug += "-demo"
        taken.add(slug)
        provider = providers[spec["_provider"]]
        grade_ids = [grades[g] for g in spec.get("_grades", []) if g in grades]
        to_create.append(
            {
                "title": spec["title"],
                "slug": slug,
                "summary": spec["summary"],
                "description": spec["description"],
                "format": spec["format"],
                "duration_minutes": spec["duration_minutes"],
                "cost_pence": spec["cost_pence"],
                "location": spec.get("location", ""),
                "accessibility": spec.get("accessibility", ""),
                "how_to_start": spec.get("how_to_start", ""),
                "booking_url": f"{provider.website or 'https://learning.example.gov.uk/'}courses/{slug}",
                "provider": provider,
                "external_id": f"demo-{spec['_key']}",
                # A few overdue reviews so the L&D report has something to show.
                "review_by": today - dt.timedelta(days=30) if n % 23 == 0 else today + dt.timedelta(days=90 + n),
                "audience_open": not grade_ids,
                "skills": spec["skills"],
                "audience": {"grades": grade_ids} if grade_ids else None,
            }
        )
    created = courses_bulk_create(index=index, specs=to_create, search_index=True)
    by_key = dict(CoursePage.objects.filter(external_id__startswith="demo-").values_list("external_id", "id"))
    new_ids = {c.pk for c in created}
    prerequisites, rules = [], []
    specs_by_key = {f"demo-{s['_key']}": s for s in specs}
    professions = dict(Profession.objects.values_list("slug", "id"))
    for external_id, spec in specs_by_key.items():
        course_id = by_key.get(external_id)
        if course_id not in new_ids:
            continue
        prerequisite = spec.get("_prerequisite")
        if prerequisite and prerequisite[0] == "course" and f"demo-{prerequisite[1]}" in by_key:
            prerequisites.append(
                CoursePrerequisite(course_id=course_id, required_course_id=by_key[f"demo-{prerequisite[1]}"])
            )
        elif prerequisite and prerequisite[0] == "skill":
            skill_id = current_skill_ids([prerequisite[1]]).get(prerequisite[1])
            if skill_id:
                prerequisites.append(CoursePrerequisite(course_id=course_id, skill_id=skill_id, level=prerequisite[2]))
        if "_required" in spec:
            rules.append(
                RequiredLearning(
                    course_id=course_id,
                    recurrence_months=spec["_required"],
                    profession_id=professions.get(spec["_required_profession"]),
                )
            )
    CoursePrerequisite.objects.bulk_create(prerequisites)
    RequiredLearning.objects.bulk_create(rules)
    total = CoursePage.objects.live().count()
    return f"{len(created)} courses added ({total} live), {len(providers)} providers"
