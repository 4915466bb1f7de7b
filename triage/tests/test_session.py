"""The chair's triage session pages: the slot list, one slot (dossier, clock, decision forms),
closing the meeting, and the outcome on the melder's casus page.

What a user would notice: who may open the pages, what each page shows, the Dutch errors with
what was typed still there, never a 500, and a slot list that stays cheap however full.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from intake.constants import CasusStatus
from intake.selectors import cases_visible_to
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import Attendance, DecisionOutcome, IncidentalGround, NotDiscussedReason
from triage.models import TriageDecision
from triage.services.decisions import decision_record_geen_pga, meeting_close
from triage.tests import test_decisions as shared
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from triage.tests.test_decisions import ADVICE, SECRET_SURNAME, finalised_meeting
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE

pytestmark = pytest.mark.django_db

# The same people, partners and moment as the service tests.
during_meeting, chair, regisseur, partners = shared.during_meeting, shared.chair, shared.regisseur, shared.partners


def session_url(meeting) -> str:
    return reverse("triage:meeting_session", kwargs={"meeting_id": meeting.pk})


def item_url(item) -> str:
    return reverse("triage:session_item", kwargs={"meeting_id": item.meeting_id, "item_id": item.pk})


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client


def pga_post(regisseur, *, fixed=(), incidental=(), motivation=""):
    """The PGA form as the browser posts it: three incidental rows, the unused ones empty."""
    data = {
        "besluit": DecisionOutcome.PGA,
        "pga-procesregisseur": regisseur.pk if regisseur else "",
        "pga-fixed_partners": [org.pk for org in fixed],
        "pga-motivation": motivation,
        "incidenteel-TOTAL_FORMS": "3",
        "incidenteel-INITIAL_FORMS": "0",
        "incidenteel-MIN_NUM_FORMS": "0",
        "incidenteel-MAX_NUM_FORMS": "1000",
    }
    for index, (organisation, ground, explanation) in enumerate(incidental):
        data[f"incidenteel-{index}-organisation"] = organisation.pk
        data[f"incidenteel-{index}-ground"] = ground
        data[f"incidenteel-{index}-explanation"] = explanation
    return data


# --------------------------------------------------------------------------- the slot list


def test_the_session_lists_the_slots_with_time_attendance_and_decision(during_meeting, chair_client, chair):
    meeting, (first, second) = finalised_meeting()
    second.attendance = Attendance.ONLINE
    second.save(update_fields=["attendance"])
    decision_record_geen_pga(item=first, by=chair, advice=ADVICE)

    response = chair_client.get(session_url(meeting))

    assert response.status_code == 200
    body = response.content.decode()
    assert "13:00&ndash;13:20" in body and "13:20&ndash;13:40" in body
    assert first.casus.reference in body and second.casus.reference in body
    assert "Online" in body and "Niet bevestigd" in body
    assert "Geen PGA" in body and "Nog geen besluit" in body
    assert "Afronden en uitkomsten versturen" in body
    assert SECRET_SURNAME not in body
    event = AuditEvent.objects.filter(action=AuditAction.LIST).last()
    assert event.detail["pagina"] == "triage_sessie" and event.detail["aantal"] == 2


@pytest.mark.parametrize("slots", [1, 4])
def test_the_slot_list_costs_the_same_queries_however_many_slots(
    during_meeting, chair_client, chair, django_assert_max_num_queries, slots
):
    meeting, items = finalised_meeting(slots)
    decision_record_geen_pga(item=items[0], by=chair, advice=ADVICE)

    # Measured: 16 for 1 slot and for 4 (session, user, roles, meeting, the slots in one query,
    # the audit entry with its savepoints, the session save).
    with django_assert_max_num_queries(16):
        response = chair_client.get(session_url(meeting))
    assert response.content.decode().count("ZVH-") >= slots


def test_closing_from_the_page_sends_the_outcomes_or_names_the_open_slots(during_meeting, chair_client, chair):
    meeting, (first, second) = finalised_meeting()
    decision_record_geen_pga(item=first, by=chair, advice=ADVICE)

    response = chair_client.post(session_url(meeting), follow=True)
    assert f"Nog geen besluit voor: 13:20 {second.casus.reference}." in response.content.decode()

    decision_record_geen_pga(item=second, by=chair, advice=ADVICE)
    response = chair_client.post(session_url(meeting), follow=True)
    body = response.content.decode()
    assert "De triage is afgerond. 2 melder(s)" in body
    assert "Afronden en uitkomsten versturen" not in body
    meeting.refresh_from_db()
    assert meeting.closed_at is not None


# --------------------------------------------------------------------------- one slot


def test_a_slot_shows_the_dossier_the_clock_and_the_three_forms(during_meeting, chair_client, partners, regisseur):
    meeting, (first, second) = finalised_meeting()

    response = chair_client.get(item_url(second))

    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET_SURNAME in body  # the verrijkingsdossier, for the chair
    assert "Slot 13:20&ndash;13:40" in body
    assert "Nog 15 minuten in dit slot." in body  # it is 13:25: the clock without JavaScript
    assert 'data-start="2026-12-10T13:20:00+01:00"' in body
    assert "js/triage-clock.js" in body and "<script>" not in body
    assert 'aria-live="polite"' in body
    assert "Geen PGA vastleggen" in body and "PGA vastleggen" in body and "Doorschuiven" in body
    assert "Rik Regie" in body and "Het Lyceum" in body
    # Fixed partners are ticked to start with; an incidental organisation is not among them.
    fixed_boxes = re.findall(r'<input type="checkbox"[^>]*name="pga-fixed_partners"[^>]*>', body)
    assert any(f'value="{partners["politie"].pk}"' in box for box in fixed_boxes)
    assert not any(f'value="{partners["school"].pk}"' in box for box in fixed_boxes)
    assert fixed_boxes and all(box.endswith("checked>") for box in fixed_boxes)
    assert f'href="{item_url(first)}"' in body  # previous slot
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, case_reference=second.casus.reference, detail__pagina="verrijkingsdossier"
    ).exists()


def test_recording_geen_pga_from_the_page(during_meeting, chair_client):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(
        item_url(item), {"besluit": "geen_pga", "geen_pga-advice": ADVICE, "geen_pga-motivation": ""}
    )

    assert response.status_code == 302 and response["Location"] == item_url(item)
    page = chair_client.get(item_url(item)).content.decode()
    assert "Besluit: Geen PGA" in page and ADVICE in page and "Besluitbrief (pdf)" in page
    assert "Geen PGA vastleggen" not in page


def test_geen_pga_without_advice_comes_back_in_dutch_with_the_typed_text(during_meeting, chair_client):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(
        item_url(item), {"besluit": "geen_pga", "geen_pga-advice": "", "geen_pga-motivation": "Mijn motivering"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Schrijf het advies aan de melder" in body
    assert "Mijn motivering" in body
    assert not TriageDecision.objects.exists()


def test_recording_pga_from_the_page_starts_the_dossier(during_meeting, chair_client, regisseur, partners):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(
        item_url(item),
        pga_post(
            regisseur,
            fixed=[partners["politie"], partners["gemeente"]],
            incidental=[(partners["school"], IncidentalGround.EXPERTISE, "Mentor kent het gezin.")],
        ),
    )

    assert response.status_code == 302
    decision = TriageDecision.objects.get()
    assert decision.procesregisseur == regisseur
    assert sorted(decision.invitees.values_list("organisation__name", "is_incidental")) == [
        ("Gemeente Utrecht", False),
        ("Het Lyceum", True),
        ("Politie Midden", False),
    ]
    assert list(cases_visible_to(regisseur)) == [item.casus]  # the dossier is opened: the regisseur sees it


def test_an_incidental_partner_without_ground_is_refused_with_the_typed_text_kept(
    during_meeting, chair_client, regisseur, partners
):
    _, (item, _) = finalised_meeting()
    data = pga_post(
        regisseur, fixed=[partners["politie"]], incidental=[(partners["school"], "", "Mentor kent het gezin.")]
    )

    response = chair_client.post(item_url(item), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies de grondslag waarop deze partner meedoet." in body
    assert "Mentor kent het gezin." in body
    assert not TriageDecision.objects.exists()
    item.casus.refresh_from_db()
    assert item.casus.status == CasusStatus.GEAGENDEERD


def test_pga_without_procesregisseur_is_refused_in_dutch(during_meeting, chair_client, partners):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(item_url(item), pga_post(None, fixed=[partners["politie"]], motivation="Typed"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Kies de procesregisseur" in body and "Typed" in body


def test_recording_not_discussed_from_the_page(during_meeting, chair_client):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(
        item_url(item), {"besluit": "niet_besproken", "niet_besproken-reason": NotDiscussedReason.MELDER_AFWEZIG}
    )

    assert response.status_code == 302
    item.casus.refresh_from_db()
    assert item.casus.status == CasusStatus.DOORGESCHOVEN
    page = chair_client.get(item_url(item)).content.decode()
    assert "Doorgeschoven naar de triage van donderdag 17 december 2026" in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"besluit": "onzin"},
        {"besluit": "pga", "pga-procesregisseur": "abc"},  # no management form
        {"besluit": "niet_besproken", "niet_besproken-reason": "weet niet"},
    ],
)
def test_bad_input_never_gives_a_500(during_meeting, chair_client, data):
    _, (item, _) = finalised_meeting()

    response = chair_client.post(item_url(item), data)

    assert response.status_code in (200, 302)
    assert not TriageDecision.objects.exists()


def test_a_decision_refused_by_the_service_keeps_the_typed_text(client, chair):
    _, (item, _) = finalised_meeting()
    with time_machine.travel(datetime.datetime(2026, 12, 9, 10, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(chair)
        chair_client = client
        page = chair_client.get(item_url(item)).content.decode()
        assert "Besluiten worden vastgelegd op de dag van de triage" in page

        response = chair_client.post(item_url(item), {"besluit": "geen_pga", "geen_pga-advice": "Mijn advies"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Besluiten worden vastgelegd op de dag van de triage" in body and "Mijn advies" in body


def test_an_item_of_another_meeting_is_404(during_meeting, chair_client):
    meeting, _ = finalised_meeting()
    other = TriageMeetingFactory(date=datetime.date(2026, 12, 17))
    elsewhere = AgendaItemFactory(meeting=other, geagendeerd=True)

    url = reverse("triage:session_item", kwargs={"meeting_id": meeting.pk, "item_id": elsewhere.pk})
    assert chair_client.get(url).status_code == 404


# --------------------------------------------------------------------------- access


def test_another_chair_may_run_the_session(during_meeting, client):
    meeting, (item, _) = finalised_meeting()
    client.force_login(UserFactory(voorzitter=True))

    assert client.get(session_url(meeting)).status_code == 200
    assert client.get(item_url(item)).status_code == 200


@pytest.mark.parametrize("trait", ["melder", "ketenpartner", "regisseur", "beheerder"])
def test_other_roles_cannot_see_or_decide(during_meeting, client, trait):
    meeting, (item, _) = finalised_meeting()
    user = item.casus.melder if trait == "melder" else UserFactory(**{trait: True})
    client.force_login(user)

    assert client.get(session_url(meeting)).status_code == 403
    assert client.get(item_url(item)).status_code == 403
    assert client.post(item_url(item), {"besluit": "geen_pga", "geen_pga-advice": ADVICE}).status_code == 403
    assert client.post(session_url(meeting)).status_code == 403
    assert not TriageDecision.objects.exists()


def test_anonymous_goes_to_login(client, during_meeting):
    meeting, _ = finalised_meeting()
    response = client.get(session_url(meeting))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --------------------------------------------------------------------------- the melder's casus page


def test_the_melder_sees_the_outcome_and_the_letter_once_the_meeting_is_closed(during_meeting, client, chair):
    meeting, (item,) = finalised_meeting(1)
    casus_url = reverse("intake:casus_detail", kwargs={"casus_id": item.casus.pk})
    letter = reverse("triage:decision_letter", kwargs={"casus_id": item.casus.pk})
    client.force_login(item.casus.melder)
    decision_record_geen_pga(item=item, by=chair, advice=ADVICE)

    body = client.get(casus_url).content.decode()
    assert "Uitkomst Integrale Triage" not in body and letter not in body

    meeting_close(meeting=meeting, by=chair)
    body = client.get(casus_url).content.decode()
    assert "Uitkomst Integrale Triage" in body and "Geen PGA" in body
    assert letter in body
    assert ADVICE in body  # the advice, under "Terugkoppeling van het ZVH"


def test_the_chair_sees_the_decision_on_the_casus_page_at_once(during_meeting, chair_client, chair):
    _, (item,) = finalised_meeting(1)
    decision_record_geen_pga(item=item, by=chair, advice=ADVICE)

    body = chair_client.get(reverse("intake:casus_detail", kwargs={"casus_id": item.casus.pk})).content.decode()
    assert "Uitkomst Integrale Triage" in body
    assert reverse("triage:decision_letter", kwargs={"casus_id": item.casus.pk}) in body


def test_a_partner_organisation_can_be_chosen_only_as_fixed_or_incidental(during_meeting, chair_client, regisseur):
    """An incidental row offers no fixed partner (they have their own tick boxes)."""
    _, (item, _) = finalised_meeting()
    fixed = OrganisationFactory(name="Reclassering Nederland", kind=OrganisationKind.RECLASSERING)

    response = chair_client.post(
        item_url(item), pga_post(regisseur, incidental=[(fixed, IncidentalGround.EXPERTISE, "Toezicht.")])
    )

    assert response.status_code == 200
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    assert not TriageDecision.objects.exists()
