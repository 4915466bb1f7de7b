"""The timeline steps point at the contact, escalation or closure they record (issue 16).

The dossier page reads those records through the timeline from now on, so each needs a step
that points at it. The services wrote, in the record's own transaction and just after the record's
moment, one step per contact, one when an escalation was raised and one when it was answered,
and one at each closing, monitoring and reopening. ``link_records`` goes through those moments
in order and links each to the first unlinked step of its kind in the same dossier written in
the minute after it, and writes the step a record lacks (a row made without the services) at
the record's moment.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

# (record model, its field on the step, step kind, the record's moment, its actor, the text of a
#  step written for a record that has none; None: a later moment, linked when its step is found)
MOMENTS = [
    ("ContactNote", "contact", "contact", "recorded_at", "recorded_by_id", "Contact vastgelegd."),
    ("Escalation", "escalation", "escalatie", "raised_at", "raised_by_id", "Geëscaleerd."),
    ("Escalation", "escalation", "escalatie", "answered_at", None, None),
    ("Closure", "closure", "afsluiting", "closed_at", "closed_by_id", "Dossier afgesloten."),
    ("Closure", "closure", "monitoring", "monitoring_done_at", None, None),
    ("Closure", "closure", "heropend", "reopened_at", None, None),
]
BATCH = 2000
WINDOW = datetime.timedelta(minutes=1)


def link_records(apps, schema_editor):
    DossierEvent = apps.get_model("pga", "DossierEvent")
    unlinked: dict[str, dict[int, list[tuple]]] = {}
    steps = DossierEvent.objects.filter(plan_version__isnull=True).values_list("kind", "dossier_id", "at", "id")
    steps = steps.filter(kind__in={moment[2] for moment in MOMENTS}).order_by("at", "id")
    for kind, dossier_id, at, step_id in steps.iterator():
        unlinked.setdefault(kind, {}).setdefault(dossier_id, []).append((at, step_id))
    links: dict[str, list] = {}
    for model_name, part, kind, moment, actor, text in MOMENTS:
        records = apps.get_model("pga", model_name).objects.filter(**{f"{moment}__isnull": False})
        columns = ["id", "dossier_id", moment] + ([actor] if actor else [])
        for record_id, dossier_id, at, *by in records.order_by(moment, "id").values_list(*columns).iterator():
            candidates = unlinked.get(kind, {}).get(dossier_id, [])
            written = next((step for step in candidates if at <= step[0] <= at + WINDOW), None)
            if written:
                candidates.remove(written)
                links.setdefault(part, []).append(DossierEvent(pk=written[1], **{f"{part}_id": record_id}))
            elif text:
                step = DossierEvent.objects.create(
                    dossier_id=dossier_id, kind=kind, by_id=by[0], text=text, **{f"{part}_id": record_id}
                )
                DossierEvent.objects.filter(pk=step.pk).update(at=at)  # "at" is auto_now_add
    for part, steps in links.items():
        DossierEvent.objects.bulk_update(steps, [part], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("pga", "0008_change_moments_indexed"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossierevent",
            name="closure",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="pga.closure",
                verbose_name="afsluiting",
            ),
        ),
        migrations.AddField(
            model_name="dossierevent",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="pga.contactnote",
                verbose_name="contact",
            ),
        ),
        migrations.AddField(
            model_name="dossierevent",
            name="escalation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="pga.escalation",
                verbose_name="escalatie",
            ),
        ),
        migrations.RunPython(link_records, migrations.RunPython.noop, elidable=True),
    ]
