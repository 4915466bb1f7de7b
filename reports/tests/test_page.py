"""The report page and its exports: who may see them, what they hold, what they cost."""

import csv
import datetime
import io
import re
import subprocess

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from intake.constants import CasusStatus
from intake.tests.factories import BetrokkeneFactory, CasusFactory
from participants.constants import OrganisationKind, Role
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from reports.facts import facts_refresh
from reports.tests.cases import build_spring
from triage.models import Bekendheidscheck
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = reverse("reports:report")
MARCH = {"periode": "maand", "datum": "2026-03-01"}
TABLES = (
    "kerncijfers",
    "aanmeldingen",
    "aanmeldingen-soort",
    "aanmeldingen-gemeente",
    "screening",
    "voortoets",
    "triage",
    "capaciteit",
    "doorlooptijden",
    "informeren",
    "bekendheidscheck",
    "pga-regisseurs",
    "pga-acties",
)


def export(key: str, fmt: str) -> str:
    return reverse("reports:export", kwargs={"key": key, "fmt": fmt})


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def spring(criteria_set):
    """The hand-built spring, with its facts as the worker's refresh leaves them (the page does not refresh)."""
    built = build_spring()
    facts_refresh()
    return built


# --- access --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RAPPORTAGE, Role.TRIAGEVOORZITTER, Role.FUNCTIONEEL_BEHEERDER])
def test_the_three_roles_see_the_page_and_its_navigation_item(client, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert re.search(r'<a class="nav-link active"\s+href="/rapportage/"', response.content.decode())


@pytest.mark.parametrize(
    "role", [Role.MELDER, Role.KETENPARTNER, Role.PROCESREGISSEUR, Role.LOGBEHEERDER, Role.PRIVACYCONTACTPUNT]
)
def test_other_roles_are_refused_the_page_and_every_export(client, role):
    client.force_login(UserFactory(roles=[role]))
    for url in (PAGE, reverse("reports:pdf"), export("screening", "csv"), export("screening", "xlsx")):
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_without_login_the_page_asks_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_table_or_format_is_not_found(client):
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))
    assert client.get(export("geheim", "csv")).status_code == 404
    assert client.get(export("screening", "exe")).status_code == 404


def test_a_wrong_custom_period_is_explained_and_this_month_shown(client):
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))
    response = client.get(PAGE, {"periode": "aangepast", "van": "2026-03-31", "tot": "2026-03-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
    assert response.context["report"].period.kind == "maand"


def test_before_the_first_refresh_the_page_says_so_and_asks_for_one(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))
    with django_capture_on_commit_callbacks() as asked:
        page = client.get(PAGE).content.decode()
    assert "De cijfers worden voor het eerst verzameld. Vernieuw de pagina over enkele ogenblikken." in page
    assert len(asked) == 1


# --- exports -------------------------------------------------------------------------------------------


def test_every_table_exports_as_csv_and_excel_and_each_export_is_audited(client, spring):
    user = UserFactory(roles=[Role.RAPPORTAGE])
    client.force_login(user)
    for key in TABLES:
        for fmt in ("csv", "xlsx"):
            response = client.get(export(key, fmt), MARCH)
            assert response.status_code == 200, key
            assert response["Content-Disposition"] == f'attachment; filename="rapportage-{key}-20260301-20260331.{fmt}"'
    screening = client.get(export("screening", "csv"), MARCH)
    assert csv_rows(screening.content)[:3] == [
        ["Besluit", "Aantal"],
        ["Geaccepteerd", "1"],
        ["Aanvulling gevraagd", "1"],
    ]
    lead = client.get(export("doorlooptijden", "xlsx"), MARCH)
    assert xlsx_rows(lead.content)[2] == ("Aanmelding tot screening", 4, 0.4, 2.0, 2.0)
    entries = AuditEvent.objects.filter(action=AuditAction.EXPORT, user=user)
    assert entries.count() == 2 * len(TABLES) + 2
    assert entries.order_by("-id").first().detail == {
        "rapportage": "doorlooptijden",
        "formaat": "xlsx",
        "van": "2026-03-01",
        "tot_en_met": "2026-03-31",
    }


def test_the_pdf_holds_every_table_and_is_audited(client, spring):
    user = UserFactory(roles=[Role.FUNCTIONEEL_BEHEERDER])
    client.force_login(user)
    response = client.get(reverse("reports:pdf"), MARCH)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rapportage-zvh-20260301-20260331.pdf"'
    text = pdf_text(response.content)
    assert "Rapportage maart 2026" in text
    assert "Aanmelding tot screening 4 0,4 2,0 2,0" in text
    assert "26-03-2026 4 3 2 1" in text
    entry = AuditEvent.objects.get(action=AuditAction.EXPORT, user=user)
    assert entry.detail["formaat"] == "pdf"


def test_nothing_personal_on_the_page_or_in_any_export(client, spring):
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))
    cases = spring.cases.values()
    secrets = ["Geheim", *(casus.reference for casus in cases), *(str(casus.pk) for casus in cases)]
    outputs = {"page": client.get(PAGE, MARCH).content.decode()}
    outputs["pdf"] = pdf_text(client.get(reverse("reports:pdf"), MARCH).content)
    for key in TABLES:
        outputs[f"{key}.csv"] = client.get(export(key, "csv"), MARCH).content.decode("utf-8-sig")
        outputs[f"{key}.xlsx"] = repr(xlsx_rows(client.get(export(key, "xlsx"), MARCH).content))
    found = {name: [s for s in secrets if s in text] for name, text in outputs.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}
    # The report does name the professionals who run dossiers.
    assert "Koen Dijkstra" in outputs["page"]


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, criteria_set):
    formula = '=HYPERLINK("https://example.org")'
    partner = OrganisationFactory(name=formula, kind=OrganisationKind.OVERIG)
    casus = CasusFactory(submitted=True, status=CasusStatus.IN_VERRIJKING)
    chair = UserFactory(voorzitter=True)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC), tick=False):
        Bekendheidscheck.objects.create(
            casus=casus,
            organisation=partner,
            requested_by=chair,
            due_at=datetime.datetime(2026, 3, 12, 10, tzinfo=datetime.UTC),
        )
    facts_refresh()
    client.force_login(chair)
    assert csv_rows(client.get(export("bekendheidscheck", "csv"), MARCH).content)[1][0] == "'" + formula
    sheet = load_workbook(io.BytesIO(client.get(export("bekendheidscheck", "xlsx"), MARCH).content)).active
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("'" + formula, "s")


