"""The casusoverleg's change pages through the real URLs: changing, cancelling, chasing, a follow-up.

The services have their own tests (test_overleg.py); these check what the procesregisseur notices on
the pages: bad input comes back with a Dutch message and everything typed, never a 500; another
user's attempt is a 404 with a DENIED entry in the audit log.
"""

import datetime
import re

import pytest
import time_machine

from participants.tests.factories import UserFactory
from pga.constants import OverlegResponse, OverlegStatus
from pga.models import Casusoverleg, OverlegContact
from pga.services import overleg_answer, overleg_cancel
from pga.tests.factories import informed, regisseur
from pga.tests.test_overleg import event_of, held, invited, move_to_afternoon, plan
from zvh.audit.models import AuditEvent
from zvh.calendar.scheduling import TIMEZONE
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("overleg_clock")]


@pytest.fixture
def dossier():
    return informed(on=datetime.date(2027, 1, 14))


@pytest.fixture
def overleg(dossier, politie, agent):
    """Casusoverleg 1 on 21 January 2027, the police and a school invited (test_overleg.invited)."""
    return invited(dossier, politie, agent)


def page_url(dossier, tail: str = "") -> str:
    return f"/dossiers/{dossier.casus_id}/casusoverleg/1/{tail}"


def planning(**changes) -> dict:
    values = {
        "date": "2027-01-21",
        "starts_at": "10:00",
        "ends_at": "11:30",
        "place": "Zaal 2, Stationsplein 1",
        "online_link": "https://meet.example/zvh-42",
        "agenda": "1. Opening\n2. Voortgang plan\n3. Afspraken",
    }
    return {**values, **changes}


# --- changing ------------------------------------------------------------------------------------------


def test_changing_the_time_on_the_page_sends_the_update_and_says_so(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    form = client.get(page_url(dossier, "wijzigen/")).content.decode()
    assert 'value="Zaal 2, Stationsplein 1"' in form and 'value="10:00"' in form
    response = client.post(page_url(dossier, "wijzigen/"), planning(starts_at="13:00", ends_at="14:00"))
    assert response.status_code == 302 and response["Location"] == page_url(dossier)
    assert "Het casusoverleg is gewijzigd." in client.get(page_url(dossier)).content.decode()
    overleg.refresh_from_db()
    assert (overleg.starts_at, overleg.ends_at, overleg.calendar_sequence) == (
        datetime.time(13, 0),
        datetime.time(14, 0),
        1,
    )
    assert OutgoingMail.objects.filter(key__contains=":wijziging:").count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_at": "09:00"}, "De eindtijd ligt na de begintijd."),
        ({"date": "2027-01-14"}, "Een casusoverleg plant u op vandaag of later."),
        ({"place": "", "online_link": ""}, "Geef een plaats of een link om online deel te nemen, of allebei."),
        ({"date": "31-02-2027"}, "Vul een geldige datum in."),
        ({"starts_at": "25:00"}, "Vul een geldige tijd in (uu:mm)."),
        ({"agenda": ""}, "Vul in: agenda."),
        ({}, "Er is niets gewijzigd."),
    ],
)
def test_a_refused_change_keeps_what_was_typed_and_sends_nothing(client, dossier, overleg, changes, message):
    client.force_login(dossier.procesregisseur)
    typed = planning(**changes)
    response = client.post(page_url(dossier, "wijzigen/"), typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    for name in ("date", "starts_at", "ends_at", "place", "online_link"):
        if typed[name]:
            assert f'value="{typed[name]}"' in body, name
    assert typed["agenda"] in body
    overleg.refresh_from_db()
    assert (overleg.starts_at, overleg.calendar_sequence, overleg.agenda) == (
        datetime.time(10, 0),
        0,
        "1. Opening\n2. Voortgang plan\n3. Afspraken",
    )
    assert not OutgoingMail.objects.filter(key__contains=":wijziging:").exists()


def test_a_cancelled_meeting_is_not_changed_and_the_page_says_why(client, dossier, overleg):
    overleg_cancel(overleg=overleg, reason="Opgenomen", by=dossier.procesregisseur)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "wijzigen/"), planning(starts_at="13:00", ends_at="14:00"))
    assert response.status_code == 200
    assert "Dit casusoverleg is geannuleerd en kan niet meer wijzigen." in response.content.decode()
    page = client.get(page_url(dossier)).content.decode()
    assert "Wijzigen</a>" not in page and "Annuleren</a>" not in page


