"""HR insights at whole-Civil-Service scale: the dashboard's main queries over 520,000 people on PostgreSQL.

Tops the synthetic population up to 520,000 people first if needed (`manage.py generate_population`), then times
each dashboard view (every breakdown table plus the trend) 20 times and reports the p95 against the 1 s target.
Also reports how long a new assessment takes to reach the figures (one group refreshed) and a full rebuild.
"""

import time

REQUIRES = ("postgres",)
PEOPLE = 520_000
RUNS = 20


def _timed(fn, runs=RUNS):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main():
    from django.test import Client
    from django.urls import reverse

    from bench.run import bench_line, p95
    from insights.models import GroupAggregate, PersonGroup
    from insights.population import SYNTHETIC_DOMAIN, population_generate
    from insights.selectors import Filters, default_version, gap_dashboard, trend_table
    from insights.services import aggregates_rebuild, aggregates_refresh_for_user, snapshot_take
    from people.models import Grade, LearnerProfile, Organisation, SkillAssessment, User

    have = LearnerProfile.objects.count()
    rebuilt = None
    if have < PEOPLE:
        print(f"# generating {PEOPLE - have:,} more synthetic people (have {have:,})", flush=True)
        population_generate(people=PEOPLE - have, say=lambda text: None)
        start = time.perf_counter()
        aggregates_rebuild()
        rebuilt = time.perf_counter() - start
    elif not GroupAggregate.objects.exists():
        start = time.perf_counter()
        aggregates_rebuild()
        rebuilt = time.perf_counter() - start
    people = LearnerProfile.objects.count()
    groups = GroupAggregate.objects.values("group_key").distinct().count()
    print(f"# {people:,} people, {SkillAssessment.objects.count():,} assessments, {groups:,} groups", flush=True)
    snapshot_take()

    version = default_version()
    admin = User(email="bench-admin@" + SYNTHETIC_DOMAIN, is_superuser=True)
    analyst, _ = User.objects.get_or_create(email="bench-analyst@" + SYNTHETIC_DOMAIN, defaults={"password": "!"})
    biggest = Organisation.objects.filter(parent=None).order_by("-pk").first()
    analyst.analyst_organisations.set([biggest])
    grade = Grade.objects.order_by("rank")[3]

    def view(user, filters):
        def run():
            gap_dashboard(user=user, filters=filters, base_url="/insights/")
            trend_table(user=user, filters=filters)

        return run

    cases = [
        ("whole service (administrator)", admin, Filters(version=version)),
        ("one department drilled down", admin, Filters(version=version, organisation=biggest)),
        ("grade filter across the service", admin, Filters(version=version, grade=grade)),
        ("HR analyst scoped to a department", analyst, Filters(version=version)),
    ]
    for label, user, filters in cases:
        view(user, filters)()  # warm the connection and caches once, as a running server would be
        samples = _timed(view(user, filters))
        bench_line(f"insights dashboard p95, {label}, {people:,} people", round(p95(samples), 3), "s", "<=", 1.0)

    # The whole page through Django (form, tables, SVG charts, template), as an administrator.
    superuser = User.objects.filter(is_superuser=True).first()
    if superuser is not None:
        client = Client()
        client.force_login(superuser)
        url = reverse("insights:dashboard")
        client.get(url, HTTP_HOST="127.0.0.1")
        samples = _timed(lambda: client.get(url, HTTP_HOST="127.0.0.1"))
        bench_line(
            f"insights dashboard page p95 (HTTP, rendered), {people:,} people", round(p95(samples), 3), "s", "<=", 1.0
        )

    # A new assessment reaches the figures: the one group the person counts in is recomputed.
    member = PersonGroup.objects.order_by("?").values_list("user_id", flat=True).first()
    samples = _timed(lambda: aggregates_refresh_for_user(user_id=member), runs=10)
    bench_line("insights refresh after an assessment p95", round(p95(samples), 3), "s", "<=", 1.0)
    if rebuilt is not None:
        bench_line(f"insights full rebuild, {people:,} people", round(rebuilt, 1), "s", "<=", 600)
