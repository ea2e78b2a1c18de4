"""Everything insights reads about learning from other apps, in one place (reads only, aggregate counts only).

- learning_records (the LRS): course starts and completions per month, and current progress, for sets of people.
- courses: which live courses are required for a learner's audience (organisation, profession, grade).
- pathways: who has a learning plan.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

COMPLETED = ("completed", "passed")


def activity_by_month(*, user_ids: list[int]) -> dict:
    """{month: [starts, completions]} summed over activities (distinct learners per activity and month)."""
    from learning_records.selectors import activity_counts_by_month

    months: dict = defaultdict(lambda: [0, 0])
    if not user_ids:
        return months
    for row in activity_counts_by_month(user_ids=user_ids):
        months[row["month"]][0] += row["starts"]
        months[row["month"]][1] += row["completions"]
    return months


def completed_count(*, user_ids: list[int], activity_iris: list[str]) -> int:
    """How many (person, activity) pairs among these are completed or passed."""
    from learning_records.selectors import progress_counts

    if not user_ids or not activity_iris:
        return 0
    counts = progress_counts(user_ids=user_ids, activity_iris=activity_iris)
    return sum(statuses.get(s, 0) for statuses in counts.values() for s in COMPLETED)


class RequiredLearning:
    """Required course IRIs per audience, from courses.selectors.required_learning_for, memoised.

    Rules match on organisation (with its ancestors), profession and grade only, so two people whose organisation
    ancestry meets the same rule organisations and whose profession and grade are equally relevant to the rules get
    the same answer: the memo is keyed on exactly that, which keeps the selector calls to a handful even for
    500,000 people.
    """

    def __init__(self):
        from courses.selectors import required_learning_audiences
        from people.models import Organisation

        self.organisations = {o.pk: o for o in Organisation.objects.only("pk", "path")}
        audiences = required_learning_audiences()
        self.rule_orgs = {o for o, _, _ in audiences if o}
        self.rule_professions = {p for _, p, _ in audiences if p}
        self.rule_grades = {g for _, _, g in audiences if g}
        self.ancestry: dict = {}
        self.memo: dict[tuple, list[str]] = {}

    def _key(self, organisation_id, profession_id, grade_id) -> tuple:
        if organisation_id not in self.ancestry:
            org = self.organisations.get(organisation_id)
            ids = {int(part) for part in org.path.strip("/").split("/") if part} if org is not None else set()
            self.ancestry[organisation_id] = frozenset(ids & self.rule_orgs)
        return (
            self.ancestry[organisation_id],
            profession_id if profession_id in self.rule_professions else None,
            grade_id if grade_id in self.rule_grades else None,
        )

    def iris_for(self, organisation_id, profession_id, grade_id) -> list[str]:
        key = self._key(organisation_id, profession_id, grade_id)
        if key not in self.memo:
            from courses.selectors import required_learning_for

            profile = SimpleNamespace(
                organisation=self.organisations.get(organisation_id),
                organisation_id=organisation_id,
                profession_id=profession_id,
                grade_id=grade_id,
            )
            courses = required_learning_for(profile=profile)
            self.memo[key] = [course.xapi_activity_iri for course, _months in courses if course.xapi_activity_iri]
        return self.memo[key]


def plan_user_ids(*, user_ids: list[int] | None = None) -> set[int]:
    """People with at least one course in their learning plan, through pathways' selector."""
    from pathways.selectors import people_with_plans

    return people_with_plans(user_ids=user_ids)
