"""Background jobs of the framework."""

from celery import shared_task

from . import services


@shared_task(time_limit=600, soft_time_limit=540, acks_late=True)
def framework_import_task(import_id: int) -> str:
    """Run an import uploaded in the admin. Progress and the outcome are recorded on the FrameworkImport."""
    return services.framework_import_run(import_id=import_id).status
