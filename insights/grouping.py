"""Disclosure-safe grouping: merge small groups of people upwards until every group has at least N people.

A person's raw group is (organisation, role family slug, profession, grade). Working from the deepest
organisations up, a group with fewer than N people first loses its grade, then its profession, then its role
family (each merge joins it to the group with that attribute "not shown"); if it is still too small it moves to the
parent organisation with no attributes. What is left at the very top with fewer than N people is dropped.

Because every published figure is a sum over whole final groups, the difference between any two published
figures (two filters, a total and its rows, a parent and its sub-organisation) is also a sum over whole groups,
so it is either zero or at least N people.
"""

from collections import Counter, defaultdict

Key = tuple[int | None, str, int | None, int | None]  # organisation id, family slug, profession id, grade id


def key_string(key: Key) -> str:
    org, family, profession, grade = key
    return f"{org or 0}|{family}|{profession or 0}|{grade or 0}"


def key_parse(value: str) -> Key:
    org, family, profession, grade = value.split("|")
    return (int(org) or None, family, int(profession) or None, int(grade) or None)


def groups_assign(counts: Counter, *, parents: dict[int, int | None], depth: dict[int, int], n: int) -> dict:
    """Map every raw key in `counts` to its final key, or to None when it is dropped (a residue smaller than n)."""
    redirect: dict[Key, Key | None] = {}
    current: dict[int | None, Counter] = defaultdict(Counter)
    for key, count in counts.items():
        current[key[0]][key] += count

    def move(source: Key, target: Key | None, bucket: Counter):
        count = bucket.pop(source)
        redirect[source] = target
        if target is not None:
            current[target[0]][target] += count

    every_org = set(depth) | {o for o in current if o is not None}
    orgs = sorted(every_org, key=lambda o: -depth.get(o, 0))
    pending = list(orgs) + [None]
    seen = set()
    while pending:
        org = pending.pop(0)
        if org in seen:
            continue
        bucket = current[org]
        for strip in (3, 2, 1):  # grade, then profession, then role family
            for key in [k for k, c in bucket.items() if c < n]:
                if key not in bucket or bucket[key] >= n:
                    continue
                if strip == 3 and key[3] is not None:
                    move(key, (key[0], key[1], key[2], None), bucket)
                elif strip == 2 and (key[2] is not None or key[3] is not None):
                    move(key, (key[0], key[1], None, None), bucket)
                elif strip == 1 and (key[1] or key[2] is not None or key[3] is not None):
                    move(key, (key[0], "", None, None), bucket)
        rest = (org, "", None, None)
        if rest in bucket and bucket[rest] < n:
            if org is None:
                move(rest, None, bucket)
            else:
                parent = parents.get(org)
                move(rest, (parent, "", None, None), bucket)
                if parent in seen:  # a parent processed out of order (should not happen with depths) is redone
                    seen.discard(parent)
                    pending.insert(0, parent)
        seen.add(org)

    def resolve(key: Key) -> Key | None:
        hops = 0
        while key in redirect:
            key = redirect[key]
            hops += 1
            if key is None or hops > 100:
                return key
        return key

    return {key: resolve(key) for key in counts}
