from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .services import organisation_refresh_paths
from .viewsets import AuditEventViewSet, PeopleViewSetGroup

register_snippet(PeopleViewSetGroup)


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_organisation_tree(request, instance):
    """Moving an organisation under a new parent moves its whole subtree: recompute the materialised paths."""
    from .models import Organisation

    if isinstance(instance, Organisation):
        organisation_refresh_paths()
