"""The pathway generator: choose courses that close a learner's skill gaps, prerequisites first, and say why.

This module is pure (no database): `pathway_build` takes the learner's needs, a catalogue that answers
"which courses teach this skill" and "which course has this id", and returns an ordered, explained pathway.
`pathways.services.pathway_generate` feeds it from the framework, the catalogue and the learner's records.

The problem is a weighted set cover (each course covers the gap skills it teaches to the required level, its
weight is its learning time or its cost, and choosing it drags in its prerequisites). We solve it with the greedy
rule that has the best known guarantee for set cover (cheapest cost per newly covered skill, counting the cost of
prerequisites not yet chosen), then drop any course the rest already make redundant, then order the result so
every prerequisite comes before the course that needs it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

LEVEL_NAMES = {0: "None", 1: "Awareness", 2: "Working", 3: "Practitioner", 4: "Expert"}

OPTIMISE_TIME = "time"
OPTIMISE_COST = "cost"
OPTIMISE_CHOICES = {OPTIMISE_TIME: "Least learning time", OPTIMISE_COST: "Lowest cost"}

# How many of the cheapest ways to close each gap the greedy search weighs. The cheapest route for one skill is
# almost always among them; the cap keeps generation fast over a catalogue of tens of thousands of courses.
CANDIDATES_PER_SKILL = 12
# Courses that do not state their duration are planned as a working day (7 hours 24 minutes).
UNSTATED_DURATION_MINUTES = 444
# A course whose prerequisites need prerequisites... beyond this depth is treated as out of reach for that route.
MAX_PREREQUISITE_DEPTH = 4


def level_name(level: int | None) -> str:
    return LEVEL_NAMES.get(level or 0, "None")


@dataclass(frozen=True)
class CourseOption:
    """What the generator needs to know about one course."""

    id: int
    title: str
    url: str = ""
    activity_iri: str = ""
    duration_minutes: int = 0
    cost_pence: int = 0
    skills: tuple[tuple[str, int], ...] = ()  # (skill slug, level the learner reaches)
    prerequisite_course_ids: tuple[int, ...] = ()
    prerequisite_skills: tuple[tuple[str, int], ...] = ()  # (skill slug, level expected before starting)

    def level_for(self, skill_slug: str) -> int:
        for slug, level in self.skills:
            if slug == skill_slug:
                return level
        return 0


@dataclass(frozen=True)
class Need:
    """One skill the target role level requires above the learner's current level."""

    skill_slug: str
    skill_name: str
    required: int
    current: int
    basis: str  # how we know the current level, in words: "you assessed Awareness"


class Catalogue(Protocol):
    def teaching(self, skill_slug: str) -> Iterable[CourseOption]: ...

    def option(self, course_id: int) -> CourseOption | None: ...

    def is_open(self, option: CourseOption) -> bool: ...


class CatalogueIndex:
    """Courses indexed by skill. Anything with the `CourseOption` attributes will do (courses' `CourseFacts` do).

    Build one per catalogue (it keeps per-skill orderings once sorted) and take `for_learner(is_open=...)` views
    for each learner's audience check.
    """

    def __init__(self, options, *, is_open=None):
        self.by_id = {o.id: o for o in options}
        self.by_skill: dict[str, list] = {}
        for option in self.by_id.values():
            for slug, _ in option.skills:
                self.by_skill.setdefault(slug, []).append(option)
        self._is_open = is_open or (lambda option: True)
        self._sorted: dict[tuple, list] = {}

    def for_learner(self, *, is_open) -> CatalogueIndex:
        view = object.__new__(CatalogueIndex)
        view.by_id, view.by_skill, view._sorted = self.by_id, self.by_skill, self._sorted
        view._is_open = is_open
        return view

    def teaching(self, skill_slug: str):
        return self.by_skill.get(skill_slug, ())

    def reaching(self, skill_slug: str, level: int, optimise: str) -> list:
        """Courses taking the skill to `level` or beyond, lightest first (sorted once per catalogue, then reused)."""
        key = (skill_slug, level, optimise)
        ranked = self._sorted.get(key)
        if ranked is None:
            ranked = [
                o
                for o in self.teaching_by_weight(skill_slug, optimise)
                if any(slug == skill_slug and reached >= level for slug, reached in o.skills)
            ]
            self._sorted[key] = ranked
        return ranked

    def teaching_by_weight(self, skill_slug: str, optimise: str) -> list:
        """Courses teaching the skill, lightest first for this optimisation (sorted once, then reused)."""
        key = (skill_slug, optimise)
        ranked = self._sorted.get(key)
        if ranked is None:
            weight = _weight_function(optimise)
            ranked = sorted(self.by_skill.get(skill_slug, ()), key=lambda o: (weight(o), o.id))
            self._sorted[key] = ranked
        return ranked

    def option(self, course_id: int):
        return self.by_id.get(course_id)

    def is_open(self, option) -> bool:
        return self._is_open(option)


