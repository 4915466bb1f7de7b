"""The weekly Integrale Triage in a real browser: the chair makes the agenda, a melder confirms
attendance from the invitation, the chair runs the session and closes it, and the melder reads
the outcome and downloads the besluitbrief.

What only a browser shows: the forms as they are really posted (checkboxes tied to a form by
the ``form`` attribute, formsets, radio groups), the navigation between the pages, the
JavaScript clock of a slot, and the layout on a phone.

The browser's time cannot be frozen, so meetings are placed relative to today: the agenda a
few days ahead, the session today, starting just now so that slot 1 is running.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intake.constants import Urgency
from intake.presentation import date_in_words
from intake.tests.factories import BetrokkeneFactory
from participants.constants import OrganisationKind
from participants.tests.factories import OrganisationFactory, UserFactory
from tests.browser.test_login import PASSWORD, login
from triage.services.agenda import agenda_finalise
from triage.tests.meeting_factories import AgendaItemFactory, ReadyAgendaItemFactory, TriageMeetingFactory
from triage.tests.test_agenda import SECRET_SURNAME, ready
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"ZVH-\d{4}-\d{5}")
ADVICE = "Neem contact op met het wijkteam Noord voor schuldhulp en een gezinscoach."
PHONE_WIDTH = 375


# --------------------------------------------------------------------------- data


def meeting_ahead(days: int = 5):
    """A regular meeting a few days from now whose intake closed at the cutoff: its agenda can be made."""
    return TriageMeetingFactory(
        date=timezone.localdate() + datetime.timedelta(days=days),
        intake_closed_at=timezone.now() - datetime.timedelta(hours=1),
    )


def meeting_today(slots: int = 4):
    """A meeting today whose agenda is final, started two minutes ago (slot 1 is running), with
    ``slots`` cases at positions 1..n; each case has a betrokkene with SECRET_SURNAME.

    Today, because decisions are only taken on or after the meeting's day; starting now, because
    the browser's clock cannot be frozen and the slot clock must be seen counting down.
    """
    now = timezone.localtime()
    start = max(now - datetime.timedelta(minutes=2), now.replace(hour=0, minute=0, second=0, microsecond=0))
    start = start.replace(second=0, microsecond=0)
    latest_end = start.replace(hour=23, minute=59)
    end = min(start + datetime.timedelta(minutes=90), latest_end)
    meeting = TriageMeetingFactory(
        date=now.date(),
        starts_at=start.time(),
        ends_at=end.time() if end > start else datetime.time(23, 59),
        agenda_finalised_at=timezone.now() - datetime.timedelta(days=2),
    )
    items = []
    for position in range(1, slots + 1):
        item = AgendaItemFactory(meeting=meeting, geagendeerd=True, position=position)
        BetrokkeneFactory(casus=item.casus, surname=SECRET_SURNAME)
        items.append(item)
    return meeting, items


def six_ready(meeting):
    """Six accepted cases for four slots: the two newest of normal urgency are the overflow."""
    return [
        ready(meeting, days_ago=1, urgency=Urgency.HOOG),  # newest, but urgent: stays
        ready(meeting, days_ago=20),
        ready(meeting, days_ago=15),
        ready(meeting, days_ago=2),  # proposed to move
        ready(meeting, days_ago=10),
        ready(meeting, days_ago=3),  # proposed to move
    ]


def references_in(locator) -> list[str]:
    """The case references in ``locator`` in the order shown, each once (a row names it several times)."""
    return list(dict.fromkeys(REFERENCE.findall(locator.inner_text())))


def slot_label(meeting, position: int) -> str:
    """ "13:00 – 13:20" as the agenda shows slot ``position`` (1-based)."""
    start, end = meeting.slots()[position - 1]
    start, end = timezone.localtime(start), timezone.localtime(end)
    return f"{start:%H:%M} \u2013 {end:%H:%M}"


def agenda_link(meeting) -> re.Pattern:
    """The name of the overview's link to the agenda (the date, then a visually hidden ": agenda")."""
    return re.compile(rf"^{date_in_words(meeting.date)}\s*: agenda$")


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


