"""Encrypt every encrypted value anew with the current key, after a key rotation.

Rotating: put the new key in FIELD_ENCRYPTION_KEY (or DJANGO_SECRET_KEY) and the old one in
FIELD_ENCRYPTION_KEY_FALLBACKS (or DJANGO_SECRET_KEY_FALLBACKS), restart, run this command,
then drop the fallback. Until then the fallbacks keep every value readable.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from zvh.fields import StrictEncryptedCharField

BATCH = 500


class Command(BaseCommand):
    help = "Versleutel alle versleutelde velden opnieuw met de huidige sleutel (na het vervangen van een sleutel)."

    def handle(self, *args, **options):
        for model in apps.get_models():
            names = [f.name for f in model._meta.concrete_fields if isinstance(f, StrictEncryptedCharField)]
            if not names:
                continue
            done = 0
            pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    rows = list(model._default_manager.select_for_update().filter(pk__in=pks[start : start + BATCH]))
                    # Reading decrypted with whichever key fits; writing encrypts with the first.
                    model._default_manager.bulk_update(rows, names)
                done += len(rows)
            self.stdout.write(f"{model._meta.label}: {done} rijen opnieuw versleuteld.")
