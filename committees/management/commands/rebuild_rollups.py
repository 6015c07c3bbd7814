import time

from django.core.management.base import BaseCommand
from django.db import transaction

from committees import rollups
from core import stamps


class Command(BaseCommand):
    help = (
        "Recompute every roll-up (subtree totals, report and attendance counts, campaign progress, Directive 05 "
        "counts) from the records, in one transaction: the services keep them up to date; this repairs them, e.g. "
        "after records were changed outside the application."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            rollups.rebuild_every_rollup()
        stamps.touch(None)  # figures cached from the roll-ups are read afresh
        self.stdout.write(f"Every roll-up rebuilt in {time.monotonic() - started:.1f} s.")