@dataclass
class Step:
    course: CourseOption
    reasons: list[str] = field(default_factory=list)
    closes: list[tuple[str, int]] = field(default_factory=list)  # (skill slug, level reached) for gap skills
    prerequisite_for: list[int] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return " ".join(self.reasons)


@dataclass
class Unreachable:
    need: Need
    best_level: int  # the highest level any course the learner can take reaches (0: none teaches it)

    @property
    def message(self) -> str:
        skill, required = self.need.skill_name, level_name(self.need.required)
        if self.best_level > self.need.current:
            return (
                f"No course in the catalogue that you can take teaches {skill} to {required}. "
                f"This pathway gets you to {level_name(self.best_level)}; the rest needs on-the-job experience, "
                "mentoring or a course L&D has yet to find."
            )
        return (
            f"No course in the catalogue that you can take teaches {skill} to {required}. "
            "Learning and development teams can see this gap; meanwhile, talk to your line manager about "
            "on-the-job experience or mentoring."
        )


@dataclass
class Pathway:
    steps: list[Step]
    unreachable: list[Unreachable]
    optimise: str
    needs: list[Need]
    closed_to_you: int = 0  # courses that would have helped but whose audience excludes the learner
    already_completed: int = 0

    @property
    def total_minutes(self) -> int:
        return sum(s.course.duration_minutes or 0 for s in self.steps)

    @property
    def unstated_durations(self) -> int:
        return sum(1 for s in self.steps if s.course.duration_minutes is None)

    @property
    def total_cost_pence(self) -> int:
        return sum(s.course.cost_pence for s in self.steps)

    @property
    def covers_everything(self) -> bool:
        return not self.unreachable


def minutes_of(course) -> int:
    """A course's learning time for planning; an unstated duration counts as a working day, not as free time."""
    return UNSTATED_DURATION_MINUTES if course.duration_minutes is None else course.duration_minutes


def _weight_function(optimise: str) -> Callable[[CourseOption], tuple[int, int]]:
    if optimise == OPTIMISE_COST:
        return lambda c: (c.cost_pence, minutes_of(c))
    return lambda c: (minutes_of(c), c.cost_pence)


