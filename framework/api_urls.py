from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("versions", api.VersionViewSet, basename="framework-version")
router.register("families", api.FamilyViewSet, basename="framework-family")
router.register("roles", api.RoleViewSet, basename="framework-role")
router.register("role-levels", api.RoleLevelViewSet, basename="framework-role-level")
router.register("skills", api.SkillViewSet, basename="framework-skill")

urlpatterns = router.urls
