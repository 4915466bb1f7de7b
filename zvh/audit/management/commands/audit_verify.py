from django.core.management.base import BaseCommand, CommandError

from zvh.audit.services import verify_chain


class Command(BaseCommand):
    help = "Controleert de hashketen van het auditlog en meldt elke gewijzigde of ontbrekende regel."

    def handle(self, *args, **options):
        problems = list(verify_chain())
        for problem in problems:
            self.stderr.write(f"regel {problem.event_id}: {problem.problem}")
        if problems:
            raise CommandError(f"Auditlog is niet intact: {len(problems)} probleem/problemen.")
        self.stdout.write("Auditlog is intact.")
