"""Version 1 of the retention policy, active (with its activation record), with the defaults documented in docs/retention.md.

The numbers are written out here (not imported), so this migration keeps meaning what it meant
when it ran, whatever the defaults become later.
"""

from django.db import migrations

MOTIVATION = (
    "Standaardtermijnen bij de start (docs/retention.md): concept 3 maanden na de laatste wijziging, "
    "ingetrokken 6 maanden, afgewezen direct nadat de melder is geïnformeerd, geen PGA 24 maanden na "
    "het advies, PGA 60 maanden (5 jaar) na het afsluiten of de monitoring."
)


def publish(apps, schema_editor):
    Policy = apps.get_model("retention", "RetentionPolicy")
    Activation = apps.get_model("retention", "RetentionPolicyActivation")
    policy, created = Policy.objects.get_or_create(
        version=1,
        defaults={
            "is_active": True,
            "concept_months": 3,
            "withdrawn_months": 6,
            "rejected_months": 0,
            "no_pga_months": 24,
            "pga_closed_months": 60,
            "motivation": MOTIVATION,
        },
    )
    if created:  # in force from the migration on, activated by nobody in particular
        Activation.objects.create(policy=policy)


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_retention_policy_extensions_deletions")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
