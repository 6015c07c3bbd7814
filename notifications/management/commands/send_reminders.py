from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import outbox


class Command(BaseCommand):
    help = (
        "Send every reminder due at that moment, synchronously, through the same code the Celery beat task runs. "
        "Running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="The moment to send for, ISO 8601 (e.g. 2026-12-08T07:00); local time when no offset is given.",
        )

    def handle(self, *args, now=None, **options):
        moment = self.moment(now)
        due = outbox.tick(moment)
        try:
            outcome = outbox.send_due(moment)
        except outbox.MailServerUnavailable as error:
            raise CommandError(
                f"The mail server is unavailable ({error}); what was not sent is due again later."
            ) from error
        self.stdout.write(
            f"{due} due; sent {outcome.sent}, to retry {outcome.retried}, failed {outcome.failed}, "
            f"no longer needed {outcome.skipped}."
        )

    def moment(self, value: str | None) -> datetime:
        try:
            return outbox.moment(value)
        except ValueError as error:
            raise CommandError(f"--now: not an ISO 8601 date and time: {value!r}") from error
