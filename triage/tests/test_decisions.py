"""The triage decides per slot and the chair closes the meeting (issue 5, "During the meeting").

What a user would notice: the case's status after each decision, the PGA dossier in the
procesregisseur's "Mijn dossiers", the case moving to the next Thursday when it was not
discussed, the Dutch refusals, the one message and one mail per melder when the meeting is
closed (the mail without personal data and without the advice), and the decision letter.
"""

import datetime
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus, FeedbackKind
from intake.models import Feedback
from intake.selectors import cases_visible_to
from intake.tests.factories import BetrokkeneFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from triage.constants import AgendaItemStatus, DecisionOutcome, IncidentalGround, NotDiscussedReason
from triage.models import AgendaItem, TriageDecision
from triage.services.decisions import (
    Invitee,
    decision_record_geen_pga,
    decision_record_not_discussed,
    decision_record_pga,
    meeting_close,
)
from triage.tests.meeting_factories import AgendaItemFactory, TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.core.exceptions import ServiceError
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

SECRET_SURNAME = "Geheimachternaam"
ADVICE = "Neem contact op met het wijkteam Noord voor schuldhulp en een gezinscoach."
MEETING_DATE = datetime.date(2026, 12, 10)
NEXT_MEETING_DATE = datetime.date(2026, 12, 17)


# --------------------------------------------------------------------------- helpers shared with test_session


def finalised_meeting(slots: int = 2, **meeting_fields):
    """A held meeting on 10 December 2026 whose agenda is final, with ``slots`` cases at positions 1..n.

    Each case has a betrokkene with SECRET_SURNAME and a melder with an e-mail address.
    """
    meeting = TriageMeetingFactory(date=MEETING_DATE, **meeting_fields)
    items = []
    for position in range(1, slots + 1):
        item = AgendaItemFactory(meeting=meeting, geagendeerd=True, position=position)
        item.casus.melder.email = f"melder{position}@partner.example"
        item.casus.melder.save(update_fields=["email"])
        BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
        items.append(item)
    meeting.agenda_finalised_at = timezone.now()
    meeting.save(update_fields=["agenda_finalised_at"])
    return meeting, items


@pytest.fixture
def during_meeting():
    with time_machine.travel(datetime.datetime(2026, 12, 10, 13, 25, tzinfo=TIMEZONE), tick=False):
        yield


@pytest.fixture
def chair():
    return UserFactory(voorzitter=True, first_name="Vera", last_name="Voorzitter")


@pytest.fixture
def regisseur():
    return UserFactory(regisseur=True, first_name="Rik", last_name="Regie")


@pytest.fixture
def partners():
    """Fixed partners and one incidental organisation (a school)."""
    return {
        "politie": OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE),
        "gemeente": OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE),
        "school": OrganisationFactory(name="Het Lyceum", kind=OrganisationKind.ONDERWIJS),
    }


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def decide_all(meeting_items, chair, regisseur, partners):
    """geen PGA for slot 1, PGA for slot 2, niet besproken for slot 3."""
    geen, pga, absent = meeting_items
    decision_record_geen_pga(item=geen, by=chair, advice=ADVICE, motivation="Geen drang nodig.")
    decision_record_pga(
        item=pga,
        by=chair,
        procesregisseur=regisseur,
        invitees=[
            Invitee(partners["politie"]),
            Invitee(partners["school"], IncidentalGround.EXPERTISE, "Kent de kinderen dagelijks."),
        ],
    )
    decision_record_not_discussed(item=absent, by=chair, reason=NotDiscussedReason.MELDER_AFWEZIG)


# --------------------------------------------------------------------------- geen PGA


def test_geen_pga_records_the_advice_and_the_case_is_discussed(during_meeting, chair):
    meeting, (item, _) = finalised_meeting()

    decision = decision_record_geen_pga(item=item, by=chair, advice=f"  {ADVICE}  ", motivation="Eén keten volstaat.")

    item.refresh_from_db()
    item.casus.refresh_from_db()
    assert (decision.outcome, decision.advice, decision.decided_by) == (DecisionOutcome.GEEN_PGA, ADVICE, chair)
    assert item.status == AgendaItemStatus.BESPROKEN
    assert item.casus.status == CasusStatus.BESPROKEN_GEEN_PGA
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="triage.triagedecision", case_reference=item.casus.reference
    ).exists()
    # The melder hears nothing until the meeting is closed.
    assert not Feedback.objects.filter(casus=item.casus).exists()
    assert not OutgoingMail.objects.filter(key__startswith="triage-uitkomst:").exists()


