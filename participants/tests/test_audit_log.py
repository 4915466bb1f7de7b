"""The audit log: hash chain, tamper evidence, append-only, verify command and who reads it."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent
from zvh.audit.services import audit_record, verify_chain

from .conftest import as_table_owner

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password


def _five_events(user):
    return [
        audit_record(actor=user, action=AuditAction.VIEW, case_reference=f"ZVH-2026-0000{i}", detail={"n": i})
        for i in range(1, 6)
    ]


def _problems():
    return list(verify_chain())


# --- the chain ------------------------------------------------------------------------------------


def test_five_events_form_a_valid_chain():
    user = UserFactory(voorzitter=True)
    events = _five_events(user)
    assert _problems() == []
    # One writer keeps to one chain: links 1 to 5, each naming the one before it.
    assert len({e.chain for e in events}) == 1
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    previous = GENESIS_HASH
    for event in AuditEvent.objects.filter(chain=events[0].chain).order_by("seq"):
        assert event.prev_hash == previous
        assert event.key_id == "dev"
        previous = event.hash
    assert len({e.hash for e in events}) == 5


def test_event_names_the_person_and_organisation():
    user = UserFactory(voorzitter=True)
    event = audit_record(actor=user, action=AuditAction.VIEW)
    assert event.user == user
    assert event.username == user.username
    assert event.organisation == user.organisation.name


def test_system_events_have_no_user():
    event = audit_record(actor=None, action=AuditAction.DELETE, detail={"aantal": 3})
    assert event.user is None
    assert event.username == "systeem"
    assert _problems() == []


def test_orm_changes_are_refused():
    user = UserFactory(voorzitter=True)
    event = _five_events(user)[0]
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(username="iemand-anders")
    event.username = "iemand-anders"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.filter(pk=event.pk, username=user.username).exists()
    assert _problems() == []


# --- audit_verify -----------------------------------------------------------------------------------


def test_audit_verify_reports_an_intact_log_and_writes_a_checkpoint(capsys, checkpoint_file):
    events = _five_events(UserFactory(voorzitter=True))
    call_command("audit_verify")
    assert "Auditlog is intact. Controlepunt geschreven voor 1 keten(s)." in capsys.readouterr().out
    [line] = checkpoint_file.read_text().splitlines()
    assert json.loads(line)["seq"] == 5
    assert json.loads(line)["hash"] == events[-1].hash


def test_audit_verify_fails_on_a_changed_entry_and_writes_no_checkpoint(capsys, checkpoint_file):
    events = _five_events(UserFactory(voorzitter=True))
    as_table_owner("UPDATE audit_auditevent SET detail = %s WHERE id = %s", [json.dumps({"n": 999}), events[3].id])
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit_verify")
    captured = capsys.readouterr()
    assert f"regel 4 (id {events[3].id}): inhoud is gewijzigd" in captured.err
    assert "Auditlog is intact." not in captured.out
    assert not checkpoint_file.exists()


# --- who reads the log ------------------------------------------------------------------------------


def test_logbeheerder_opens_the_auditlog_and_that_is_logged(client):
    logbeheerder = UserFactory(logbeheerder=True)
    client.force_login(logbeheerder)
    before = AuditEvent.objects.count()
    response = client.get(reverse("audit:log"), {"action": "view"})
    assert response.status_code == 200
    assert "Auditlog" in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == AuditAction.SEARCH
    assert event.user == logbeheerder
    assert event.detail["pagina"] == "auditlog"
    assert event.detail["filters"] == ["action"]


def test_searching_the_auditlog_never_logs_an_undeclared_parameter(client):
    """A made-up parameter name could be a name or BSN; the append-only log must not keep it."""
    client.force_login(UserFactory(logbeheerder=True))
    client.get(reverse("audit:log"), {"Jan Jansen 123456782": "1", "username": "melder"})
    event = AuditEvent.objects.latest("id")
    assert event.detail["filters"] == ["username"]
    assert "Jansen" not in str(event.detail)


@pytest.mark.parametrize(
    "traits",
    [
        {"melder": True},
        {"voorzitter": True},
        {"ketenpartner": True},
        {"regisseur": True},
        {"beheerder": True},
        {},
        {"is_superuser": True, "is_staff": True},
    ],
    ids=["melder", "voorzitter", "ketenpartner", "regisseur", "beheerder", "geen-rol", "superuser"],
)
def test_nobody_else_opens_the_auditlog(client, traits):
    client.force_login(UserFactory(**traits))
    before = AuditEvent.objects.filter(action=AuditAction.SEARCH).count()
    response = client.get(reverse("audit:log"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == before


def test_anonymous_is_redirected_to_login_from_the_auditlog(client):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- log-ins --------------------------------------------------------------------------------------


def test_failed_login_for_unknown_username_keeps_the_typed_name_out(client):
    typed = "pietje.puk.typfout"
    before = AuditEvent.objects.count()
    response = client.post(reverse("login"), {"username": typed, "password": "wat-dan-ook-123"})
    assert response.status_code == 200  # the form again, with an error
    new = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in new] == [AuditAction.LOGIN_FAILED]
    event = new[0]
    assert event.user is None
    assert event.detail == {"bestaand_account": False, "ip": "127.0.0.1"}
    for field in AuditEvent._meta.concrete_fields:
        value = getattr(event, field.attname)
        text = json.dumps(value, default=str) if not isinstance(value, str) else value
        assert typed not in text, field.name
        assert "pietje" not in text.lower(), field.name
    assert _problems() == []


def test_failed_login_for_existing_account_names_the_account(client):
    user = UserFactory(melder=True)
    client.post(reverse("login"), {"username": user.username, "password": "verkeerd-wachtwoord"})
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).latest("id")
    assert event.object_id == str(user.pk)
    assert event.detail == {"bestaand_account": True, "ip": "127.0.0.1"}


def test_successful_login_and_logout_are_logged(client):
    user = UserFactory(melder=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, user=user).count() == 1
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=user).count() == 1