class _Planner:
    def __init__(self, *, catalogue: Catalogue, learner_levels: dict[str, int], completed_ids: set[int], optimise):
        self.catalogue = catalogue
        self.learner_levels = learner_levels
        self.completed_ids = completed_ids
        self.weight = _weight_function(optimise)
        self._closures: dict[int, frozenset[int] | None] = {}
        self.deps: dict[int, dict[int, str]] = {}  # course id -> {prerequisite course id: why}
        self.options: dict[int, CourseOption] = {}
        self.closed_seen: set[int] = set()
        self.completed_seen: set[int] = set()
        self.skill_names: dict[str, str] = {}
        self._by_weight: dict[str, list[CourseOption]] = {}
        self._cheapest: dict[tuple[str, int], tuple[int, frozenset[int]] | None] = {}
        self._cutoffs = 0
        self._weights: dict[frozenset[int], tuple[int, int]] = {}
        self.optimise = optimise

    def remember(self, option: CourseOption) -> None:
        self.options.setdefault(option.id, option)

    def usable(self, option: CourseOption) -> bool:
        if option.id in self.completed_ids:
            self.completed_seen.add(option.id)
            return False
        if not self.catalogue.is_open(option):
            self.closed_seen.add(option.id)
            return False
        return True

    def closure_weight(self, ids: Iterable[int]) -> tuple[int, int]:
        if isinstance(ids, frozenset):
            cached = self._weights.get(ids)
            if cached is not None:
                return cached
        a = b = 0
        for i in ids:
            x, y = self.weight(self.options[i])
            a, b = a + x, b + y
        if isinstance(ids, frozenset):
            self._weights[ids] = (a, b)
        return a, b

    def closure(self, option: CourseOption, stack: tuple[int, ...] = ()) -> frozenset[int] | None:
        """The course and every prerequisite course it needs that the learner has not done; None if impossible.

        Prerequisite chains deeper than MAX_PREREQUISITE_DEPTH, and cycles, count as impossible for that route;
        such a result is not remembered, so the same course reached by a shorter route is still considered.
        """
        if option.id in self._closures:
            return self._closures[option.id]
        if option.id in stack or len(stack) >= MAX_PREREQUISITE_DEPTH:
            self._cutoffs += 1
            return None
        self.remember(option)
        if not self.usable(option):
            self._closures[option.id] = None
            return None
        cutoffs_before = self._cutoffs
        stack = stack + (option.id,)
        result = {option.id}
        deps: dict[int, str] = {}
        closure: frozenset[int] | None = None
        feasible = True
        for prerequisite_id in option.prerequisite_course_ids:
            if prerequisite_id in self.completed_ids:
                continue
            prerequisite = self.catalogue.option(prerequisite_id)
            sub = self.closure(prerequisite, stack) if prerequisite is not None else None
            if sub is None:
                feasible = False
                break
            result |= sub
            deps[prerequisite_id] = f"“{option.title}” lists it as a prerequisite."
        if feasible:
            for skill_slug, level in option.prerequisite_skills:
                if self.learner_levels.get(skill_slug, 0) >= level:
                    continue
                best = self.cheapest_reaching(skill_slug, level, stack)
                if best is None:
                    feasible = False
                    break
                best_id, sub = best
                result |= sub
                deps[best_id] = (
                    f"“{option.title}” expects {level_name(level)} level in {self.skill_label(skill_slug)} "
                    "before you start, and this course teaches it."
                )
        if feasible:
            closure = frozenset(result)
            self.deps[option.id] = deps
        if closure is not None or self._cutoffs == cutoffs_before:
            self._closures[option.id] = closure
        return closure

    def skill_label(self, slug: str) -> str:
        return self.skill_names.get(slug, slug.replace("-", " "))

    def by_weight(self, skill_slug: str) -> list[CourseOption]:
        """Courses teaching the skill, lightest first (cached per generation)."""
        ranked = self._by_weight.get(skill_slug)
        if ranked is None:
            presorted = getattr(self.catalogue, "teaching_by_weight", None)
            if presorted is not None:
                ranked = presorted(skill_slug, self.optimise)
            else:
                ranked = sorted(self.catalogue.teaching(skill_slug), key=lambda o: (self.weight(o), o.id))
            self._by_weight[skill_slug] = ranked
        return ranked

    def lightest_reaching(self, skill_slug: str, level: int, stack=(), keep: int = 1) -> list[tuple]:
        """Up to `keep` of the lightest routes (course plus prerequisites) to `level` in the skill, lightest first.

        Branch and bound: a route weighs at least its own course, so once a course alone outweighs the
        `keep`-th best route found, no later course can do better.
        """
        found: list[tuple] = []
        reaching = getattr(self.catalogue, "reaching", None)
        if reaching is not None:
            options = reaching(skill_slug, level, self.optimise)
        else:
            options = [o for o in self.by_weight(skill_slug) if o.level_for(skill_slug) >= level]
        for option in options:
            if len(found) >= keep and self.weight(option) > found[keep - 1][0][0]:
                break
            sub = self.closure(option, stack)
            if sub is None:
                continue
            found.append(((self.closure_weight(sub), option.id), option.id, sub))
            found.sort(key=lambda f: f[0])
        return found[:keep]

    def cheapest_reaching(self, skill_slug: str, level: int, stack=()) -> tuple[int, frozenset[int]] | None:
        key = (skill_slug, level)
        if key in self._cheapest:
            return self._cheapest[key]
        cutoffs_before = self._cutoffs
        found = self.lightest_reaching(skill_slug, level, stack)
        result = (found[0][1], found[0][2]) if found else None
        if result is not None or self._cutoffs == cutoffs_before:
            self._cheapest[key] = result
        return result


