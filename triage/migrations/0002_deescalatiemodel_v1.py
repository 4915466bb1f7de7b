"""A first de-escalatiemodel (version 1), so a new installation can weigh cases at once.

Its dimensions follow the issue's examples; a functional admin adjusts them, or publishes a
new version, in "Beheer". Levels run 0-3 on every dimension; the suggested conclusion is
"bespreken voor een PGA" from a total of 7 out of 12, or when any dimension is at its highest
level (see triage.weighing.suggest_conclusion).
"""

from django.db import migrations

LEVELS = [
    (0, "Geen of laag", "Er is geen of nauwelijks sprake van dit aspect."),
    (1, "Beperkt", "Het aspect speelt, maar is met de huidige aanpak beheersbaar."),
    (2, "Aanzienlijk", "Het aspect speelt duidelijk en de huidige aanpak houdt het niet vast."),
    (3, "Ernstig", "Het aspect is ernstig en vraagt direct een ketenoverstijgende aanpak."),
]

DIMENSIONS = [
    ("Veiligheidsrisico", "Risico's voor de betrokkene, het gezin, omwonenden of professionals."),
    ("Complexiteit over leefgebieden", "Hoeveel leefgebieden zijn geraakt en hoe hangen de problemen samen?"),
    ("Stagnatie van de reguliere aanpak", "In hoeverre lopen de bestaande hulp en handhaving vast?"),
    ("Impact op het systeem", "De invloed op en van het gezin en de directe sociale omgeving."),
]


def publish(apps, schema_editor):
    WeighingModel = apps.get_model("triage", "WeighingModel")
    Dimension = apps.get_model("triage", "Dimension")
    DimensionLevel = apps.get_model("triage", "DimensionLevel")
    model, created = WeighingModel.objects.get_or_create(
        version=1,
        defaults={"name": "De-escalatiemodel ZVH", "is_active": True, "pga_threshold": 7, "max_level_escalates": True},
    )
    if not created:
        return
    for order, (name, description) in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(model=model, name=name, description=description, order=order)
        for score, label, level_description in LEVELS:
            DimensionLevel.objects.create(dimension=dimension, score=score, label=label, description=level_description)


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_screening_verrijking")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
