from django.core.management.base import BaseCommand, CommandError

from opinion.services.rollup_check import rollup_differences


class Command(BaseCommand):
    help = (
        "Check that every roll-up (report and attendance counts, 'attended the last briefing', subtree totals) "
        "equals a rebuild from the records, changing nothing; exits with status 1 when one does not "
        "(rebuild_opinion_tallies and the admin's committee tree check repair them)."
    )

    def handle(self, *args, **options):
        differences = rollup_differences()
        for name, count in differences.items():
            self.stdout.write(f"{name}: {'equal to a rebuild' if not count else f'{count} rows differ'}")
        if any(differences.values()):
            raise CommandError("Some roll-ups differ from a rebuild from the records.")
        self.stdout.write("Every roll-up equals a rebuild from the records.")