def test_geen_pga_without_advice_is_refused_and_nothing_changes(during_meeting, chair):
    _, (item, _) = finalised_meeting()

    with pytest.raises(ServiceError, match="Schrijf het advies aan de melder"):
        decision_record_geen_pga(item=item, by=chair, advice="   ")

    item.refresh_from_db()
    assert item.status == AgendaItemStatus.GEAGENDEERD
    assert not TriageDecision.objects.exists()


# --------------------------------------------------------------------------- PGA


def test_pga_starts_the_dossier_of_the_procesregisseur_with_the_first_casusoverleg(
    during_meeting, chair, regisseur, partners
):
    _, (item, _) = finalised_meeting()

    decision = decision_record_pga(
        item=item,
        by=chair,
        procesregisseur=regisseur,
        invitees=[
            Invitee(partners["politie"]),
            Invitee(partners["gemeente"]),
            Invitee(partners["school"], IncidentalGround.WETTELIJKE_TAAK, "Leerplicht."),
        ],
    )

    item.casus.refresh_from_db()
    assert item.casus.status == CasusStatus.PGA
    assert decision.procesregisseur == regisseur
    # pga opened the dossier (triage.signals.pga_decided): the procesregisseur may now open the case.
    assert list(cases_visible_to(regisseur)) == [item.casus]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="pga.pgadossier").exists()
    invitees = {i.organisation.name: (i.is_incidental, i.ground, i.ground_explanation) for i in decision.invitees.all()}
    assert invitees == {
        "Politie Midden": (False, "", ""),
        "Gemeente Utrecht": (False, "", ""),
        "Het Lyceum": (True, IncidentalGround.WETTELIJKE_TAAK, "Leerplicht."),
    }


@pytest.mark.parametrize(
    ("ground", "explanation", "message"),
    [("", "Kent de kinderen.", "Kies voor Het Lyceum de grondslag"), ("expertise", "  ", "Licht de grondslag van")],
)
def test_an_incidental_invitee_without_ground_or_explanation_is_refused(
    during_meeting, chair, regisseur, partners, ground, explanation, message
):
    _, (item, _) = finalised_meeting()

    with pytest.raises(ServiceError, match=message):
        decision_record_pga(
            item=item, by=chair, procesregisseur=regisseur, invitees=[Invitee(partners["school"], ground, explanation)]
        )

    item.casus.refresh_from_db()
    assert item.casus.status == CasusStatus.GEAGENDEERD
    assert not cases_visible_to(regisseur).exists() and not TriageDecision.objects.exists()


@pytest.mark.parametrize("who", ["no_role", "inactive", "none"])
def test_pga_needs_an_active_procesregisseur(during_meeting, chair, partners, who):
    _, (item, _) = finalised_meeting()
    person = {
        "no_role": UserFactory(melder=True),
        "inactive": UserFactory(regisseur=True, is_active=False),
        "none": None,
    }[who]

    with pytest.raises(ServiceError, match="rol procesregisseur"):
        decision_record_pga(item=item, by=chair, procesregisseur=person, invitees=[Invitee(partners["politie"])])
    assert not TriageDecision.objects.exists()


def test_pga_needs_participants_for_the_first_casusoverleg(during_meeting, chair, regisseur):
    _, (item, _) = finalised_meeting()

    with pytest.raises(ServiceError, match="ten minste één organisatie"):
        decision_record_pga(item=item, by=chair, procesregisseur=regisseur, invitees=[])


# --------------------------------------------------------------------------- niet besproken


