"""Pathway generation for a learner over the full official framework and a 20,000-course catalogue (p95 <= 20 ms).

Imports the official export (DDAT_DIR, or ../shared/data/ddat), builds a generated catalogue of 20,000 live courses
(`manage.py generate_catalogue` where the courses app provides it, else the same bulk service with our own specs),
then times `pathways.services.pathway_generate` end to end (profile, assessments, evidence, gap, catalogue, cover
and explanations) for learners aiming at many different role levels. Everything happens inside a transaction that
is rolled back, so the database is left as it was.
"""

import random
import statistics
import time

from bench.run import bench_line, p95

COURSES = 20_000
LEARNERS = 40
SAMPLES = 400


class _Rollback(Exception):
    pass


def _catalogue(rng: random.Random) -> None:
    from django.core.management import call_command, get_commands

    if "generate_catalogue" in get_commands():
        call_command("generate_catalogue", courses=COURSES, verbosity=0)
        return
    from courses.services import catalogue_ensure_index, courses_bulk_create
    from framework.selectors import skills_in_version
    from people.models import Organisation

    index = catalogue_ensure_index()
    slugs = list(skills_in_version().values_list("slug", flat=True))
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    specs = []
    for n in range(COURSES):
        skills = {slug: rng.choice((1, 2, 2, 3, 3, 4)) for slug in rng.sample(slugs, rng.choice((1, 1, 2, 2, 3)))}
        spec = {
            "title": f"Generated course {n}",
            "slug": f"generated-course-{n}",
            "skills": list(skills.items()),
            "duration_minutes": rng.choice((30, 60, 90, 120, 240, 420, 840, 1680, None)),
            "cost_pence": rng.choice((0, 0, 0, 15000, 45000, 120000)),
        }
        if organisations and rng.random() < 0.1:
            spec["audience_open"] = False
            spec["audience"] = {"organisations": [rng.choice(organisations)]}
        specs.append(spec)
    courses_bulk_create(index=index, specs=specs)


def main():
    from django.core.management import call_command
    from django.db import transaction

    from courses.services import catalogue_cache_invalidate
    from framework.models import FrameworkVersion
    from framework.selectors import role_level_requirements, role_levels_in_version
    from framework.services import framework_import
    from pathways import sources
    from pathways.services import pathway_generate
    from people.demo import seed as people_seed
    from people.models import LearnerProfile, Organisation, SkillAssessment, User
    from tests.conftest import _find_ddat_dir

    folder = _find_ddat_dir()
    if folder is None:
        print("# bench_pathways: skipped (official export not found; set DDAT_DIR)")
        return
    call_command("migrate", verbosity=0)
    rng = random.Random(20_000)
    samples: list[float] = []
    try:
        with transaction.atomic():
            FrameworkVersion.objects.update(status=FrameworkVersion.Status.ARCHIVED)
            framework_import(
                roles_csv=(folder / "roles.csv").read_bytes(),
                skills_csv=(folder / "skills.csv").read_bytes(),
                label="bench-pathways",
                make_current=True,
            )
            people_seed()
            started = time.perf_counter()
            _catalogue(rng)
            built = time.perf_counter() - started
            catalogue_cache_invalidate()
            started = time.perf_counter()
            facts = sources.catalogue_for(profile=None)
            cold = time.perf_counter() - started
            live = len(facts.by_id)
            print(f"# catalogue: {live} live courses generated in {built:.1f} s; first load {cold * 1000:.0f} ms")

            targets = [rl for rl in role_levels_in_version() if role_level_requirements(role_level=rl)]
            organisations = list(Organisation.objects.all())
            learners = []
            for n in range(LEARNERS):
                user = User.objects.create_user(email=f"bench-learner-{n}@example.gov.uk", password=None)
                current, target = rng.sample(targets, 2)
                LearnerProfile.objects.create(
                    user=user,
                    organisation=rng.choice(organisations),
                    current_role_level=current,
                    target_role_level=target,
                )
                for requirement in role_level_requirements(role_level=current):
                    SkillAssessment.objects.create(
                        user=user, skill=requirement.skill, self_level=rng.randint(0, requirement.level)
                    )
                learners.append(user)

            steps = unreachable = 0
            for n in range(SAMPLES):
                user = learners[n % LEARNERS]
                optimise = "cost" if n % 4 == 3 else "time"
                started = time.perf_counter()
                gap, pathway = pathway_generate(user=user, optimise=optimise)
                samples.append((time.perf_counter() - started) * 1000)
                steps += len(pathway.steps)
                unreachable += len(pathway.unreachable)
            print(
                f"# {SAMPLES} generations for {LEARNERS} learners over {len(targets)} target role levels: "
                f"median {statistics.median(samples):.1f} ms, mean {len(samples) and sum(samples) / len(samples):.1f} ms, "
                f"{steps / SAMPLES:.1f} steps and {unreachable / SAMPLES:.1f} unreachable gaps per pathway"
            )
            raise _Rollback
    except _Rollback:
        pass
    bench_line("pathway_generate_p95_20k_courses", round(p95(samples), 1), "ms", "<=", 20)
