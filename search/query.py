"""What a search asks and what it answers: the contract both backends implement.

Nothing here knows a backend. `SearchRequest` is built by the view (or any caller) and handed to
`search.services.course_search`; the backend returns a `SearchResponse`.
"""

from dataclasses import dataclass, field

from . import analysis

# Facets, in the order the page shows them: (key, label).
FACETS = [
    ("skill", "Skill"),
    ("family", "Role family"),
    ("level", "Skill level reached"),
    ("format", "Format"),
    ("provider", "Provider"),
    ("cost", "Cost"),
    ("duration", "Duration"),
]
FACET_KEYS = [key for key, _ in FACETS]
COST_LABELS = {"free": "Free", "paid": "Paid"}
SORTS = {"relevance": "Relevance", "shortest": "Shortest first", "newest": "Newest first"}
PER_PAGE = 20


@dataclass(frozen=True)
class Learner:
    """Who is asking, for "open to me": the learner's organisation and its ancestors, profession and grade."""

    organisation_ids: tuple[int, ...] = ()
    profession_id: int | None = None
    grade_id: int | None = None


ANONYMOUS = Learner()


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    open_to_me: bool = False
    learner: Learner = ANONYMOUS
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    def selected(self, key: str) -> tuple[str, ...]:
        return tuple(self.filters.get(key, ()))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchHit:
    course_id: int
    score: float
    document: dict


@dataclass
class SearchResponse:
    total: int
    hits: list[SearchHit]
    facets: dict[str, Facet]
    open_to_me_count: int
    request: SearchRequest

    @property
    def ids(self) -> list[int]:
        return [hit.course_id for hit in self.hits]

    def facet_counts(self, key: str) -> dict[str, int]:
        return {v.value: v.count for v in self.facets[key].values}


# A clause is one thing the query asks for: any one of its alternatives must match, and an alternative
# is a list of tokens that must all match. "k8s training" with the synonym "kubernetes, k8s" becomes
# [[["kubernetes"], ["k8s"]], [["training"]]].
Clause = list[list[str]]


def build_clauses(text: str, synonym_groups: list[list[list[str]]]) -> list[Clause]:
    """Split query text into clauses, expanding synonyms (matched on stems, longest phrase first)."""
    query_tokens = analysis.tokens(text)
    query_stems = [analysis.stem(t) for t in query_tokens]
    phrases = []  # (stems, group)
    for group in synonym_groups:
        for phrase in group:
            phrases.append(([analysis.stem(t) for t in phrase], group))
    phrases.sort(key=lambda item: -len(item[0]))
    clauses: list[Clause] = []
    i = 0
    while i < len(query_tokens):
        for stems, group in phrases:
            if stems and query_stems[i : i + len(stems)] == stems:
                alternatives = []
                for phrase in group:
                    if phrase not in alternatives:
                        alternatives.append(list(phrase))
                clauses.append(alternatives)
                i += len(stems)
                break
        else:
            clauses.append([[query_tokens[i]]])
            i += 1
    return clauses


def level_label(level: int) -> str:
    return {1: "Awareness", 2: "Working", 3: "Practitioner", 4: "Expert"}.get(level, str(level))
