"""Demo figures for `make run`: a small synthetic workforce so the HR analyst sees a populated dashboard."""

from people.models import User

from .population import SYNTHETIC_DOMAIN, population_generate
from .services import aggregates_rebuild, snapshot_take

DEMO_PEOPLE = 3000


def seed() -> str:
    have = User.objects.filter(email__endswith="@" + SYNTHETIC_DOMAIN).count()
    added = 0
    if have < DEMO_PEOPLE:
        added = population_generate(people=DEMO_PEOPLE - have, seed=7, say=lambda text: None)["people"]
    summary = aggregates_rebuild()
    snapshot_take()
    return f"{added} synthetic people added; {summary['counted']} people in {summary['groups']} groups"