# --------------------------------------------------------------------------- 1. the agenda


def test_chair_moves_the_overflow_on_reorders_and_finalises_the_agenda(page, live_server, screenshot):
    meeting = meeting_ahead()
    cases = six_ready(meeting)
    proposed = {cases[3].casus.reference, cases[5].casus.reference}
    UserFactory(username="voorzitter", voorzitter=True)
    OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE, email="triage@politie.example")

    login(page, live_server, "voorzitter")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Triage").click()
    expect(page.get_by_role("heading", name="Integrale Triage", exact=True)).to_be_visible()
    page.get_by_role("link", name=agenda_link(meeting)).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda Integrale Triage {date_in_words(meeting.date)}")
    expect(page.get_by_role("status")).to_contain_text("Er staan 6 geaccepteerde casussen klaar voor 4 slots")
    table = page.get_by_role("table", name="Geaccepteerde casussen in de volgorde van de slots")
    expect(table.locator("tbody tr")).to_have_count(6)
    for item in cases:
        box = page.get_by_role("checkbox", name=f"Casus {item.casus.reference} doorschuiven")
        if item.casus.reference in proposed:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    expect(page.get_by_text(SECRET_SURNAME)).to_have_count(0)  # references only, no names
    # While there is an overflow the order cannot be changed and the agenda not finalised.
    expect(page.get_by_role("button", name=re.compile("^Omhoog"))).to_have_count(0)
    expect(page.get_by_role("button", name="Agenda vaststellen en uitnodigingen versturen")).to_have_count(0)
    screenshot("triage-agenda-overloop")

    page.get_by_role("button", name="Aangevinkte casussen doorschuiven naar de volgende triage").click()

    expect(page.get_by_role("status").first).to_contain_text("2 casus(sen) doorgeschoven naar de triage van")
    expect(table.locator("tbody tr")).to_have_count(4)
    order = references_in(table.locator("tbody"))
    assert len(order) == 4 and not proposed & set(order)

    page.get_by_role("button", name=f"Omhoog casus {order[1]}").click()

    expect(page.get_by_role("status").first).to_contain_text("De volgorde is aangepast.")
    expect(table.locator("tbody tr").first).to_contain_text(order[1])
    new_order = [order[1], order[0], *order[2:]]
    assert references_in(table.locator("tbody")) == new_order
    expect(table.locator("tbody tr").first).to_contain_text(slot_label(meeting, 1))
    screenshot("triage-agenda-volgorde")

    page.get_by_role("button", name="Agenda vaststellen en uitnodigingen versturen").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "De agenda is vastgesteld: 4 casus(sen) geagendeerd; de melders zijn uitgenodigd en 1 vaste partner(s)"
    )
    expect(page.get_by_role("heading", name="Vastgestelde agenda")).to_be_visible()
    placed = page.get_by_role("table", name="Vastgestelde agenda: tijdslot en casusnummer").locator("tbody tr")
    expect(placed).to_have_count(4)
    for position, reference in enumerate(new_order, start=1):
        row = placed.nth(position - 1)
        expect(row).to_contain_text(slot_label(meeting, position))
        expect(row).to_contain_text(reference)
        expect(row).to_contain_text("Nog niet bevestigd")
    expect(page.get_by_role("button", name="Agenda vaststellen en uitnodigingen versturen")).to_have_count(0)
    screenshot("triage-agenda-vastgesteld")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Agenda als pdf downloaden").click()
    assert download_info.value.suggested_filename == f"agenda-triage-{meeting.date:%Y-%m-%d}.pdf"
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("link", name="Uitnodigingen en bevestigingen van de melders").click()

    expect(page.get_by_role("heading", name="Uitnodigingen Integrale Triage")).to_be_visible()
    expect(page.get_by_text("4 melders hebben de aanwezigheid nog niet bevestigd.")).to_be_visible()
    rows = page.get_by_role("table", name="Per slot: casus, melder, bevestiging en de e-mails aan de melder").locator(
        "tbody tr"
    )
    expect(rows).to_have_count(4)
    for position, reference in enumerate(new_order, start=1):
        row = rows.nth(position - 1)
        expect(row).to_contain_text(reference)
        expect(row).to_contain_text(slot_label(meeting, position).replace(":", ".").replace("\u2013", "-"))
        expect(row.get_by_text("Nog niet bevestigd")).to_be_visible()
        expect(row.get_by_text("Verzonden")).to_be_visible()  # the invitation
        expect(
            row.get_by_role("button", name=f"Herinnering sturen aan de melder van casus {reference}")
        ).to_be_visible()
    partner_mails = page.get_by_role("table", name="Agenda en herinneringen aan de vaste partners")
    expect(partner_mails.get_by_role("row").filter(has_text="triage@politie.example")).to_contain_text("Verzonden")
    screenshot("triage-uitnodigingen-na-vaststellen")


