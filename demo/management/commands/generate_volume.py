"""`python manage.py generate_volume`: realistic volume on PostgreSQL, to measure the pages at scale.

Why it exists: the pages must hold up at national scale (issue 16: 100,000 cases over ten
years, ten million audit rows), and only data of that size shows what a query costs there.
Defaults are the full size (about ten minutes on two cores); ``--cases 2000 --audit-rows 50000``
makes a small set in seconds, which is what the tests use.

Decisions:

* **PostgreSQL only, into a database without cases.** Rows are streamed with COPY (see
  ``demo/volume/copy.py``); an installation that already has cases is refused, so the command
  can never mix fictional cases into real ones, and reference numbers start from the counters.
* **Deterministic.** The same ``--seed`` and ``--now`` give the same organisations, accounts,
  cases, histories and audit rows (only the ciphertext of a BSN differs: Fernet adds a random IV).
* **All cores for the audit rows.** They are most of the work (HMAC per row); each of
  ``--processes`` forked processes writes its own chains, and every chain draws from its own
  random stream, so the rows do not depend on how many processes wrote them.
* **Accounts without a password.** They are for measuring; the benchmark and the tests make
  their sessions themselves. Their names are in ``demo/volume/people.py`` (``vol-melder``,
  ``vol-voorzitter``, ``vol-regisseur``, ``vol-partner``, ``vol-logbeheerder``, ...).
"""

import datetime
import os
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from demo.volume.audit import write_audit_rows
from demo.volume.cases import CaseGenerator
from demo.volume.people import create_people
from intake.models import Casus


class Command(BaseCommand):
    help = "Maak volumedata (casussen, geschiedenis, triages, PGA-dossiers, auditlog) op PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000, help="aantal casussen (standaard 100.000)")
        parser.add_argument(
            "--big-organisation-cases",
            type=int,
            default=None,
            help="casussen van de grootste meldende organisatie (standaard 5%% van --cases: 5.000 bij 100.000)",
        )
        parser.add_argument("--audit-rows", type=int, default=10_000_000, help="aantal auditregels (standaard 10 mln)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="processen die de auditregels schrijven, elk eigen ketens (standaard: het aantal cores)",
        )
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            default=None,
            help="het moment waarop de gegevens eindigen (ISO 8601, standaard vandaag 09:00 UTC)",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_volume schrijft met COPY en werkt alleen op PostgreSQL (DATABASE_URL).")
        if Casus.objects.exists():
            raise CommandError("Deze database bevat al casussen; volumedata komt alleen in een lege database.")
        now = options["now"] or timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
        if timezone.is_naive(now):
            now = now.replace(tzinfo=datetime.UTC)
        now = now.astimezone(datetime.UTC)
        rng = random.Random(options["seed"])
        started = time.monotonic()

        def progress(what: str, done: int, total: int) -> None:
            self.stdout.write(f"  {what}: {done:,} / {total:,}  ({time.monotonic() - started:.0f} s)".replace(",", "."))

        people = create_people(rng)
        self.stdout.write(f"Organisaties en gebruikers: {len(people.usernames)} gebruikers")
        generator = CaseGenerator(rng=rng, people=people, now=now, progress=progress)
        generator.write_meetings()
        generator.write_cases(options["cases"], big_share=options["big_organisation_cases"] or options["cases"] // 20)
        audit = write_audit_rows(
            rng=rng,
            people=people,
            cases=generator.case_log,
            count=options["audit_rows"],
            until=now,
            progress=progress,
            processes=options["processes"],
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = ", ".join(f"{name}: {table.count}" for name, table in generator.t.items())
        self.stdout.write(f"Rijen per tabel: {counts}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar in {time.monotonic() - started:.0f} s: {generator.counts.cases} casussen, "
                f"{generator.counts.status_changes} statuswijzigingen, {audit} auditregels."
            )
        )
