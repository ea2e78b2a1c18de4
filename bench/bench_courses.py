"""Catalogue figures: building the plain-data catalogue and `courses_teaching` over 20,000 courses.

Tops the catalogue up to 20,000 generated courses first (`generate_catalogue`), which also gives the search and
pathways benchmarks their catalogue. Needs a current framework version (seed_demo or import_framework).
"""

import random
import time

from bench.run import bench_line, p95

COURSES = 20000


def main():
    from django.core.management import call_command

    from courses import selectors
    from courses.models import CoursePage
    from courses.services import catalogue_cache_invalidate
    from framework.models import Skill

    generated = CoursePage.objects.filter(external_id__startswith="gen-").count()
    if generated < COURSES:
        started = time.perf_counter()
        call_command("generate_catalogue", courses=COURSES)
        elapsed = time.perf_counter() - started
        bench_line("courses.generate_rate", round((COURSES - generated) / elapsed), "courses/s", ">=", 100)
    slugs = list(Skill.objects.filter(version__status="current").values_list("slug", flat=True))
    builds = []
    for _ in range(3):
        catalogue_cache_invalidate()
        started = time.perf_counter()
        facts = selectors.catalogue_facts()
        builds.append(time.perf_counter() - started)
    print(f"# {len(facts.courses)} live courses")
    bench_line("courses.catalogue_build", round(min(builds) * 1000, 1), "ms", "<=", 5000)
    rng = random.Random(4)
    samples = []
    for _ in range(500):
        wanted = rng.sample(slugs, k=min(len(slugs), rng.randint(3, 15)))
        started = time.perf_counter()
        selectors.courses_teaching(skill_slugs=wanted)
        samples.append((time.perf_counter() - started) * 1000)
    bench_line("courses.courses_teaching_p50", round(sorted(samples)[len(samples) // 2], 3), "ms", "<=", 2)
    bench_line("courses.courses_teaching_p95", round(p95(samples), 3), "ms", "<=", 5)
    started = time.perf_counter()
    count = sum(1 for _ in selectors.course_search_documents())
    rate = count / (time.perf_counter() - started)
    bench_line("courses.search_documents_rate", round(rate), "docs/s", ">=", 1000)
