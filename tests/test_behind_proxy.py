"""Behind the reverse proxy: the lockout and the audit log count the client, not the proxy."""

import pytest
from django.test import Client
from django.urls import reverse

from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"  # the factories' password
PROXY = "10.0.0.2"


def via_proxy(client_address: str) -> Client:
    """A browser at ``client_address`` whose requests reach us through our proxy (as nginx sends them)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


@pytest.fixture
def one_proxy(settings):
    settings.ZVH_TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_five_wrong_passwords_from_one_client_do_not_lock_the_username_for_another_client(one_proxy):
    user = UserFactory(melder=True)
    attacker = via_proxy("203.0.113.5")
    for _ in range(5):
        response = attacker.post(reverse("login"), {"username": user.username, "password": "fout-wachtwoord"})
    assert response.status_code == 429

    colleague = via_proxy("198.51.100.7")
    response = colleague.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(user.pk)

    # The locked-out client stays locked out, also with the right password.
    response = attacker.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_address_the_client_wrote_itself_in_x_forwarded_for_is_not_believed(one_proxy):
    """A client cannot dodge the lockout by inventing a new address per attempt."""
    user = UserFactory(melder=True)
    for attempt in range(5):
        # The proxy appends the real address after whatever the client sent.
        client = via_proxy(f"192.0.2.{attempt}, 203.0.113.5")
        response = client.post(reverse("login"), {"username": user.username, "password": "fout-wachtwoord"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_audit_log_names_the_clients_address_for_logins_and_failed_logins(one_proxy):
    user = UserFactory(melder=True)
    via_proxy("203.0.113.5").post(reverse("login"), {"username": user.username, "password": "fout-wachtwoord"})
    via_proxy("198.51.100.7").post(reverse("login"), {"username": user.username, "password": PASSWORD})

    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id")
    login = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("id")
    assert failed.detail["ip"] == "203.0.113.5"
    assert login.detail["ip"] == "198.51.100.7"


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    """Directly exposed (no proxy configured), X-Forwarded-For is the client's own claim."""
    settings.ZVH_TRUSTED_PROXY_COUNT = 0
    user = UserFactory(melder=True)
    Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        reverse("login"), {"username": user.username, "password": "fout-wachtwoord"}
    )
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id").detail["ip"] == "203.0.113.5"


@pytest.mark.django_db
def test_every_response_carries_a_permissions_policy_that_denies_camera_microphone_and_location(client):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
