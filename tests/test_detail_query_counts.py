"""The detail pages with the most parts cost the same queries with 1 row of each part and with 20 (issue 16).

A verrijkingsdossier and a running PGA dossier are each built twice, once with one row of every
part the page shows and once with twenty, through the services where the parts have one (so the
plan versions, timeline steps and audit entries are the ones those write). Each page is opened
as its reader would, its statements counted, and what it shows of the rows asserted, so a page
that silently shows nothing cannot pass.

The VIEW entry is two statements on PostgreSQL (read a chain head; insert the entry and move the
head in one statement) and three on SQLite; the counts below are PostgreSQL's, as in production.
Besides the session, the user (with organisation, roles and the device of a verified session)
and that entry, with everything a case has one of joined to the case's own read:

- PGA dossier (12, issue 16's limit): the dossier with its case; the scores (with their
  measurements); the timeline (with the plan versions, contacts, escalations and closures its
  steps point at); actions; goals; betrokkenen; informing steps; casusoverleggen;
- verrijkingsdossier (13, one above the limit): the case with its pre-check, latest screening and
  latest weighing; betrokkenen; the criteria of the sets shown; bekendheidschecks; involved
  organisations; attachments; questions to the melder; the weighing model's dimensions; their
  levels (with the weighing's scores). Each is a list of its own kind; none of them is recorded
  by a step that could carry it, as the PGA timeline carries its records.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import Attachment, InvolvedOrganisation, PreCheck
from intake.tests.factories import BetrokkeneFactory, InformationRequestFactory
from participants.tests.factories import OrganisationFactory, UserFactory
from pga.constants import ActionStatus, ClosingReason, ContactMethod, InformingMethod, MeasurementMoment, WhoInforms
from pga.services import (
    action_add,
    action_set_status,
    contact_add,
    dossier_close,
    dossier_reopen,
    escalation_answer,
    escalation_raise,
    goal_add,
    informing_agree,
    informing_record_informed,
    overleg_plan,
    plan_agree,
    progress_record,
)
from pga.tests.factories import started
from triage.constants import CheckAnswer, IncidentalGround, ScreeningOutcome
from triage.models import Bekendheidscheck, ScreeningDecision
from triage.tests.test_weighing import in_verrijking, weigh

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 20

#: PostgreSQL's counts (module docstring); SQLite's audit entry takes one statement more.
VERRIJKINGSDOSSIER_QUERIES = 13
PGA_DOSSIER_QUERIES = 12


def limit(queries: int) -> int:
    return queries if connection.vendor == "postgresql" else queries + 1


# --- the verrijkingsdossier ------------------------------------------------------------------------------


def verrijking_case(rows: int, *, criteria_set, weighing_model):
    """A case in verrijking with `rows` of every part of its dossier; the last screening accepts it."""
    chair = UserFactory(voorzitter=True)
    criteria = list(criteria_set.criteria.all())
    casus = in_verrijking(
        criteria_set=criteria_set,
        aanleiding="Overlast in de flat.",
        criteria_motivation={str(c.pk): f"Toelichting criterium {c.number}" for c in criteria},
    )
    PreCheck.objects.create(
        casus=casus,
        melder=casus.melder,
        criteria_set=criteria_set,
        answers={str(c.pk): True for c in criteria},
        organisation_may_register=True,
        advice_positive=True,
    )
    now = timezone.now()
    for n in range(rows):
        BetrokkeneFactory(casus=casus, first_names="Betrokkene", surname=f"Nummer{n:02d}")
        InvolvedOrganisation.objects.create(casus=casus, organisation_name=f"Betrokken organisatie {n:02d}")
        Attachment.objects.create(
            casus=casus,
            file=f"attachments/{casus.pk}/bijlage{n}",
            original_name=f"bijlage-{n}.pdf",
            content_type="application/pdf",
            size=1000 + n,
            uploaded_by=casus.melder,
        )
        InformationRequestFactory(casus=casus, answered=True, question=f"Vraag nummer {n}?")
        Bekendheidscheck.objects.create(
            casus=casus,
            organisation=OrganisationFactory(name=f"Partner {n}"),
            is_incidental=n % 2 == 1,
            ground=IncidentalGround.EXPERTISE if n % 2 == 1 else "",
            requested_by=chair,
            due_at=now + datetime.timedelta(days=3),
            answer=CheckAnswer.BEKEND,
            answered_at=now,
            info_text=f"Informatie van partner {n}.",
            info_provided_at=now,
        )
        last = n == rows - 1
        ScreeningDecision.objects.create(
            casus=casus,
            outcome=ScreeningOutcome.ACCEPTED if last else ScreeningOutcome.INFORMATION_REQUESTED,
            criteria_set=criteria_set,
            decided_by=chair,
            criteria_judgement={str(c.pk): True for c in criteria},
            reason=f"Screeningsmotivering {n}.",
        )
        weigh(casus, weighing_model, [3, 2, 1, 1] if last else [1, 1, 1, 1], by=chair)
    return casus, chair


def shows_the_verrijkingsdossier(body: str, rows: int) -> bool:
    every_row = all(
        f"Nummer{n:02d}" in body
        and f"Betrokken organisatie {n:02d}" in body
        and f"bijlage-{n}.pdf" in body
        and f"Vraag nummer {n}?" in body
        and f"Informatie van partner {n}." in body
        for n in range(rows)
    )
    latest_only = f"Screeningsmotivering {rows - 1}." in body and (rows == 1 or "Screeningsmotivering 0." not in body)
    return (
        every_row
        and latest_only
        and "Toelichting criterium 3" in body
        and "Advies: aanmelden" in body
        and "7 van 12 (drempel: 7)" in body  # the latest weighing (3+2+1+1); the earlier ones total 4
    )


# --- the PGA dossier -------------------------------------------------------------------------------------


def running_dossier(rows: int):
    """A running dossier (phase uitvoeren after a reopening) with `rows` of every part of its page."""
    dossier = started()
    by = dossier.procesregisseur
    today = timezone.localdate()
    for n in range(rows):
        BetrokkeneFactory(casus=dossier.casus, first_names="Betrokkene", surname=f"Nummer{n:02d}")
        informing_agree(
            dossier=dossier, who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK, planned_date=today, by=by
        )
    informing_record_informed(
        dossier=dossier, informed_on=today, who_informs=WhoInforms.MELDER, method=InformingMethod.GESPREK, by=by
    )
    owner = OrganisationFactory(name="Woningcorporatie")
    for n in range(rows):
        goal = goal_add(dossier=dossier, life_domain="wonen", description=f"Doel nummer {n:02d}", by=by)
        action = action_add(
            dossier=dossier,
            description=f"Actie nummer {n:02d}",
            owner_organisation=owner,
            due_date=today + datetime.timedelta(days=n + 1),
            goal=goal,
            by=by,
        )
        contact_add(
            dossier=dossier,
            contact_on=today,
            with_whom=f"Contactpersoon {n:02d}",
            method=ContactMethod.TELEFOON,
            summary="Gebeld.",
            by=by,
        )
        escalation = escalation_raise(dossier=dossier, to_whom=f"Manager {n:02d}", reason="Geen voortgang.", by=by)
        if n % 2:
            escalation_answer(escalation=escalation, answer=f"Antwoord {n}.", by=by)
        progress_record(
            dossier=dossier, moment=MeasurementMoment.START, scores={"wonen": (n % 5 + 1, f"Reden {n}.")}, by=by
        )
        overleg_plan(
            dossier=dossier,
            date=today + datetime.timedelta(days=7 + n),
            starts_at=datetime.time(10, 0),
            ends_at=datetime.time(11, 0),
            agenda="Kennismaking",
            place="Stadskantoor",
            by=by,
        )
        if n % 3 == 0:
            action_set_status(action=action, status=ActionStatus.GEDAAN, note="Klaar.", by=by)
    plan_agree(dossier=dossier, by=by)
    for n in range(rows):
        dossier_close(
            dossier=dossier,
            reason=ClosingReason.DOELEN_BEREIKT,
            evaluation=f"Evaluatie {n}.",
            monitoring_date=today + datetime.timedelta(days=30),
            by=by,
        )
        dossier_reopen(dossier=dossier, reason=f"Heropend om reden {n}.", by=by)
    dossier.refresh_from_db()
    return dossier


def shows_the_pga_dossier(body: str, rows: int) -> bool:
    every_row = all(
        f"Nummer{n:02d}" in body
        and f"Doel nummer {n:02d}" in body
        and f"Actie nummer {n:02d}" in body
        and f"Contactpersoon {n:02d}" in body
        and f"Manager {n:02d}" in body
        and f"Casusoverleg {n + 1} (" in body
        and f"Heropend om reden {n}." in body
        for n in range(rows)
    )
    # The timeline repeats those texts: the contacts, escalations and closures must show in their own sections too.
    every_record = all(
        f"Telefoon met Contactpersoon {n:02d}</h3>" in body
        and f"Aan Manager {n:02d} <span" in body
        and f": Heropend om reden {n}.</dd>" in body
        for n in range(rows)
    )
    # Two plan versions per row (goal, action), one per action done, and the agreed plan.
    versions = 2 * rows + len(range(0, rows, 3)) + 1
    return (
        every_row
        and every_record
        and body.count("<strong>Antwoord (") == rows // 2
        and body.count('<h3 class="h6">Afgesloten op') == rows
        and f"Alle versies van het plan ({versions})" in body
        and body.count("De melder informeert in een gesprek op") == rows
        and body.count(">Start<br>") == rows  # a column per measurement
    )


# --- the counts ------------------------------------------------------------------------------------------


def page_queries(client, user, url: str, shows, rows: int) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert shows(response.content.decode(), rows)
    return [query["sql"] for query in queries.captured_queries]


def verrijkingsdossier_queries(client, rows, criteria_set, weighing_model) -> list[str]:
    casus, chair = verrijking_case(rows, criteria_set=criteria_set, weighing_model=weighing_model)
    return page_queries(client, chair, reverse("triage:dossier", args=[casus.pk]), shows_the_verrijkingsdossier, rows)


def pga_dossier_queries(client, rows) -> list[str]:
    dossier = running_dossier(rows)
    url = reverse("pga:dossier", args=[dossier.casus_id])
    return page_queries(client, dossier.procesregisseur, url, shows_the_pga_dossier, rows)


def test_the_verrijkingsdossier_costs_the_same_queries_with_1_and_with_20_rows_of_each_part(
    client, criteria_set, weighing_model
):
    few = verrijkingsdossier_queries(client, FEW, criteria_set, weighing_model)
    many = verrijkingsdossier_queries(client, MANY, criteria_set, weighing_model)

    assert len(few) <= limit(VERRIJKINGSDOSSIER_QUERIES), "\n".join(few)
    assert len(many) == len(few), "\n".join(many)


def test_the_pga_dossier_costs_the_same_queries_with_1_and_with_20_rows_of_each_part(client, self_reliance_instrument):
    few = pga_dossier_queries(client, FEW)
    many = pga_dossier_queries(client, MANY)

    assert len(few) <= limit(PGA_DOSSIER_QUERIES), "\n".join(few)
    assert len(many) == len(few), "\n".join(many)