# --- cancelling -----------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_then_cancels_everyones_invitation(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    empty = client.post(page_url(dossier, "annuleren/"), {"reason": "  "})
    assert empty.status_code == 200 and "Vul in: reden." in empty.content.decode()
    assert Casusoverleg.objects.get(pk=overleg.pk).status == OverlegStatus.UITGENODIGD
    response = client.post(page_url(dossier, "annuleren/"), {"reason": "Betrokkene opgenomen"})
    assert response.status_code == 302
    assert "Het casusoverleg is geannuleerd." in client.get(page_url(dossier)).content.decode()
    assert Casusoverleg.objects.get(pk=overleg.pk).status == OverlegStatus.GEANNULEERD
    assert OutgoingMail.objects.filter(key__contains=":annulering:").count() == 2
    # Cancelling again: the Dutch reason, the text typed kept.
    again = client.post(page_url(dossier, "annuleren/"), {"reason": "Nog eens"})
    assert "Dit casusoverleg is geannuleerd en kan niet meer wijzigen." in again.content.decode()
    assert ">\nNog eens</textarea>" in again.content.decode()


# --- chasing ----------------------------------------------------------------------------------------------


def test_chasing_from_the_page_asks_only_who_did_not_answer(client, dossier, overleg, agent):
    overleg_answer(contact=OverlegContact.objects.get(user=agent), response=OverlegResponse.FYSIEK, by=agent)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert "Gevraagd te antwoorden: 1." in response.content.decode()
    (mail,) = OutgoingMail.objects.filter(key__contains=":aanmaning:")
    assert mail.to == ["mentor@lyceum.example"]
    # The same day again: nobody is asked twice.
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert "Gevraagd te antwoorden: 0." in response.content.decode()
    assert OutgoingMail.objects.filter(key__contains=":aanmaning:").count() == 1


def test_chasing_a_meeting_not_yet_invited_is_refused_with_a_message(client, dossier):
    plan(dossier)
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "aanmanen/"), follow=True)
    assert response.status_code == 200
    assert "Alleen wie is uitgenodigd kan worden gevraagd te antwoorden." in response.content.decode()
    assert not OutgoingMail.objects.filter(key__contains=":aanmaning:").exists()


