"""Starter synonyms for the demo site (L&D edit them in the admin). Idempotent."""

STARTER_SYNONYMS = [
    ("kubernetes, k8s", "Common abbreviation"),
    ("user experience, UX", "Common abbreviation"),
    ("artificial intelligence, AI", "Common abbreviation"),
    ("user research, UR", "Common abbreviation"),
    ("continuous integration, CI", "Common abbreviation"),
]


def seed() -> str:
    from .models import Synonym
    from .services import synonyms_changed

    created = 0
    for terms, note in STARTER_SYNONYMS:
        _, was_created = Synonym.objects.get_or_create(terms=terms, defaults={"note": note})
        created += was_created
    synonyms_changed()
    # The demo catalogue is bulk-created without publish signals, so build the index from it here.
    from .services import get_backend, search_index_rebuild

    backend = get_backend()
    indexed = search_index_rebuild(backend=backend).documents if backend.available() else 0
    return (
        f"search: {created} synonyms added ({len(STARTER_SYNONYMS) - created} already there), "
        f"{indexed} courses indexed ({backend.name})"
    )
