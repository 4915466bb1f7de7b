"""PostgreSQL for real: the app's own role, and writers that do not queue behind each other."""

import threading
import time
from functools import partial

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from participants.tests.factories import UserFactory
from zvh.audit.constants import AuditAction
from zvh.audit.models import AuditChainHead, AuditEvent
from zvh.audit.services import audit_record, verify_chain
from zvh.core.testing import run_together

pytestmark = pytest.mark.postgres

APP_ROLE = "zvh_app_audit_test"  # created inside the test's transaction, gone after it


# --- the app's role does not own the audit tables -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("ALTER TABLE audit_auditevent DISABLE TRIGGER USER", "must be owner"),
        ("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER", "must be owner"),
        ("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent", "must be owner"),
        ("TRUNCATE audit_auditevent", "permission denied"),
        ("TRUNCATE audit_auditchainhead", "permission denied"),
        ("DELETE FROM audit_auditevent", "permission denied"),
        ("UPDATE audit_auditevent SET detail = '{}'", "permission denied"),
        ("DELETE FROM audit_auditchainhead", "permission denied"),
    ],
)
def test_the_app_role_appends_but_cannot_change_remove_or_unguard_the_log(postgres_only, client, sql, refusal):
    logbeheerder = UserFactory(logbeheerder=True)
    audit_record(actor=logbeheerder, action=AuditAction.VIEW)  # appended as the owner, before the switch
    call_command("audit_app_role", APP_ROLE, "--apply")
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")

    # A whole audited page as the app role: session, user, audit append.
    client.force_login(logbeheerder)
    assert client.get(reverse("audit:log")).status_code == 200
    assert AuditEvent.objects.filter(user=logbeheerder, action=AuditAction.SEARCH).count() == 1

    with pytest.raises(DatabaseError, match=refusal), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.count() == 3  # view, log-in, search
    assert list(verify_chain()) == []


@pytest.mark.django_db
def test_the_app_role_sql_is_printed_for_the_dba(postgres_only, capsys):
    call_command("audit_app_role", "zvh_app")
    out = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON audit_auditevent TO "zvh_app";' in out
    assert 'GRANT SELECT, INSERT, UPDATE ON audit_auditchainhead TO "zvh_app";' in out
    assert "TRUNCATE" not in out


# --- writers do not queue ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_holding_a_chain_does_not_hold_up_an_audited_page(postgres_only):
    """The cutoff job appends inside one long transaction; a page's append meanwhile must not wait for it."""
    job_holds_a_chain, page_appended = threading.Event(), threading.Event()
    seen = {}

    def cutoff_job():
        with transaction.atomic():
            audit_record(actor=None, action=AuditAction.TRANSITION, detail={"taak": "aanmelding-sluiten"})
            job_holds_a_chain.set()
            seen["page appended while the job was open"] = page_appended.wait(timeout=15)
            audit_record(actor=None, action=AuditAction.TRANSITION, detail={"taak": "aanmelding-sluiten"})

    def page():
        assert job_holds_a_chain.wait(timeout=15)
        audit_record(actor=None, action=AuditAction.VIEW)
        page_appended.set()

    assert run_together(cutoff_job, page, timeout=30) == []
    assert seen == {"page appended while the job was open": True}
    job = list(AuditEvent.objects.filter(action=AuditAction.TRANSITION).order_by("id"))
    page_event = AuditEvent.objects.get(action=AuditAction.VIEW)
    # The job kept to its own chain for both entries; the page used another one.
    assert [(e.chain, e.seq) for e in job] == [(job[0].chain, 1), (job[0].chain, 2)]
    assert page_event.chain != job[0].chain
    assert list(verify_chain()) == []


@pytest.mark.django_db(transaction=True)
def test_when_every_chain_is_held_an_append_waits_and_follows_on_the_same_chain(postgres_only, settings):
    settings.AUDIT_CHAINS = 1
    job_holds_the_chain, page_started = threading.Event(), threading.Event()
    finished = []

    def job():
        with transaction.atomic():
            audit_record(actor=None, action=AuditAction.TRANSITION, detail={"taak": "aanmelding-sluiten"})
            job_holds_the_chain.set()
            assert page_started.wait(timeout=15)
            time.sleep(0.3)  # the page is waiting for the chain by now
            finished.append("job")

    def page():
        assert job_holds_the_chain.wait(timeout=15)
        page_started.set()
        audit_record(actor=None, action=AuditAction.VIEW)
        finished.append("page")

    assert run_together(job, page, timeout=30) == []
    assert finished == ["job", "page"]
    rows = list(AuditEvent.objects.order_by("seq").values_list("chain", "seq", "action"))
    assert rows == [(0, 1, AuditAction.TRANSITION), (0, 2, AuditAction.VIEW)]
    assert list(verify_chain()) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_spread_over_chains_without_gaps(postgres_only):
    writers, appends = 8, 25

    def writer(number):
        for i in range(appends):
            audit_record(actor=None, action=AuditAction.VIEW, detail={"schrijver": number, "n": i})

    assert run_together(*[partial(writer, n) for n in range(writers)]) == []
    assert AuditEvent.objects.count() == writers * appends
    by_chain = {}
    for chain, seq in AuditEvent.objects.order_by("chain", "seq").values_list("chain", "seq"):
        by_chain.setdefault(chain, []).append(seq)
    assert len(by_chain) > 1
    for chain, seqs in by_chain.items():
        assert seqs == list(range(1, len(seqs) + 1)), chain
        assert AuditChainHead.objects.get(chain=chain).last_seq == len(seqs)
    assert list(verify_chain()) == []
