"""Build a complete new search index from the live catalogue, then swap it in.

The engine backend writes a new index and moves the alias to it in one step, so search keeps answering from
the old index throughout; the database backend rewrites its tables in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import services


class Command(BaseCommand):
    help = "Rebuild the course search index (new index, then an atomic alias swap)."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["database", "engine"], help="Default: SEARCH_BACKEND.")

    def handle(self, *args, backend=None, **options):
        try:
            chosen = services.get_backend(backend)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not chosen.available():
            raise CommandError(f"The {chosen.name} search backend is not answering (is SEARCH_URL right?).")
        with tqdm(desc=f"Indexing courses ({chosen.name})", unit=" courses", disable=options["verbosity"] < 1) as bar:
            record = services.search_index_rebuild(backend=chosen, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {record.documents} live courses with the {chosen.name} backend.")
        )
