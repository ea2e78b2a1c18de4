"""The admin upload imported by a real Celery worker (CI starts one with Redis); skipped on the embedded default."""

import time

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def test_upload_is_imported_by_the_worker(client, make_user, ddat_dir):
    from framework.models import FrameworkImport, FrameworkVersion

    client.force_login(make_user("curator"))
    with (ddat_dir / "roles.csv").open("rb") as roles, (ddat_dir / "skills.csv").open("rb") as skills:
        response = client.post(reverse("framework_admin:upload"), {"roles_file": roles, "skills_file": skills})
    assert response.status_code == 302
    job = FrameworkImport.objects.get()
    deadline = time.monotonic() + 120
    while (
        job.status in (FrameworkImport.Status.PENDING, FrameworkImport.Status.RUNNING) and time.monotonic() < deadline
    ):
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == FrameworkImport.Status.SUCCEEDED, job.errors
    # No version was current, so the first import became current.
    assert job.version.status == FrameworkVersion.Status.CURRENT
    assert job.version.roles.count() == 52
