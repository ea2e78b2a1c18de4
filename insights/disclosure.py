"""Statistical disclosure control for every table insights shows or exports.

Layer 1 (in `grouping`): every person counts in a group of at least N people, so any head count, and any
difference between head counts on any two pages, is zero or at least N.

Layer 2 (here): figures *within* a group (how many assessed, how many meet a level) can still be small. Each
column of a table names the counts it reveals (for a share: the people it is out of, those meeting it and those
not meeting it). Primary suppression hides a cell when any of those counts is between 1 and N-1. Secondary
suppression then works column by column over tables whose rows add up to the total shown beneath them: while a
column has exactly one hidden cell, or its hidden cells together reveal a count between 1 and N-1 by subtraction
from the total, the next smallest cell is hidden too (the total itself is hidden if nothing is left to hide).
"""

from collections.abc import Callable

Counts = Callable[[dict], list[int]]

GAP_COLUMNS: dict[str, Counts] = {
    "people": lambda r: [r["people"]],
    "assessed": lambda r: [r["assessed"], r["people"] - r["assessed"]],
    "current": lambda r: [r["with_current"], r["meeting_current"], r["with_current"] - r["meeting_current"]],
    "target": lambda r: [r["with_target"], r["meeting_target"], r["with_target"] - r["meeting_target"]],
}

LEARNING_COLUMNS: dict[str, Counts] = {
    "people": lambda r: [r["people"]],
    "plan": lambda r: [r["with_plan"], r["people"] - r["with_plan"]],
    "required": lambda r: [
        r["required_people"],
        r["required_completed"],
        r["required_assignments"] - r["required_completed"],
    ],
}

ACTIVITY_COLUMNS: dict[str, Counts] = {
    "starts": lambda r: [r["starts"]],
    "completions": lambda r: [r["completions"]],
}

SKILL_COLUMNS: dict[str, Counts] = {
    "people": lambda r: [r["people"]],
    "below": lambda r: [r["people"], r["below"], r["people"] - r["below"]],
}


def is_small(count: int, n: int) -> bool:
    return 0 < count < n


def protect(rows: list[dict], total: dict | None, columns: dict[str, Counts], *, n: int, partition: bool) -> None:
    """Set `row["hidden"][column]` on every row (and the total). `partition`: rows add up to the total."""
    for row in [*rows, *([total] if total is not None else [])]:
        row["hidden"] = {name: any(is_small(c, n) for c in counts(row)) for name, counts in columns.items()}
    if not partition or total is None:
        return
    for name, counts in columns.items():
        while True:
            hidden = [r for r in rows if r["hidden"][name]]
            if not hidden or total["hidden"][name]:
                break
            sums = [sum(values) for values in zip(*(counts(r) for r in hidden), strict=True)]
            if len(hidden) >= 2 and not any(is_small(s, n) for s in sums):
                break
            candidates = [r for r in rows if not r["hidden"][name]]
            if not candidates:
                total["hidden"][name] = True
                break

            def leaves_small(candidate, sums=sums, counts=counts):
                return any(is_small(s + c, n) for s, c in zip(sums, counts(candidate), strict=True))

            # Prefer a partner that makes the hidden cells safe together, then one that holds people (hiding an
            # empty row adds little doubt), then the smallest: the least information lost.
            partner = min(candidates, key=lambda r: (leaves_small(r), not any(counts(r)), counts(r)[0]))
            partner["hidden"][name] = True
