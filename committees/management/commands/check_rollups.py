from django.core.management.base import BaseCommand, CommandError

from committees import rollups


class Command(BaseCommand):
    help = (
        "Check that every roll-up (subtree totals, report and attendance counts, 'attended the last briefing', "
        "campaign progress, Directive 05 counts) equals a rebuild from the records, changing nothing; exits with "
        "status 1 when one does not (rebuild_rollups repairs them all)."
    )

    def handle(self, *args, **options):
        differences = rollups.differences()
        for name, count in differences.items():
            self.stdout.write(f"{name}: {'equal to a rebuild' if not count else f'{count} rows differ'}")
        if any(differences.values()):
            raise CommandError("Some roll-ups differ from a rebuild from the records.")
        self.stdout.write("Every roll-up equals a rebuild from the records.")
