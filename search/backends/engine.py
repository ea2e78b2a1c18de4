"""The engine backend: one OpenSearch document per course, searched through an alias.

Mapping and queries are built with the Elasticsearch DSL and sent through `client.get_client()`.
The analysis chain (standard tokenizer, lowercase, English stop words, Porter stemmer) is the one
`search.analysis` reproduces for the database backend; synonyms are expanded before the query is built
(`search.query.build_clauses`), so L&D's edits apply at once, with no reindex.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import dsl

from ..query import Clause, SearchHit, SearchRequest, SearchResponse
from .base import Progress, SearchBackend, facet_label, shape_facets
from .client import get_client

TEXT_FIELDS = ["title^3", "summary^1.5", "skill_names^2", "description", "provider_name"]
FUZZINESS = "AUTO:5,8"
BATCH = 500
FACET_SIZE = 1000
FACET_FIELDS = {
    "skill": "skill_facet",
    "family": "family_facet",
    "level": "level_facet",
    "format": "format_facet",
    "provider": "provider",
    "cost": "is_free",
    "duration": "duration_band",
}

course_stop = dsl.token_filter("course_stop", type="stop", stopwords="_english_")
course_text = dsl.analyzer("course_text", tokenizer="standard", filter=["lowercase", course_stop, "porter_stem"])


def mapping() -> dsl.Mapping:
    m = dsl.Mapping()
    m.field("course_id", "integer")
    for name in ("title", "summary", "description", "skill_names", "provider_name"):
        m.field(name, "text", analyzer=course_text)
    m.field("title_sort", "keyword")
    for name in (
        "provider",
        "format",
        "format_facet",
        "duration_band",
        "skill_slugs",
        "skill_facet",
        "level_facet",
        "family_slugs",
        "family_facet",
    ):
        m.field(name, "keyword")
    m.field("levels", "integer")
    m.field("duration_minutes", "integer")
    m.field("cost_pence", "integer")
    m.field("is_free", "boolean")
    m.field("review_overdue", "boolean")
    m.field("first_published_at", "date")
    m.field("audience_open", "boolean")
    for kind in ("organisation", "profession", "grade"):
        m.field(f"audience_{kind}_ids", "integer")
        m.field(f"restricts_{kind}", "boolean")
    m.field("display", dsl.Object(enabled=False))
    return m


def index_body() -> dict:
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": course_text.get_analysis_definition()},
        "mappings": mapping().to_dict(),
    }


def to_source(d) -> dict:
    return {
        "course_id": d.course_id,
        "title": d.title,
        "title_sort": d.title,
        "summary": d.summary,
        "description": d.description,
        "skill_names": d.skill_names,
        "provider_name": d.provider_name,
        "provider": d.provider_name or None,
        "format": d.format or None,
        "format_facet": f"{d.format}|{d.format_label}" if d.format else None,
        "duration_band": d.duration_band,
        "duration_minutes": d.duration_minutes,
        "cost_pence": d.cost_pence,
        "is_free": d.is_free,
        "review_overdue": d.review_overdue,
        "first_published_at": d.first_published_at.isoformat() if d.first_published_at else None,
        "skill_slugs": sorted({s["slug"] for s in d.skills}),
        "skill_facet": sorted({f"{s['slug']}|{s['name']}" for s in d.skills}),
        "levels": sorted({s["level"] for s in d.skills}),
        "level_facet": sorted({f"{s['level']}|{s['level_label']}" for s in d.skills if s["level"] > 0}),
        "family_slugs": sorted(d.families),
        "family_facet": sorted(f"{slug}|{name}" for slug, name in d.families.items()),
        "audience_open": d.audience_open,
        **{f"audience_{kind}_ids": d.audience[kind] for kind in ("organisation", "profession", "grade")},
        **{f"restricts_{kind}": bool(d.audience[kind]) for kind in ("organisation", "profession", "grade")},
        "display": d.display,
    }


class EngineBackend(SearchBackend):
    name = "engine"

    @property
    def alias(self) -> str:
        return f"{settings.SEARCH_INDEX_PREFIX}-courses"

    @property
    def client(self):
        return get_client()

    def available(self) -> bool:
        try:
            return bool(self.client.ping())
        except Exception:
            return False

    # --- index lifecycle -----------------------------------------------------------------------------
    def _new_index(self) -> str:
        name = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        self.client.indices.create(index=name, body=index_body())
        return name

    def _current_indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias))

    def ensure_index(self) -> None:
        if not self._current_indices():
            name = self._new_index()
            self.client.indices.update_aliases(body={"actions": [{"add": {"index": name, "alias": self.alias}}]})

    def _bulk(self, index: str, documents: Iterable, *, refresh: bool, progress: Progress | None = None) -> int:
        from opensearchpy import helpers

        written = 0
        batch = []

        def flush():
            nonlocal written, batch
            if not batch:
                return
            actions = [{"_index": index, "_id": str(d.course_id), "_source": to_source(d)} for d in batch]
            ok, _ = helpers.bulk(self.client, actions, refresh=False, raise_on_error=True)
            written += ok
            if progress:
                progress(len(batch))
            batch = []

        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH:
                flush()
        flush()
        if refresh:
            self.client.indices.refresh(index=index)
        return written

    def index(self, documents: Iterable) -> int:
        self.ensure_index()
        return self._bulk(self.alias, documents, refresh=True)

    def remove(self, course_ids: Iterable[int]) -> None:
        from opensearchpy import helpers

        if not self._current_indices():
            return
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in course_ids]
        helpers.bulk(self.client, actions, raise_on_error=False, raise_on_exception=False)
        self.client.indices.refresh(index=self.alias)

    def rebuild(self, documents: Iterable, *, progress: Progress | None = None) -> int:
        new = self._new_index()
        try:
            # Bulk-load without refreshing, then refresh once and merge to one segment before it goes live.
            self.client.indices.put_settings(index=new, body={"index": {"refresh_interval": "-1"}})
            written = self._bulk(new, documents, refresh=False, progress=progress)
            self.client.indices.put_settings(index=new, body={"index": {"refresh_interval": "1s"}})
            self.client.indices.refresh(index=new)
            self.client.indices.forcemerge(index=new, max_num_segments=1)
        except Exception:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        old = self._current_indices()
        if self.client.indices.exists(index=self.alias) and not old:
            # A plain index squatting on the alias name (never created by us): remove it first.
            self.client.indices.delete(index=self.alias)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(body={"actions": actions})
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        return written

    def drop(self) -> None:
        """Delete every index behind the alias (tests and teardown)."""
        for name in self._current_indices():
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def count(self) -> int:
        if not self._current_indices():
            return 0
        return int(self.client.count(index=self.alias)["count"])

    # --- searching -----------------------------------------------------------------------------------
    @staticmethod
    def _text_query(clauses: list[Clause]):
        must = []
        for clause in clauses:
            alternatives = [
                dsl.Q(
                    "bool",
                    must=[
                        dsl.Q("multi_match", query=token, fields=TEXT_FIELDS, type="best_fields", fuzziness=FUZZINESS)
                        for token in alternative
                    ],
                )
                for alternative in clause
            ]
            must.append(dsl.Q("bool", should=alternatives, minimum_should_match=1))
        return dsl.Q("bool", must=must) if must else dsl.Q("match_all")

    @staticmethod
    def _filters(request: SearchRequest) -> dict:
        filters = {}
        if values := request.selected("skill"):
            filters["skill"] = dsl.Q("terms", skill_slugs=list(values))
        if values := request.selected("family"):
            filters["family"] = dsl.Q("terms", family_slugs=list(values))
        if values := request.selected("level"):
            filters["level"] = dsl.Q("terms", levels=[int(v) for v in values if str(v).isdigit()])
        if values := request.selected("format"):
            filters["format"] = dsl.Q("terms", format=list(values))
        if values := request.selected("provider"):
            filters["provider"] = dsl.Q("terms", provider=list(values))
        if values := request.selected("cost"):
            filters["cost"] = dsl.Q("terms", is_free=[v == "free" for v in values if v in ("free", "paid")])
        if values := request.selected("duration"):
            filters["duration"] = dsl.Q("terms", duration_band=list(values))
        return filters

    @staticmethod
    def _open_query(request: SearchRequest):
        learner = request.learner
        mine = {
            "organisation": list(learner.organisation_ids),
            "profession": [learner.profession_id] if learner.profession_id else [],
            "grade": [learner.grade_id] if learner.grade_id else [],
        }
        each_dimension = []
        for kind, ids in mine.items():
            options = [dsl.Q("term", **{f"restricts_{kind}": False})]
            if ids:
                options.append(dsl.Q("terms", **{f"audience_{kind}_ids": ids}))
            each_dimension.append(dsl.Q("bool", should=options, minimum_should_match=1))
        restricts_someone = dsl.Q(
            "bool",
            should=[dsl.Q("term", **{f"restricts_{kind}": True}) for kind in mine],
            minimum_should_match=1,
        )
        restricted_and_matching = dsl.Q(
            "bool", filter=[dsl.Q("term", audience_open=False), restricts_someone, *each_dimension]
        )
        return dsl.Q(
            "bool", should=[dsl.Q("term", audience_open=True), restricted_and_matching], minimum_should_match=1
        )

    def search(self, request: SearchRequest, clauses: list[Clause]) -> SearchResponse:
        filters = self._filters(request)
        query = self._text_query(clauses)
        if request.open_to_me:
            # Not a facet, so it narrows the hits and every count alike: filter context of the main query, where
            # it is applied once (and cached by the engine) instead of inside every aggregation.
            query = dsl.Q("bool", must=[query], filter=[self._open_query(request)])

        if request.sort == "shortest":
            sort = [{"duration_minutes": {"order": "asc", "missing": "_last"}}, {"course_id": "asc"}]
        elif request.sort == "newest":
            sort = [{"first_published_at": {"order": "desc", "missing": "_last"}}, {"course_id": "asc"}]
        elif clauses:
            sort = [{"_score": "desc"}, {"course_id": "asc"}]
        else:
            sort = [{"title_sort": "asc"}, {"course_id": "asc"}]
        start = (max(request.page, 1) - 1) * request.per_page
        search = (
            dsl.Search()
            .query(query)
            .sort(*sort)
            .extra(from_=start, size=request.per_page, track_total_hits=True, track_scores=True)
            .source(["course_id", "display"])
        )
        if filters:
            # Facets are disjunctive: the filters narrow the hits (post_filter) but a facet's own selection is
            # left out of its counts.
            search = search.post_filter(dsl.Q("bool", filter=list(filters.values())))
        paths = self._facet_aggregations(search, filters)
        if not request.open_to_me:
            parts = [*filters.values(), self._open_query(request)]
            search.aggs.bucket("open_to_me", "filter", filter=dsl.Q("bool", filter=parts))
        result = self._search_body(search.to_dict())
        self.last_took_ms = result.get("took")
        hits = [
            SearchHit(
                course_id=int(h["_source"]["course_id"]),
                score=float(h.get("_score") or 0),
                document=h["_source"]["display"],
            )
            for h in result["hits"]["hits"]
        ]
        total = int(result["hits"]["total"]["value"])
        raw = {}
        aggs = result.get("aggregations", {})
        for key, path in paths.items():
            node = aggs
            for step in path:
                node = node[step]
            rows = []
            for bucket in node["buckets"]:
                if key in ("skill", "family", "level", "format"):
                    value, _, label = bucket["key"].partition("|")
                elif key == "cost":
                    value = "free" if bucket["key"] in (1, True, "true") else "paid"
                    label = facet_label(key, value)
                else:
                    value, label = bucket["key"], facet_label(key, bucket["key"])
                rows.append((value, label, bucket["doc_count"]))
            raw[key] = rows
        return SearchResponse(
            total=total,
            hits=hits,
            facets=shape_facets(request, raw),
            open_to_me_count=total if request.open_to_me else int(aggs["open_to_me"]["doc_count"]),
            request=request,
        )

    @staticmethod
    def _facet_aggregations(search, filters: dict) -> dict[str, tuple[str, ...]]:
        """Add one terms aggregation per facet; returns where each one's buckets are in the response.

        Facets with no selection all count the fully filtered set, so they share one filter bucket (or none when
        nothing is selected); a selected facet counts the set filtered by every other facet."""
        paths: dict[str, tuple[str, ...]] = {}
        shared = None
        for key, field in FACET_FIELDS.items():
            others = [q for other, q in filters.items() if other != key]
            if key in filters and others:
                search.aggs.bucket(key, "filter", filter=dsl.Q("bool", filter=others)).bucket(
                    "values", "terms", field=field, size=FACET_SIZE
                )
                paths[key] = (key, "values")
            elif not others:  # nothing narrows this facet's counts
                search.aggs.bucket(key, "terms", field=field, size=FACET_SIZE)
                paths[key] = (key,)
            else:
                if shared is None:
                    shared = search.aggs.bucket("narrowed", "filter", filter=dsl.Q("bool", filter=others))
                shared.bucket(key, "terms", field=field, size=FACET_SIZE)
                paths[key] = ("narrowed", key)
        return paths

    def _search_body(self, body: dict) -> dict:
        """Search the alias; an alias that does not exist yet (nothing indexed) is created empty, as before,
        without paying two extra round trips on every search to check for it.

        `request_cache` asked for explicitly also caches requests that return hits (the index default caches only
        size 0): a repeated search (the unfiltered landing page, back and forward) is answered from the shard's
        cache, which every refresh (any index change) empties, so it is never stale."""
        from opensearchpy.exceptions import NotFoundError

        try:
            return self.client.search(index=self.alias, body=body, request_cache=True)
        except NotFoundError:
            self.ensure_index()
            return self.client.search(index=self.alias, body=body, request_cache=True)
