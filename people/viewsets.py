"""Wagtail admin for people, organisations, reference data, the sign-up allowlist and the audit trail."""

from django.db.models import Q
from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import PeopleUserCreationForm, PeopleUserEditForm
from .models import AuditEvent, Grade, Organisation, Profession, SignupDomain


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return PeopleUserEditForm if for_update else PeopleUserCreationForm


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["tree_name", "abbreviation", "kind", "parent"]
    list_filter = ["kind"]
    ordering = ["path"]
    search_fields = ["name", "abbreviation"]
    # Listed in tree order (the materialised path), indented by depth, so the hierarchy reads top-down.


class ProfessionViewSet(SnippetViewSet):
    model = Profession
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class GradeViewSet(SnippetViewSet):
    model = Grade
    icon = "order"
    list_display = ["rank", "code", "name"]
    ordering = ["rank"]


class SignupDomainViewSet(SnippetViewSet):
    model = SignupDomain
    icon = "mail"
    menu_label = "Sign-up domains"
    list_display = ["domain", "note"]
    search_fields = ["domain", "note"]


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ProfessionViewSet, GradeViewSet, SignupDomainViewSet)
    menu_icon = "group"
    menu_label = "People and organisations"
    menu_name = "people"
    menu_order = 250


class AuditEventViewSet(ModelViewSet):
    """Read-only: the trail is append-only, so there is no add, edit or delete view."""

    model = AuditEvent
    icon = "history"
    menu_label = "Audit trail"
    name = "audit"
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_filter = ["action"]
    search_fields = ["action", "subject"]
    list_display = [
        DateColumn("at", label="When"),
        Column("actor", label="Who", accessor="actor_label"),
        Column("action", label="What"),
        Column("subject", label="Subject"),
        Column("detail", label="Detail", accessor="detail_text"),
    ]
    inspect_view_fields = ["at", "actor", "action", "subject", "detail"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None, copy_url_name=None)
        return view_kwargs

    def get_inspect_view_kwargs(self, **kwargs):
        view_kwargs = super().get_inspect_view_kwargs(**kwargs)
        view_kwargs.update(edit_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_queryset(self, request):
        return AuditEvent.objects.select_related("actor")

    def search_queryset(self, queryset, term):  # pragma: no cover - used only if the search backend is bypassed
        return queryset.filter(Q(action__icontains=term) | Q(subject__icontains=term))
