import time

from django.core.management.base import BaseCommand

from core import stamps
from resolutions.services.campaign_tallies import campaign_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the study campaigns' progress counts, and which targets' members count for the coverage, from "
        "the targets and their reports (the services keep them up to date; this repairs them, e.g. after records "
        "were changed outside the application)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        campaign_tallies_rebuild()
        stamps.touch(None)  # figures cached from the roll-ups are read afresh
        self.stdout.write(f"Campaign progress counts rebuilt in {time.monotonic() - started:.1f} s.")
