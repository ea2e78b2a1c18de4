"""Import of the full official framework export (target: under 30 s), and an unchanged re-import.

Runs the same service as `manage.py import_framework --make-current` inside a transaction that is rolled back,
so the database is left as it was. Needs the export (DDAT_DIR, or ../shared/data/ddat).
"""

import time

from bench.run import bench_line


class _Rollback(Exception):
    pass


def main():
    from django.core.management import call_command
    from django.db import transaction

    from framework.models import FrameworkVersion
    from framework.services import framework_import
    from tests.conftest import _find_ddat_dir

    folder = _find_ddat_dir()
    if folder is None:
        print("# bench_framework: skipped (official export not found; set DDAT_DIR)")
        return
    call_command("migrate", verbosity=0)
    roles, skills = (folder / "roles.csv").read_bytes(), (folder / "skills.csv").read_bytes()
    first = again = 0.0
    try:
        with transaction.atomic():
            # Whatever is loaded stays as the "previous" version (so the diff is computed), but is archived here
            # so that the import really writes a new version even if the export is already loaded.
            FrameworkVersion.objects.update(status=FrameworkVersion.Status.ARCHIVED)
            started = time.perf_counter()
            result = framework_import(roles_csv=roles, skills_csv=skills, label="bench", make_current=True)
            first = time.perf_counter() - started
            started = time.perf_counter()
            repeat = framework_import(roles_csv=roles, skills_csv=skills, label="bench-again", make_current=True)
            again = time.perf_counter() - started
            assert repeat.unchanged, "re-import of the same files created a version"
            assert result.created
            print(f"# imported {result.counts}")
            raise _Rollback
    except _Rollback:
        pass
    bench_line("framework_import_full_export", round(first, 2), "s", "<=", 30)
    bench_line("framework_reimport_unchanged", round(again, 2), "s", "<=", 30)
