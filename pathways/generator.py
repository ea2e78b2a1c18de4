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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

LEVEL_NAMES = {0: "None", 1: "Awareness", 2: "Working", 3: "Practitioner", 4: "Expert"}

OPTIMISE_TIME = "time"
OPTIMISE_COST = "cost"
OPTIMISE_CHOICES = {OPTIMISE_TIME: "Least learning time", OPTIMISE_COST: "Lowest cost"}

# How many of the cheapest ways to close each gap the greedy search weighs. The cheapest route for one skill is
# almost always among them; the cap keeps generation fast over a catalogue of tens of thousands of courses.
CANDIDATES_PER_SKILL = 40


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
    teaches: tuple[tuple[str, int], ...] = ()  # (skill slug, level the learner reaches)
    prerequisite_course_ids: tuple[int, ...] = ()
    prerequisite_skills: tuple[tuple[str, int], ...] = ()  # (skill slug, level expected before starting)

    def level_for(self, skill_slug: str) -> int:
        for slug, level in self.teaches:
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
        return sum(s.course.duration_minutes for s in self.steps)

    @property
    def total_cost_pence(self) -> int:
        return sum(s.course.cost_pence for s in self.steps)

    @property
    def covers_everything(self) -> bool:
        return not self.unreachable


def _weight_function(optimise: str) -> Callable[[CourseOption], tuple[int, int]]:
    if optimise == OPTIMISE_COST:
        return lambda c: (c.cost_pence, c.duration_minutes)
    return lambda c: (c.duration_minutes, c.cost_pence)


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
        a = b = 0
        for i in ids:
            x, y = self.weight(self.options[i])
            a, b = a + x, b + y
        return a, b

    def closure(self, option: CourseOption, stack: tuple[int, ...] = ()) -> frozenset[int] | None:
        """The course and every prerequisite course it needs that the learner has not done; None if impossible."""
        if option.id in self._closures:
            return self._closures[option.id]
        if option.id in stack:  # a prerequisite cycle in the catalogue: treat as unusable rather than loop
            return None
        self.remember(option)
        if not self.usable(option):
            self._closures[option.id] = None
            return None
        stack = stack + (option.id,)
        result = {option.id}
        deps: dict[int, str] = {}
        for prerequisite_id in option.prerequisite_course_ids:
            if prerequisite_id in self.completed_ids:
                continue
            prerequisite = self.catalogue.option(prerequisite_id)
            sub = self.closure(prerequisite, stack) if prerequisite is not None else None
            if sub is None:
                self._closures[option.id] = None
                return None
            result |= sub
            deps[prerequisite_id] = f"“{option.title}” lists it as a prerequisite."
        for skill_slug, level in option.prerequisite_skills:
            if self.learner_levels.get(skill_slug, 0) >= level:
                continue
            best = self.cheapest_reaching(skill_slug, level, stack)
            if best is None:
                self._closures[option.id] = None
                return None
            best_id, sub = best
            result |= sub
            deps[best_id] = (
                f"“{option.title}” expects {level_name(level)} level in {self.skill_label(skill_slug)} before you "
                "start, and this course teaches it."
            )
        self.deps[option.id] = deps
        closure = frozenset(result)
        self._closures[option.id] = closure
        return closure

    def skill_label(self, slug: str) -> str:
        return self.skill_names.get(slug, slug.replace("-", " "))

    def cheapest_reaching(self, skill_slug: str, level: int, stack=()) -> tuple[int, frozenset[int]] | None:
        best = None
        for option in self.catalogue.teaching(skill_slug):
            if option.level_for(skill_slug) < level:
                continue
            sub = self.closure(option, stack)
            if sub is None:
                continue
            key = (self.closure_weight(sub), option.id)
            if best is None or key < best[0]:
                best = (key, option.id, sub)
        return (best[1], best[2]) if best else None


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
        ranked = []
        best_level = 0
        for option in catalogue.teaching(need.skill_slug):
            reached = option.level_for(need.skill_slug)
            if reached <= need.current:
                continue
            closure = planner.closure(option)
            if closure is None:
                continue
            best_level = max(best_level, reached)
            ranked.append((reached, planner.closure_weight(closure), option.id, closure))
        goal = min(need.required, best_level)
        if best_level < need.required:
            unreachable.append(Unreachable(need=need, best_level=best_level))
        if goal <= need.current:
            continue
        targets[need.skill_slug] = goal
        ranked = sorted((r for r in ranked if r[0] >= goal), key=lambda r: (r[1], r[2]))[:CANDIDATES_PER_SKILL]
        for _, _, option_id, closure in ranked:
            candidates[option_id] = closure

    def covers(option_id: int) -> set[str]:
        option = planner.options[option_id]
        return {slug for slug, level in option.teaches if targets.get(slug, 99) <= level}

    cover_of = {i: covers(i) for c in candidates.values() for i in c}

    # 2. Greedy weighted set cover: cheapest (time or cost) per newly closed gap, prerequisites included.
    uncovered = set(targets)
    selected: list[int] = []
    chosen: set[int] = set()
    while uncovered:
        best = None
        for option_id, closure in candidates.items():
            extra = closure - chosen
            if not extra:
                continue
            newly = set()
            for i in extra:
                newly |= cover_of[i] & uncovered
            if not newly:
                continue
            cost = planner.closure_weight(extra)
            # Compare cost/len(newly) without division: a/b < c/d  <=>  a*d < c*b (both primary and secondary).
            key = (cost[0], cost[1], len(newly), option_id)
            if best is None or _better(key, best[0]):
                best = (key, option_id, extra, newly)
        if best is None:  # cannot happen: every target came from a reachable candidate
            break
        _, option_id, extra, newly = best
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
        for slug, level in option.teaches:
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
            step.reasons.append(f"Helps with {', '.join(planner.skill_label(s) for s, _ in option.teaches)}.")
        steps.append(step)

    return Pathway(
        steps=steps,
        unreachable=unreachable,
        optimise=optimise,
        needs=list(needs),
        closed_to_you=len(planner.closed_seen),
        already_completed=len(planner.completed_seen),
    )


def _better(a: tuple, b: tuple) -> bool:
    """Is candidate `a` (cost, secondary cost, newly covered, id) a better greedy pick than `b`?"""
    a_primary, a_secondary, a_new, a_id = a
    b_primary, b_secondary, b_new, b_id = b
    left, right = a_primary * b_new, b_primary * a_new
    if left != right:
        return left < right
    left, right = a_secondary * b_new, b_secondary * a_new
    if left != right:
        return left < right
    if a_new != b_new:
        return a_new > b_new
    return a_id < b_id
