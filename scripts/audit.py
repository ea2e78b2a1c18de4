"""Dependency audit for CI: run pip-audit over the pinned requirements and report plainly.

Fails (exit 1) when any dependency has a known vulnerability with a fixed release. When the vulnerability service
cannot be reached (this workplace's network serves the PyPI package index but not its JSON API or OSV), pip-audit
audits nothing; this script says so as INCONCLUSIVE rather than reporting a vacuous pass.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    proc = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            str(ROOT / ".venv/bin/pip-audit"),
            "-r",
            str(ROOT / "requirements.txt"),
            "-f",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        print(proc.stdout, proc.stderr, sep="\n")
        print("AUDIT: pip-audit produced no report (see above)")
        return 1
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    audited = [d for d in deps if not d.get("skip_reason")]
    fixable = [(d, v) for d in audited for v in d.get("vulns", []) if v.get("fix_versions")]
    unfixable = [(d, v) for d in audited for v in d.get("vulns", []) if not v.get("fix_versions")]
    for dep, vuln in fixable:
        print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} fixed in {', '.join(vuln['fix_versions'])}")
    for dep, vuln in unfixable:
        print(f"NOTE {dep['name']} {dep['version']}: {vuln['id']} has no fixed release yet")
    print(
        f"AUDIT: {len(audited)} of {len(deps)} packages audited, {len(fixable)} fixable vulnerabilities, "
        f"{len(unfixable)} without a fix, {len(skipped)} could not be audited"
    )
    if deps and not audited:
        reason = skipped[0].get("skip_reason", "") if skipped else ""
        print(
            f"AUDIT INCONCLUSIVE: the vulnerability service was unreachable ({reason}). "
            "Run `make audit` where https://pypi.org/pypi/<name>/json or api.osv.dev is reachable."
        )
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main())
