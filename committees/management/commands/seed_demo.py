import json
import random
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from committees import demo
from committees.models import Committee
from core import stamps
from core.database import analyze, rebuild_search_indexes

SEED = 20180705  # fixed: the same scale gives the same data


class Command(BaseCommand):
    help = "Load deterministic demo data (small, bloc or national scale) and write the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="small")
        parser.add_argument("--password", default="tuyengiao-demo", help="password of every demo account")
        parser.add_argument("--accounts-json", type=Path, help="write the demo accounts to this JSON file")

    def handle(self, *args, scale, password, accounts_json, **options):
        started = time.monotonic()
        rng = random.Random(SEED)
        with transaction.atomic():
            if Committee.objects.filter(code=demo.ROOT_CODE).exists():
                self.stdout.write("Demo data is already loaded; only the demo accounts are reset.")
                accounts = demo.seed_accounts(password, random.Random(SEED))
            elif Committee.objects.exists():
                raise CommandError("The database already holds committees that are not the demo's; not seeding.")
            else:
                demo.seed_committees(demo.SCALES[scale], rng, timezone.localdate())
                accounts = demo.seed_accounts(password, random.Random(SEED))
                context = demo.DemoContext(scale, demo.SCALES[scale], timezone.localdate(), SEED)
                for seeder in settings.DEMO_SEEDERS:
                    analyze()  # each seeder reads what the ones before it loaded: planned on fresh statistics
                    step = time.monotonic()
                    import_string(seeder)(context)
                    self.stdout.write(f"{seeder}: {time.monotonic() - step:.1f} s")
        stamps.touch(None)  # figures cached before the seeding are not read again
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses badly on the new rows; and, when not inside a transaction,
            # the visibility maps autovacuum would set later, so that index-only scans work at once. The search
            # indexes are rebuilt after the vacuum, so that they hold no row version the loading left behind.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
            rebuild_search_indexes()
        if accounts_json:
            accounts_json.parent.mkdir(parents=True, exist_ok=True)
            accounts_json.write_text(json.dumps(accounts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(
            f"{Committee.objects.count():,} committees in {time.monotonic() - started:.1f} s. Demo accounts "
            f"(password {password!r}):"
        )
        for account in accounts:
            self.stdout.write(f"  {account['username']:<16} {account['role']:<13} {account['committee_code']}")