def test_chasing_is_a_post_only_button(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    assert client.get(page_url(dossier, "aanmanen/")).status_code == 405


# --- the follow-up --------------------------------------------------------------------------------------


def test_a_follow_up_from_the_page_takes_the_participants_and_a_new_place(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    form = client.get(page_url(dossier, "vervolg/")).content.decode()
    assert 'value="Zaal 2, Stationsplein 1"' in form
    response = client.post(page_url(dossier, "vervolg/"), planning(date="2027-02-18", place="Zaal 5, Stationsplein 1"))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{dossier.casus_id}/casusoverleg/2/"
    follow = Casusoverleg.objects.get(dossier=dossier, number=2)
    assert (follow.date, follow.place, follow.previous_id) == (
        datetime.date(2027, 2, 18),
        "Zaal 5, Stationsplein 1",
        overleg.pk,
    )
    assert sorted(follow.participants.values_list("organisation__name", flat=True)) == [
        "Het Lyceum",
        "Politie Eenheid Noord",
    ]
    assert OverlegContact.objects.filter(participant__overleg=follow).count() == 2


def test_a_refused_follow_up_keeps_what_was_typed_and_plans_nothing(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    typed = planning(date="2027-01-10", agenda="1. Opening\n2. Terugblik op de afspraken")
    response = client.post(page_url(dossier, "vervolg/"), typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Een casusoverleg plant u op vandaag of later." in body
    assert "2. Terugblik op de afspraken" in body and 'value="2027-01-10"' in body
    overleg_cancel(overleg=overleg, reason="Opgenomen", by=dossier.procesregisseur)
    response = client.post(page_url(dossier, "vervolg/"), planning(date="2027-02-18"))
    assert "Plan een vervolg vanuit een overleg dat doorging." in response.content.decode()
    assert not Casusoverleg.objects.filter(dossier=dossier, number=2).exists()


# --- correcting the minutes ----------------------------------------------------------------------------

HELD_DAY = datetime.datetime(2027, 1, 22, 9, 0, tzinfo=TIMEZONE)


def test_correcting_the_minutes_keeps_the_earlier_text_for_every_reader(client, dossier, politie, agent):
    overleg = held(dossier, politie, agent)  # minutes: "2. Voortgang plan" only; the police attended
    url = page_url(dossier, "notulen/corrigeren/")
    with time_machine.travel(HELD_DAY, tick=False):
        client.force_login(dossier.procesregisseur)
        form = client.get(url).content.decode()
        assert "Samenvatting: 3. Afspraken" in form and ">\nSchuldhulp loopt; politie houdt zicht.</textarea>" in form
        corrected = {
            "summary_0": "",
            "summary_1": "Schuldhulp loopt; wijkagent houdt zicht.",
            "summary_2": "Twee afspraken gemaakt.",
        }
        without_reason = client.post(url, corrected)
        assert without_reason.status_code == 200
        body = without_reason.content.decode()
        assert "Vul in: reden van de correctie." in body and "Schuldhulp loopt; wijkagent houdt zicht." in body
        unchanged = client.post(url, {"summary_1": "Schuldhulp loopt; politie houdt zicht.", "reason": "Typfout"})
        assert "Er is niets gewijzigd aan de notulen." in unchanged.content.decode()
        response = client.post(url, {**corrected, "reason": "Wijkagent in plaats van politie"})
        assert response.status_code == 302 and response["Location"] == page_url(dossier)
    assert [(m.agenda_point, m.summary) for m in overleg.minutes.all()] == [
        ("2. Voortgang plan", "Schuldhulp loopt; wijkagent houdt zicht."),
        ("3. Afspraken", "Twee afspraken gemaakt."),
    ]
    (version,) = overleg.minutes_versions.all()
    assert (version.number, version.reason, version.corrected_by) == (
        1,
        "Wijkagent in plaats van politie",
        dossier.procesregisseur,
    )
    assert version.minutes == [
        {"agenda_point": "2. Voortgang plan", "summary": "Schuldhulp loopt; politie houdt zicht."}
    ]
    assert dossier.events.filter(
        text="Casusoverleg 1 (21-01-2027): notulen gecorrigeerd (versie 2): Wijkagent in plaats van politie"
    ).exists()
    entry = AuditEvent.objects.get(detail__gebeurtenis="casusoverleg_notulen_gecorrigeerd")
    assert (entry.user, entry.object_id, entry.detail["versie"]) == (dossier.procesregisseur, str(overleg.pk), 2)
    assert "Wijkagent in plaats" not in str(entry.detail)  # the reason is text: not in the log
    # The attending partner hears of it (a link only) and reads both texts with the reason.
    (mail,) = OutgoingMail.objects.filter(key__contains=":correctie:")
    assert mail.to == ["agent@politie.example"] and "Schuldhulp" not in mail.body
    client.force_login(agent)
    body = client.get(page_url(dossier)).content.decode()
    assert "Schuldhulp loopt; wijkagent houdt zicht." in body
    assert "Versie 1, vervangen op 22-01-2027 09:00" in body and "Wijkagent in plaats van politie" in body
    assert "Schuldhulp loopt; politie houdt zicht." in body
    # The school did not attend: neither text.
    teacher = UserFactory(ketenpartner=True, organisation=overleg.participants.get(is_incidental=True).organisation)
    client.force_login(teacher)
    assert "Schuldhulp" not in client.get(page_url(dossier)).content.decode()


def test_minutes_not_recorded_yet_cannot_be_corrected(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    response = client.post(page_url(dossier, "notulen/corrigeren/"), {"summary_0": "Welkom", "reason": "Aanvulling"})
    assert response.status_code == 200
    assert "Alleen notulen die zijn vastgelegd kunt u corrigeren." in response.content.decode()
    assert ">\nWelkom</textarea>" in response.content.decode()


@pytest.mark.parametrize("who", ["uitgenodigde ketenpartner", "andere procesregisseur"])
def test_others_cannot_correct_the_minutes_404_and_audited(client, dossier, politie, agent, who):
    overleg = held(dossier, politie, agent)
    client.force_login(OTHERS[who](agent))
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(page_url(dossier, "notulen/corrigeren/"), {"summary_1": "Anders", "reason": "Zomaar"})
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(id__gt=before, action="denied")
    assert list(denied.values_list("detail__object", flat=True)) == [f"pga.pgadossier:{dossier.pk}"]
    assert not overleg.minutes_versions.exists()


# --- refused attempts by other users --------------------------------------------------------------------

PAGES = [
    ("get", "wijzigen/"),
    ("post", "wijzigen/"),
    ("get", "annuleren/"),
    ("post", "annuleren/"),
    ("post", "aanmanen/"),
    ("get", "vervolg/"),
    ("post", "vervolg/"),
]
OTHERS = {
    "andere procesregisseur": lambda agent: regisseur(),
    "triagevoorzitter": lambda agent: UserFactory(voorzitter=True),
    "uitgenodigde ketenpartner": lambda agent: agent,
}


@pytest.mark.parametrize("who", OTHERS.keys())
@pytest.mark.parametrize("method, tail", PAGES)
def test_other_users_get_404_the_attempt_is_audited_and_nothing_changes(
    client, dossier, overleg, agent, who, method, tail
):
    client.force_login(OTHERS[who](agent))
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    mails = OutgoingMail.objects.count()
    data = {**planning(starts_at="13:00", date="2027-02-18"), "reason": "Weg ermee"} if method == "post" else None
    response = getattr(client, method)(page_url(dossier, tail), data)
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(id__gt=before, action="denied")
    assert list(denied.values_list("detail__object", flat=True)) == [f"pga.pgadossier:{dossier.pk}"]
    overleg.refresh_from_db()
    assert (overleg.status, overleg.starts_at) == (OverlegStatus.UITGENODIGD, datetime.time(10, 0))
    assert not Casusoverleg.objects.filter(dossier=dossier, number=2).exists()
    assert OutgoingMail.objects.count() == mails


def test_a_meeting_number_that_does_not_exist_is_404(client, dossier, overleg):
    client.force_login(dossier.procesregisseur)
    assert client.get(f"/dossiers/{dossier.casus_id}/casusoverleg/7/wijzigen/").status_code == 404
    assert client.post(f"/dossiers/{dossier.casus_id}/casusoverleg/7/aanmanen/").status_code == 404


# --- the next casusoverleg in "Mijn dossiers" --------------------------------------------------------


def test_my_dossiers_gives_the_next_planned_casusoverleg_as_the_next_date(client, dossier, overleg):
    # Casusoverleg 1 (21 January, invited) and a follow-up on 18 February; the plan has no actions.
    follow = plan(dossier, date=datetime.date(2027, 2, 18))
    client.force_login(dossier.procesregisseur)
    (row,) = client.get("/dossiers/").context["rows"]
    assert (row.next_date, row.next_is_overleg) == (datetime.date(2027, 1, 21), True)
    body = client.get("/dossiers/").content.decode()
    assert "21 januari 2027<br><small>Casusoverleg</small>" in body
    # Cancelled, the next one counts; held or past ones never do.
    overleg_cancel(overleg=overleg, reason="Verplaatst", by=dossier.procesregisseur)
    (row,) = client.get("/dossiers/").context["rows"]
    assert (row.next_date, row.next_is_overleg) == (datetime.date(2027, 2, 18), True)
    with time_machine.travel(datetime.datetime(2027, 2, 19, 9, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(dossier.procesregisseur)  # the session of a month ago expired
        (row,) = client.get("/dossiers/").context["rows"]
    assert (row.next_date, row.next_is_overleg) == (None, False)
    assert follow.status == OverlegStatus.GEPLAND


def test_an_action_due_before_the_meeting_stays_the_next_date(client, politie):
    from pga.tests.factories import with_plan

    dossier = with_plan(on=datetime.date(2027, 1, 14), due=datetime.date(2027, 1, 19))
    plan(dossier)
    client.force_login(dossier.procesregisseur)
    (row,) = client.get("/dossiers/").context["rows"]
    assert (row.next_date, row.next_is_overleg) == (datetime.date(2027, 1, 19), False)


@pytest.mark.parametrize("rows", [1, 12])
def test_my_dossiers_with_meetings_keeps_its_query_count(client, django_assert_max_num_queries, rows):
    from pga.tests.test_pages import MAX_QUERIES_MY_DOSSIERS

    user = regisseur()
    for _ in range(rows):
        dossier = informed(procesregisseur=user, on=datetime.date(2027, 1, 14))
        plan(dossier)
        plan(dossier, date=datetime.date(2027, 2, 18))
    client.force_login(user)
    with django_assert_max_num_queries(MAX_QUERIES_MY_DOSSIERS):
        response = client.get("/dossiers/")
    assert [row.next_date for row in response.context["rows"]] == [datetime.date(2027, 1, 21)] * rows


# --- answering through the signed link (contacts without an account) ------------------------------------


def answer_link_in(mail) -> str:
    (line,) = [line for line in mail.body.splitlines() if "/dossiers/casusoverleg/antwoord/" in line]
    return line.strip().removeprefix("http://127.0.0.1:8000").removeprefix("https://127.0.0.1")


def school_mail(kind: str):
    return OutgoingMail.objects.get(to=["mentor@lyceum.example"], key__contains=f":{kind}:")


def test_only_the_contact_without_an_account_gets_an_answer_link_with_no_personal_data(dossier, overleg):
    from django.core import signing

    link = answer_link_in(school_mail("uitnodiging"))
    agent_mail = OutgoingMail.objects.get(to=["agent@politie.example"], key__contains=":uitnodiging:")
    assert "/casusoverleg/antwoord/" not in agent_mail.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    school = OverlegContact.objects.get(name="J. Mentor")
    assert signing.loads(token, salt="pga.casusoverleg.antwoord") == {"c": school.pk, "s": 0}
    for personal in ("Mentor", "mentor", "lyceum", "Lyceum", dossier.casus.reference):
        assert personal not in link
    # The calendar file points to the mail's link but does not carry it (calendars are synchronised elsewhere).
    description = str(event_of(school_mail("uitnodiging"))["DESCRIPTION"])
    assert "Uw antwoord geeft u via de link in de e-mail met deze uitnodiging." in description
    assert "De agenda ontvangt u van de procesregisseur." in description and token not in description
    assert "(na inloggen)" in str(event_of(agent_mail)["DESCRIPTION"])


def test_a_contact_without_an_account_answers_through_the_link_once(client, dossier, overleg):
    link = answer_link_in(school_mail("uitnodiging"))
    page = client.get(link)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    assert "donderdag 21 januari 2027, 10:00-11:30 uur" in body and "Uw antwoord nu" in body
    assert "Opening" not in body  # the agenda comes from the procesregisseur
    refused = client.post(link, {"response": "afwezig", "reason": " "})
    assert refused.status_code == 200
    assert "Geef aan waarom u niet kunt deelnemen." in refused.content.decode()
    (chosen,) = re.findall(r'<input[^>]*name="response"[^>]*checked[^>]*>', refused.content.decode())
    assert 'value="afwezig"' in chosen  # what was chosen is kept
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(link, {"response": "online"})
    assert response.status_code == 302 and response["Location"] == link
    assert "Uw antwoord is opgeslagen." in client.get(link).content.decode()
    school = OverlegContact.objects.get(name="J. Mentor")
    assert school.response == OverlegResponse.ONLINE
    (entry,) = AuditEvent.objects.filter(id__gt=before, detail__gebeurtenis="overleg_antwoord")
    assert (entry.user, entry.detail["via"], entry.detail["antwoord"]) == (None, "link", "online")
    step = "Casusoverleg 1 (21-01-2027): J. Mentor (Het Lyceum): online aanwezig. (via de link in de uitnodiging)"
    assert dossier.events.filter(text=step).count() == 1
    # The same answer again (a second click, a double submit) changes and writes nothing.
    client.post(link, {"response": "online"})
    assert dossier.events.filter(text=step).count() == 1
    assert AuditEvent.objects.filter(id__gt=before, detail__gebeurtenis="overleg_antwoord").count() == 1


def test_a_changed_meeting_refuses_the_old_link_and_the_new_mail_has_a_working_one(client, dossier, overleg):
    old = answer_link_in(school_mail("uitnodiging"))
    move_to_afternoon(overleg)
    refused = client.post(old, {"response": "fysiek"})
    assert refused.status_code == 404
    assert "Het casusoverleg is gewijzigd sinds deze e-mail." in refused.content.decode()
    new = answer_link_in(school_mail("wijziging"))
    assert client.post(new, {"response": "fysiek"}).status_code == 302
    assert OverlegContact.objects.get(name="J. Mentor").response == OverlegResponse.FYSIEK


def test_a_forged_expired_or_borrowed_link_is_refused_with_a_message(client, dossier, overleg, agent):
    from django.core import signing

    link = answer_link_in(school_mail("uitnodiging"))
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert "Deze link is niet (meer) geldig." in client.get(forged).content.decode()
    assert client.get(forged).status_code == 404
    # Another purpose's signature, or a token naming a contact who logs in, does not open the page.
    agent_contact = OverlegContact.objects.get(user=agent)
    other_salt = signing.dumps({"c": agent_contact.pk, "s": 0}, salt="zvh.iets-anders")
    assert client.get(f"/dossiers/casusoverleg/antwoord/{other_salt}/").status_code == 404
    from pga.answer_links import make_token

    with_account = make_token(contact_id=agent_contact.pk, sequence=0)
    assert client.post(f"/dossiers/casusoverleg/antwoord/{with_account}/", {"response": "online"}).status_code == 404
    assert agent_contact.response == OverlegResponse.OPEN
    with time_machine.travel(datetime.datetime(2027, 3, 17, 10, 0, tzinfo=TIMEZONE), tick=False):
        expired = client.get(link)
    assert expired.status_code == 404 and "Deze link is verlopen." in expired.content.decode()
    assert OverlegContact.objects.get(name="J. Mentor").response == OverlegResponse.OPEN


def test_after_the_meetings_day_nobody_answers_any_more(client, dossier, overleg, agent):
    with time_machine.travel(datetime.datetime(2027, 1, 22, 9, 0, tzinfo=TIMEZONE), tick=False):
        client.force_login(agent)
        page = client.get(page_url(dossier)).content.decode()
        assert "Antwoord opslaan" not in page
        late = client.post(page_url(dossier), {"response": "online"})
        assert "Op dit casusoverleg kan niet (meer) worden geantwoord." in late.content.decode()
        link = answer_link_in(school_mail("uitnodiging"))
        assert "Op dit casusoverleg kan niet (meer) worden geantwoord." in client.get(link).content.decode()
    assert set(OverlegContact.objects.values_list("response", flat=True)) == {OverlegResponse.OPEN}
