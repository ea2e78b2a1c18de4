"""The slug rule and the level-order rule. Both are shared by the importer and the demo seed, so that a demo
framework and the official export name the same things the same way."""

import re

from django.utils.text import slugify

SLUG_MAX = 150
LEVEL_SLUG_MAX = 200


def framework_slug(name: str, *, max_length: int = SLUG_MAX) -> str:
    """The stable identifier of a family, role, role level or skill: its name, whitespace-normalised, slugified."""
    return slugify(" ".join(name.split()))[:max_length].strip("-")


# Seniority words found in level titles, most junior first. A title takes the rank of the most senior word in it;
# a title with none of them is the base title ("Developer", "Content designer").
_RANKS = [
    (r"\bapprentice\b", 10),
    (r"\btrainee\b", 20),
    (r"\bjunior\b", 30),
    (r"\bassociate\b", 40),
    (r"\b(senior|major)\b", 60),
    (r"\blead\b", 70),
    (r"\bprincipal\b", 80),
    (r"\bhead of\b|\bhead\b", 90),
    (r"\bchief\b", 100),
]
BASE_RANK = 50
_MANAGER = re.compile(r"\bmanager\b")
_MANAGEMENT_VARIANT = re.compile(r"-\s*management\s*$")


def level_order(title: str) -> int:
    """A sort key for a role level derived from its title: apprentice 10, trainee 20, junior 30, associate 40,
    the base title 50, senior 60, lead 70, principal 80, head of 90, chief 100.

    Within a role that has both analysts and managers ("Service desk analyst", "Service desk manager"), a manager
    sits above the analyst of the same seniority and above a senior analyst (+15); a "- management" variant of a
    level sits just after the practitioner variant (+2). Editors can correct the result.
    """
    text = " ".join(title.lower().split())
    rank = BASE_RANK
    for pattern, value in _RANKS:
        if re.search(pattern, text):
            rank = value
    if rank < 90 and _MANAGER.search(text):
        rank += 15
    if _MANAGEMENT_VARIANT.search(text):
        rank += 2
    return rank
