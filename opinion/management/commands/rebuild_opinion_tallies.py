import time

from django.core.management.base import BaseCommand

from core import stamps
from opinion.services.last_briefing import last_briefing_rebuild
from opinion.services.tallies import attendance_tallies_rebuild, report_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the monthly and daily report counts, the days each collaborator reported on, the briefing "
        "attendance counts and who attended their last briefing from the records (the services keep them up to "
        "date; this repairs them, e.g. after records were changed outside the application)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", action="store_true", help="Only the report counts and reporting days.")
        parser.add_argument(
            "--attendance",
            action="store_true",
            help="Only the briefing attendance counts and who attended their last briefing.",
        )

    def handle(self, *args, reports=False, attendance=False, **options):
        both = not reports and not attendance
        for wanted, rebuild, name in (
            (reports or both, report_tallies_rebuild, "report counts and reporting days"),
            (attendance or both, attendance_tallies_rebuild, "attendance counts"),
            (attendance or both, last_briefing_rebuild, "'attended the last briefing' flags"),
        ):
            if wanted:
                started = time.monotonic()
                rebuild()
                self.stdout.write(f"Rebuilt the {name} in {time.monotonic() - started:.1f} s.")
        stamps.touch(None)  # figures cached from the roll-ups are read afresh
