"""The interface every search backend implements, and the facet shaping they share."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from ..models import DurationBand
from ..query import COST_LABELS, FACETS, Clause, Facet, FacetValue, SearchRequest, SearchResponse

Progress = Callable[[int], None]


class SearchBackend(ABC):
    name: str = ""

    @abstractmethod
    def search(self, request: SearchRequest, clauses: list[Clause]) -> SearchResponse:
        """Courses matching every clause and filter, one page of them, and facet counts."""

    @abstractmethod
    def index(self, documents: Iterable) -> int:
        """Add or replace these prepared documents; returns how many were written."""

    @abstractmethod
    def remove(self, course_ids: Iterable[int]) -> None:
        """Drop these courses from the index (unpublished, deleted, or no longer live)."""

    @abstractmethod
    def rebuild(self, documents: Iterable, *, progress: Progress | None = None) -> int:
        """Build a complete new index from these documents and only then make it the one searched."""

    @abstractmethod
    def count(self) -> int:
        """How many courses are searchable."""

    def available(self) -> bool:
        return True


def facet_label(key: str, value: str) -> str:
    if key == "cost":
        return COST_LABELS.get(value, value)
    if key == "duration":
        try:
            return DurationBand(value).label
        except ValueError:
            return value
    if key == "format":
        return value[:1].upper() + value[1:]
    return value


def shape_facets(request: SearchRequest, raw: dict[str, list[tuple[str, str, int]]]) -> dict[str, Facet]:
    """Turn (value, label, count) rows into facets: most common first, selected values always shown."""
    facets = {}
    for key, label in FACETS:
        rows = [row for row in raw.get(key, []) if row[0] not in ("", None) and row[2] > 0]
        selected = set(request.selected(key))
        seen = {value for value, _, _ in rows}
        rows += [(value, facet_label(key, value), 0) for value in selected if value not in seen]
        if key == "duration":
            order = {band.value: i for i, band in enumerate(DurationBand)}
            rows.sort(key=lambda row: order.get(row[0], 99))
        elif key == "level":
            rows.sort(key=lambda row: int(row[0]) if str(row[0]).isdigit() else 99)
        else:
            rows.sort(key=lambda row: (-row[2], row[1].lower()))
        facets[key] = Facet(
            key=key,
            label=label,
            values=[FacetValue(value=str(v), label=lab, count=n, selected=str(v) in selected) for v, lab, n in rows],
        )
    return facets
