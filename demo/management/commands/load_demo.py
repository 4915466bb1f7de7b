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
* **Through the services.** Cases are created, submitted and moved only with
  ``intake.services`` (``casus_create``, ``registration_save``, ``casus_submit``,
  ``casus_transition``), the PGA dossier with ``pga.services.pga_dossier_start``, by the actor who
  would do it in real life (the melder submits, the triage chair screens and records the
  decision), so reference numbers, target triage dates, status history and audit log are the
  real thing. Submissions are back-dated with ``now=`` so the target triage dates make sense
  relative to today (cases decided at an earlier triage have a date in the past, open cases one
  to come). The cutoff job then binds the open cases to their meeting, so the chair finds a
  real agenda to make and finalise (the demo leaves that step, and the triage itself, to the
  user). The two decided cases predate the agenda: their history holds the status changes
  only. The status history itself is append-only and stamped with the moment this command
  ran; that is not rewritten.
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

from demo.pga_work import load_pga_work
from intake.constants import CasusStatus
from intake.models import Casus, CriteriaSet
from intake.services import casus_create, casus_submit, casus_transition
from intake.services.registration import RowInput, registration_save
from participants.constants import OrganisationKind, Role
from participants.models import Municipality, Organisation, User
from participants.roles import sync_role_groups
from pga.services import pga_dossier_start
from triage.services.cutoff import cutoff_close_intake
from triage.services.meetings import meetings_generate
from triage.services.screening import screening_accept

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
class Step:
    to: CasusStatus
    by: str  # username
    reason: str


@dataclass(frozen=True)
class DemoCase:
    melder: str
    people: tuple[Person, ...]
    submitted_ago: datetime.timedelta | None = None  # None: stays a concept
    steps: tuple[Step, ...] = ()
    pga: bool = False
    # The PGA dossier's state, made by demo.pga_work: "informeren", "uitvoeren" or "monitoren".
    pga_work: str = ""
    label: str = field(default="", compare=False)


S = CasusStatus
ago = datetime.timedelta
SCREEN_OK = Step(
    S.IN_VERRIJKING, "voorzitter", "Voldoet aan de criteria; bekendheidscheck uitgezet bij de vaste partners."
)
AGENDA = Step(S.GEAGENDEERD, "voorzitter", "Verrijking afgerond; geagendeerd voor de Integrale Triage.")

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
                "Linda", "Vermeulen", datetime.date(1988, 11, 23), "Voorbeeldlaan 4", "3431 CD", "Nieuwegein", "GM0356",
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
        steps=(
            Step(
                S.AANVULLING_GEVRAAGD,
                "voorzitter",
                "Graag aanvullen: welke leefgebieden spelen er en welke ketens zijn al betrokken?",
            ),
        ),
        people=(
            Person("Kevin", "Dekker", datetime.date(2001, 4, 30), "Verzonnenpad 3", "3401 GH", "IJsselstein", "GM0353"),
        ),
    ),
    DemoCase(
        label="in verrijking",
        melder="melder",
        submitted_ago=ago(days=2),
        steps=(SCREEN_OK,),
        people=(
            Person(
                "Wilhelmina", "Berg", datetime.date(1962, 9, 14), "Proefplein 21", "3991 JK", "Houten", "GM0321",
                surname_prefix="van den", bsn="123456782",
            ),
        ),
    ),
    DemoCase(
        # Accepted before the last Thursday 16:00, so the cutoff binds it to the coming meeting:
        # the chair can put it on that agenda and finalise it (the invitation then goes out).
        label="klaar voor de agenda",
        melder="melder2",
        submitted_ago=ago(days=8),
        steps=(SCREEN_OK,),
        people=(
            Person("Dennis", "Kok", datetime.date(1984, 1, 9), "Oefenkade 7", "3705 LM", "Zeist", "GM0355"),
        ),
    ),
    DemoCase(
        label="PGA",
        melder="melder",
        submitted_ago=ago(days=30),
        steps=(
            SCREEN_OK,
            AGENDA,
            Step(S.PGA, "voorzitter", "Besluit Integrale Triage: persoonsgerichte aanpak; procesregisseur aangewezen."),
        ),
        pga=True,
        pga_work="informeren",
        people=(
            Person(
                "Robin", "Schouten", datetime.date(1990, 12, 1), "Testsingel 150", "3603 NP", "Maarssen", "GM1904",
                bsn="999990019",
            ),
            Person("Noa", "Schouten", datetime.date(2012, 7, 19), "Testsingel 150", "3603 NP", "Maarssen", "GM1904"),
        ),
    ),
    DemoCase(
        label="PGA, plan in uitvoering",
        melder="melder",
        submitted_ago=ago(days=60),
        steps=(SCREEN_OK, AGENDA, Step(S.PGA, "voorzitter", "Besluit Integrale Triage: persoonsgerichte aanpak.")),
        pga=True,
        pga_work="uitvoeren",
        people=(
            Person("Sem", "Mulder", datetime.date(1979, 4, 2), "Proefweg 12", "3431 AB", "Nieuwegein", "GM0356"),
        ),
    ),
    DemoCase(
        label="PGA afgesloten, in monitoring",
        melder="melder",
        submitted_ago=ago(days=120),
        steps=(SCREEN_OK, AGENDA, Step(S.PGA, "voorzitter", "Besluit Integrale Triage: persoonsgerichte aanpak.")),
        pga=True,
        pga_work="monitoren",
        people=(
            Person("Lotte", "Visser", datetime.date(1995, 9, 23), "Voorbeeldlaan 3", "3701 AA", "Zeist", "GM0355"),
        ),
    ),
    DemoCase(
        label="afgesloten (geen PGA)",
        melder="melder2",
        submitted_ago=ago(days=37),
        steps=(
            SCREEN_OK,
            AGENDA,
            Step(
                S.BESPROKEN_GEEN_PGA,
                "voorzitter",
                "Besluit Integrale Triage: geen PGA; advies over vervolgstappen aan de melder.",
            ),
            Step(S.AFGESLOTEN, "voorzitter", "Advies aan de melder verstuurd; casus afgesloten voor het ZVH."),
        ),
        people=(
            Person(
                "Gerrit", "Jong", datetime.date(1957, 3, 27), "Fantasielaan 2", "3732 PR", "De Bilt", "GM0310",
                surname_prefix="de",
            ),
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
        # Oldest submission first, so reference numbers follow the order of submission.
        in_order = sorted(CASES, key=lambda spec: -(spec.submitted_ago or datetime.timedelta()))
        for spec in in_order:
            melder = users[spec.melder]
            casus = casus_create(melder=melder)
            for person in spec.people:
                self._betrokkene(casus=casus, person=person, melder=melder, municipalities=municipalities)
            if spec.submitted_ago is None:
                continue
            casus = casus_submit(casus=casus, by=melder, now=now - spec.submitted_ago)
            for step in spec.steps:
                if step.to == S.IN_VERRIJKING:
                    # Accept through the screening service, so the partners get their checks.
                    criteria = CriteriaSet.objects.get(is_active=True).criteria.all()
                    screening_accept(
                        casus=casus,
                        by=users[step.by],
                        reason=step.reason,
                        criteria_judgement={criterion.pk: True for criterion in criteria},
                    )
                    continue
                casus = casus_transition(casus=casus, to=step.to, by=users[step.by], reason=step.reason)
            if spec.pga:
                dossier = pga_dossier_start(casus=casus, procesregisseur=users["regisseur"], by=users["voorzitter"])
                if spec.pga_work:
                    load_pga_work(scenario=spec.pga_work, dossier=dossier)
        return True

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
