"""The framework in the Wagtail admin: curation of the current version (with revision history), framework
versions, uploads of the official export and the review of a draft before it becomes current."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .admin_forms import ChangeNoteForm, RoleFamilyForm, RoleForm, RoleLevelForm, SkillForm
from .models import ChangeNote, FrameworkVersion, Role, RoleFamily, RoleLevel, Skill


class CurationPermissionPolicy(ModelPermissionPolicy):
    """Editors change rows; rows are created and removed only by an import. Archived versions are read-only."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view" and not instance.version.is_editable:
            return False
        return self.user_has_permission(user, action)


for _model in (RoleFamily, Role, RoleLevel, Skill):
    register_permission_policy(_model, CurationPermissionPolicy(_model))


class CurationEditView(EditView):
    """Refuses to open rows of an archived version for editing (they stay viewable on the public site)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", obj):
            raise PermissionDenied
        return obj


def _not_archived(qs):
    return qs.exclude(version__status=FrameworkVersion.Status.ARCHIVED)


IDENTIFIER_HELP = HelpPanel(
    content="The identifier (slug) is part of this item's permanent web address and of xAPI statements, so it is "
    "not editable; renaming keeps it."
)


class RoleFamilyViewSet(SnippetViewSet):
    edit_view_class = CurationEditView
    model = RoleFamily
    icon = "folder-open-inverse"
    menu_label = "Role families"
    list_display = ["name", "slug", Column("version", label="Version")]
    list_filter = ["version"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("description"), IDENTIFIER_HELP], base_form_class=RoleFamilyForm
    )

    def get_queryset(self, request):
        return _not_archived(RoleFamily.objects.select_related("version"))


class RoleViewSet(SnippetViewSet):
    edit_view_class = CurationEditView
    model = Role
    icon = "user"
    menu_label = "Roles"
    list_display = ["name", "family", "is_senior_civil_service", Column("version", label="Version")]
    list_filter = ["version", "family__name", "is_senior_civil_service"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("role_type"),
            FieldPanel("is_senior_civil_service"),
            FieldPanel("feeder_roles"),
            IDENTIFIER_HELP,
        ],
        base_form_class=RoleForm,
    )

    def get_queryset(self, request):
        return _not_archived(Role.objects.select_related("family", "version"))


class RoleLevelViewSet(SnippetViewSet):
    edit_view_class = CurationEditView
    model = RoleLevel
    icon = "list-ol"
    menu_label = "Role levels"
    list_display = ["name", "role", "order", "indicative_grades", Column("version", label="Version")]
    list_filter = ["version", "role__family__name", "order_set_by_editor"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("order"), FieldPanel("indicative_grades")])],
                heading="Position and grades",
                help_text="Order is derived from the title: apprentice 10, trainee 20, junior 30, associate 40, "
                "base title 50, senior 60, lead 70, principal 80, head of 90, chief 100 (managers +15). Change it "
                "to correct the order; your correction is kept when the framework is re-imported.",
            ),
            InlinePanel("required_skills", heading="Skills needed", label="Skill"),
            IDENTIFIER_HELP,
        ],
        base_form_class=RoleLevelForm,
    )

    def get_queryset(self, request):
        return _not_archived(RoleLevel.objects.select_related("role", "version"))


class SkillViewSet(SnippetViewSet):
    edit_view_class = CurationEditView
    model = Skill
    icon = "pick"
    menu_label = "Skills"
    list_display = ["name", "slug", Column("version", label="Version")]
    list_filter = ["version"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            InlinePanel("level_descriptions", heading="What each level means", label="Level", max_num=4),
            IDENTIFIER_HELP,
        ],
        base_form_class=SkillForm,
    )

    def get_queryset(self, request):
        return _not_archived(Skill.objects.select_related("version"))


class ChangeNoteViewSet(SnippetViewSet):
    model = ChangeNote
    icon = "edit"
    menu_label = "Change notes"
    list_display = ["text", "kind", "slug", "source", "created_at"]
    list_filter = ["kind", "source"]
    search_fields = ["text", "slug"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("slug")]),
            FieldPanel("text"),
            HelpPanel(content="The identifier is the last part of the role's or skill's web address."),
        ],
        base_form_class=ChangeNoteForm,
    )


class FrameworkGroup(SnippetViewSetGroup):
    menu_label = "Framework"
    menu_icon = "form"
    menu_order = 210
    items = (RoleFamilyViewSet, RoleViewSet, RoleLevelViewSet, SkillViewSet, ChangeNoteViewSet)


register_snippet(FrameworkGroup)


@hooks.register("register_admin_urls")
def register_framework_admin_urls():
    urls = [
        path("", admin_views.versions_index, name="versions"),
        path("<int:pk>/", admin_views.version_detail, name="version"),
        path("<int:pk>/make-current/", admin_views.version_make_current, name="make_current"),
        path("import/", admin_views.import_upload, name="upload"),
        path("import/<int:pk>/", admin_views.import_status, name="import"),
    ]
    return [path("framework-versions/", include((urls, "framework_admin"), namespace="framework_admin"))]


class _PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("framework.view_frameworkversion")


@hooks.register("register_admin_menu_item")
def register_versions_menu_item():
    return _PermissionMenuItem(
        "Framework versions", reverse("framework_admin:versions"), icon_name="doc-full", order=211
    )
