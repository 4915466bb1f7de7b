"""Two-factor login: who must confirm a code, setting up the app, confirming, throttling, resetting.

The codes are computed here from the device's secret exactly as an authenticator app does
(RFC 6238), so the tests exercise the real verification, throttling and session marking.
"""

import base64
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from participants.tests.factories import UserFactory
from participants.two_factor import two_factor_reset
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent
from zvh.mail.models import OutgoingMail

pytestmark = pytest.mark.django_db

HOME = reverse("home")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
MY_CASES = reverse("intake:my_cases")


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.ZVH_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def code_from_setup_page(html: str, *, wrong: bool = False) -> str:
    """What an app shows after the user typed the page's key into it (or a code one off)."""
    typed_key = re.search(r'<code class="user-select-all">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    code = totp(base64.b32decode(typed_key + "=" * (-len(typed_key) % 8)))
    return f"{(code + 1) % 1_000_000 if wrong else code:06d}"


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)


def login(client, user):
    client.force_login(user)
    return client


def test_a_melder_is_sent_to_set_up_the_app_before_any_page(client):
    melder = UserFactory(melder=True)
    response = login(client, melder).get(MY_CASES)

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Faanmeldingen%2F"


def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(client):
    melder = UserFactory(melder=True)
    html = login(client, melder).get(SETUP).content.decode()

    assert "<svg" in html and "QR-code" in html
    typed_key = re.search(r'<code class="user-select-all">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(typed_key.replace(" ", "")) == 32
    reloaded = client.get(SETUP).content.decode()  # a reload shows the same key, not a second secret
    assert typed_key in reloaded
    # Opening the page (twice) stored nothing: a GET changes nothing.
    assert not TOTPDevice.objects.filter(user=melder).exists()


def test_the_first_code_confirms_the_app_and_opens_the_page_asked_for(client):
    melder = UserFactory(melder=True)
    html = login(client, melder).get(SETUP).content.decode()

    response = client.post(SETUP, {"code": code_from_setup_page(html), "next": MY_CASES})

    assert response.status_code == 302 and response.url == MY_CASES
    assert client.get(MY_CASES).status_code == 200
    assert TOTPDevice.objects.get(user=melder).confirmed
    assert AuditEvent.objects.filter(user=melder, detail__gebeurtenis="2fa_ingesteld").exists()


def test_a_wrong_code_keeps_the_app_unconfirmed_with_a_dutch_message(client):
    melder = UserFactory(melder=True)
    html = login(client, melder).get(SETUP).content.decode()
    wrong = code_from_setup_page(html, wrong=True)

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    # Stored now, unconfirmed, so that the waiting time after wrong codes builds up.
    assert not TOTPDevice.objects.get(user=melder).confirmed
    assert client.get(MY_CASES).status_code == 302
    event = AuditEvent.objects.get(user=melder, action=AuditAction.LOGIN_FAILED)
    assert wrong not in str(event.detail)


@pytest.mark.parametrize("typed", ["", "abc", "12345", "1234567", "12 34 5x"])
def test_malformed_codes_get_a_dutch_message_and_no_attempt_is_spent(client, typed):
    melder = UserFactory(melder=True)
    device = confirmed_device_for(melder)
    response = login(client, melder).post(VERIFY, {"code": typed})
    assert response.status_code == 200
    assert "zes cijfers" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_at_the_next_login_a_code_from_the_app_is_asked_and_accepted(client):
    chair = UserFactory(voorzitter=True)
    device = confirmed_device_for(chair)
    login(client, chair)
    assert client.get(HOME).url == f"{VERIFY}?next=%2F"

    response = client.post(VERIFY, {"code": code_for(device), "next": HOME})

    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200
    verified = AuditEvent.objects.filter(user=chair, action=AuditAction.LOGIN, detail__gebeurtenis="2fa_geverifieerd")
    assert verified.exists()


def test_a_code_typed_with_a_space_as_the_app_shows_it_is_accepted(client):
    partner = UserFactory(ketenpartner=True)
    device = confirmed_device_for(partner)
    code = code_for(device)
    response = login(client, partner).post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def test_one_typo_and_a_quick_retry_asks_to_wait_a_second_not_too_many_codes(client):
    """Issue 17: a single typo, then the right code at once, said "Te veel onjuiste codes"."""
    regisseur = UserFactory(regisseur=True)
    device = confirmed_device_for(regisseur)
    login(client, regisseur)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = client.post(VERIFY, {"code": wrong_code(device)}).content.decode()
        retry = client.post(VERIFY, {"code": code_for(device)}).content.decode()  # within django-otp's 1 s

    assert "Deze code klopt niet of is verlopen." in first
    assert "Wacht 1 seconde en typ dan de code die nu in uw authenticator-app staat." in retry
    assert "Te veel" not in first + retry
    with time_machine.travel(start + timezone.timedelta(seconds=2), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_wrong_codes_make_the_user_wait(client):
    """Three wrong codes in a row (each after the previous wait): 4 s to wait, and now it is "too many"."""
    regisseur = UserFactory(regisseur=True)
    device = confirmed_device_for(regisseur)
    login(client, regisseur)
    start = timezone.now()
    for seconds in (0, 2, 5):  # waits after 1 and 2 wrong codes: 1 s and 2 s
        with time_machine.travel(start + timezone.timedelta(seconds=seconds), tick=False):
            assert "Deze code klopt niet" in client.post(VERIFY, {"code": wrong_code(device)}).content.decode()

    with time_machine.travel(start + timezone.timedelta(seconds=6), tick=False):
        response = client.post(VERIFY, {"code": code_for(device)})  # right, but within the 4 s wait

    assert "Te veel onjuiste codes. Probeer het over 3 seconden opnieuw" in response.content.decode()
    assert client.get(HOME).status_code == 302
    with time_machine.travel(start + timezone.timedelta(minutes=2), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


def test_a_used_code_cannot_be_used_again_in_another_session(client):
    melder = UserFactory(melder=True)
    device = confirmed_device_for(melder)
    code = code_for(device)
    assert login(client, melder).post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    response = login(client, melder).post(VERIFY, {"code": code})
    assert response.status_code == 200 and "klopt niet" in response.content.decode()


@pytest.mark.parametrize("trait", ["beheerder", "logbeheerder", "superuser", "no_role"])
def test_administrators_and_users_without_a_role_are_asked_for_a_code_too(client, trait):
    """Beheer can hand out roles and reset passwords: a password alone must not open it."""
    if trait == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    elif trait == "no_role":
        user = UserFactory()
    else:
        user = UserFactory(**{trait: True})
    login(client, user)
    for url in (reverse("admin:index"), reverse("audit:log"), HOME):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url


def test_linking_an_app_mails_the_user_and_renews_the_session(client):
    melder = UserFactory(melder=True, email="melder@org.example")
    html = login(client, melder).get(SETUP).content.decode()
    before = client.session.session_key

    client.post(SETUP, {"code": code_from_setup_page(html)})

    assert client.session.session_key != before
    device = TOTPDevice.objects.get(user=melder)
    mail = OutgoingMail.objects.get(key=f"2fa-gekoppeld:{device.pk}")
    assert mail.to == ["melder@org.example"] and "niet zelf gedaan" in mail.body


def test_next_pointing_elsewhere_is_ignored(client):
    melder = UserFactory(melder=True)
    device = confirmed_device_for(melder)
    response = login(client, melder).post(VERIFY, {"code": code_for(device), "next": "https://elders.example/"})
    assert response.url == HOME


def test_the_functional_admin_resets_a_lost_phone(client):
    beheerder = UserFactory(beheerder=True)
    admin_client = Client()
    admin_client.force_login(beheerder)
    assert admin_client.post(VERIFY, {"code": code_for(confirmed_device_for(beheerder))}).status_code == 302
    melder = UserFactory(melder=True)
    confirmed_device_for(melder)
    changelist = reverse("admin:participants_user_changelist")

    admin_client.post(changelist, {"action": "reset_two_factor", "_selected_action": [melder.pk]})

    assert not TOTPDevice.objects.filter(user=melder).exists()
    assert login(client, melder).get(HOME).url.startswith(SETUP)
    assert AuditEvent.objects.filter(user=beheerder, detail__gebeurtenis="2fa_gereset").exists()


def test_the_login_and_code_pages_themselves_stay_reachable(client):
    melder = UserFactory(melder=True)
    confirmed_device_for(melder)
    login(client, melder)
    assert client.get(VERIFY).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def verified_client(user) -> Client:
    """A session of ``user`` verified with a code from a confirmed app, as at a real login."""
    session = login(Client(), user)
    assert session.post(VERIFY, {"code": code_for(confirmed_device_for(user))}).status_code == 302
    return session


def test_a_reset_ends_the_verification_of_a_session_that_was_open(client):
    """The phone is lost: whoever holds an open session of the account must give a code again."""
    melder = UserFactory(melder=True)
    session = verified_client(melder)
    assert session.get(MY_CASES).status_code == 200

    two_factor_reset(user=melder, by=UserFactory(beheerder=True))

    assert session.get(MY_CASES).url.startswith(SETUP)


def test_a_session_verified_by_an_app_that_is_no_longer_confirmed_is_asked_for_a_code(client):
    melder = UserFactory(melder=True)
    session = verified_client(melder)
    TOTPDevice.objects.filter(user=melder).update(confirmed=False)

    assert session.get(MY_CASES).url.startswith(SETUP)


def test_a_verified_session_opens_pages_without_reading_the_app_again(client):
    """The device comes with the user's own read (participants.backends): no query of its own per page."""
    melder = UserFactory(melder=True)
    session = verified_client(melder)

    with CaptureQueriesContext(connection) as queries:
        assert session.get(MY_CASES).status_code == 200

    assert [sql for sql in (q["sql"] for q in queries) if sql.lstrip().startswith('SELECT "otp_totp')] == []


def test_a_session_naming_another_users_app_is_not_verified(client):
    melder = UserFactory(melder=True)
    someone_elses = confirmed_device_for(UserFactory(melder=True))
    confirmed_device_for(melder)
    login(client, melder)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = someone_elses.persistent_id
    session.save()

    assert client.get(MY_CASES).url.startswith(VERIFY)
