"""`python manage.py load_demo`: fictional organisations, accounts and cases for a local demo.

Why this command exists: the README's `make run` starts the application with something to look
at. Every role (``participants.constants.Role``) gets an account (password ``demo``), the fixed triage partners and
a few incidental organisations exist, the region's municipalities are known, and there are
cases in the states a melder, a triage chair and a procesregisseur meet in a normal week.

Decisions, so that the README stays true and the data stays honest:

* **Only with DEBUG.** Accounts with the password ``demo`` must never exist in production, so
  the command refuses (``CommandError``) unless ``settings.DEBUG`` is True. Production settings
  refuse to start with DEBUG on, so the two guards cover each other.
* **Idempotent.** `make run` calls it on every start. Organisations are keyed on their name,
  municipalities on their CBS code, users on their username (``update_or_create``), so a second
  run updates in place and creates nothing. The demo password is set again on every run, and a
  demo account gets its one demo role back (other role groups are taken off), so the accounts
  always work as the README says. Cases have no natural key: they are created only when the demo
  melders have no cases at all yet; once someone has worked with them, they are left alone.
* **Through the services.** Every case reaches its state only through the services the users'
  actions call, by the actor who would do it in real life: ``intake.services`` (create,
  registration, submit), screening (accept, or a question to the melder), the bekendheidscheck
  answers of the two partner accounts and the chair's weighing, the Thursday 16:00 cutoff,
  finalising the agenda, the triage's decisions (geen PGA, PGA with its invitees, niet besproken)
  and closing the meeting; the PGA decision opens the dossier, and ``demo.pga_work`` works in it
  with ``pga.services`` (``demo.pga_overleg`` holds the first casusoverleg of the dossier in execution
  and plans its follow-up). So reference numbers, target dates, meetings, agenda items, decisions,
  status history and audit log are the real thing. The decided cases are replayed at the moments
  they happened (``demo.history`` moves the clock with ``time_machine``, counted from the last
  cutoff before now); the open ones are submitted with ``now=`` shortly before now, and the cutoff
  job then binds them to the coming meeting, so the chair finds a real agenda to make and
  finalise (the demo leaves that step, and that triage, to the user).
* **Fictional personal data.** Names and addresses are made up; BSNs are elfproef-valid test
  numbers (the registration service refuses any other). Status-change reasons carry no personal data.
* **All or nothing.** Everything runs in one transaction, so a failure halfway leaves no half
  set of demo cases behind that would block the next run.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import history
from demo.history import GEEN_PGA, NIET_BESPROKEN, PGA
from demo.pga_overleg import load_overleg
from demo.pga_work import load_pga_work
from demo.retention_work import load_withdrawal
from intake.models import Casus
from intake.services import casus_create, casus_submit
from intake.services.registration import RowInput, registration_save
from participants.constants import OrganisationKind, Role
from participants.models import Municipality, Organisation, User
from participants.roles import sync_role_groups
from pga.models import PgaDossier
from reports.facts import facts_refresh
from triage.services.cutoff import cutoff_close_intake
from triage.services.meetings import meetings_generate
from triage.services.screening import screening_request_information

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set with DEBUG on, see Command.handle

K = OrganisationKind

# name, kind, may_register, mail domain (without ".example")
ORGANISATIONS: tuple[tuple[str, OrganisationKind, bool, str], ...] = (
    # The seven fixed partners of the Integrale Triage (and a second municipality).
    ("Zorg- en Veiligheidshuis Regio Utrecht", K.ZVH, False, "zvh-regio-utrecht"),
    ("Gemeente Utrecht", K.GEMEENTE, True, "utrecht"),
    ("Gemeente Nieuwegein", K.GEMEENTE, True, "nieuwegein"),
    ("Openbaar Ministerie Midden-Nederland", K.OM, True, "om-midden-nederland"),
    ("Politie Midden-Nederland", K.POLITIE, True, "politie-midden-nederland"),
    ("Veilig Thuis Utrecht", K.VEILIG_THUIS, True, "veiligthuis-utrecht"),
    ("GGZ Centraal", K.GGZ, True, "ggzcentraal"),
    ("Reclassering Nederland", K.RECLASSERING, True, "reclassering"),
    # Incidental participants.
    ("Woningcorporatie Mitros", K.UWV_SVB_WONING, False, "mitros"),
    ("Slachtofferhulp Nederland", K.SLACHTOFFERHULP, False, "slachtofferhulp"),
    # May not register under the WGS: shows the check when its melder tries to submit.
    ("Huisartsenpraktijk De Brug", K.ZORGAANBIEDER, False, "huisartsenpraktijk-debrug"),
)

# CBS code, name, in region, ZVH for municipalities outside the region
MUNICIPALITIES: tuple[tuple[str, str, bool, str], ...] = (
    ("GM0344", "Utrecht", True, ""),
    ("GM0356", "Nieuwegein", True, ""),
    ("GM0353", "IJsselstein", True, ""),
    ("GM0321", "Houten", True, ""),
    ("GM1904", "Stichtse Vecht", True, ""),
    ("GM0310", "De Bilt", True, ""),
    ("GM0355", "Zeist", True, ""),
    ("GM0331", "Lopik", True, ""),
    ("GM1961", "Vijfheerenlanden", True, ""),
    ("GM0363", "Amsterdam", False, "Zorg- en Veiligheidshuis Amsterdam-Amstelland"),
    ("GM0599", "Rotterdam", False, "Zorg- en Veiligheidshuis Rotterdam-Rijnmond"),
    ("GM0307", "Amersfoort", False, "Zorg- en Veiligheidshuis Regio Amersfoort"),
)

ZVH = "Zorg- en Veiligheidshuis Regio Utrecht"

# username, first name, last name, organisation, role, is_staff
USERS: tuple[tuple[str, str, str, str, Role, bool], ...] = (
    ("melder", "Sanne", "de Wit", "Politie Midden-Nederland", Role.MELDER, False),
    ("melder2", "Ahmed", "El Amrani", "Gemeente Utrecht", Role.MELDER, False),
    ("voorzitter", "Marloes", "Verbeek", ZVH, Role.TRIAGEVOORZITTER, False),
    ("partner-politie", "Jeroen", "Bakker", "Politie Midden-Nederland", Role.KETENPARTNER, False),
    ("partner-ggz", "Fatima", "Yilmaz", "GGZ Centraal", Role.KETENPARTNER, False),
    ("regisseur", "Koen", "van Dijk", ZVH, Role.PROCESREGISSEUR, False),
    ("beheerder", "Ingrid", "Smit", ZVH, Role.FUNCTIONEEL_BEHEERDER, True),
    ("logbeheerder", "Ruben", "Visser", ZVH, Role.LOGBEHEERDER, False),
    # The ZVH's contact point for the betrokkene's requests (inzage, correctie, verwijdering, bezwaar).
    ("privacy", "Noor", "Hendriks", ZVH, Role.PRIVACYCONTACTPUNT, False),
    ("rapportage", "Yvonne", "de Boer", ZVH, Role.RAPPORTAGE, False),
    ("melder-huisarts", "Esther", "Mulder", "Huisartsenpraktijk De Brug", Role.MELDER, False),
)


@dataclass(frozen=True)
class Person:
    first_names: str
    surname: str
    date_of_birth: datetime.date
    street_address: str
    postal_code: str
    city: str
    municipality_code: str
    surname_prefix: str = ""
    bsn: str = ""


@dataclass(frozen=True)
class DemoCase:
    melder: str
    people: tuple[Person, ...]
    # When the melder submitted: ``submitted_ago`` before now, or two days before the Thursday 16:00
    # cutoff ``cutoff_weeks_back`` weeks before the last one. Neither: the case stays a concept.
    submitted_ago: datetime.timedelta | None = None
    cutoff_weeks_back: int | None = None
    # The chair's screening: "accept" (verrijking), "question" (aanvulling gevraagd) or "" (not yet).
    screening: str = ""
    # Accepted cases: the partners answered the bekendheidscheck and the chair weighed, at this level.
    weight: int | None = None
    # The triage's outcome at each meeting the case is on (demo.history: niet besproken, geen PGA, PGA).
    triage: tuple[str, ...] = ()
    # The PGA dossier's state, made by demo.pga_work: "informeren", "uitvoeren" or "monitoren".
    pga_work: str = ""
    # A held first casusoverleg and a planned follow-up (demo.pga_overleg), played before ``pga_work``.
    casusoverleg: bool = False
    # Withdrawn by its melder this long after submission; with ``extension`` (the reason), the chair
    # then keeps it two weeks past its deletion date (retention.services.retention_extend).
    withdrawn_after: datetime.timedelta | None = None
    extension: str = ""
    label: str = field(default="", compare=False)


ago = datetime.timedelta
QUESTION = "Graag aanvullen: welke leefgebieden spelen er en welke ketens zijn al betrokken?"

CASES: tuple[DemoCase, ...] = (
    DemoCase(
        label="concept",
        melder="melder",
        people=(
            Person("Pieter", "Hoekstra", datetime.date(1979, 6, 2), "Fictiestraat 12", "3512 AB", "Utrecht", "GM0344"),
        ),
    ),
    DemoCase(
        label="aangemeld",
        melder="melder",
        submitted_ago=ago(hours=3),
        people=(
            Person(
                "Linda",
                "Vermeulen",
                datetime.date(1988, 11, 23),
                "Voorbeeldlaan 4",
                "3431 CD",
                "Nieuwegein",
                "GM0356",
                bsn="111222333",
            ),
        ),
    ),
    DemoCase(
        label="aangemeld",
        melder="melder2",
        submitted_ago=ago(days=1),
        people=(
            Person("Mohamed", "Bouzid", datetime.date(1995, 2, 17), "Denkbeeldweg 88", "3524 EF", "Utrecht", "GM0344"),
            Person("Yasmina", "Bouzid", datetime.date(1997, 8, 5), "Denkbeeldweg 88", "3524 EF", "Utrecht", "GM0344"),
        ),
    ),
    DemoCase(
        label="aanvulling gevraagd",
        melder="melder2",
        submitted_ago=ago(days=3),
        screening="question",
        people=(
            Person("Kevin", "Dekker", datetime.date(2001, 4, 30), "Verzonnenpad 3", "3401 GH", "IJsselstein", "GM0353"),
        ),
    ),
    DemoCase(
        label="in verrijking",
        melder="melder",
        submitted_ago=ago(days=2),
        screening="accept",
        people=(
            Person(
                "Wilhelmina",
                "Berg",
                datetime.date(1962, 9, 14),
                "Proefplein 21",
                "3991 JK",
                "Houten",
                "GM0321",
                surname_prefix="van den",
                bsn="123456782",
            ),
        ),
    ),
    DemoCase(
        # Accepted and enriched before the last Thursday 16:00, so the cutoff binds it to the coming
        # meeting: the chair can put it on that agenda and finalise it (the invitation then goes out).
        label="klaar voor de agenda",
        melder="melder2",
        cutoff_weeks_back=0,
        screening="accept",
        weight=1,
        people=(Person("Dennis", "Kok", datetime.date(1984, 1, 9), "Oefenkade 7", "3705 LM", "Zeist", "GM0355"),),
    ),
    DemoCase(
        label="PGA",
        melder="melder",
        cutoff_weeks_back=4,
        screening="accept",
        weight=3,
        triage=(PGA,),
        pga_work="informeren",
        people=(
            Person(
                "Robin",
                "Schouten",
                datetime.date(1990, 12, 1),
                "Testsingel 150",
                "3603 NP",
                "Maarssen",
                "GM1904",
                bsn="999990019",
            ),
            Person("Noa", "Schouten", datetime.date(2012, 7, 19), "Testsingel 150", "3603 NP", "Maarssen", "GM1904"),
        ),
    ),
    DemoCase(
        label="PGA, plan in uitvoering",
        melder="melder",
        # The melder missed the first triage; the case moved on and was decided a week later.
        cutoff_weeks_back=9,
        screening="accept",
        weight=2,
        triage=(NIET_BESPROKEN, PGA),
        pga_work="uitvoeren",
        casusoverleg=True,
        people=(
            Person("Sem", "Mulder", datetime.date(1979, 4, 2), "Proefweg 12", "3431 AB", "Nieuwegein", "GM0356"),
        ),
    ),
    DemoCase(
        label="PGA afgesloten, in monitoring",
        melder="melder",
        cutoff_weeks_back=17,
        screening="accept",
        weight=3,
        triage=(PGA,),
        pga_work="monitoren",
        people=(
            Person("Lotte", "Visser", datetime.date(1995, 9, 23), "Voorbeeldlaan 3", "3701 AA", "Zeist", "GM0355"),
        ),
    ),
    DemoCase(
        label="afgesloten (geen PGA)",
        melder="melder2",
        # On the same triage as Schouten; closed when the chair closed the meeting and the advice went out.
        cutoff_weeks_back=4,
        screening="accept",
        weight=0,
        triage=(GEEN_PGA,),
        people=(
            Person(
                "Gerrit",
                "Jong",
                datetime.date(1957, 3, 27),
                "Fantasielaan 2",
                "3732 PR",
                "De Bilt",
                "GM0310",
                surname_prefix="de",
            ),
        ),
    ),
    # Withdrawn almost six months ago (the default period): on the chairs' "Bewaartermijnen" list,
    # one of them kept two weeks longer.
    DemoCase(
        label="ingetrokken, bijna verwijderd",
        melder="melder",
        submitted_ago=ago(days=168),
        withdrawn_after=ago(days=2),
        people=(
            Person("Tim", "Bos", datetime.date(1990, 10, 14), "Bedachtstraat 21", "3511 KL", "Utrecht", "GM0344"),
        ),
    ),
    DemoCase(
        label="ingetrokken, bewaartermijn verlengd",
        melder="melder2",
        submitted_ago=ago(days=178),
        withdrawn_after=ago(days=1),
        extension="De melder vraagt inzage in de eigen melding; de afhandeling loopt nog.",
        people=(
            Person("Iris", "Smit", datetime.date(1986, 12, 1), "Verzinsel 5", "3436 BC", "Nieuwegein", "GM0356"),
        ),
    ),
)

DEMO_MELDERS = ("melder", "melder2")


class Command(BaseCommand):
    help = "Laadt fictieve demodata (organisaties, gemeenten, accounts, casussen). Alleen met DEBUG=True."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo draait alleen met DEBUG=True: demo-accounts met wachtwoord 'demo' "
                "mogen nooit in productie bestaan."
            )
        with transaction.atomic():
            sync_role_groups()
            organisations, new_orgs = self._organisations()
            municipalities = self._municipalities()
            users, new_users = self._users(organisations)
            cases_created = self._cases(users, municipalities)
            # The triage calendar and the Thursday 16:00 cutoffs, as the beat tasks would run
            # them (both idempotent): the open cases are bound to their meeting.
            meetings_generate(start=timezone.localdate(), weeks=8)
            cutoff_close_intake(now=timezone.now())
            # The report's anonymous facts, as the worker would refresh them: the report page
            # itself never does, and the demo is to be looked at without a worker running.
            facts_refresh()

        if options["verbosity"] >= 1:
            self._summary(new_orgs, new_users, cases_created)

    # --- reference data -------------------------------------------------------------------

    def _organisations(self) -> tuple[dict[str, Organisation], int]:
        result, created_count = {}, 0
        for name, kind, may_register, domain in ORGANISATIONS:
            org, created = Organisation.objects.update_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "may_register": may_register,
                    "email": f"postbus@{domain}.example",
                    "is_active": True,
                },
            )
            result[name] = org
            created_count += created
        return result, created_count

    def _municipalities(self) -> dict[str, Municipality]:
        result = {}
        for code, name, in_region, zvh_name in MUNICIPALITIES:
            result[code], _ = Municipality.objects.update_or_create(
                code=code, defaults={"name": name, "in_region": in_region, "zvh_name": zvh_name}
            )
        return result

    def _users(self, organisations: dict[str, Organisation]) -> tuple[dict[str, User], int]:
        domains = {name: domain for name, _, _, domain in ORGANISATIONS}
        role_groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
        result, created_count = {}, 0
        for username, first, last, org_name, role, is_staff in USERS:
            local = f"{first}.{last}".lower().replace(" ", "")
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{local}@{domains[org_name]}.example",
                    "organisation": organisations[org_name],
                    "is_staff": is_staff,
                    "is_superuser": False,
                    "is_active": True,
                },
            )
            # Reset on every run, so "wachtwoord demo" in the README is always true.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            other_roles = [group for name, group in role_groups.items() if name != role]
            user.groups.remove(*other_roles)
            user.groups.add(role_groups[role])
            user.__dict__.pop("roles", None)  # drop the cached roles
            result[username] = user
            created_count += created
        return result, created_count

    # --- cases ----------------------------------------------------------------------------

    def _cases(self, users: dict[str, User], municipalities: dict[str, Municipality]) -> bool:
        if Casus.objects.filter(melder__username__in=DEMO_MELDERS).exists():
            return False
        now = timezone.now()
        # The decided cases first, each triage in turn, oldest first (demo.history); then the open
        # ones in the order of submission, so reference numbers follow the order of submission.
        decided = sorted((spec for spec in CASES if spec.triage), key=lambda spec: -spec.cutoff_weeks_back)
        for weeks in dict.fromkeys(spec.cutoff_weeks_back for spec in decided):
            cutoff = history.cutoff_weeks_back(now, weeks)
            batch = [spec for spec in decided if spec.cutoff_weeks_back == weeks]
            moment = history.submitted_before(cutoff)
            cases = {self._submitted(spec, moment, users, municipalities): spec for spec in batch}
            history.triage_rounds(
                cutoff=cutoff, decisions={casus.pk: spec.triage for casus, spec in cases.items()}, users=users
            )
            self._pga_work(cases, users)
        waiting = [spec for spec in CASES if not spec.triage]
        for moment, spec in sorted(((self._moment(spec, now), spec) for spec in waiting), key=lambda pair: pair[0]):
            casus = self._submitted(spec, moment, users, municipalities)
            if spec.withdrawn_after:
                load_withdrawal(
                    casus=casus, at=moment + spec.withdrawn_after, extension=spec.extension, chair=users["voorzitter"]
                )
        return True

    @staticmethod
    def _moment(spec: DemoCase, now: datetime.datetime) -> datetime.datetime:
        """When the melder submitted ``spec`` (now for a concept, which is only created)."""
        if spec.cutoff_weeks_back is not None:
            return history.submitted_before(history.cutoff_weeks_back(now, spec.cutoff_weeks_back))
        return now - (spec.submitted_ago or datetime.timedelta())

    def _submitted(
        self, spec: DemoCase, moment: datetime.datetime, users: dict[str, User], municipalities: dict[str, Municipality]
    ) -> Casus:
        """Registered and submitted at ``moment`` by its melder, then screened (and enriched) an hour later."""
        melder = users[spec.melder]
        with history.at(moment):
            casus = casus_create(melder=melder)
            for person in spec.people:
                self._betrokkene(casus=casus, person=person, melder=melder, municipalities=municipalities)
            if spec.submitted_ago is None and spec.cutoff_weeks_back is None:
                return casus
            casus = casus_submit(casus=casus, by=melder, now=moment)
        with history.at(moment + datetime.timedelta(hours=1)):
            if spec.screening == "question":
                screening_request_information(casus=casus, by=users["voorzitter"], question=QUESTION)
            elif spec.screening == "accept":
                history.screen_and_enrich(casus=casus, users=users, weight=spec.weight)
        return casus

    @staticmethod
    def _pga_work(cases: dict[Casus, DemoCase], users: dict[str, User]) -> None:
        """The procesregisseur's work in the dossiers the triage opened, as of today; the first
        casusoverleg is played first, a week after the triage (``demo.pga_overleg``)."""
        for casus, spec in cases.items():
            if spec.casusoverleg:
                load_overleg(dossier=PgaDossier.objects.get(casus=casus), users=users)
            if spec.pga_work:
                load_pga_work(scenario=spec.pga_work, dossier=PgaDossier.objects.get(casus=casus))

    def _betrokkene(
        self, *, casus: Casus, person: Person, melder: User, municipalities: dict[str, Municipality]
    ) -> None:
        values = {
            "first_names": person.first_names,
            "surname_prefix": person.surname_prefix,
            "surname": person.surname,
            "date_of_birth": person.date_of_birth,
            "bsn": person.bsn or None,
            "street_address": person.street_address,
            "postal_code": person.postal_code,
            "city": person.city,
            "municipality": municipalities[person.municipality_code],
        }
        # As the melder types it on the registration page: the service checks the BSN (elfproef).
        registration_save(casus=casus, by=melder, betrokkenen=[RowInput(key="demo", pk=None, values=values)])

    # --- output ---------------------------------------------------------------------------

    def _summary(self, new_orgs: int, new_users: int, cases_created: bool) -> None:
        demo_cases = Casus.objects.filter(melder__username__in=DEMO_MELDERS).count()
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        self.stdout.write(f"  Organisaties: {len(ORGANISATIONS)} ({new_orgs} nieuw)")
        self.stdout.write(f"  Gemeenten:    {len(MUNICIPALITIES)}")
        self.stdout.write(f"  Gebruikers:   {len(USERS)} ({new_users} nieuw)")
        if cases_created:
            self.stdout.write(f"  Casussen:     {demo_cases} aangemaakt")
        else:
            self.stdout.write(f"  Casussen:     {demo_cases} van de demo-melders al aanwezig; niets toegevoegd")
        self.stdout.write(f"Inloggen met wachtwoord '{DEMO_PASSWORD}' als:")
        for username, _first, _last, org_name, role, _ in USERS:
            self.stdout.write(f"  {username:<16} {Role(role).label} - {org_name}")