# --------------------------------------------------------------------------- 2. attendance


def test_melder_confirms_online_attendance_from_the_invitation_and_the_chair_sees_it(page, live_server, screenshot):
    meeting = meeting_ahead()
    melder = UserFactory(username="agent", melder=True, email="agent@politie.example")
    item = ReadyAgendaItemFactory(meeting=meeting, casus__melder=melder)
    other = ReadyAgendaItemFactory(meeting=meeting, casus__melder__email="collega@gemeente.example")
    chair = UserFactory(username="voorzitter", voorzitter=True)
    agenda_finalise(meeting=meeting, by=chair)
    reference = item.casus.reference

    # The invitation mail holds the link to the attendance page; the melder follows it, logs in there.
    link = reverse("triage:attendance", args=[item.pk])
    assert link in OutgoingMail.objects.get(key=f"triage-uitnodiging:{item.pk}").body
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("agent")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Uitnodiging Integrale Triage")).to_be_visible()
    expect(page.get_by_text(f"Casus {reference}", exact=True)).to_be_visible()
    expect(page.get_by_text(date_in_words(meeting.date), exact=True)).to_be_visible()
    expect(page.get_by_text("Uw aanwezigheid is vereist.")).to_be_visible()

    # Submitting without a choice: a Dutch error, no confirmation.
    page.get_by_role("button", name="Aanwezigheid bevestigen").click()
    expect(page.get_by_text("Kies of u in de vergaderruimte of online aanwezig bent.")).to_be_visible()

    page.get_by_role("group", name="Hoe bent u aanwezig bij de bespreking?").get_by_label("Online").check()
    screenshot("triage-aanwezigheid-kiezen")
    page.get_by_role("button", name="Aanwezigheid bevestigen").click()

    expect(page.get_by_role("status").first).to_have_text(
        f"Bedankt. U heeft bevestigd dat u online aanwezig bent bij de bespreking van casus {reference}."
    )
    expect(page.get_by_role("heading", name="Uw keuze wijzigen")).to_be_visible()
    expect(page.get_by_label("Online")).to_be_checked()
    screenshot("triage-aanwezigheid-bevestigd")

    log_out(page)
    login(page, live_server, "voorzitter")
    page.goto(live_server.url + reverse("triage:meeting_agenda", args=[meeting.pk]))
    page.get_by_role("link", name="Uitnodigingen en bevestigingen van de melders").click()

    expect(page.get_by_text("1 melder heeft de aanwezigheid nog niet bevestigd.")).to_be_visible()
    rows = page.get_by_role("table", name="Per slot: casus, melder, bevestiging en de e-mails aan de melder")
    confirmed = rows.get_by_role("row").filter(has=page.get_by_role("rowheader", name=reference))
    expect(confirmed).to_contain_text("Online")
    expect(confirmed).to_contain_text("bevestigd")
    expect(confirmed.get_by_text("Nog niet bevestigd")).to_have_count(0)
    waiting = rows.get_by_role("row").filter(has=page.get_by_role("rowheader", name=other.casus.reference))
    expect(waiting.get_by_text("Nog niet bevestigd")).to_be_visible()
    expect(confirmed.get_by_role("button", name=re.compile("^Herinnering sturen"))).to_have_count(0)

    # The melder who has not answered is chased once a day.
    waiting.get_by_role("button", name=f"Herinnering sturen aan de melder van casus {other.casus.reference}").click()
    expect(page.get_by_role("status").first).to_have_text(
        f"Herinnering aan de melder van casus {other.casus.reference} verstuurd."
    )
    expect(waiting.get_by_text("Vandaag al gestuurd.")).to_be_visible()
    expect(waiting.get_by_role("button", name=re.compile("^Herinnering sturen"))).to_have_count(0)
    screenshot("triage-uitnodigingen-bevestiging")


