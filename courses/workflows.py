"""What happens when a moderation workflow is approved (settings.WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision (or schedule it, when it has a go-live date).

    Wagtail's default re-checks that the final approver holds the publish permission. On the catalogue the
    approval itself is the authority: curators hold no publish permission (so they cannot publish without a
    second curator), and the approval task decides who may approve. Refusals happen at approval, not here.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
