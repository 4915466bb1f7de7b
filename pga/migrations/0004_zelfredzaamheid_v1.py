"""A first self-reliance instrument (version 1), so progress can be scored at once.

Five levels on every life domain, after the common self-reliance matrices used in Dutch social
care; a functional admin adjusts them, or publishes a new version, in "Beheer".
"""

from django.db import migrations

LEVELS = [
    (1, "Acute problematiek", "Er is een acuut probleem; direct ingrijpen is nodig."),
    (2, "Niet zelfredzaam", "De betrokkene redt het op dit leefgebied niet zonder (intensieve) hulp."),
    (3, "Beperkt zelfredzaam", "De betrokkene redt het deels; hulp of toezicht blijft nodig."),
    (4, "Voldoende zelfredzaam", "De betrokkene redt het met lichte of incidentele ondersteuning."),
    (5, "Volledig zelfredzaam", "De betrokkene redt het op dit leefgebied zelfstandig."),
]


def publish(apps, schema_editor):
    Instrument = apps.get_model("pga", "SelfRelianceInstrument")
    Level = apps.get_model("pga", "SelfRelianceLevel")
    instrument, created = Instrument.objects.get_or_create(
        version=1, defaults={"name": "Zelfredzaamheid per leefgebied", "is_active": True}
    )
    if created:
        for score, label, description in LEVELS:
            Level.objects.create(instrument=instrument, score=score, label=label, description=description)


class Migration(migrations.Migration):
    dependencies = [("pga", "0003_progress")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
