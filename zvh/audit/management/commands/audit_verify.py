from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zvh.audit.checkpoints import write_checkpoint
from zvh.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Controleert de ketens van het auditlog (ondertekening, schakels, koppen en controlepunten) "
        "en meldt elke gewijzigde, ontbrekende of toegevoegde regel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="Bestand met controlepunten (standaard AUDIT_CHECKPOINT_FILE), bijvoorbeeld de elders bewaarde kopie.",
        )

    def handle(self, *args, **options):
        problems = list(verify_chain(checkpoint_file=options["checkpoints"]))
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"Auditlog is niet intact: {len(problems)} probleem/problemen.")
        # Only an intact log is checkpointed: a checkpoint vouches for what it names.
        checkpoints = write_checkpoint()
        self.stdout.write(f"Auditlog is intact. Controlepunt geschreven voor {len(checkpoints)} keten(s).")
