"""The embedded backend: the search app's own tables (SQLite or PostgreSQL).

Terms are matched on the same stems the engine indexes (see `search.analysis`), by the database's full-text index
(SQLite FTS5, PostgreSQL a stored tsvector); typo tolerance looks the query stem up in the indexed vocabulary within
the engine's `AUTO:5,8` edit distance. Filters, facet counts, "open to me", sorting and paging run on this process's
in-memory copy of the facet columns (`facet_index`), reloaded whenever `SearchIndexState`'s token changes; only the
page's documents are then read from the table.
"""

import uuid
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Q

from ..models import (
    CourseDocument,
    CourseDocumentAudience,
    CourseDocumentFamily,
    CourseDocumentSkill,
    SearchIndexState,
    SearchTerm,
)
from ..query import FACET_KEYS, Clause, SearchHit, SearchRequest, SearchResponse
from .base import Progress, SearchBackend, shape_facets
from .facet_index import FacetIndex, FacetIndexBuilder, positions

TITLE_WEIGHT = 3
FTS_TABLE = "search_coursedocument_fts"
FTS_MATCH_SQL = "SELECT rowid FROM search_coursedocument_fts WHERE search_coursedocument_fts MATCH %s"
# PostgreSQL: the stored, GIN-indexed tsvector over `terms` (migration 0005).
TSQUERY_MATCH_SQL = "SELECT id FROM search_coursedocument WHERE terms_vector @@ to_tsquery('simple'::regconfig, %s)"
_fts_state: dict[str, bool] = {}
STATE_NAME = "database"
# (connection alias, database name) -> that database's facet columns in this process
_facet_indexes: dict[tuple[str, str], FacetIndex] = {}
ORDERINGS = {
    "title": ["title", "course_id"],
    "shortest": [F("duration_minutes").asc(nulls_last=True), "course_id"],
    "newest": [F("first_published_at").desc(nulls_last=True), "course_id"],
}


def _sqlite_fts_ready() -> bool:
    key = connection.settings_dict.get("NAME") or ""
    key = str(key)
    if key not in _fts_state:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
            _fts_state[key] = cursor.fetchone() is not None
    return _fts_state[key]


BATCH = 500


def _padded(stems: list[str]) -> str:
    return " " + " ".join(sorted(set(stems))) + " " if stems else ""


