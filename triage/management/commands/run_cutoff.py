"""``manage.py run_cutoff``: the Thursday 16:00 cutoff job, by hand, for operators.

The same task and the same rules as beat's run and as "Cutoff nu uitvoeren" in Beheer
(``triage.services.cutoff.cutoff_run_now``): only passed, unprocessed cutoffs; a second run does
nothing. Audited as a run by the system, asked for through this command.
"""

from django.core.management.base import BaseCommand, CommandError

from triage.services.cutoff import cutoff_run_now


class Command(BaseCommand):
    help = "Voer de cutoff (donderdag 16:00) nu uit: verwerkt elke verstreken cutoff die nog niet verwerkt is."

    def handle(self, *args, **options):
        ok, message = cutoff_run_now(by=None, via="manage.py run_cutoff")
        if not ok:
            raise CommandError(message)
        self.stdout.write(message)