def pathway_build(
    *,
    needs: list[Need],
    catalogue: Catalogue,
    learner_levels: dict[str, int],
    completed_ids: Iterable[int] = (),
    optimise: str = OPTIMISE_TIME,
    target_name: str = "your target role level",
    skill_names: dict[str, str] | None = None,
) -> Pathway:
    """Choose and order courses so every need reaches its required level where the catalogue allows it."""
    planner = _Planner(
        catalogue=catalogue, learner_levels=learner_levels, completed_ids=set(completed_ids), optimise=optimise
    )
    planner.skill_names = dict(skill_names or {})
    for need in needs:
        planner.skill_names.setdefault(need.skill_slug, need.skill_name)

    # 1. For each need, the level we can actually reach, and the cheapest few courses (with prerequisites) reaching it.
    targets: dict[str, int] = {}
    unreachable: list[Unreachable] = []
    candidates: dict[int, frozenset[int]] = {}
    for need in needs:
        goal = 0
        routes = planner.lightest_reaching(need.skill_slug, need.required, keep=CANDIDATES_PER_SKILL)
        if routes:
            goal = need.required
        lower = (
            sorted(
                {
                    lvl
                    for o in catalogue.teaching(need.skill_slug)
                    if need.current < (lvl := o.level_for(need.skill_slug))
                },
                reverse=True,
            )
            if not routes
            else []
        )
        for level in [lvl for lvl in lower if lvl < need.required]:
            routes = planner.lightest_reaching(need.skill_slug, level, keep=CANDIDATES_PER_SKILL)
            if routes:
                goal = level
                break
        if goal < need.required:
            unreachable.append(Unreachable(need=need, best_level=goal))
        if goal <= need.current:
            continue
        targets[need.skill_slug] = goal
        for _, option_id, closure in routes:
            candidates[option_id] = closure

    def covers(option_id: int) -> set[str]:
        option = planner.options[option_id]
        return {slug for slug, level in option.skills if targets.get(slug, 99) <= level}

    cover_of = {i: covers(i) for c in candidates.values() for i in c}
    closure_cover = {o: set().union(*(cover_of[i] for i in closure)) for o, closure in candidates.items()}

    # 2. Greedy weighted set cover: cheapest (time or cost) per newly closed gap, prerequisites included.
    uncovered = set(targets)
    selected: list[int] = []
    chosen: set[int] = set()

    def score(option_id: int):
        closure = candidates[option_id]
        if closure_cover[option_id].isdisjoint(uncovered):
            return None
        extra = closure if chosen.isdisjoint(closure) else frozenset(closure - chosen)
        newly = set()
        for i in extra:
            newly |= cover_of[i] & uncovered
        if not newly:
            return None
        primary, secondary = planner.closure_weight(extra)
        n = len(newly)
        return (primary / n, secondary / n, -n, option_id), extra, newly

    # Lazy greedy: a candidate's score only worsens as gaps close, so a stale score is a lower bound and the
    # top of the heap needs re-scoring only when it is picked (exact unless two candidates share a prerequisite).
    heap = []
    for option_id in candidates:
        scored = score(option_id)
        if scored is not None:
            heap.append((scored[0], option_id))
    heapq.heapify(heap)
    while uncovered and heap:
        _, option_id = heapq.heappop(heap)
        scored = score(option_id)
        if scored is None:
            continue
        key, extra, newly = scored
        if heap and key > heap[0][0]:
            heapq.heappush(heap, (key, option_id))
            continue
        for i in sorted(extra, key=lambda i: planner.closure_weight([i])):
            if i not in chosen:
                chosen.add(i)
                selected.append(i)
        uncovered -= newly

    # 3. Drop any course the others make redundant (most expensive first), unless another chosen course needs it.
    for option_id in sorted(selected, key=lambda i: planner.closure_weight([i]), reverse=True):
        needed_by_other = any(option_id in planner.deps.get(other, {}) for other in chosen if other != option_id)
        if needed_by_other:
            continue
        rest = set()
        for other in chosen - {option_id}:
            rest |= cover_of.get(other, covers(other))
        if set(targets) <= rest:
            chosen.discard(option_id)
    selected = [i for i in selected if i in chosen]

    # 4. Order: every prerequisite before the course that needs it, otherwise in the order chosen.
    ordered: list[int] = []
    placed: set[int] = set()

    def place(option_id: int, stack=()):
        if option_id in placed or option_id in stack:
            return
        for prerequisite_id in planner.deps.get(option_id, {}):
            if prerequisite_id in chosen:
                place(prerequisite_id, stack + (option_id,))
        placed.add(option_id)
        ordered.append(option_id)

    for option_id in selected:
        place(option_id)

    # 5. Explain each step in words.
    need_by_slug = {n.skill_slug: n for n in needs}
    first_closer: dict[str, int] = {}
    for option_id in ordered:
        for slug in sorted(cover_of.get(option_id, covers(option_id))):
            first_closer.setdefault(slug, option_id)
    steps = []
    for option_id in ordered:
        option = planner.options[option_id]
        step = Step(course=option)
        for slug, level in option.skills:
            need = need_by_slug.get(slug)
            if need is None or level <= need.current:
                continue
            goal = targets.get(slug)
            if goal is not None and level >= goal and first_closer.get(slug) == option_id:
                step.closes.append((slug, level))
                step.reasons.append(
                    f"Teaches {need.skill_name} to {level_name(level)}, which {target_name} needs at "
                    f"{level_name(need.required)}; {need.basis}."
                )
                if goal < need.required:
                    step.reasons.append(
                        f"No course you can take goes further than {level_name(goal)} in {need.skill_name}."
                    )
        for other_id in ordered:
            why = planner.deps.get(other_id, {}).get(option_id)
            if why:
                step.prerequisite_for.append(other_id)
                step.reasons.append(f"Comes first because {why[0].lower()}{why[1:]}")
        if not step.reasons:
            step.reasons.append(f"Helps with {', '.join(planner.skill_label(s) for s, _ in option.skills)}.")
        steps.append(step)

    return Pathway(
        steps=steps,
        unreachable=unreachable,
        optimise=optimise,
        needs=list(needs),
        closed_to_you=len(planner.closed_seen),
        already_completed=len(planner.completed_seen),
    )