def _rows(queryset) -> list[tuple]:
    """The queryset's rows as the driver returns them: the ORM writes the SQL, but its per-value converters are
    skipped (they were most of the reload time; booleans may come back as 0/1, which is all the index needs)."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tables_changed() -> None:
    """A new token, committed with the change: every process reloads its facet columns on its next search."""
    SearchIndexState.objects.update_or_create(name=STATE_NAME, defaults={"token": uuid.uuid4().hex})


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- indexing ------------------------------------------------------------------------------------
    def index(self, documents: Iterable) -> int:
        written = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH:
                written += self._write(batch)
                batch = []
        if batch:
            written += self._write(batch)
        return written

    @transaction.atomic
    def _write(self, documents: list) -> int:
        ids = [d.course_id for d in documents]
        CourseDocument.objects.filter(course_id__in=ids).delete()
        rows = CourseDocument.objects.bulk_create(
            [
                CourseDocument(
                    course_id=d.course_id,
                    url=d.url,
                    title=d.title,
                    summary=d.summary,
                    provider_name=d.provider_name,
                    provider_type=d.provider_type,
                    format=d.format,
                    format_label=d.format_label,
                    duration_minutes=d.duration_minutes,
                    duration_band=d.duration_band,
                    cost_pence=d.cost_pence,
                    is_free=d.is_free,
                    review_by=d.review_by,
                    review_overdue=d.review_overdue,
                    first_published_at=d.first_published_at,
                    audience_open=d.audience_open,
                    restricts_organisation=bool(d.audience["organisation"]),
                    restricts_profession=bool(d.audience["profession"]),
                    restricts_grade=bool(d.audience["grade"]),
                    title_terms=_padded(d.title_stems),
                    terms=_padded(d.stems),
                    document=d.display,
                )
                for d in documents
            ]
        )
        by_course = {row.course_id: row for row in CourseDocument.objects.filter(course_id__in=ids)}
        skills, families, audience, vocabulary = [], [], [], set()
        for d in documents:
            row = by_course[d.course_id]
            skills += [
                CourseDocumentSkill(
                    course=row,
                    skill_slug=s["slug"],
                    skill_name=s["name"],
                    level=s["level"],
                    level_label=s["level_label"],
                )
                for s in d.skills
            ]
            families += [CourseDocumentFamily(course=row, family_slug=k, family_name=v) for k, v in d.families.items()]
            if not d.audience_open:
                audience += [
                    CourseDocumentAudience(course=row, kind=kind, target_id=target)
                    for kind, targets in d.audience.items()
                    for target in targets
                ]
            vocabulary.update(d.stems)
        CourseDocumentSkill.objects.bulk_create(skills)
        CourseDocumentFamily.objects.bulk_create(families)
        CourseDocumentAudience.objects.bulk_create(audience)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t[:100], length=len(t[:100])) for t in vocabulary], ignore_conflicts=True
        )
        _tables_changed()
        return len(rows)

    @transaction.atomic
    def remove(self, course_ids: Iterable[int]) -> None:
        CourseDocument.objects.filter(course_id__in=list(course_ids)).delete()
        _tables_changed()

    def rebuild(self, documents: Iterable, *, progress: Progress | None = None) -> int:
        # One transaction: searches keep seeing the old rows until the new ones are committed.
        with transaction.atomic():
            CourseDocument.objects.all().delete()
            SearchTerm.objects.all().delete()
            _tables_changed()
            written = 0
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    written += self._write(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                written += self._write(batch)
                if progress:
                    progress(len(batch))
        return written

    def count(self) -> int:
        return CourseDocument.objects.count()

    # --- searching -----------------------------------------------------------------------------------
    def _clause_q(self, clause: Clause, field: str) -> Q:
        either = Q()
        for alternative in clause:
            every = Q()
            for token in alternative:
                any_candidate = Q()
                for candidate in self._candidates[token]:
                    any_candidate |= Q(**{f"{field}__contains": f" {candidate} "})
                every &= any_candidate
            either |= every
        return either

    def _tsquery(self, clauses: list[Clause]) -> str:
        """The clauses as a PostgreSQL tsquery over the stems: (kubernet | k8s) & (cours | cours)."""

        def token(t: str) -> str:
            return "(" + " | ".join(self._candidates[t]) + ")"

        return " & ".join(
            "(" + " | ".join("(" + " & ".join(token(t) for t in alternative) + ")" for alternative in clause) + ")"
            for clause in clauses
        )

    def _fts_query(self, clauses: list[Clause]) -> str:
        def token(t: str) -> str:
            return "(" + " OR ".join(f'"{c}"' for c in self._candidates[t]) + ")"

        return " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(token(t) for t in alternative) + ")" for alternative in clause) + ")"
            for clause in clauses
        )

    # --- the in-memory facet columns -------------------------------------------------------------------
    def _facet_index(self) -> FacetIndex:
        """This process's copy of the facet columns, reloaded when the tables changed since it was read."""
        key = (connection.alias, str(connection.settings_dict.get("NAME") or ""))
        token = SearchIndexState.objects.filter(name=STATE_NAME).values_list("token", flat=True).first()
        index = _facet_indexes.get(key)
        if index is None or index.token != token:
            index = self._load_facet_index(token)
            _facet_indexes[key] = index
        return index

    @staticmethod
    def _load_facet_index(token: str | None) -> FacetIndex:
        # Read the token first: rows read after it are at least as new, so a change committed meanwhile only
        # causes one more reload, never a stale index.
        with transaction.atomic():
            documents = CourseDocument.objects.order_by("course_id")
            builder = FacetIndexBuilder(
                token,
                _rows(
                    documents.values_list(
                        "id",
                        "course_id",
                        "format",
                        "format_label",
                        "provider_name",
                        "duration_band",
                        "is_free",
                        "audience_open",
                        "restricts_organisation",
                        "restricts_profession",
                        "restricts_grade",
                        "title_terms",
                    )
                ),
            )
            builder.add_skills(
                _rows(
                    CourseDocumentSkill.objects.values_list(
                        "course_id", "skill_slug", "skill_name", "level", "level_label"
                    )
                )
            )
            builder.add_families(
                _rows(CourseDocumentFamily.objects.values_list("course_id", "family_slug", "family_name"))
            )
            builder.add_audience(_rows(CourseDocumentAudience.objects.values_list("course_id", "kind", "target_id")))
            for name, ordering in ORDERINGS.items():
                builder.add_order(name, (row[0] for row in _rows(documents.order_by(*ordering).values_list("id"))))
            builder.add_vocabulary(row[0] for row in _rows(SearchTerm.objects.values_list("term")))
        return builder.build()

    def _filters(self, index: FacetIndex, request: SearchRequest) -> dict[str, int]:
        """Each selected facet as the courses it keeps (any of its selected values)."""
        filters: dict[str, int] = {}
        for key in ("skill", "family", "format", "provider", "duration"):
            if values := request.selected(key):
                filters[key] = index.any_of(key, values)
        if values := request.selected("level"):
            filters["level"] = index.any_of("level", [int(v) for v in values if str(v).isdigit()])
        if values := request.selected("cost"):
            filters["cost"] = index.any_of("cost", [v == "free" for v in values if v in ("free", "paid")])
        return filters

    def _title_matches(self, index: FacetIndex, clause: Clause) -> int:
        """Courses whose title alone satisfies the clause (any alternative, every token, any candidate)."""
        either = 0
        for alternative in clause:
            every = index.everything
            for token in alternative:
                any_candidate = 0
                for candidate in self._candidates[token]:
                    any_candidate |= index.title_mask(candidate)
                every &= any_candidate
            either |= every
        return either

    def search(self, request: SearchRequest, clauses: list[Clause]) -> SearchResponse:
        index = self._facet_index()
        self._candidates = {
            token: index.fuzzy_candidates(token)
            for clause in clauses
            for alternative in clause
            for token in alternative
        }
        base = index.everything
        if clauses:
            base = index.mask_of_pks(self._matching_pks(clauses))
        filters = self._filters(index, request)
        learner = request.learner
        open_mask = index.open_to(
            organisation_ids=learner.organisation_ids, profession_id=learner.profession_id, grade_id=learner.grade_id
        )

        def narrowed(*, without: str | None = None, open_to_me: bool = request.open_to_me) -> int:
            mask = base
            for key, kept in filters.items():
                if key != without:
                    mask &= kept
            if open_to_me:
                mask &= open_mask
            return mask

        results = narrowed()
        total = results.bit_count()

        # Facets are disjunctive: a facet's counts ignore its own selection, so choosing one value still shows
        # the others' counts. Facets with nothing selected share the fully narrowed set.
        raw: dict[str, list[tuple[str, str, int]]] = {}
        for key in FACET_KEYS:
            scope = narrowed(without=key) if key in filters else results
            raw[key] = [
                (value, label, (mask & scope).bit_count())
                for (value, label), mask in sorted(index.counted[key].items())
            ]

        start = (max(request.page, 1) - 1) * request.per_page
        wanted = start + request.per_page
        scores: dict[int, int] = {}
        if request.sort in ("shortest", "newest"):
            picked = index.first_in_order(request.sort, results, total, wanted)
        elif clauses:
            # score = sum over clauses of TITLE_WEIGHT (title matches) or 1: rank by how many clauses the title
            # matches, then course_id (positions are in course_id order).
            picked = self._by_relevance(index, results, clauses, wanted)
        else:
            picked = index.first_in_order("title", results, total, wanted)
        picked = picked[start:wanted]
        if clauses:
            title_matches = [self._title_matches(index, clause) for clause in clauses]
            for position in picked:
                scores[position] = sum(TITLE_WEIGHT if matches >> position & 1 else 1 for matches in title_matches)
        documents = dict(
            CourseDocument.objects.filter(id__in=[index.pks[p] for p in picked]).values_list("id", "document")
        )
        hits = [
            SearchHit(course_id=index.course_ids[p], score=float(scores.get(p, 0)), document=documents[index.pks[p]])
            for p in picked
            if index.pks[p] in documents  # removed since the index was read: dropped, the next search reloads
        ]
        return SearchResponse(
            total=total,
            hits=hits,
            facets=shape_facets(request, raw),
            open_to_me_count=narrowed(open_to_me=True).bit_count(),
            request=request,
        )

    def _by_relevance(self, index: FacetIndex, results: int, clauses: list[Clause], wanted: int) -> list[int]:
        # exactly[j]: results whose title matches exactly j of the clauses so far.
        exactly = [results]
        for clause in clauses:
            matches = self._title_matches(index, clause)
            shifted = [0] * (len(exactly) + 1)
            for j, mask in enumerate(exactly):
                shifted[j] |= mask & ~matches
                shifted[j + 1] |= mask & matches
            exactly = shifted
        picked: list[int] = []
        for mask in reversed(exactly):
            if len(picked) >= wanted:
                break
            picked.extend(positions(mask, limit=wanted - len(picked)))
        return picked

    def _matching_pks(self, clauses: list[Clause]) -> list[int]:
        """Primary keys of the documents matching every clause, from the database's full-text index."""
        if connection.vendor == "postgresql":
            # The query text is a bound parameter, and only [a-z0-9] stems reach it.
            with connection.cursor() as cursor:
                cursor.execute(TSQUERY_MATCH_SQL, [self._tsquery(clauses)])
                return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite" and _sqlite_fts_ready():
            with connection.cursor() as cursor:
                cursor.execute(FTS_MATCH_SQL, [self._fts_query(clauses)])
                return [row[0] for row in cursor.fetchall()]
        # Neither (SQLite built without FTS5, another database): LIKE over the space-padded stems.
        queryset = CourseDocument.objects.all()
        for clause in clauses:
            queryset = queryset.filter(self._clause_q(clause, "terms"))
        return list(queryset.values_list("id", flat=True))
