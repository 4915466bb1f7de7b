"""The organisations, municipalities and accounts of the volume data.

Sixty organisations: the ZVH, the fixed partners of the triage (three municipalities among them)
and incidental ones, most of which may register under the WGS. One melder organisation
(``BIG_MELDER_ORGANISATION``, the police) registers a fixed number of cases so that "Mijn
aanmeldingen" is measured over a known size. Accounts get an unusable password: volume data
is for measuring, and nobody logs in with it (tests and the benchmark make their sessions
themselves). The first account of each kind has a short, documented name (``vol-melder``,
``vol-voorzitter``, ...), the accounts the benchmark and its test load pages as.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from participants.constants import FIXED_PARTNER_KINDS, OrganisationKind, Role
from participants.models import Municipality, Organisation, User
from participants.roles import sync_role_groups

K = OrganisationKind
ORGANISATION_COUNT = 60
BIG_MELDER_ORGANISATION = "Politie Volume-Nederland"
ZVH_NAME = "Zorg- en Veiligheidshuis Volume"

# The fixed partners (process step 5): name, kind. Checks go to every one but the ZVH.
FIXED = (
    (ZVH_NAME, K.ZVH),
    ("Gemeente Volumestad", K.GEMEENTE),
    ("Gemeente Meerdorp", K.GEMEENTE),
    ("Gemeente Heuvelrug-Volume", K.GEMEENTE),
    ("Openbaar Ministerie Volume", K.OM),
    (BIG_MELDER_ORGANISATION, K.POLITIE),
    ("Veilig Thuis Volume", K.VEILIG_THUIS),
    ("GGZ Volume", K.GGZ),
    ("Reclassering Volume", K.RECLASSERING),
)
INCIDENTAL_KINDS = (K.ZORGAANBIEDER, K.SOCIAAL_DOMEIN, K.WELZIJN, K.ONDERWIJS, K.UWV_SVB_WONING, K.GEHANDICAPTENZORG)

MUNICIPALITIES = (
    ("GM9001", "Volumestad", True),
    ("GM9002", "Meerdorp", True),
    ("GM9003", "Heuvelrug-Volume", True),
    ("GM9004", "Polderwijk", True),
    ("GM9005", "Buitenregio", False),
)

# Accounts of the ZVH itself, per role: how many.
ZVH_STAFF = {
    Role.TRIAGEVOORZITTER: 8,
    Role.PROCESREGISSEUR: 25,
    Role.LOGBEHEERDER: 2,
    Role.FUNCTIONEEL_BEHEERDER: 2,
    Role.RAPPORTAGE: 1,
    Role.PRIVACYCONTACTPUNT: 1,
}
SHORT_NAMES = {
    Role.MELDER: "vol-melder",
    Role.TRIAGEVOORZITTER: "vol-voorzitter",
    Role.PROCESREGISSEUR: "vol-regisseur",
    Role.LOGBEHEERDER: "vol-logbeheerder",
    Role.FUNCTIONEEL_BEHEERDER: "vol-beheerder",
    Role.RAPPORTAGE: "vol-rapportage",
    Role.PRIVACYCONTACTPUNT: "vol-privacy",
    Role.KETENPARTNER: "vol-partner",
}
FIRST_NAMES = (
    "Anna", "Bram", "Chantal", "Daan", "Esra", "Femke", "Gijs", "Hanna", "Ilse", "Jesse", "Kim", "Lars",
    "Mila", "Noah", "Olga", "Pieter", "Rosa", "Sem", "Tess", "Umut", "Vera", "Wout", "Yara", "Zoë",
)  # fmt: skip
SURNAMES = (
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Yilmaz", "El Idrissi", "Nguyen",
)  # fmt: skip


@dataclass
class People:
    """Who exists, by role and organisation, for the case generator to pick actors from."""

    zvh: Organisation
    big: Organisation
    registering: list[Organisation]
    check_partners: list[Organisation]
    incidental: list[Organisation]
    municipalities: list[Municipality]
    melders: dict[int, list[int]] = field(default_factory=dict)  # organisation id -> user ids
    partners: dict[int, list[int]] = field(default_factory=dict)  # organisation id -> ketenpartner ids
    chairs: list[int] = field(default_factory=list)
    regisseurs: list[int] = field(default_factory=list)
    usernames: dict[int, str] = field(default_factory=dict)
    organisation_names: dict[int, str] = field(default_factory=dict)
    user_organisation: dict[int, int] = field(default_factory=dict)


def create_people(rng: random.Random, *, big_melders: int = 40) -> People:
    """Organisations, municipalities and accounts, through the ORM (a few hundred rows)."""
    sync_role_groups()
    organisations = [Organisation(name=name, kind=kind, may_register=kind != K.ZVH) for name, kind in FIXED]
    for number in range(ORGANISATION_COUNT - len(FIXED)):
        kind = INCIDENTAL_KINDS[number % len(INCIDENTAL_KINDS)]
        organisations.append(
            Organisation(name=f"{kind.label} Volume {number + 1:02d}", kind=kind, may_register=number % 5 != 4)
        )
    for organisation in organisations:
        organisation.email = f"team@{organisation.name.lower().replace(' ', '-').replace('/', '')}.example"
    organisations = Organisation.objects.bulk_create(organisations)
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(code=code, name=name, in_region=in_region, zvh_name="" if in_region else "ZVH Elders")
            for code, name, in_region in MUNICIPALITIES
        ]
    )
    by_name = {o.name: o for o in organisations}
    people = People(
        zvh=by_name[ZVH_NAME],
        big=by_name[BIG_MELDER_ORGANISATION],
        registering=[o for o in organisations if o.may_register],
        check_partners=[o for o in organisations if o.kind in FIXED_PARTNER_KINDS and o.kind != K.ZVH],
        incidental=[o for o in organisations if o.kind not in FIXED_PARTNER_KINDS],
        municipalities=municipalities,
        organisation_names={o.pk: o.name for o in organisations},
    )
    accounts: list[tuple[User, Role]] = []
    counters: dict[Role, int] = {}
    password = make_password(None)  # unusable: see the module docstring

    def account(role: Role, organisation: Organisation) -> User:
        counters[role] = counters.get(role, 0) + 1
        number = counters[role]
        username = SHORT_NAMES[role] if number == 1 else f"{SHORT_NAMES[role]}-{number}"
        user = User(
            username=username,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(SURNAMES),
            email=f"{username}@volume.example",
            organisation=organisation,
            password=password,
        )
        accounts.append((user, role))
        return user

    for role, count in ZVH_STAFF.items():
        for _ in range(count):
            account(role, people.zvh)
    account(Role.MELDER, people.big)  # vol-melder belongs to the big melder organisation
    for organisation in people.registering:
        count = big_melders if organisation == people.big else rng.randint(3, 10)
        for _ in range(count - (organisation == people.big)):
            account(Role.MELDER, organisation)
    for organisation in people.check_partners:
        for _ in range(3):
            account(Role.KETENPARTNER, organisation)
    User.objects.bulk_create([user for user, _ in accounts])
    groups = {group.name: group.pk for group in Group.objects.filter(name__in=Role.values)}
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=groups[role]) for user, role in accounts]
    )
    for user, role in accounts:
        people.usernames[user.pk] = user.username
        people.user_organisation[user.pk] = user.organisation_id
        if role == Role.MELDER:
            people.melders.setdefault(user.organisation_id, []).append(user.pk)
        elif role == Role.KETENPARTNER:
            people.partners.setdefault(user.organisation_id, []).append(user.pk)
        elif role == Role.TRIAGEVOORZITTER:
            people.chairs.append(user.pk)
        elif role == Role.PROCESREGISSEUR:
            people.regisseurs.append(user.pk)
    return people