def test_not_discussed_moves_the_case_to_the_next_held_meeting(during_meeting, chair):
    meeting, (item, _) = finalised_meeting()

    decision = decision_record_not_discussed(item=item, by=chair, reason=NotDiscussedReason.MELDER_AFWEZIG)

    item.refresh_from_db()
    item.casus.refresh_from_db()
    assert decision.outcome == DecisionOutcome.NIET_BESPROKEN
    assert decision.not_discussed_reason == NotDiscussedReason.MELDER_AFWEZIG
    assert item.status == AgendaItemStatus.DOORGESCHOVEN
    assert item.moved_to.meeting.date == NEXT_MEETING_DATE
    assert item.moved_to.status == AgendaItemStatus.GEBONDEN
    assert item.casus.status == CasusStatus.DOORGESCHOVEN
    assert item.casus.target_triage_date == NEXT_MEETING_DATE
    assert "melder was niet aanwezig" in item.casus.status_changes.last().reason


def test_not_discussed_needs_a_reason(during_meeting, chair):
    _, (item, _) = finalised_meeting()
    with pytest.raises(ServiceError, match="Kies waarom"):
        decision_record_not_discussed(item=item, by=chair, reason="")


# --------------------------------------------------------------------------- when a decision is refused


def test_one_decision_per_item(during_meeting, chair):
    _, (item, _) = finalised_meeting()
    decision_record_geen_pga(item=item, by=chair, advice=ADVICE)

    with pytest.raises(ServiceError, match="al een besluit"):
        decision_record_not_discussed(item=item, by=UserFactory(voorzitter=True), reason=NotDiscussedReason.GEEN_TIJD)
    assert TriageDecision.objects.count() == 1


@pytest.mark.parametrize("trait", ["melder", "ketenpartner", "regisseur", "beheerder"])
def test_only_a_chair_decides(during_meeting, regisseur, partners, trait):
    _, (item, _) = finalised_meeting()
    user = UserFactory(**{trait: True})
    for decide in (
        lambda: decision_record_geen_pga(item=item, by=user, advice=ADVICE),
        lambda: decision_record_pga(
            item=item, by=user, procesregisseur=regisseur, invitees=[Invitee(partners["politie"])]
        ),
        lambda: decision_record_not_discussed(item=item, by=user, reason=NotDiscussedReason.GEEN_TIJD),
    ):
        with pytest.raises(ServiceError, match="Alleen een triagevoorzitter"):
            decide()
    assert not TriageDecision.objects.exists() and not cases_visible_to(regisseur).exists()


def test_no_decision_before_the_meeting_day(chair):
    _, (item, _) = finalised_meeting()
    with time_machine.travel(datetime.datetime(2026, 12, 9, 16, 0, tzinfo=TIMEZONE), tick=False):
        with pytest.raises(ServiceError, match="op de dag van de triage"):
            decision_record_geen_pga(item=item, by=chair, advice=ADVICE)


def test_no_decision_while_the_agenda_is_not_final(during_meeting, chair):
    meeting, (item, _) = finalised_meeting()
    meeting.agenda_finalised_at = None
    meeting.save(update_fields=["agenda_finalised_at"])

    with pytest.raises(ServiceError, match="agenda van deze triage is nog niet vastgesteld"):
        decision_record_geen_pga(item=item, by=chair, advice=ADVICE)


def test_no_decision_for_a_case_only_bound_to_the_meeting(during_meeting, chair):
    meeting, _ = finalised_meeting()
    bound = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ServiceError, match="staat niet \\(meer\\) op de agenda"):
        decision_record_geen_pga(item=bound, by=chair, advice=ADVICE)


# --------------------------------------------------------------------------- closing the meeting


def test_closing_refuses_while_slots_have_no_decision_naming_time_and_reference(during_meeting, chair):
    meeting, (first, second) = finalised_meeting()
    decision_record_geen_pga(item=first, by=chair, advice=ADVICE)

    with pytest.raises(ServiceError) as refused:
        meeting_close(meeting=meeting, by=chair)

    assert str(refused.value) == f"Nog geen besluit voor: 13:20 {second.casus.reference}."
    meeting.refresh_from_db()
    assert meeting.closed_at is None
    assert not Feedback.objects.exists()


