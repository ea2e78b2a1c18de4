"""The embedded backend: the search app's own tables, queried with the ORM (SQLite or PostgreSQL).

Terms are matched on the same stems the engine indexes (see `search.analysis`); typo tolerance looks
the query stem up in the indexed vocabulary within the engine's `AUTO:5,8` edit distance.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL

from .. import analysis
from ..models import CourseDocument, CourseDocumentAudience, CourseDocumentFamily, CourseDocumentSkill, SearchTerm
from ..query import Clause, SearchHit, SearchRequest, SearchResponse
from .base import Progress, SearchBackend, facet_label, shape_facets

TITLE_WEIGHT = 3
FTS_TABLE = "search_coursedocument_fts"
FTS_MATCH_SQL = "SELECT rowid FROM search_coursedocument_fts WHERE search_coursedocument_fts MATCH %s"
_fts_state: dict[str, bool] = {}


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
        return len(rows)

    def remove(self, course_ids: Iterable[int]) -> None:
        CourseDocument.objects.filter(course_id__in=list(course_ids)).delete()

    def rebuild(self, documents: Iterable, *, progress: Progress | None = None) -> int:
        # One transaction: searches keep seeing the old rows until the new ones are committed.
        with transaction.atomic():
            CourseDocument.objects.all().delete()
            SearchTerm.objects.all().delete()
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
    def _stem_candidates(self, token: str) -> list[str]:
        term = analysis.stem(token)
        edits = analysis.fuzzy_edits(term)
        if not edits:
            return [term]
        nearby = SearchTerm.objects.filter(length__gte=len(term) - edits, length__lte=len(term) + edits)
        candidates = {term}
        for other in nearby.values_list("term", flat=True).iterator():
            if analysis.edit_distance(term, other, edits) <= edits:
                candidates.add(other)
        return sorted(candidates)

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

    def _text_filter(self, queryset, clauses: list[Clause]):
        if not clauses:
            return queryset
        if connection.vendor == "postgresql":
            # PostgreSQL full text over the indexed stems, served by a GIN index (migration 0002).
            from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact

            return queryset.filter(
                SearchVectorExact(
                    SearchVector("terms", config="simple"),
                    SearchQuery(self._tsquery(clauses), search_type="raw", config="simple"),
                )
            )
        if connection.vendor == "sqlite" and _sqlite_fts_ready():
            # SQLite FTS5 over the same stems (migration 0002 keeps it in step with triggers).
            return queryset.filter(
                # The query text is a bound parameter, and only [a-z0-9] stems reach it.
                id__in=RawSQL(FTS_MATCH_SQL, [self._fts_query(clauses)])  # noqa: S611
            )
        for clause in clauses:
            queryset = queryset.filter(self._clause_q(clause, "terms"))
        return queryset

    def _fts_query(self, clauses: list[Clause]) -> str:
        def token(t: str) -> str:
            return "(" + " OR ".join(f'"{c}"' for c in self._candidates[t]) + ")"

        return " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(token(t) for t in alternative) + ")" for alternative in clause) + ")"
            for clause in clauses
        )

    def _filter_qs(self, request: SearchRequest) -> dict[str, Q]:
        course = OuterRef("pk")
        filters: dict[str, Q] = {}
        if values := request.selected("skill"):
            filters["skill"] = Q(Exists(CourseDocumentSkill.objects.filter(course=course, skill_slug__in=values)))
        if values := request.selected("family"):
            filters["family"] = Q(Exists(CourseDocumentFamily.objects.filter(course=course, family_slug__in=values)))
        if values := request.selected("level"):
            levels = [int(v) for v in values if str(v).isdigit()]
            filters["level"] = Q(Exists(CourseDocumentSkill.objects.filter(course=course, level__in=levels)))
        if values := request.selected("format"):
            filters["format"] = Q(format__in=values)
        if values := request.selected("provider"):
            filters["provider"] = Q(provider_name__in=values)
        if values := request.selected("cost"):
            filters["cost"] = Q(is_free__in=[v == "free" for v in values if v in ("free", "paid")])
        if values := request.selected("duration"):
            filters["duration"] = Q(duration_band__in=values)
        return filters

    def _open_q(self, request: SearchRequest) -> Q:
        learner = request.learner
        course = OuterRef("pk")
        mine = {
            CourseDocumentAudience.Kind.ORGANISATION: list(learner.organisation_ids),
            CourseDocumentAudience.Kind.PROFESSION: [learner.profession_id] if learner.profession_id else [],
            CourseDocumentAudience.Kind.GRADE: [learner.grade_id] if learner.grade_id else [],
        }
        restricted_and_matching = Q(audience_open=False) & (
            Q(restricts_organisation=True) | Q(restricts_profession=True) | Q(restricts_grade=True)
        )
        for kind, ids in mine.items():
            restricts = Q(**{f"restricts_{kind}": False})
            if ids:
                rows = CourseDocumentAudience.objects.filter(course=course, kind=kind, target_id__in=ids)
                restricts |= Q(Exists(rows))
            restricted_and_matching &= restricts
        return Q(audience_open=True) | restricted_and_matching

    def search(self, request: SearchRequest, clauses: list[Clause]) -> SearchResponse:
        self._candidates = {
            token: self._stem_candidates(token) for clause in clauses for alternative in clause for token in alternative
        }
        base = self._text_filter(CourseDocument.objects.all(), clauses)
        filters = self._filter_qs(request)
        open_q = self._open_q(request)

        def narrowed(*, without: str | None = None, open_to_me: bool = request.open_to_me):
            qs = base
            for key, q in filters.items():
                if key != without:
                    qs = qs.filter(q)
            if open_to_me:
                qs = qs.filter(open_q)
            return qs

        results = narrowed()
        total = results.count()
        if clauses:
            score = Value(0, output_field=IntegerField())
            for clause in clauses:
                score = score + Case(
                    When(self._clause_q(clause, "title_terms"), then=Value(TITLE_WEIGHT)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            results = results.annotate(score=score)
        else:
            results = results.annotate(score=Value(0, output_field=IntegerField()))
        if request.sort == "shortest":
            ordering = [F("duration_minutes").asc(nulls_last=True), "course_id"]
        elif request.sort == "newest":
            ordering = [F("first_published_at").desc(nulls_last=True), "course_id"]
        elif clauses:
            ordering = ["-score", "course_id"]
        else:
            ordering = ["title", "course_id"]
        start = (max(request.page, 1) - 1) * request.per_page
        page = results.order_by(*ordering).values("course_id", "score", "document")[start : start + request.per_page]
        hits = [
            SearchHit(course_id=row["course_id"], score=float(row["score"]), document=row["document"]) for row in page
        ]

        raw: dict[str, list[tuple[str, str, int]]] = {}
        for key in ("skill", "level", "family"):
            qs = narrowed(without=key)
            if key == "skill":
                rows = (
                    CourseDocumentSkill.objects.filter(course__in=qs)
                    .values("skill_slug", "skill_name")
                    .annotate(n=Count("course", distinct=True))
                )
                raw[key] = [(r["skill_slug"], r["skill_name"], r["n"]) for r in rows]
            elif key == "level":
                rows = (
                    CourseDocumentSkill.objects.filter(course__in=qs, level__gt=0)
                    .values("level", "level_label")
                    .annotate(n=Count("course", distinct=True))
                )
                raw[key] = [(str(r["level"]), r["level_label"], r["n"]) for r in rows]
            else:
                rows = (
                    CourseDocumentFamily.objects.filter(course__in=qs)
                    .values("family_slug", "family_name")
                    .annotate(n=Count("course", distinct=True))
                )
                raw[key] = [(r["family_slug"], r["family_name"], r["n"]) for r in rows]
        rows = narrowed(without="format").order_by().values("format", "format_label").annotate(n=Count("id"))
        raw["format"] = [(r["format"], r["format_label"] or facet_label("format", r["format"]), r["n"]) for r in rows]
        for key, column in (("provider", "provider_name"), ("duration", "duration_band")):
            rows = narrowed(without=key).order_by().values(column).annotate(n=Count("id"))
            raw[key] = [(r[column], facet_label(key, r[column]), r["n"]) for r in rows]
        rows = narrowed(without="cost").order_by().values("is_free").annotate(n=Count("id"))
        raw["cost"] = [
            ("free" if r["is_free"] else "paid", facet_label("cost", "free" if r["is_free"] else "paid"), r["n"])
            for r in rows
        ]
        open_count = narrowed(open_to_me=True).count()
        return SearchResponse(
            total=total, hits=hits, facets=shape_facets(request, raw), open_to_me_count=open_count, request=request
        )
