"""`make screenshots`: the main page of each role, as the README shows them, made from the browser tests.

Not part of `make test` (the file name does not match `test_*.py`; pytest collects it only when it
is named on the command line). Each shot opens its page with the same set-up as the accessibility
test (tests/browser/test_accessibility.py), so the pictures show what the tests check, and they
cannot drift from the product: run the command again after a change to a page.

The images go to docs/images/: the visible 1280x800 window (not the whole page), reduced to 256
colours and compressed, so a dozen of them stay well under 1.5 MB in the repository.
"""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from participants.tests.factories import UserFactory
from pga.tests.factories import started
from tests.browser import test_accessibility as pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 800}


def procesregisseur_dossiers(page, live_server, **_):
    regisseur = UserFactory(regisseur=True, first_name="Koen", last_name="van Dijk")
    started(procesregisseur=regisseur)
    pages.sign_in(page, live_server, regisseur)
    page.goto(live_server.url + reverse("pga:my_dossiers"))
    return "Mijn dossiers"


def accessibility_statement(page, live_server, **_):
    page.goto(live_server.url + reverse("accessibility_statement"))
    return "Toegankelijkheidsverklaring"


# (file name, role, page): the start page of each role and the pages a newcomer asks about first.
SHOTS = [
    ("inloggen", pages.login_page),
    ("melder-mijn-aanmeldingen", pages.my_cases),
    ("melder-voortoets", pages.precheck),
    ("melder-aanmeldformulier", pages.registration_form),
    ("melder-casus", pages.casus_detail),
    ("voorzitter-screening", pages.screening_queue),
    ("voorzitter-verrijking", pages.verrijking),
    ("voorzitter-agenda", pages.triage_agenda),
    ("voorzitter-triage", pages.triage_session_slot),
    ("ketenpartner-bekendheidschecks", pages.partner_queue),
    ("procesregisseur-dossiers", procesregisseur_dossiers),
    ("logbeheerder-auditlog", pages.auditlog),
    ("toegankelijkheidsverklaring", accessibility_statement),
]


def save_small_png(png: bytes, path: Path) -> None:
    """256 colours and maximal compression: screen pictures of flat colours lose nothing visible."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, format="PNG", optimize=True)


@pytest.mark.parametrize(("name", "open_page"), SHOTS, ids=[name for name, _ in SHOTS])
def test_screenshot(name, open_page, page, live_server, criteria_set, weighing_model, self_reliance_instrument):
    page.set_viewport_size(VIEWPORT)
    heading = open_page(page, live_server, criteria_set=criteria_set, weighing_model=weighing_model)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring in the picture
    IMAGES.mkdir(parents=True, exist_ok=True)
    save_small_png(page.screenshot(animations="disabled", caret="hide"), IMAGES / f"{name}.png")
