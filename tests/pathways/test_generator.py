"""The pathway generator on its own: cover, prerequisites, exclusions, unreachable gaps, optimisation, words."""

from pathways.generator import OPTIMISE_COST, CatalogueIndex, CourseOption, Need, pathway_build


def need(slug, required, current=0, basis="you assessed Awareness"):
    return Need(
        skill_slug=slug, skill_name=slug.replace("-", " ").capitalize(), required=required, current=current, basis=basis
    )


def course(id, title, minutes, teaches, cost=0, after=(), expects=()):
    return CourseOption(
        id=id,
        title=title,
        url=f"/courses/{id}/",
        activity_iri=f"http://testserver/courses/{id}",
        duration_minutes=minutes,
        cost_pence=cost,
        skills=tuple(teaches.items()),
        prerequisite_course_ids=tuple(after),
        prerequisite_skills=tuple(expects),
    )


def build(needs, options, *, closed=(), completed=(), levels=None, optimise="time"):
    catalogue = CatalogueIndex(options, is_open=lambda o: o.id not in set(closed))
    return pathway_build(
        needs=needs,
        catalogue=catalogue,
        learner_levels=levels or {n.skill_slug: n.current for n in needs},
        completed_ids=completed,
        optimise=optimise,
        target_name="Senior data engineer",
    )


def ids(pathway):
    return [s.course.id for s in pathway.steps]


def reached(pathway, slug):
    return max((s.course.level_for(slug) for s in pathway.steps), default=0)


def test_every_gap_reaches_its_required_level():
    needs = [need("data-modelling", 3, 1), need("data-analysis", 2), need("agile-working", 1)]
    options = [
        course(1, "Data modelling basics", 60, {"data-modelling": 2}),
        course(2, "Data modelling in practice", 300, {"data-modelling": 3}),
        course(3, "Analysing data", 240, {"data-analysis": 2, "agile-working": 1}),
        course(4, "Agile in a day", 420, {"agile-working": 2}),
        course(5, "Unrelated", 10, {"user-focus": 4}),
    ]
    pathway = build(needs, options)
    for n in needs:
        assert reached(pathway, n.skill_slug) >= n.required
    assert pathway.covers_everything
    assert set(ids(pathway)) == {2, 3}  # 3 covers two gaps; 1 alone would leave modelling short
    assert pathway.total_minutes == 540


def test_prerequisite_courses_and_skills_come_first():
    needs = [need("data-modelling", 3, 0)]
    options = [
        course(10, "Advanced modelling", 120, {"data-modelling": 3}, after=[11], expects=[("data-analysis", 2)]),
        course(11, "Intro to modelling", 60, {"data-modelling": 1}),
        course(12, "Analysis for everyone", 90, {"data-analysis": 2}),
        course(13, "Analysis deluxe", 900, {"data-analysis": 3}),
    ]
    pathway = build(needs, options, levels={"data-modelling": 0, "data-analysis": 1})
    order = ids(pathway)
    assert set(order) == {10, 11, 12}
    assert order.index(11) < order.index(10) and order.index(12) < order.index(10)
    first = {s.course.id: s for s in pathway.steps}
    assert "prerequisite" in first[11].explanation
    assert "expects working level in data analysis" in first[12].explanation.lower()


def test_skill_prerequisite_already_met_adds_nothing():
    options = [course(10, "Advanced modelling", 120, {"data-modelling": 3}, expects=[("data-analysis", 2)])]
    options.append(course(12, "Analysis", 90, {"data-analysis": 2}))
    pathway = build([need("data-modelling", 3)], options, levels={"data-analysis": 2})
    assert ids(pathway) == [10]


def test_courses_closed_to_the_learner_are_excluded_and_counted():
    options = [
        course(1, "Cheap but closed", 30, {"user-focus": 2}),
        course(2, "Open to all", 200, {"user-focus": 2}),
    ]
    pathway = build([need("user-focus", 2)], options, closed=[1])
    assert ids(pathway) == [2]
    assert pathway.closed_to_you == 1


def test_a_course_whose_prerequisite_is_closed_cannot_be_used():
    options = [
        course(1, "Needs a closed course", 30, {"user-focus": 2}, after=[3]),
        course(3, "Closed", 30, {"agile-working": 1}),
        course(2, "Longer but open", 200, {"user-focus": 2}),
    ]
    assert ids(build([need("user-focus", 2)], options, closed=[3])) == [2]


def test_completed_courses_are_skipped_and_satisfy_prerequisites():
    options = [
        course(1, "Done already", 30, {"user-focus": 2}),
        course(2, "Next", 200, {"user-focus": 3}, after=[1]),
    ]
    pathway = build([need("user-focus", 3, 2)], options, completed=[1])
    assert ids(pathway) == [2]


def test_completed_courses_are_never_proposed_again():
    options = [course(1, "Done already", 30, {"user-focus": 3}), course(2, "Longer", 300, {"user-focus": 3})]
    pathway = build([need("user-focus", 3, 2)], options, completed=[1])
    assert ids(pathway) == [2]
    assert pathway.already_completed == 1


def test_unreachable_gap_is_reported_plainly_and_partial_progress_offered():
    options = [course(1, "Modelling to Working", 60, {"data-modelling": 2})]
    pathway = build([need("data-modelling", 4), need("user-focus", 2)], options)
    assert not pathway.covers_everything
    by_skill = {u.need.skill_slug: u for u in pathway.unreachable}
    assert set(by_skill) == {"data-modelling", "user-focus"}
    assert by_skill["data-modelling"].best_level == 2
    assert (
        "No course in the catalogue that you can take teaches User focus to Working" in by_skill["user-focus"].message
    )
    assert "gets you to Working" in by_skill["data-modelling"].message
    assert ids(pathway) == [1]
    assert "goes further than Working" in pathway.steps[0].explanation


def test_time_is_minimised_by_default_and_cost_on_request():
    options = [
        course(1, "Short but expensive", 60, {"data-analysis": 2}, cost=90000),
        course(2, "Long but free", 600, {"data-analysis": 2}, cost=0),
    ]
    assert ids(build([need("data-analysis", 2)], options)) == [1]
    assert ids(build([need("data-analysis", 2)], options, optimise=OPTIMISE_COST)) == [2]


def test_each_step_explains_itself_in_words():
    options = [course(1, "Data modelling in practice", 60, {"data-modelling": 2})]
    pathway = build([need("data-modelling", 2, 1, basis="you assessed Awareness")], options)
    assert pathway.steps[0].explanation == (
        "Teaches Data modelling to Working, which Senior data engineer needs at Working; you assessed Awareness."
    )


def test_redundant_courses_are_dropped():
    # Greedy takes the cheap single-skill courses first; the all-in-one then makes them redundant only if cheaper.
    options = [
        course(1, "A", 100, {"data-analysis": 2}),
        course(2, "B", 100, {"data-modelling": 2}),
        course(3, "A and B", 150, {"data-analysis": 2, "data-modelling": 2}),
    ]
    pathway = build([need("data-analysis", 2), need("data-modelling", 2)], options)
    assert ids(pathway) == [3]


def test_prerequisite_cycles_do_not_hang():
    options = [
        course(1, "A", 10, {"data-analysis": 2}, after=[2]),
        course(2, "B", 10, {"data-analysis": 1}, after=[1]),
        course(3, "C", 500, {"data-analysis": 2}),
    ]
    assert ids(build([need("data-analysis", 2)], options)) == [3]
