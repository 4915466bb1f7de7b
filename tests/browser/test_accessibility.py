"""Automated WCAG 2.1 AA checks with axe-core on every main page, per role, in a real browser.

axe-core (bundled by axe-playwright-python, no network) finds what a machine can: contrast,
names of fields and buttons, ARIA use, landmarks, table headers. It does not replace a
manual check with a screen reader, but a "serious" or "critical" finding is a real barrier for
someone, so each one fails the test with enough detail (rule, help, selectors) to fix it.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from intake.constants import CasusStatus
from intake.services.melder import casus_discard_concept
from intake.tests.factories import BetrokkeneFactory, CasusFactory, InformationRequestFactory
from participants.constants import OrganisationKind, Role
from participants.tests.factories import OrganisationFactory, UserFactory
from tests.browser.test_triage_meeting import ADVICE, meeting_ahead, meeting_today, six_ready
from triage.constants import Attendance, IncidentalGround
from triage.models import Bekendheidscheck
from triage.services.agenda import agenda_finalise
from triage.services.attendance import attendance_confirm
from triage.services.decisions import Invitee, decision_record_geen_pga, decision_record_pga
from triage.services.verrijking import (
    bekendheidscheck_answer,
    bekendheidscheck_request_all,
    bekendheidscheck_request_info,
)
from triage.tests.meeting_factories import ReadyAgendaItemFactory
from triage.tests.screening_helpers import registration
from triage.tests.test_weighing import weigh
from zvh.calendar.scheduling import triage_date_for
from zvh.mail.constants import MailStatus
from zvh.mail.models import OutgoingMail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
HOUSE_BLUE = "rgb(21, 66, 115)"  # --zvh-blue in static/css/zvh.css
# Only the WCAG 2.0/2.1 A and AA rules: the Dutch legal bar, not axe's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def blocking_violations(page) -> list[dict]:
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


def sign_in(page, live_server, user) -> None:
    """Log in through a session cookie: the login form has its own test (test_login.py) and
    its own accessibility check below; typing it again for every page only costs time."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def url(live_server, name: str, casus=None) -> str:
    kwargs = {"casus_id": casus.pk} if casus is not None else {}
    return live_server.url + reverse(name, kwargs=kwargs)


# --- the pages: each sets up its data, logs in as the right role and opens the page ----------------
# The data puts the pages in their richest state (badges, late requests, open questions, errors),
# because that is where contrast and naming problems hide.


def login_page(page, live_server, **_):
    page.goto(live_server.url + reverse("login"))
    return "Inloggen"


def two_factor_setup(page, live_server, **_):
    """The QR code, the key to type and the code field."""
    sign_in(page, live_server, UserFactory(melder=True))
    page.goto(live_server.url + reverse("two_factor_setup"))
    return "Tweestapsverificatie instellen"


def two_factor_verify_with_error(page, live_server, **_):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory(voorzitter=True)
    TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("two_factor_verify"))
    page.get_by_label("Code uit uw authenticator-app").fill("12ab")
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_text("De code bestaat uit zes cijfers.")).to_be_visible()
    return "Tweestapsverificatie"


def home(page, live_server, **_):
    """Someone with every role: all tiles and the whole main navigation."""
    sign_in(page, live_server, UserFactory(roles=list(Role)))
    page.goto(live_server.url + reverse("home"))
    return "Welkom"


def my_cases(page, live_server, criteria_set, **_):
    melder = UserFactory(melder=True)
    registration(melder=melder, criteria_set=criteria_set)
    InformationRequestFactory(casus=CasusFactory(melder=melder, submitted=True, status=CasusStatus.AANVULLING_GEVRAAGD))
    CasusFactory(melder=melder)
    sign_in(page, live_server, melder)
    page.goto(url(live_server, "intake:my_cases"))
    return "Mijn aanmeldingen"


def precheck(page, live_server, **_):
    sign_in(page, live_server, UserFactory(melder=True))
    page.goto(url(live_server, "intake:precheck"))
    return "Hoort mijn casus thuis"


def registration_form(page, live_server, **_):
    casus = CasusFactory(melder=UserFactory(melder=True))
    sign_in(page, live_server, casus.melder)
    page.goto(url(live_server, "intake:registration_edit", casus))
    return "Aanmelding"


def registration_form_with_errors(page, live_server, **_):
    heading = registration_form(page, live_server)
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    return heading


def casus_detail(page, live_server, criteria_set, **_):
    """A case with an open question of the chair: the answer form and its badge show."""
    casus = registration(
        melder=UserFactory(melder=True),
        criteria_set=criteria_set,
        status=CasusStatus.AANVULLING_GEVRAAGD,
    )
    InformationRequestFactory(casus=casus)
    sign_in(page, live_server, casus.melder)
    page.goto(url(live_server, "intake:casus_detail", casus))
    return f"Casus {casus.reference}"


