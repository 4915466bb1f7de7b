"""The audit log: hash chain, tamper evidence, append-only, verify command and who reads it."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import GENESIS_HASH, AppendOnlyError, AuditEvent
from zvh.audit.services import audit_record, verify_chain

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password


def _five_events(user):
    return [
        audit_record(actor=user, action=AuditAction.VIEW, case_reference=f"ZVH-2026-0000{i}", detail={"n": i})
        for i in range(1, 6)
    ]


def _problems():
    return list(verify_chain())


def _raw_update_detail(event_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET detail = %s WHERE id = %s",
            [json.dumps({"n": 999}), event_id],
        )


# --- the chain ------------------------------------------------------------------------------------


def test_five_events_form_a_valid_chain():
    user = UserFactory(voorzitter=True)
    events = _five_events(user)
    assert _problems() == []
    ordered = list(AuditEvent.objects.order_by("id"))
    assert ordered[-5:] == events
    # Each entry links to the one before it; the first one to the genesis hash.
    previous = GENESIS_HASH
    for event in ordered:
        assert event.prev_hash == previous
        assert event.hash == event.compute_hash()
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


def test_raw_sql_update_is_refused_or_detected():
    user = UserFactory(voorzitter=True)
    events = _five_events(user)
    target = events[2]
    if connection.vendor == "postgresql":
        # The trigger refuses the statement itself.
        with pytest.raises(DatabaseError), transaction.atomic():
            _raw_update_detail(target.id)
        assert AuditEvent.objects.get(pk=target.pk).detail == {"n": 3}
        assert _problems() == []
    else:
        _raw_update_detail(target.id)
        assert AuditEvent.objects.get(pk=target.pk).detail == {"n": 999}
        problems = _problems()
        assert [p.event_id for p in problems] == [target.id]
        assert "gewijzigd" in problems[0].problem


def test_raw_sql_delete_is_refused_or_detected():
    user = UserFactory(voorzitter=True)
    events = _five_events(user)
    target = events[1]
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.id])
        assert AuditEvent.objects.filter(pk=target.pk).exists()
        assert _problems() == []
    else:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [target.id])
        # The entry after the gap no longer links to its predecessor.
        assert [p.event_id for p in _problems()] == [events[2].id]


def test_forged_insert_is_detected():
    """A row added behind the application's back (the trigger allows INSERT) breaks the chain."""
    user = UserFactory(voorzitter=True)
    events = _five_events(user)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, user_id, username, organisation, action, object_type, object_id,"
            " case_reference, detail, prev_hash, hash) VALUES (%s, NULL, %s, '', %s, '', '', '', %s, %s, %s)",
            [events[-1].at, "indringer", "view", json.dumps({}), events[-1].hash, "f" * 64],
        )
    assert _problems()  # content hash wrong and the head no longer matches


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


def test_audit_verify_reports_an_intact_log(capsys):
    _five_events(UserFactory(voorzitter=True))
    call_command("audit_verify")
    assert "Auditlog is intact." in capsys.readouterr().out


def test_audit_verify_fails_on_a_changed_entry(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL weigert de wijziging zelf (zie test_raw_sql_update_is_refused_or_detected).")
    events = _five_events(UserFactory(voorzitter=True))
    _raw_update_detail(events[3].id)
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit_verify")
    captured = capsys.readouterr()
    assert f"regel {events[3].id}" in captured.err
    assert "Auditlog is intact." not in captured.out


def test_audit_verify_fails_on_a_forged_entry(capsys):
    events = _five_events(UserFactory(voorzitter=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, user_id, username, organisation, action, object_type, object_id,"
            " case_reference, detail, prev_hash, hash) VALUES (%s, NULL, %s, '', %s, '', '', '', %s, %s, %s)",
            [events[-1].at, "indringer", "view", json.dumps({}), events[-1].hash, "e" * 64],
        )
    with pytest.raises(CommandError, match="niet intact"):
        call_command("audit_verify")


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
