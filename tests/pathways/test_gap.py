"""Gap analysis: statuses from assessed, confirmed and evidenced levels."""

import pytest

from pathways import sources
from pathways.selectors import CLOSE, GAP, MET, gap_for_learner, gaps_compare
from people.models import LearnerProfile, SkillAssessment

from .factories import make_framework

pytestmark = pytest.mark.django_db


def assess(user, framework, slug, level, manager_level=None, manager=None):
    return SkillAssessment.objects.create(
        user=user, skill=framework["skills"][slug], self_level=level, manager_level=manager_level, manager=manager
    )


def test_statuses_met_close_and_gap(learner, framework):
    assess(learner, framework, "data-modelling", 2)  # needs 2: met
    assess(learner, framework, "data-analysis", 2)  # needs 3: close
    assess(learner, framework, "programming-and-build", 0)  # needs 2: gap
    gap = gap_for_learner(user=learner)
    status = {row.skill_slug: row.status for row in gap.rows}
    assert status == {
        "data-modelling": MET,
        "data-analysis": CLOSE,
        "programming-and-build": GAP,
        "agile-working": CLOSE,  # not assessed counts as none; needs Awareness
    }
    assert (gap.met, gap.close, gap.gap) == (1, 2, 1)
    assert gap.summary.startswith("You meet 1 of the 4 skills Data engineer needs.")
    assert [r.status for r in gap.rows][0] == GAP  # biggest gaps first


def test_manager_level_overrides_self_and_both_are_shown(learner, framework, make_user):
    manager = make_user("line_manager")
    assess(learner, framework, "data-analysis", 1, manager_level=3, manager=manager)
    row = next(r for r in gap_for_learner(user=learner).rows if r.skill_slug == "data-analysis")
    assert (row.assessed, row.confirmed, row.current, row.status) == (1, 3, 3, MET)
    assert row.basis == "your line manager assessed Practitioner (you said Awareness)"


def test_evidence_raises_the_current_level(learner, framework, monkeypatch):
    assess(learner, framework, "data-modelling", 1)
    monkeypatch.setattr(sources, "learner_records", lambda user_id: ({"data-modelling": 2}, set()))
    row = next(r for r in gap_for_learner(user=learner).rows if r.skill_slug == "data-modelling")
    assert (row.assessed, row.evidenced, row.current, row.status) == (1, 2, 2, MET)
    assert row.basis == "your completed learning shows Working"


def test_assessments_made_against_an_older_framework_version_still_count(learner, framework):
    from framework.models import FrameworkVersion

    assess(learner, framework, "data-modelling", 2)
    FrameworkVersion.objects.filter(pk=framework["version"].pk).update(status="archived")
    newer = make_framework(label="test-2")
    gap = gap_for_learner(user=learner)
    assert gap.role_level.version == newer["version"]  # resolved by slug to the current version
    assert next(r for r in gap.rows if r.skill_slug == "data-modelling").status == MET


def test_compare_two_or_three_role_levels(learner, framework):
    assess(learner, framework, "data-analysis", 3)
    levels = framework["levels"]
    comparison = gaps_compare(
        user=learner, role_levels=[levels["data-engineer"], levels["senior-data-engineer"], levels["delivery-manager"]]
    )
    assert [g.role_level.slug for g in comparison.gaps] == ["data-engineer", "senior-data-engineer", "delivery-manager"]
    by_name = dict(comparison.rows)
    analysis = by_name["Data analysis"]
    assert [c.status if c else None for c in analysis] == [MET, MET, None]
    assert by_name["User focus"][0] is None and by_name["User focus"][2].status == GAP


def test_gap_statuses_on_the_official_framework(make_user, ddat_dir):
    from django.core.management import call_command

    from framework.models import RoleLevel, RoleLevelSkill

    call_command("import_framework", str(ddat_dir / "roles.csv"), str(ddat_dir / "skills.csv"), "--make-current")
    target = RoleLevel.objects.filter(version__status="current", required_skills__isnull=False).order_by("slug")[0]
    requirements = list(RoleLevelSkill.objects.filter(role_level=target).select_related("skill"))
    user = make_user("learner")
    LearnerProfile.objects.create(user=user, target_role_level=target)
    expected = {}
    for index, requirement in enumerate(requirements):
        level = max(0, requirement.level - (index % 3))  # met, one below, two below in turn
        SkillAssessment.objects.create(user=user, skill=requirement.skill, self_level=level)
        shortfall = requirement.level - level
        expected[requirement.skill.slug] = {0: MET, 1: CLOSE}.get(shortfall, GAP)
    gap = gap_for_learner(user=user)
    assert {r.skill_slug: r.status for r in gap.rows} == expected