def _chair_with_registration(page, live_server, criteria_set):
    melder = UserFactory(melder=True)
    casus = registration(melder=melder, criteria_set=criteria_set)
    registration(melder=melder, criteria_set=criteria_set, precheck=False)
    sign_in(page, live_server, UserFactory(voorzitter=True))
    return casus


def screening_queue(page, live_server, criteria_set, **_):
    _chair_with_registration(page, live_server, criteria_set)
    page.goto(url(live_server, "triage:screening"))
    return "Screening"


def screening_case(page, live_server, criteria_set, **_):
    casus = _chair_with_registration(page, live_server, criteria_set)
    page.goto(url(live_server, "triage:screening_casus", casus))
    return f"Casus {casus.reference}"


def _case_in_verrijking(criteria_set):
    """A case in verrijking: the police knows the person and is asked for information, the GGZ
    has not answered in time."""
    politie = OrganisationFactory(name="Politie", kind=OrganisationKind.POLITIE, email="politie@example.org")
    OrganisationFactory(name="GGZ", kind=OrganisationKind.GGZ, email="ggz@example.org")
    chair = UserFactory(voorzitter=True)
    partner = UserFactory(ketenpartner=True, organisation=politie)
    casus = CasusFactory(
        submitted=True,
        criteria_set=criteria_set,
        status=CasusStatus.IN_VERRIJKING,
        target_triage_date=triage_date_for(timezone.now()),
        aanleiding="Overlast in de straat",
    )
    BetrokkeneFactory(casus=casus)
    checks = {check.organisation: check for check in bekendheidscheck_request_all(casus=casus, by=chair)}
    police = bekendheidscheck_answer(check=checks[politie], by=partner, known=True)
    bekendheidscheck_request_info(check=police, by=chair, question="Welke incidenten zijn er geweest?")
    Bekendheidscheck.objects.exclude(pk=police.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    return casus, chair, partner


def partner_queue(page, live_server, criteria_set, **_):
    _casus, _chair, partner = _case_in_verrijking(criteria_set)
    sign_in(page, live_server, partner)
    page.goto(url(live_server, "triage:bekendheidschecks"))
    return "Bekendheidschecks"


def verrijking(page, live_server, criteria_set, **_):
    casus, chair, _partner = _case_in_verrijking(criteria_set)
    sign_in(page, live_server, chair)
    page.goto(url(live_server, "triage:verrijking", casus))
    return f"Verrijking casus {casus.reference}"


def weighing_with_errors(page, live_server, criteria_set, weighing_model, **_):
    casus, chair, _partner = _case_in_verrijking(criteria_set)
    sign_in(page, live_server, chair)
    page.goto(url(live_server, "triage:weighing", casus))
    page.get_by_role("button", name="Weging opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    return f"Weging casus {casus.reference}"


def dossier(page, live_server, criteria_set, weighing_model, **_):
    casus, chair, _partner = _case_in_verrijking(criteria_set)
    weigh(casus, weighing_model, [2, 2, 2, 1], by=chair)
    sign_in(page, live_server, chair)
    page.goto(url(live_server, "triage:dossier", casus))
    return f"Verrijkingsdossier {casus.reference}"


def auditlog(page, live_server, criteria_set, **_):
    """The log with events in it: the requests and answers of the verrijking, log-ins."""
    _case_in_verrijking(criteria_set)
    sign_in(page, live_server, UserFactory(logbeheerder=True))
    page.goto(live_server.url + reverse("audit:log"))
    return "Auditlog"


def deleted_case(page, live_server, **_):
    """An old link to a discarded concept: "Deze aanmelding is verwijderd" (410) instead of a 404."""
    melder = UserFactory(melder=True)
    concept = CasusFactory(melder=melder)
    casus_discard_concept(casus=concept, by=melder)
    sign_in(page, live_server, melder)
    page.goto(url(live_server, "intake:casus_detail", concept))
    return "Deze aanmelding is verwijderd"


def not_found(page, live_server, **_):
    sign_in(page, live_server, UserFactory(melder=True))
    page.goto(live_server.url + "/bestaat-niet/")
    return "Pagina niet gevonden"


# The weekly Integrale Triage: the agenda, the invitations, the melder's answer and the session.


def triage_agenda(page, live_server, **_):
    """More cases than slots: the overflow proposal with its ticked boxes and the agenda forms."""
    meeting = meeting_ahead()
    six_ready(meeting)
    sign_in(page, live_server, UserFactory(voorzitter=True))
    page.goto(live_server.url + reverse("triage:meeting_agenda", args=[meeting.pk]))
    return "Agenda Integrale Triage"


def _finalised_agenda_ahead():
    """A finalised agenda a few days ahead with two cases; returns the meeting, its items and the chair."""
    meeting = meeting_ahead()
    items = [ReadyAgendaItemFactory(meeting=meeting), ReadyAgendaItemFactory(meeting=meeting)]
    chair = UserFactory(voorzitter=True)
    agenda_finalise(meeting=meeting, by=chair)
    for item in items:
        item.refresh_from_db()
    return meeting, items, chair


def triage_invitations(page, live_server, **_):
    """One melder confirmed, one did not; one invitation failed (badges, retry and chase buttons)."""
    meeting, (confirmed, _waiting), chair = _finalised_agenda_ahead()
    attendance_confirm(item=confirmed, by=confirmed.casus.melder, attendance=Attendance.ONLINE)
    OutgoingMail.objects.filter(key=f"triage-uitnodiging:{confirmed.pk}").update(
        status=MailStatus.FAILED, attempts=3, last_error="Connection refused"
    )
    sign_in(page, live_server, chair)
    page.goto(live_server.url + reverse("triage:meeting_invitations", args=[meeting.pk]))
    return "Uitnodigingen Integrale Triage"


def triage_attendance(page, live_server, **_):
    """The melder's page behind the invitation link, not confirmed yet: the form with its choices."""
    _meeting, (item, _other), _chair = _finalised_agenda_ahead()
    sign_in(page, live_server, item.casus.melder)
    page.goto(live_server.url + reverse("triage:attendance", args=[item.pk]))
    return "Uitnodiging Integrale Triage"


def triage_session(page, live_server, **_):
    """The meeting today: one slot decided, the others still open."""
    meeting, items = meeting_today()
    chair = UserFactory(voorzitter=True)
    decision_record_geen_pga(item=items[0], by=chair, advice=ADVICE)
    sign_in(page, live_server, chair)
    page.goto(live_server.url + reverse("triage:meeting_session", args=[meeting.pk]))
    return "Integrale Triage"


def triage_session_slot(page, live_server, **_):
    """Slot 2 of today's meeting: slot navigation, the dossier, the running clock and the three forms."""
    meeting, items = meeting_today()
    UserFactory(regisseur=True)
    OrganisationFactory(name="Het Lyceum", kind=OrganisationKind.ONDERWIJS)
    sign_in(page, live_server, UserFactory(voorzitter=True))
    page.goto(live_server.url + reverse("triage:session_item", args=[meeting.pk, items[1].pk]))
    return f"Casus {items[1].casus.reference}"


def triage_session_slot_with_errors(page, live_server, **_):
    """PGA without a procesregisseur and an incidental partner without a ground: the errors in the formset."""
    heading = triage_session_slot(page, live_server)
    pga = page.get_by_role("form", name="PGA", exact=True)
    first_row = pga.get_by_role("group", name="Incidentele deelnemer 1")
    first_row.get_by_label("Organisatie").select_option(label="Het Lyceum")
    pga.get_by_role("button", name="PGA vastleggen").click()
    expect(page.get_by_text("Kies de grondslag waarop deze partner meedoet.")).to_be_visible()
    return heading


def triage_session_slot_decided(page, live_server, **_):
    """A slot with its PGA decision: the procesregisseur and the first casusoverleg's participants."""
    meeting, items = meeting_today(slots=1)
    chair = UserFactory(voorzitter=True)
    school = OrganisationFactory(name="Het Lyceum", kind=OrganisationKind.ONDERWIJS)
    politie = OrganisationFactory(name="Politie Midden", kind=OrganisationKind.POLITIE)
    decision_record_pga(
        item=items[0],
        by=chair,
        procesregisseur=UserFactory(regisseur=True),
        invitees=[Invitee(politie), Invitee(school, IncidentalGround.EXPERTISE, "De mentor kent het gezin.")],
    )
    sign_in(page, live_server, chair)
    page.goto(live_server.url + reverse("triage:session_item", args=[meeting.pk, items[0].pk]))
    return f"Casus {items[0].casus.reference}"


PAGES = [
    login_page,
    two_factor_setup,
    two_factor_verify_with_error,
    home,
    my_cases,
    precheck,
    registration_form,
    registration_form_with_errors,
    casus_detail,
    screening_queue,
    screening_case,
    partner_queue,
    verrijking,
    weighing_with_errors,
    dossier,
    auditlog,
    deleted_case,
    not_found,
    triage_agenda,
    triage_invitations,
    triage_attendance,
    triage_session,
    triage_session_slot,
    triage_session_slot_with_errors,
    triage_session_slot_decided,
]


@pytest.mark.parametrize("open_page", PAGES, ids=[p.__name__ for p in PAGES])
def test_page_has_no_serious_accessibility_violations(
    open_page, page, live_server, screenshot, criteria_set, weighing_model
):
    heading = open_page(page, live_server, criteria_set=criteria_set, weighing_model=weighing_model)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    # Contrast is only measured right when the house style is loaded, not on a bare page.
    expect(page.locator(".zvh-header")).to_have_css("background-color", HOUSE_BLUE)
    violations = blocking_violations(page)
    if violations:
        screenshot(f"toegankelijkheid-{open_page.__name__}")
    assert not violations, f"{page.url}\n{describe(violations)}"
