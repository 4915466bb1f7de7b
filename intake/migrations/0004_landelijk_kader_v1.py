"""Publish the Landelijk Kader criteria as version 1 (docs/decisions.md, criteria sets).

Data, not code: a functional admin publishes later versions in "Beheer".
"""

from django.db import migrations

CRITERIA = [
    (
        1,
        "A",
        "Er is sprake van meervoudige problematiek op meer dan één leefgebied die leidt (of naar verwachting "
        "zal leiden) tot crimineel en/of overlastgevend gedrag of verdere achteruitgang.",
        "Zijn er problemen op meer dan één leefgebied die leiden (of dreigen te leiden) tot crimineel of "
        "overlastgevend gedrag of verdere achteruitgang?",
    ),
    (
        2,
        "B",
        "Samenwerking tussen meerdere ketens (ten minste dwang en drang) is nodig; de reguliere samenwerking "
        "binnen één keten kan de problematiek niet aanpakken.",
        "Is samenwerking tussen meerdere ketens nodig (ten minste met dwang en drang), omdat samenwerking "
        "binnen één keten niet volstaat?",
    ),
    (
        3,
        "C",
        "De problematiek raakt en wordt beïnvloed door het gezinssysteem en/of de directe sociale omgeving.",
        "Raakt de problematiek het gezin of de directe omgeving, of wordt zij daardoor beïnvloed?",
    ),
    (
        4,
        "C",
        "Er is sprake van ernstige lokale of gebiedsgebonden veiligheidsproblematiek die een ketenoverstijgende "
        "aanpak vraagt.",
        "Gaat het om ernstige lokale of gebiedsgebonden veiligheidsproblemen die een ketenoverstijgende aanpak "
        "vragen?",
    ),
]


def publish(apps, schema_editor):
    CriteriaSet = apps.get_model("intake", "CriteriaSet")
    Criterion = apps.get_model("intake", "Criterion")
    criteria_set, created = CriteriaSet.objects.get_or_create(
        version=1,
        defaults={
            "name": "Landelijk Kader Zorg- en Veiligheidshuizen",
            "description": "Criteria 1 en 2 en (3 of 4).",
            "is_active": True,
        },
    )
    if created:
        for number, group, text, question in CRITERIA:
            Criterion.objects.create(
                criteria_set=criteria_set, number=number, group=group, text=text, question=question
            )


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_registration")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