# --- small numbers -----------------------------------------------------------------------------------------


@pytest.fixture
def five_and_one(criteria_set):
    """Five registrations from the police about Utrecht, one from a municipality about Zeist, all in March."""
    politie = OrganisationFactory(name="Politie Midden-Nederland", kind=OrganisationKind.POLITIE)
    gemeente = OrganisationFactory(name="Gemeente Zeist", kind=OrganisationKind.GEMEENTE)
    utrecht, zeist = MunicipalityFactory(name="Utrecht"), MunicipalityFactory(name="Zeist")
    moment = datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC)
    for org, municipality, n in ((politie, utrecht, 5), (gemeente, zeist, 1)):
        melder = UserFactory(melder=True, organisation=org)
        for casus in CasusFactory.create_batch(n, submitted=True, melder=melder, organisation=org, submitted_at=moment):
            BetrokkeneFactory(casus=casus, municipality=municipality)
    facts_refresh()


def test_a_small_count_cannot_be_worked_out_from_the_total_anywhere(client, five_and_one):
    """Utrecht 5 and Zeist 1 make the key figure 6: with only Zeist hidden, 6 - 5 would give it away."""
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))
    for key, labels in (
        ("aanmeldingen-soort", ["Gemeente", "Politie"]),
        ("aanmeldingen-gemeente", ["Utrecht", "Zeist"]),
    ):
        assert csv_rows(client.get(export(key, "csv"), MARCH).content)[1:] == [[label, "x"] for label in labels]
        assert xlsx_rows(client.get(export(key, "xlsx"), MARCH).content)[2:] == [(label, "x") for label in labels]
    page = client.get(PAGE, MARCH).content.decode()
    section = page[page.index('id="aanmeldingen-gemeente"') : page.index('id="screening"')]
    assert '<th scope="row" class="fw-normal">Utrecht</th><td class="text-end">x</td>' in section
    assert '<th scope="row" class="fw-normal">Zeist</th><td class="text-end">x</td>' in section
    assert "<rect" not in section  # a bar's length would give the number away
    assert "zo nodig ook grotere, staan er als &ldquo;x&rdquo;" in section
    # The total itself is not a breakdown: it stays.
    assert '<td class="text-end">6</td>' in page[page.index('id="kerncijfers"') :]
    text = pdf_text(client.get(reverse("reports:pdf"), MARCH).content)
    assert "Utrecht x Zeist x" in text and "Gemeente x Politie x" in text
    assert "Utrecht 5" not in text and "Zeist 1" not in text and "Politie 5" not in text


def test_a_breakdown_that_would_give_its_only_count_away_is_withheld(client, criteria_set):
    """Two registrations about Zeist only: the breakdown would say the key figure's 2 are Zeist's."""
    gemeente = OrganisationFactory(name="Gemeente Zeist", kind=OrganisationKind.GEMEENTE)
    melder = UserFactory(melder=True, organisation=gemeente)
    moment = datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC)
    for casus in CasusFactory.create_batch(
        2, submitted=True, melder=melder, organisation=gemeente, submitted_at=moment
    ):
        BetrokkeneFactory(casus=casus, municipality=MunicipalityFactory(name="Zeist"))
    facts_refresh()
    client.force_login(UserFactory(roles=[Role.RAPPORTAGE]))

    page = client.get(PAGE, MARCH).content.decode()
    section = page[page.index('id="aanmeldingen-gemeente"') : page.index('id="screening"')]

    assert (
        "Niet uitgesplitst: met zo weinig aanmeldingen zou een klein aantal uit het totaal terug te rekenen zijn."
        in section
    )
    assert "Zeist" not in section
    csv_export = csv_rows(client.get(export("aanmeldingen-gemeente", "csv"), MARCH).content)
    assert csv_export[1][0].startswith("Niet uitgesplitst") and "Zeist" not in str(csv_export)
    xlsx_export = xlsx_rows(client.get(export("aanmeldingen-gemeente", "xlsx"), MARCH).content)
    assert xlsx_export[2][0].startswith("Niet uitgesplitst") and "Zeist" not in str(xlsx_export)
