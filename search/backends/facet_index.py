"""The database backend's facet columns held in memory as bitsets, so one search costs microseconds of bit
arithmetic instead of ten grouped SQL queries.

Every indexed course gets a position (in `course_id` order). Every facet value, filter value and audience target
is a Python int whose bit *p* is set when the course at position *p* has it. A filter is `&` of the selected
facets (each an `|` of its values), a facet count is `(value & narrowed).bit_count()`, "open to me" is a few
more `&`/`|`. Sort orders are read from the database once (so PostgreSQL's collation orders titles, as before).

The tables stay the source of truth: `DatabaseBackend` writes them and bumps a token in `SearchIndexState` in the
same transaction; each search reads the token (one indexed row) and rebuilds this copy when it has changed.
Nothing here touches the database; `FacetIndexBuilder` is fed rows by the backend.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import analysis

# Bit offsets set in each byte value, to list a mask's positions a byte at a time.
_BYTE_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def positions(mask: int, *, limit: int | None = None) -> Iterator[int]:
    """Positions whose bit is set, ascending (at most `limit` of them)."""
    if not mask:
        return
    found = 0
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for offset, byte in enumerate(data):
        if byte:
            base = offset * 8
            for bit in _BYTE_BITS[byte]:
                yield base + bit
                found += 1
                if limit is not None and found >= limit:
                    return


def _letters(term: str) -> int:
    """Which characters a term uses, as bits; a cheap lower bound on edit distance (see `fuzzy_candidates`)."""
    signature = 0
    for char in term:
        signature |= 1 << (ord(char) & 63)
    return signature


def mask_of(positions: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


class _MaskBuilder:
    """Collects positions per key, then turns each list into an int in one pass."""

    def __init__(self, size: int):
        self.size = size
        self.lists: dict = {}

    def add(self, key, position: int) -> None:
        self.lists.setdefault(key, []).append(position)

    def masks(self) -> dict:
        return {key: mask_of(positions, self.size) for key, positions in self.lists.items()}


@dataclass
class FacetIndex:
    token: str | None
    size: int
    everything: int
    course_ids: list[int]  # by position
    pks: list[int]  # CourseDocument primary key by position (SQLite FTS rowid)
    position_of_pk: dict[int, int]
    # facet key -> (value, label) -> courses: what the facet counts show
    counted: dict[str, dict[tuple[str, str], int]]
    # facet key -> filter value -> courses: what a selected value keeps ("level" keyed by int, "cost" by bool)
    filtering: dict[str, dict]
    audience_open: int
    restricts: dict[str, int]  # audience kind -> closed courses that limit that kind
    audience: dict[str, dict[int, int]]  # audience kind -> target id -> courses naming it
    orders: dict[str, list[int]]  # "title" / "shortest" / "newest" -> positions in that order
    title_postings: dict[str, list[int]]  # title stem -> positions
    vocabulary: dict[int, list[tuple[str, int]]]  # stem length -> (stem, letters)
    _title_masks: dict[str, int] = field(default_factory=dict, repr=False)
    _candidates: dict[str, list[str]] = field(default_factory=dict, repr=False)

    # --- building blocks ---------------------------------------------------------------------------
    def mask_of_pks(self, pks: Iterable[int]) -> int:
        where = self.position_of_pk
        return mask_of((where[pk] for pk in pks if pk in where), self.size)

    def any_of(self, key: str, values: Iterable) -> int:
        table = self.filtering[key]
        mask = 0
        for value in values:
            mask |= table.get(value, 0)
        return mask

    def open_to(self, *, organisation_ids: Iterable[int], profession_id: int | None, grade_id: int | None) -> int:
        """As `courses.selectors.course_open_to`: open courses, and closed ones that limit someone and whose every
        limited dimension names the learner."""
        mine = {
            "organisation": list(organisation_ids),
            "profession": [profession_id] if profession_id else [],
            "grade": [grade_id] if grade_id else [],
        }
        matching = (self.everything & ~self.audience_open) & (
            self.restricts["organisation"] | self.restricts["profession"] | self.restricts["grade"]
        )
        for kind, ids in mine.items():
            allowed = self.everything & ~self.restricts[kind]
            named = self.audience[kind]
            for target in ids:
                allowed |= named.get(target, 0)
            matching &= allowed
        return self.audience_open | matching

    def title_mask(self, stem: str) -> int:
        mask = self._title_masks.get(stem)
        if mask is None:
            mask = mask_of(self.title_postings.get(stem, ()), self.size)
            if len(self._title_masks) > 4096:
                self._title_masks.clear()
            self._title_masks[stem] = mask
        return mask

    def fuzzy_candidates(self, token: str) -> list[str]:
        """The query token's stem and every indexed stem within the engine's `AUTO:5,8` edit distance of it."""
        candidates = self._candidates.get(token)
        if candidates is not None:
            return candidates
        term = analysis.stem(token)
        edits = analysis.fuzzy_edits(term)
        found = {term}
        if edits:
            letters = _letters(term)
            # One edit changes at most two characters of the set a word uses, so a word whose set differs from
            # the query's in more than 2 * edits characters is too far away without computing the distance.
            bound = 2 * edits
            for length in range(len(term) - edits, len(term) + edits + 1):
                for other, other_letters in self.vocabulary.get(length, ()):
                    if (letters ^ other_letters).bit_count() <= bound and (
                        analysis.edit_distance(term, other, edits) <= edits
                    ):
                        found.add(other)
        candidates = sorted(found)
        if len(self._candidates) > 4096:
            self._candidates.clear()
        self._candidates[token] = candidates
        return candidates

    def first_in_order(self, order: str, mask: int, count: int, how_many: int) -> list[int]:
        """The first `how_many` positions of `mask` (which holds `count`) in a stored order."""
        if how_many <= 0 or not mask:
            return []
        sequence = self.orders[order]
        # Walking the order costs about how_many * size / count steps; listing the mask and sorting it costs
        # about size / 8 + count log count. Take the cheaper.
        if how_many * self.size < count * (self.size // 8 + count):
            data = mask.to_bytes((self.size + 7) // 8, "little")
            picked = []
            for position in sequence:
                if data[position >> 3] >> (position & 7) & 1:
                    picked.append(position)
                    if len(picked) >= how_many:
                        break
            return picked
        rank = self.ranks(order)
        return sorted(positions(mask), key=rank.__getitem__)[:how_many]

    def ranks(self, order: str) -> list[int]:
        key = f"rank:{order}"
        rank = self.orders.get(key)
        if rank is None:
            rank = [0] * self.size
            for i, position in enumerate(self.orders[order]):
                rank[position] = i
            self.orders[key] = rank
        return rank


class FacetIndexBuilder:
    """Feed it the backend's rows (courses first, in course_id order), then `build()`."""

    def __init__(self, token: str | None, courses: list[tuple]):
        # courses: (pk, course_id, format, format_label, provider_name, duration_band, is_free, audience_open,
        #           restricts_organisation, restricts_profession, restricts_grade, title_terms)
        from .base import facet_label

        self.token = token
        self.size = size = len(courses)
        self.course_ids = [row[1] for row in courses]
        self.pks = [row[0] for row in courses]
        self.position_of_pk = {pk: i for i, pk in enumerate(self.pks)}
        self.counted = {key: _MaskBuilder(size) for key in ("skill", "family", "level", "format", "provider")}
        self.counted_cost = _MaskBuilder(size)
        self.counted_duration = _MaskBuilder(size)
        self.filter_skill = _MaskBuilder(size)
        self.filter_family = _MaskBuilder(size)
        self.filter_level = _MaskBuilder(size)
        self.flags = _MaskBuilder(size)
        self.audience = {kind: _MaskBuilder(size) for kind in ("organisation", "profession", "grade")}
        self.title_postings: dict[str, list[int]] = {}
        formats, providers = self.counted["format"].lists, self.counted["provider"].lists
        costs, bands, flags = self.counted_cost.lists, self.counted_duration.lists, self.flags.lists
        postings = self.title_postings
        format_labels: dict[tuple[str, str], tuple[str, str]] = {}
        for position, row in enumerate(courses):
            (_, _, fmt, fmt_label, provider, band, is_free, is_open, r_org, r_prof, r_grade, title_terms) = row
            key = format_labels.get((fmt, fmt_label))
            if key is None:
                key = format_labels[(fmt, fmt_label)] = (fmt, fmt_label or facet_label("format", fmt))
            formats.setdefault(key, []).append(position)
            providers.setdefault(provider, []).append(position)
            costs.setdefault(bool(is_free), []).append(position)
            bands.setdefault(band, []).append(position)
            for flag, on in (("open", is_open), ("organisation", r_org), ("profession", r_prof), ("grade", r_grade)):
                if on:
                    flags.setdefault(flag, []).append(position)
            for stem in set((title_terms or "").split()):
                postings.setdefault(stem, []).append(position)
        self.vocabulary: dict[int, list[tuple[str, int]]] = {}
        self.orders: dict[str, list[int]] = {}

    def add_skills(self, rows: Iterable[tuple]) -> None:
        """(pk, skill_slug, skill_name, level, level_label)"""
        where = self.position_of_pk
        skills, slugs, levels = self.counted["skill"].lists, self.filter_skill.lists, self.filter_level.lists
        counted_levels = self.counted["level"].lists
        for pk, slug, name, level, label in rows:
            position = where.get(pk)
            if position is None:
                continue  # written after the course list was read: the next search reloads
            skills.setdefault((slug, name), []).append(position)
            slugs.setdefault(slug, []).append(position)
            levels.setdefault(level, []).append(position)
            if level > 0:
                counted_levels.setdefault((str(level), label), []).append(position)

    def add_families(self, rows: Iterable[tuple]) -> None:
        """(pk, family_slug, family_name)"""
        where = self.position_of_pk
        families, slugs = self.counted["family"].lists, self.filter_family.lists
        for pk, slug, name in rows:
            position = where.get(pk)
            if position is not None:
                families.setdefault((slug, name), []).append(position)
                slugs.setdefault(slug, []).append(position)

    def add_audience(self, rows: Iterable[tuple]) -> None:
        """(pk, kind, target_id)"""
        where = self.position_of_pk
        for pk, kind, target in rows:
            position = where.get(pk)
            if position is not None and kind in self.audience:
                self.audience[kind].add(target, position)

    def add_order(self, name: str, pks: Iterable[int]) -> None:
        where = self.position_of_pk
        self.orders[name] = [where[pk] for pk in pks if pk in where]

    def add_vocabulary(self, terms: Iterable[str]) -> None:
        for term in terms:
            self.vocabulary.setdefault(len(term), []).append((term, _letters(term)))

    def build(self) -> FacetIndex:
        from .base import facet_label

        everything = (1 << self.size) - 1
        flags = self.flags.masks()
        free = self.counted_cost.masks()
        counted = {key: builder.masks() for key, builder in self.counted.items()}
        counted["provider"] = {
            (provider, facet_label("provider", provider)): mask for provider, mask in counted["provider"].items()
        }
        counted["cost"] = {
            (value, facet_label("cost", value)): free[is_free]
            for is_free, value in ((True, "free"), (False, "paid"))
            if is_free in free
        }
        counted["duration"] = {
            (band, facet_label("duration", band)): mask for band, mask in self.counted_duration.masks().items()
        }
        formats: dict[str, int] = {}
        for (value, _), mask in counted["format"].items():
            formats[value] = formats.get(value, 0) | mask
        providers: dict[str, int] = {}
        for (value, _), mask in counted["provider"].items():
            providers[value] = providers.get(value, 0) | mask
        filtering = {
            "skill": self.filter_skill.masks(),
            "family": self.filter_family.masks(),
            "level": self.filter_level.masks(),
            "format": formats,
            "provider": providers,
            "cost": {True: free.get(True, 0), False: free.get(False, 0)},
            "duration": {band: mask for (band, _), mask in counted["duration"].items()},
        }
        return FacetIndex(
            token=self.token,
            size=self.size,
            everything=everything,
            course_ids=self.course_ids,
            pks=self.pks,
            position_of_pk=self.position_of_pk,
            counted=counted,
            filtering=filtering,
            audience_open=flags.get("open", 0),
            restricts={kind: flags.get(kind, 0) for kind in ("organisation", "profession", "grade")},
            audience={kind: builder.masks() for kind, builder in self.audience.items()},
            orders=self.orders,
            title_postings=self.title_postings,
            vocabulary=self.vocabulary,
        )
