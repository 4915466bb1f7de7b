"""Migration pga 0009 links the contacts, escalations and closures recorded before it to their timeline steps.

From that migration on, the dossier page shows those records through the steps that point at
them; a record left without a linked step would silently vanish from the page. The records here
are made through the services at different moments, their links then removed (the state of a
database before the migration), and the migration's data step run again.
"""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from pga.constants import ClosingReason, ContactMethod, EventKind
from pga.models import ContactNote, DossierEvent
from pga.services import contact_add, dossier_close, dossier_reopen, escalation_answer, escalation_raise
from pga.tests.factories import started

pytestmark = pytest.mark.django_db

link_records = importlib.import_module("pga.migrations.0009_timeline_points_at_records").link_records

MONDAY = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


def at(days: int, hours: int = 0):
    return time_machine.travel(MONDAY + datetime.timedelta(days=days, hours=hours), tick=False)


def unlinked_history():
    """A dossier with two contacts, two escalations (the first answered) and a closing that was reopened."""
    dossier = started()
    by = dossier.procesregisseur
    contacts, escalations = [], []
    for day, name in ((1, "Buurvrouw"), (3, "Huisarts")):
        with at(day):
            contacts.append(
                contact_add(
                    dossier=dossier,
                    contact_on=timezone.localdate(),
                    with_whom=name,
                    method=ContactMethod.TELEFOON,
                    summary="Gebeld.",
                    by=by,
                )
            )
    for day, whom in ((2, "Teamleider wijkteam"), (4, "Manager woningcorporatie")):
        with at(day):
            escalations.append(escalation_raise(dossier=dossier, to_whom=whom, reason="Geen voortgang.", by=by))
    with at(5):
        escalation_answer(escalation=escalations[0], answer="Wordt opgepakt.", by=by)
    with at(6):
        closure = dossier_close(
            dossier=dossier,
            reason=ClosingReason.DOELEN_BEREIKT,
            evaluation="Rustig.",
            monitoring_date=(MONDAY + datetime.timedelta(days=30)).date(),
            by=by,
        )
    with at(30, 2):
        dossier_reopen(dossier=dossier, reason="Nieuwe overlast.", by=by)
    DossierEvent.objects.update(contact=None, escalation=None, closure=None)
    return dossier, contacts, escalations, closure


def links(dossier, kind: str) -> list[tuple]:
    steps = DossierEvent.objects.filter(dossier=dossier, kind=kind).order_by("at", "id")
    return list(steps.values_list("contact", "escalation", "closure"))


def test_every_step_is_linked_again_to_the_record_it_was_written_for():
    dossier, contacts, escalations, closure = unlinked_history()

    link_records(apps, None)

    assert links(dossier, EventKind.CONTACT) == [(contacts[0].pk, None, None), (contacts[1].pk, None, None)]
    # Raised on days 2 and 4, the first answered on day 5.
    assert links(dossier, EventKind.ESCALATIE) == [
        (None, escalations[0].pk, None),
        (None, escalations[1].pk, None),
        (None, escalations[0].pk, None),
    ]
    assert links(dossier, EventKind.AFSLUITING) == [(None, None, closure.pk)]
    assert links(dossier, EventKind.HEROPEND) == [(None, None, closure.pk)]


def test_a_contact_without_a_step_gets_one_at_its_moment_and_shows_on_the_page(client):
    dossier, *_ = unlinked_history()
    with at(10):
        lost = ContactNote.objects.create(
            dossier=dossier,
            contact_on=timezone.localdate(),
            with_whom="Wijkagent",
            method=ContactMethod.GESPREK,
            summary="Langs geweest.",
            recorded_by=dossier.procesregisseur,
        )

    link_records(apps, None)

    step = DossierEvent.objects.get(contact=lost)
    assert (step.kind, step.at, step.by) == (EventKind.CONTACT, lost.recorded_at, dossier.procesregisseur)
    client.force_login(dossier.procesregisseur)
    body = client.get(reverse("pga:dossier", args=[dossier.casus_id])).content.decode()
    assert "Gesprek met Wijkagent</h3>" in body
