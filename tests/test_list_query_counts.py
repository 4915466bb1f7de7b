"""Every list page costs the same, small number of queries with 10 rows and with 1,000 (issue 16).

One world, grown from 10 to 1,000 rows of what each page lists: no page's count may change,
and none may exceed MAX_QUERIES. The rows are bulk-inserted (a thousand cases walked
through the services would take minutes); what each page shows of them is asserted, so a
page that silently lists nothing cannot pass.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus
from participants.constants import OrganisationKind
from participants.tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from pga.constants import OverlegStatus
from pga.models import Casusoverleg, OverlegParticipant, PgaDossier
from triage.constants import AgendaItemStatus
from triage.models import AgendaItem
from triage.tests.meeting_factories import TriageMeetingFactory
from zvh.audit.constants import AuditAction
from zvh.audit.services import AuditEntry, audit_record_many

pytestmark = pytest.mark.django_db

#: Session, user (with organisation) and roles; the page's count, rows and prefetches; the
#: LIST entry in the audit log (three statements: lock a chain head, insert, move the head).
MAX_QUERIES = 12


class World:
    """The organisations, users and one meeting; `grow(n)` adds rows until every list has n."""

    def __init__(self):
        self.politie = OrganisationFactory(name="Politie", kind=OrganisationKind.POLITIE)
        self.ggz = OrganisationFactory(name="GGZ", kind=OrganisationKind.GGZ)
        self.melder = UserFactory(melder=True, organisation=self.politie)
        self.chair = UserFactory(voorzitter=True)
        self.regisseur = UserFactory(regisseur=True)
        self.partner = UserFactory(ketenpartner=True, organisation=self.ggz)
        self.logbeheerder = UserFactory(logbeheerder=True)
        self.municipality = MunicipalityFactory()
        self.meeting = TriageMeetingFactory(
            date=timezone.localdate() + datetime.timedelta(days=5), intake_closed_at=timezone.now()
        )
        self.rows = 0

    def grow(self, rows: int) -> None:
        new = range(self.rows, rows)
        now = timezone.now()
        cases = {
            status: Casus.objects.bulk_create(
                Casus(
                    reference=f"ZVH-2026-{status[:2].upper()}{n:05d}",
                    status=status,
                    organisation=self.politie,
                    melder=self.melder,
                    submitted_at=now - datetime.timedelta(hours=n),
                    target_triage_date=self.meeting.date,
                    aanleiding="Een lange aanleiding die geen lijst toont. " * 20,
                )
                for n in new
            )
            for status in (CasusStatus.AANGEMELD, CasusStatus.IN_VERRIJKING, CasusStatus.PGA)
        }
        everyone = [casus for group in cases.values() for casus in group]
        Betrokkene.objects.bulk_create(
            Betrokkene(casus=casus, first_names="Jan", surname="Jansen", municipality=self.municipality)
            for casus in everyone
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=self.meeting, casus=casus, status=AgendaItemStatus.GEBONDEN)
            for casus in cases[CasusStatus.IN_VERRIJKING]
        )
        dossiers = PgaDossier.objects.bulk_create(
            PgaDossier(casus=casus, procesregisseur=self.regisseur) for casus in cases[CasusStatus.PGA]
        )
        overleggen = Casusoverleg.objects.bulk_create(
            Casusoverleg(
                dossier=dossier,
                number=1,
                date=self.meeting.date,
                starts_at=datetime.time(10, 0),
                ends_at=datetime.time(11, 0),
                agenda="Kennismaking",
                created_by=self.regisseur,
                status=OverlegStatus.UITGENODIGD,
            )
            for dossier in dossiers
        )
        OverlegParticipant.objects.bulk_create(
            OverlegParticipant(overleg=overleg, organisation=self.ggz) for overleg in overleggen
        )
        audit_record_many([AuditEntry(actor=self.chair, action=AuditAction.VIEW, obj=casus) for casus in everyone])
        self.rows = rows


def shows_names(response, world) -> bool:
    return "Jansen" in response.content.decode()


def shows_the_meeting_count(response, world) -> bool:
    return response.context["meetings"][0].case_count == world.rows


def shows_references(response, world) -> bool:
    return "ZVH-2026-IN00000" in response.content.decode()


def shows_entries(response, world) -> bool:
    return "intake.casus" in response.content.decode()


#: page -> (who opens it, its address, what proves it listed the rows)
PAGES = {
    "Mijn aanmeldingen": ("melder", lambda world: reverse("intake:my_cases"), shows_names),
    "screening": ("chair", lambda world: reverse("triage:screening"), shows_names),
    "verrijking": ("chair", lambda world: reverse("triage:verrijking_list"), shows_names),
    "triage-overzicht": ("chair", lambda world: reverse("triage:overview"), shows_the_meeting_count),
    "agenda": ("chair", lambda world: reverse("triage:meeting_agenda", args=[world.meeting.pk]), shows_references),
    "Mijn dossiers": ("regisseur", lambda world: reverse("pga:my_dossiers"), shows_names),
    "PGA-dossiers (partner)": ("partner", lambda world: reverse("pga:partner_dossiers"), shows_names),
    "auditlog": ("logbeheerder", lambda world: reverse("audit:log"), shows_entries),
}


def page_queries(client, world: World, page: str) -> list[str]:
    role, url, shows_rows = PAGES[page]
    client.force_login(getattr(world, role))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world))
    assert response.status_code == 200
    assert shows_rows(response, world)
    return [query["sql"] for query in queries.captured_queries]


def test_every_list_page_costs_the_same_few_queries_with_10_and_with_1000_rows(client):
    world = World()
    world.grow(10)
    few = {page: page_queries(client, world, page) for page in PAGES}
    world.grow(1000)
    many = {page: page_queries(client, world, page) for page in PAGES}

    too_many = {page: len(queries) for page, queries in few.items() if len(queries) > MAX_QUERIES}
    assert too_many == {}, "\n\n".join("\n".join(few[page]) for page in too_many)
    assert {page: len(queries) for page, queries in many.items()} == {
        page: len(queries) for page, queries in few.items()
    }


#: Columns no list shows: the betrokkene's BSN (encrypted: every value read is decrypted) and the
#: registration's free texts (about 1.5 KB a case). "Load only what is shown" (issue 16).
NOT_SHOWN = ('"intake_betrokkene"."bsn"', '"intake_casus"."aanleiding"')


def test_no_list_page_reads_a_bsn_or_a_free_text_it_does_not_show(client):
    world = World()
    world.grow(10)
    reads = {
        page: sorted({column for sql in page_queries(client, world, page) for column in NOT_SHOWN if column in sql})
        for page in PAGES
    }

    assert reads == {page: [] for page in PAGES}