def test_closing_tells_each_melder_once_in_the_app_and_by_mail_without_personal_data(
    during_meeting, chair, regisseur, partners
):
    meeting, items = finalised_meeting(3)
    geen, pga, absent = items
    decide_all(items, chair, regisseur, partners)

    closing = meeting_close(meeting=meeting, by=chair)

    assert closing.informed == 3
    meeting.refresh_from_db()
    assert (meeting.closed_by, meeting.closed_at is not None) == (chair, True)
    # geen PGA: the outcome and the advice in the app; the case is closed for the ZVH.
    geen.casus.refresh_from_db()
    assert geen.casus.status == CasusStatus.AFGESLOTEN
    assert list(geen.casus.feedback.values_list("kind", flat=True)) == [FeedbackKind.UITKOMST, FeedbackKind.ADVIES]
    assert geen.casus.feedback.get(kind=FeedbackKind.ADVIES).message == ADVICE
    # PGA stays PGA (the procesregisseur runs it); the melder reads who the regisseur is.
    pga.casus.refresh_from_db()
    assert pga.casus.status == CasusStatus.PGA
    assert "Rik Regie" in pga.casus.feedback.get(kind=FeedbackKind.UITKOMST).message
    # Niet besproken: the new date.
    assert "donderdag 17 december 2026" in absent.casus.feedback.get(kind=FeedbackKind.UITKOMST).message

    mails = {m.case_reference: m for m in OutgoingMail.objects.filter(key__startswith="triage-uitkomst:")}
    assert set(mails) == {item.casus.reference for item in items}
    for item in items:
        sent = mails[item.casus.reference]
        assert sent.to == [item.casus.melder.email]
        assert sent.topic == meeting.mail_topic
        assert item.casus.reference in sent.subject and item.casus.reference in sent.body
        assert reverse("intake:casus_detail", args=[item.casus.pk]) in sent.body
        assert SECRET_SURNAME not in sent.body + sent.subject
        assert ADVICE not in sent.body and "Rik Regie" not in sent.body
    assert "Lees het advies van de triage in de applicatie" in mails[geen.casus.reference].body
    assert "donderdag 17 december 2026" in mails[absent.casus.reference].body
    assert TriageDecision.objects.filter(melder_informed_at__isnull=True).count() == 0

    # Closing again (a double click) sends nothing twice.
    again = meeting_close(meeting=meeting, by=UserFactory(voorzitter=True))
    assert again.informed == 0
    assert OutgoingMail.objects.filter(key__startswith="triage-uitkomst:").count() == 3
    assert Feedback.objects.filter(kind=FeedbackKind.UITKOMST).count() == 3
    meeting.refresh_from_db()
    assert meeting.closed_by == chair


def test_no_decision_after_the_meeting_is_closed(during_meeting, chair):
    meeting, (item,) = finalised_meeting(1)
    decision_record_not_discussed(item=item, by=chair, reason=NotDiscussedReason.GEEN_TIJD)
    meeting_close(meeting=meeting, by=chair)
    later = AgendaItem.objects.get(pk=item.pk)

    with pytest.raises(ServiceError):
        decision_record_geen_pga(item=later, by=chair, advice=ADVICE)


def test_only_a_chair_closes(during_meeting):
    meeting, _ = finalised_meeting(0)
    with pytest.raises(ServiceError, match="Alleen een triagevoorzitter"):
        meeting_close(meeting=meeting, by=UserFactory(melder=True))


def test_a_meeting_cannot_be_closed_before_its_day(chair):
    meeting, _ = finalised_meeting(0)
    with time_machine.travel(datetime.datetime(2026, 12, 3, 14, 0, tzinfo=TIMEZONE), tick=False):
        with pytest.raises(ServiceError, match="op de dag van de triage"):
            meeting_close(meeting=meeting, by=chair)


# --------------------------------------------------------------------------- the decision letter (pdf)


def letter_url(casus) -> str:
    return reverse("triage:decision_letter", kwargs={"casus_id": casus.pk})


