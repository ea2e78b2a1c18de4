"""Monthly snapshots for the trend line, and aggregates that stay right after new assessments."""

import datetime

from insights.beat import SCHEDULE
from insights.models import GroupAggregate, MonthlySnapshot
from insights.selectors import Filters, gap_dashboard, trend_table
from insights.services import aggregates_rebuild, snapshot_take
from insights.tasks import monthly_snapshot
from people.models import SkillAssessment, User


def test_snapshots_make_a_line_over_time(population, framework, make_user):
    admin = make_user("administrator")
    filters = Filters(version=framework["version"])
    assert snapshot_take(month=datetime.date(2026, 10, 17)) == GroupAggregate.objects.count()
    # In November everyone in p3 (5 people) reaches s1 = 3 and s2 = 2: target met by 20 of 35 (57%).
    for assessment in SkillAssessment.objects.filter(
        skill=framework["s1"], self_level=1, user__profile__organisation__slug="agency-a1"
    ):
        assessment.self_level = 3
        assessment.save()
        SkillAssessment.objects.create(user=assessment.user, skill=framework["s2"], self_level=2)
    aggregates_rebuild()
    snapshot_take(month=datetime.date(2026, 11, 1))
    snapshot_take(month=datetime.date(2026, 11, 2))  # a re-run replaces the month rather than doubling it

    trend = trend_table(user=admin, filters=filters)
    assert [row[0] for row in trend.rows] == ["October 2026", "November 2026"]
    assert [row[1] for row in trend.rows] == ["50", "50"]
    assert [row[3] for row in trend.rows] == ["43%", "57%"]  # 15/35, then 20/35
    assert trend.summary.startswith("The share meeting their target role level rose: 43% in October 2026")

    page = gap_dashboard(user=admin, filters=filters)
    assert page["total_cells"]["Meeting target role level"] == "57%"


def test_the_monthly_beat_job_takes_a_snapshot(population):
    assert SCHEDULE["insights-monthly-snapshot"]["task"] == "insights.monthly_snapshot"
    MonthlySnapshot.objects.all().delete()
    monthly_snapshot.delay()
    assert MonthlySnapshot.objects.exists()
    assert MonthlySnapshot.objects.values("month").distinct().count() == 1


def test_trend_is_scoped_like_the_rest(population, framework, make_user):
    snapshot_take(month=datetime.date(2026, 10, 1))
    analyst = make_user("hr_analyst", organisations=[population["orgs"]["b"]])
    trend = trend_table(user=analyst, filters=Filters(version=framework["version"]))
    assert trend.rows == [["October 2026", "10", "5", "–", "–"]]


def test_a_new_assessment_shows_at_once(population, framework, make_user, django_capture_on_commit_callbacks):
    admin = make_user("administrator")
    filters = Filters(version=framework["version"])
    before = gap_dashboard(user=admin, filters=filters)["total"]
    # p4 (five unassessed people in A1) assess s1 at 3 and s2 at 2: all five now meet both levels.
    p4 = User.objects.filter(profile__organisation__slug="agency-a1", skill_assessments__isnull=True)
    assert p4.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        for user in p4:
            SkillAssessment.objects.create(user=user, skill=framework["s1"], self_level=3)
            SkillAssessment.objects.create(user=user, skill=framework["s2"], self_level=2)
    after = gap_dashboard(user=admin, filters=filters)["total"]
    assert after["assessed"] == before["assessed"] + 5 == 45
    assert after["meeting_target"] == before["meeting_target"] + 5 == 20
    assert after["with_target"] == 40
