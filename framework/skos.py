"""A framework version as JSON-LD using SKOS: one concept scheme, with families, roles and role levels as a
concept hierarchy (skos:broader) and skills as a second top-level collection. The skill level a role level
requires is expressed with a small vocabulary of our own (`requiresSkill`)."""

from django.conf import settings

from .models import (
    FrameworkVersion,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    SkillLevel,
    SkillLevelDescription,
)


def version_as_skos(*, version: FrameworkVersion) -> dict:
    base = settings.SITE_BASE_URL
    vocab = f"{base}/framework/vocab#"
    scheme = f"{base}/framework/versions/{version.pk}"
    graph: list[dict] = [
        {
            "@id": scheme,
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": f"{version.name} ({version.label})",
            "dct:issued": version.imported_at.date().isoformat(),
            "dct:source": version.source,
            "dct:license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        }
    ]
    for family in RoleFamily.objects.filter(version=version):
        graph.append(
            {
                "@id": family.iri,
                "@type": ["skos:Concept", "RoleFamily"],
                "skos:prefLabel": family.name,
                "skos:notation": family.slug,
                "skos:inScheme": scheme,
                "skos:topConceptOf": scheme,
            }
        )
    for role in Role.objects.filter(version=version).select_related("family"):
        graph.append(
            {
                "@id": role.iri,
                "@type": ["skos:Concept", "Role"],
                "skos:prefLabel": role.name,
                "skos:definition": role.description,
                "skos:notation": role.slug,
                "skos:broader": role.family.iri,
                "skos:inScheme": scheme,
                "seniorCivilService": role.is_senior_civil_service,
            }
        )
    requirements: dict[int, list] = {}
    for req in RoleLevelSkill.objects.filter(role_level__version=version).select_related("skill"):
        requirements.setdefault(req.role_level_id, []).append(
            {"skill": req.skill.iri, "level": SkillLevel(req.level).label if req.level else None}
        )
    for level in RoleLevel.objects.filter(version=version).select_related("role"):
        graph.append(
            {
                "@id": level.iri,
                "@type": ["skos:Concept", "RoleLevel"],
                "skos:prefLabel": level.name,
                "skos:definition": level.description,
                "skos:notation": level.slug,
                "skos:broader": level.role.iri,
                "skos:inScheme": scheme,
                "order": level.order,
                "indicativeGrades": level.indicative_grades,
                "requiresSkill": requirements.get(level.pk, []),
            }
        )
    descriptions: dict[int, dict] = {}
    for d in SkillLevelDescription.objects.filter(skill__version=version):
        descriptions.setdefault(d.skill_id, {})[SkillLevel(d.level).label] = d.description
    for skill in Skill.objects.filter(version=version):
        graph.append(
            {
                "@id": skill.iri,
                "@type": ["skos:Concept", "Skill"],
                "skos:prefLabel": skill.name,
                "skos:definition": skill.description,
                "skos:notation": skill.slug,
                "skos:inScheme": scheme,
                "skos:topConceptOf": scheme,
                "levelDescriptions": descriptions.get(skill.pk, {}),
            }
        )
    return {
        "@context": {
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "dct": "http://purl.org/dc/terms/",
            "@vocab": vocab,
            "skos:inScheme": {"@type": "@id"},
            "skos:topConceptOf": {"@type": "@id"},
            "skos:broader": {"@type": "@id"},
            "skill": {"@type": "@id"},
        },
        "@graph": graph,
    }