def test_the_decision_letters_hold_the_references_and_no_betrokkene_names(
    during_meeting, client, chair, regisseur, partners, settings
):
    settings.ZVH_NAME = "Zorg- en Veiligheidshuis Testregio"
    meeting, items = finalised_meeting(3)
    geen, pga, absent = items
    decide_all(items, chair, regisseur, partners)
    meeting_close(meeting=meeting, by=chair)

    texts = {}
    for item in items:
        client.force_login(item.casus.melder)
        response = client.get(letter_url(item.casus))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="besluitbrief-{item.casus.reference}.pdf"'
        texts[item] = text = pdf_text(response.content)
        assert "Zorg- en Veiligheidshuis Testregio" in text
        assert item.casus.reference in text
        assert "donderdag 10 december 2026" in text
        assert SECRET_SURNAME not in text
        assert "Geen drang nodig" not in text  # the motivation stays with the ZVH
    assert "Geen PGA" in texts[geen] and ADVICE in texts[geen]
    assert "PGA" in texts[pga] and "Rik Regie" in texts[pga]
    assert "Politie Midden" in texts[pga] and "Het Lyceum" in texts[pga]
    assert "Noodzakelijke expertise" in texts[pga] and "Kent de kinderen" not in texts[pga]
    assert "Niet besproken" in texts[absent] and "donderdag 17 december 2026" in texts[absent]
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, case_reference=geen.casus.reference, user=geen.casus.melder
    ).exists()


def test_the_melder_gets_the_letter_only_after_closing_the_chair_once_decided(during_meeting, client, chair):
    meeting, (item,) = finalised_meeting(1)
    melder = item.casus.melder
    client.force_login(melder)
    assert client.get(letter_url(item.casus)).status_code == 404  # nothing decided yet

    decision_record_geen_pga(item=item, by=chair, advice=ADVICE)
    assert client.get(letter_url(item.casus)).status_code == 404  # decided, meeting still running

    client.force_login(UserFactory(voorzitter=True))
    assert client.get(letter_url(item.casus)).status_code == 200

    meeting_close(meeting=meeting, by=chair)
    client.force_login(melder)
    assert client.get(letter_url(item.casus)).status_code == 200
    # A colleague of the same organisation shares the case; a melder elsewhere does not.
    client.force_login(UserFactory(melder=True, organisation=melder.organisation))
    assert client.get(letter_url(item.casus)).status_code == 200
    client.force_login(UserFactory(melder=True))
    assert client.get(letter_url(item.casus)).status_code == 404


# The procesregisseur of the running dossier may print it (registered by pga, tested in pga/tests).
@pytest.mark.parametrize("trait", ["ketenpartner", "beheerder", "logbeheerder"])
def test_other_roles_get_no_letter(during_meeting, client, chair, regisseur, partners, trait):
    meeting, (item,) = finalised_meeting(1)
    decision_record_pga(item=item, by=chair, procesregisseur=regisseur, invitees=[Invitee(partners["politie"])])
    meeting_close(meeting=meeting, by=chair)

    client.force_login(UserFactory(**{trait: True}))
    assert client.get(letter_url(item.casus)).status_code == 403


def test_a_melder_who_was_absent_is_told_why_and_what_comes_next(during_meeting, client, chair):
    """Issue 17: "melder afwezig" moved the case on without telling the melder why or what follows."""
    meeting, (item,) = finalised_meeting(1)
    decision_record_not_discussed(item=item, by=chair, reason=NotDiscussedReason.MELDER_AFWEZIG)
    meeting_close(meeting=meeting, by=chair)
    why = "De casus is niet besproken, omdat de melder er niet bij was toen de casus aan de beurt was."
    rule = "Het ZVH bespreekt een casus alleen als de melder aanwezig is"
    next_step = (
        "De casus staat nu op de agenda van de Integrale Triage van donderdag 17 december 2026. U ontvangt een "
        "nieuwe uitnodiging met het tijdstip zodra de agenda van die triage vaststaat."
    )

    client.force_login(item.casus.melder)
    page = " ".join(client.get(reverse("intake:casus_detail", args=[item.casus.pk])).content.decode().split())
    mail = " ".join(OutgoingMail.objects.get(key__startswith="triage-uitkomst:").body.split())
    letter = pdf_text(client.get(letter_url(item.casus)).content)

    for text in (page, mail, letter):
        assert why in text and rule in text and next_step in text
    assert "Wat er gebeurde en wat nu volgt" in letter
