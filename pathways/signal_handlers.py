def progress_changed(sender, user_id=None, activity_iri="", status=None, **kwargs):
    """The LRS derived a new status for a learner on an activity: keep the completion date for required learning."""
    from .services import completion_record

    if user_id is not None and activity_iri:
        completion_record(user_id=user_id, activity_iri=activity_iri, status=status)


def framework_version_activated(sender, **kwargs):
    """Another framework version became current: forget the cached current version."""
    from .sources import current_version_forget

    current_version_forget()