# --------------------------------------------------------------------------- 3. the session


def test_chair_runs_the_session_closes_it_and_the_melder_downloads_the_besluitbrief(page, live_server, screenshot):
    meeting, items = meeting_today()
    UserFactory(username="voorzitter", voorzitter=True)
    UserFactory(regisseur=True, first_name="Rik", last_name="Regie")
    OrganisationFactory(name="Het Lyceum", kind=OrganisationKind.ONDERWIJS)
    references = [item.casus.reference for item in items]

    login(page, live_server, "voorzitter")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Triage").click()
    page.get_by_role("link", name=agenda_link(meeting)).click()
    page.get_by_role("link", name="De triage leiden: per slot het dossier en het besluit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Integrale Triage {date_in_words(meeting.date)}")
    slots = page.get_by_role("table", name="Slots van deze triage").locator("tbody tr")
    expect(slots).to_have_count(4)
    expect(page.get_by_text("Nog geen besluit")).to_have_count(4)
    page.get_by_role("link", name=references[0]).click()

    # Slot 1: the dossier and a clock that counts down (JavaScript), then geen PGA.
    expect(page.get_by_role("heading", name=f"Casus {references[0]}")).to_be_visible()
    expect(page.get_by_role("heading", name="Verrijkingsdossier")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Aanmelding")).to_be_visible()
    clock = page.locator("#triage-clock-display")
    expect(clock).to_be_visible()
    expect(clock).to_have_text(re.compile(r"^Nog \d{1,2}:\d\d in dit slot \(tot \d\d:\d\d\)\.$"))
    first_reading = clock.inner_text()
    page.wait_for_timeout(2000)
    expect(clock).not_to_have_text(first_reading)
    screenshot("triage-sessie-slot-1")
    # The meeting runs late: the chair restarts the clock, which then counts 20 minutes from now.
    page.get_by_role("button", name="Klok opnieuw starten (20 minuten)").click()
    expect(clock).to_have_text(re.compile(r"^Nog (20:00|19:5\d) in dit slot \(tot \d\d:\d\d\)\.$"))

    geen_pga = page.get_by_role("form", name="Geen PGA")
    geen_pga.get_by_label("Advies aan de melder").fill(ADVICE)
    geen_pga.get_by_role("button", name="Geen PGA vastleggen").click()
    expect(page.get_by_role("status").first).to_have_text(f"Besluit vastgelegd voor casus {references[0]}.")
    expect(page.get_by_role("heading", name="Besluit: Geen PGA")).to_be_visible()
    expect(page.get_by_text(ADVICE)).to_be_visible()

    # Slot 2: PGA with a procesregisseur and one incidental organisation with its ground.
    page.get_by_role("link", name=re.compile(r"^Volgend slot: .*" + references[1])).click()
    expect(page.get_by_role("heading", name=f"Casus {references[1]}")).to_be_visible()
    pga = page.get_by_role("form", name="PGA", exact=True)
    pga.get_by_label("Procesregisseur").select_option(label="Rik Regie")
    incidental = pga.get_by_role("group", name="Incidentele deelnemer 1")
    incidental.get_by_label("Organisatie").select_option(label="Het Lyceum")
    incidental.get_by_label("Noodzakelijke expertise").check()
    incidental.get_by_label("Toelichting op de grondslag").fill("De mentor kent het gezin.")
    screenshot("triage-sessie-slot-2-pga")
    pga.get_by_role("button", name="PGA vastleggen").click()
    expect(page.get_by_role("heading", name="Besluit: PGA")).to_be_visible()
    expect(page.get_by_text("Procesregisseur: Rik Regie")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Het Lyceum")).to_have_text(
        "Het Lyceum: incidenteel, noodzakelijke expertise \u2013 De mentor kent het gezin."
    )

    # Slot 3: not discussed, the melder was absent.
    page.get_by_role("link", name=re.compile(r"^Volgend slot: .*" + references[2])).click()
    not_discussed = page.get_by_role("form", name="Niet besproken")
    not_discussed.get_by_label("De melder was niet aanwezig").check()
    not_discussed.get_by_role("button", name="Doorschuiven naar de volgende triage").click()
    expect(page.get_by_role("heading", name="Besluit: Niet besproken: door naar de volgende triage")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Doorgeschoven naar de triage van \w+dag \d+ \w+ \d{4}"))).to_be_visible()

    # Slot 4: geen PGA.
    page.get_by_role("link", name=re.compile(r"^Volgend slot: .*" + references[3])).click()
    geen_pga = page.get_by_role("form", name="Geen PGA")
    geen_pga.get_by_label("Advies aan de melder").fill("Bespreek de casus in het wijkteam.")
    geen_pga.get_by_role("button", name="Geen PGA vastleggen").click()
    expect(page.get_by_role("heading", name="Besluit: Geen PGA")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Volgend slot"))).to_have_count(0)

    page.get_by_role("link", name=re.compile(r"^Alle slots van ")).click()
    expect(page.get_by_text("Elk slot heeft een besluit.", exact=False)).to_be_visible()
    for position, outcome in enumerate(["Geen PGA", "PGA", "Niet besproken", "Geen PGA"]):
        expect(slots.nth(position)).to_contain_text(outcome)
    page.get_by_role("button", name="Afronden en uitkomsten versturen").click()

    expect(page.get_by_role("status").first).to_contain_text("De triage is afgerond. 4 melder(s)")
    expect(page.get_by_role("button", name="Afronden en uitkomsten versturen")).to_have_count(0)
    screenshot("triage-sessie-afgerond")

    # The melder of slot 1 reads the outcome on the casus page and downloads the besluitbrief.
    log_out(page)
    melder = items[0].casus.melder
    login(page, live_server, melder.username)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Mijn aanmeldingen").click()
    page.get_by_role("link", name=references[0], exact=True).click()
    expect(page.get_by_role("heading", name=f"Casus {references[0]}")).to_be_visible()
    expect(page.get_by_role("heading", name="Uitkomst Integrale Triage")).to_be_visible()
    expect(page.get_by_text(f"Triage van {date_in_words(meeting.date)}: Geen PGA.", exact=True)).to_be_visible()
    expect(page.get_by_text(ADVICE).first).to_be_visible()  # under "Terugkoppeling van het ZVH"
    screenshot("triage-melder-uitkomst")

    letter = page.get_by_role("link", name="Besluitbrief downloaden (pdf)")
    with page.expect_download() as download_info:
        letter.click()
    download = download_info.value
    assert download.suggested_filename == f"besluitbrief-{references[0]}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = page.request.get(live_server.url + letter.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


# --------------------------------------------------------------------------- 4. on a phone


def test_a_session_slot_fits_a_phone_screen(page, live_server, screenshot):
    meeting, items = meeting_today(slots=2)
    UserFactory(username="voorzitter", voorzitter=True)
    # Long option texts in the PGA form's selects, where a narrow screen would overflow first.
    UserFactory(regisseur=True, first_name="Marie-Christine", last_name="van den Bogaard-Verhoeven")
    OrganisationFactory(
        name="Stichting Maatschappelijke Opvang en Begeleid Wonen Utrecht", kind=OrganisationKind.ZORGAANBIEDER
    )
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
    login(page, live_server, "voorzitter")

    page.goto(live_server.url + reverse("triage:session_item", args=[meeting.pk, items[0].pk]))

    expect(page.get_by_role("heading", name=f"Casus {items[0].casus.reference}")).to_be_visible()
    expect(page.locator("#triage-clock-display")).to_be_visible()
    expect(page.get_by_role("button", name="Geen PGA vastleggen")).to_be_visible()
    screenshot("triage-sessie-slot-375px")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, f"the page is {scroll_width} px wide on a {PHONE_WIDTH} px screen"
