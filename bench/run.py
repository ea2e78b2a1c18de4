"""`make bench`: run every bench/bench_*.py module's `main()` and print their BENCH lines.

Each line: `BENCH <name>: <value> <unit> (target <op> <value> <unit>) PASS|MISS`. Uses PostgreSQL when
DATABASE_URL points at one, otherwise the embedded SQLite database (figures then say so).
A module may define `REQUIRES = ("postgres",)` or `("engine",)` to be skipped, with a note, where that is missing.
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skills_site.settings.dev")
os.environ.setdefault("DEBUG", "False")


def main(argv):
    import django

    django.setup()
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    only = set(argv[1:])
    failures = 0
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        requires = set(getattr(module, "REQUIRES", ()))
        if "postgres" in requires and not on_postgres:
            print(f"# {name}: skipped (needs DATABASE_URL=postgres:///...)")
            continue
        print(f"# {name}", flush=True)
        try:
            module.main()
        except Exception as exc:  # a broken benchmark must not hide the others
            failures += 1
            print(f"# {name}: FAILED {exc!r}")
    return 1 if failures else 0


def bench_line(name: str, value: float, unit: str, op: str, target: float, target_unit: str | None = None) -> str:
    """Format (and print) one BENCH line; `op` is ">=" or "<=" and decides PASS or MISS."""
    ok = value >= target if op == ">=" else value <= target
    text = f"BENCH {name}: {value:g} {unit} (target {op} {target:g} {target_unit or unit}) {'PASS' if ok else 'MISS'}"
    print(text, flush=True)
    return text


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
