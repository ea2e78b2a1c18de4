"""CSV output for L&D reports. Every cell goes through `csv_safe` so a spreadsheet never runs it as a formula."""

import csv
import io

from .models import Provider

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_safe(value) -> str:
    """Neutralise spreadsheet formula injection: text starting with = + - @ tab, CR, LF, | or % gets a leading
    apostrophe (OWASP's advice), so Excel and LibreOffice show it as text. Numbers are written as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def rows_to_csv(head: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in head])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


def coverage_csv(rows: list[dict]) -> str:
    types = Provider.Type.choices
    head = ["Skill", "Skill slug", "Level", "Live courses", *[label for _, label in types], "Skill has no course"]
    body = (
        [
            r["skill_name"],
            r["skill_slug"],
            r["level_label"],
            r["courses"],
            *[r["by_provider_type"][t] for t, _ in types],
            r["skill_has_none"],
        ]
        for r in rows
    )
    return rows_to_csv(head, body)
