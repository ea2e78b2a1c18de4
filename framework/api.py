"""The read-only JSON API of the framework (/api/v1/framework/). Every item carries its stable slug and IRI.

`?version=<label>` reads a published older version; without it, the current version.
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from . import selectors
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

LEVEL_LABELS = dict(SkillLevel.choices)


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkVersion
        fields = ["label", "name", "status", "source", "imported_at", "activated_at"]


class FamilySerializer(serializers.ModelSerializer):
    iri = serializers.CharField(read_only=True)
    roles = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = RoleFamily
        fields = ["slug", "iri", "name", "description", "roles"]


class LevelBriefSerializer(serializers.ModelSerializer):
    iri = serializers.CharField(read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["slug", "iri", "name", "order", "indicative_grades"]


class RoleSerializer(serializers.ModelSerializer):
    iri = serializers.CharField(read_only=True)
    family = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    levels = LevelBriefSerializer(many=True, read_only=True)
    roles_that_could_lead_here = serializers.SlugRelatedField(
        source="feeder_roles", many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = Role
        fields = [
            "slug",
            "iri",
            "name",
            "description",
            "family",
            "is_senior_civil_service",
            "levels",
            "roles_that_could_lead_here",
        ]


class RequirementSerializer(serializers.ModelSerializer):
    skill = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    skill_iri = serializers.CharField(source="skill.iri", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level_label = serializers.SerializerMethodField()

    class Meta:
        model = RoleLevelSkill
        fields = ["skill", "skill_iri", "skill_name", "level", "level_label", "description"]

    def get_level_label(self, obj) -> str:
        return LEVEL_LABELS[obj.level] if obj.level else "Not set (Senior Civil Service)"


class RoleLevelSerializer(serializers.ModelSerializer):
    iri = serializers.CharField(read_only=True)
    role = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    required_skills = RequirementSerializer(many=True, read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["slug", "iri", "name", "description", "role", "order", "indicative_grades", "required_skills"]


class LevelDescriptionSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = SkillLevelDescription
        fields = ["level", "label", "description"]

    def get_label(self, obj) -> str:
        return LEVEL_LABELS[obj.level]


class SkillSerializer(serializers.ModelSerializer):
    iri = serializers.CharField(read_only=True)
    levels = LevelDescriptionSerializer(source="level_descriptions", many=True, read_only=True)

    class Meta:
        model = Skill
        fields = ["slug", "iri", "name", "description", "levels"]


VERSION_PARAM = OpenApiParameter(
    "version", OpenApiTypes.STR, description="Label of a published version (default: the current version)."
)


class _VersionedViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_version(self) -> FrameworkVersion:
        label = self.request.query_params.get("version")
        version = selectors.version_get(label=label) if label else selectors.version_current()
        if version is None:
            raise NotFound(
                f"No published framework version is labelled “{label}”; see /api/v1/framework/versions/."
                if label
                else "No framework version is current yet; an administrator needs to import one."
            )
        return version


@extend_schema_view(list=extend_schema(parameters=[VERSION_PARAM]), retrieve=extend_schema(parameters=[VERSION_PARAM]))
class FamilyViewSet(_VersionedViewSet):
    """Role families."""

    serializer_class = FamilySerializer

    def get_queryset(self):
        return RoleFamily.objects.filter(version=self.get_version()).prefetch_related("roles").order_by("name")


@extend_schema_view(list=extend_schema(parameters=[VERSION_PARAM]), retrieve=extend_schema(parameters=[VERSION_PARAM]))
class RoleViewSet(_VersionedViewSet):
    """Roles, each with its levels in order (most junior first)."""

    serializer_class = RoleSerializer

    def get_queryset(self):
        return (
            Role.objects.filter(version=self.get_version())
            .select_related("family")
            .prefetch_related(Prefetch("levels", queryset=RoleLevel.objects.order_by("order", "name")), "feeder_roles")
            .order_by("name")
        )


@extend_schema_view(list=extend_schema(parameters=[VERSION_PARAM]), retrieve=extend_schema(parameters=[VERSION_PARAM]))
class RoleLevelViewSet(_VersionedViewSet):
    """Role levels with the skills they need and the level needed."""

    serializer_class = RoleLevelSerializer

    def get_queryset(self):
        return (
            RoleLevel.objects.filter(version=self.get_version())
            .select_related("role")
            .prefetch_related(
                Prefetch(
                    "required_skills", queryset=RoleLevelSkill.objects.select_related("skill").order_by("skill__name")
                )
            )
            .order_by("role__name", "order", "name")
        )


@extend_schema_view(list=extend_schema(parameters=[VERSION_PARAM]), retrieve=extend_schema(parameters=[VERSION_PARAM]))
class SkillViewSet(_VersionedViewSet):
    """Skills with what each level means."""

    serializer_class = SkillSerializer

    def get_queryset(self):
        return Skill.objects.filter(version=self.get_version()).prefetch_related("level_descriptions").order_by("name")


class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Published framework versions, newest first."""

    serializer_class = VersionSerializer
    lookup_field = "label"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.versions_published()
