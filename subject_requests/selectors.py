"""Reads of data-subject requests and of everything the ZVH holds on one person.

Need-to-know: only the privacycontactpunt handles requests (docs/decisions.md, "Data-subject
requests"), so every read here starts from ``may_handle``; anyone else gets nothing, and a
refused attempt on an existing request is audited (as ``intake.selectors.casus_or_denied``).

The lookup across the apps lives here, the one place above all of them: intake, triage and pga
each hand over their rows for a set of cases through a small selector of their own
(``intake.selectors.betrokkenen_with_bsn``, ``triage.selectors.person``, ``pga.selectors.person``).
What is exported is only the person's own betrokkene row and the case data around it: the other
members of a household in the same case are never read into the record.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.text import capfirst

from intake.constants import CasusStatus, LifeDomain
from intake.extensions import CaseSection
from intake.lifecycle import CASUS_LIFECYCLE
from intake.models import Betrokkene, Casus
from intake.selectors import betrokkenen_named, betrokkenen_with_bsn
from participants.constants import Role
from participants.models import User
from pga.constants import DossierPhase
from pga.models import PgaDossier
from pga.phases import RUNNING_PHASES
from pga.selectors.person import dossiers_of_cases
from triage.selectors.person import checks_of_cases, decisions_of_cases
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from .constants import CORRECTABLE_FIELDS, RequestStatus, SearchBy
from .models import Objection, RequestMatch, SubjectRequest

# The legal basis stated in every export (plain Dutch, for the person).
LEGAL_BASIS = (
    "Wet gegevensverwerking door samenwerkingsverbanden (Wgs): het Zorg- en Veiligheidshuis en de "
    "partners in het samenwerkingsverband mogen gegevens delen om samen ingewikkelde problemen op het "
    "gebied van zorg en veiligheid aan te pakken.",
    "Algemene verordening gegevensbescherming (AVG), artikel 6 lid 1 onder e: de verwerking is nodig "
    "voor een taak van algemeen belang.",
)
RIGHTS = (
    "U kunt ons vragen gegevens te verbeteren of te verwijderen, en u kunt bezwaar maken tegen de "
    "verwerking. Bent u het niet eens met hoe wij met uw gegevens omgaan, dan kunt u een klacht "
    "indienen bij de Autoriteit Persoonsgegevens."
)


def may_handle(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_role(Role.PRIVACYCONTACTPUNT)


def requests_for_list(user: User) -> QuerySet[SubjectRequest]:
    """Open requests first, the nearest deadline first; the list needs nothing but the row."""
    if not may_handle(user):
        return SubjectRequest.objects.none()
    open_first = Case(
        When(status__in=[RequestStatus.ONTVANGEN, RequestStatus.IN_BEHANDELING], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return SubjectRequest.objects.annotate(open_first=open_first).order_by("open_first", "deadline", "id")


def is_overdue(subject_request: SubjectRequest, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return subject_request.is_open and subject_request.deadline < today


def request_denied(*, user: User, request_id: int) -> None:
    if SubjectRequest.objects.filter(pk=request_id).exists():
        audit_record(
            actor=user, action=AuditAction.DENIED, detail={"object": f"subject_requests.subjectrequest:{request_id}"}
        )


def request_or_denied(*, user: User, request_id: int) -> SubjectRequest:
    """The request when the user handles requests, its read not yet audited; else DoesNotExist (audited)."""
    found = SubjectRequest.objects.filter(pk=request_id).first() if may_handle(user) else None
    if found is None:
        request_denied(user=user, request_id=request_id)
        raise SubjectRequest.DoesNotExist
    return found


def request_read(*, user: User, subject_request: SubjectRequest) -> None:
    audit_record(actor=user, action=AuditAction.VIEW, obj=subject_request, detail={"verzoek": subject_request.number})


def matches_of(subject_request: SubjectRequest) -> list[RequestMatch]:
    return list(subject_request.matches.select_related("casus__organisation", "betrokkene"))


def objections_of(subject_request: SubjectRequest) -> list[Objection]:
    return list(subject_request.objections.select_related("casus", "decided_by"))


def person_search(
    *,
    user: User,
    subject_request: SubjectRequest,
    by: str,
    bsn: str = "",
    surname: str = "",
    date_of_birth: datetime.date | None = None,
    first_names: str = "",
) -> list[Betrokkene]:
    """Every betrokkene row, in every organisation's cases, that may be this person; the search audited.

    By BSN the keyed hash finds the rows (no row is decrypted to compare); by surname and date of
    birth the privacycontactpunt confirms which rows are the person before anything is exported.
    The entry names the way searched and the number found, never the values.
    """
    if not may_handle(user):
        return []
    if by == SearchBy.BSN:
        rows = betrokkenen_with_bsn(bsn)
    else:
        rows = betrokkenen_named(surname=surname, date_of_birth=date_of_birth, first_names=first_names)
    found = list(rows)
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        obj=subject_request,
        detail={
            "verzoek": subject_request.number,
            "zoeken_op": str(by),
            "aantal": len(found),
            "casussen": sorted({row.casus.reference or str(row.casus_id) for row in found}),
        },
    )
    return found


# --- the record of one person (the export) ----------------------------------------------------------


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _section(title: str, pairs: Iterable[tuple[str, object]]) -> dict:
    """A titled block of label -> value, empty values left out (they say nothing to the person)."""
    return {"titel": title, "gegevens": {label: _text(value) for label, value in pairs if _text(value)}}


def _person_section(row: Betrokkene) -> dict:
    labels = {**CORRECTABLE_FIELDS, "relation": "rol in de casus"}
    pairs = [(capfirst(label), getattr(row, field)) for field, label in labels.items()]
    pairs.append(("Gemeente", row.municipality.name if row.municipality_id else ""))
    return _section("Uw gegevens", pairs)


def _casus_section(casus: Casus) -> dict:
    domains = [
        (f"Problemen: {LifeDomain(key).label}", text)
        for key, text in (casus.life_domains or {}).items()
        if key in LifeDomain.values
    ]
    criteria = [(f"Motivering criterium {key}", text) for key, text in (casus.criteria_motivation or {}).items()]
    return _section(
        "Over de casus",
        [
            ("Status", casus.status_label),
            ("Aangemeld door", casus.organisation.name),
            ("Aangemeld op", casus.submitted_at),
            ("Aanleiding", casus.aanleiding),
            ("Zorgen", casus.concerns),
            *domains,
            ("Veiligheidsrisico's", casus.safety_risks),
            ("Wat is al geprobeerd", casus.tried_before),
            *criteria,
            ("Urgentie", casus.get_urgency_display()),
            ("Toelichting urgentie", casus.urgency_reason),
            ("Betrokkene geïnformeerd", casus.get_informed_display()),
            ("Toelichting informeren", casus.informed_explanation),
        ],
    )


def _check_section(check) -> dict:
    return _section(
        f"Bekendheidscheck bij {check.organisation.name}",
        [
            ("Gevraagd op", check.requested_at),
            ("Antwoord", check.get_answer_display()),
            ("Gevraagde informatie", check.info_question),
            ("Informatie van de partner", check.info_text),
        ],
    )


def _decision_section(decision) -> dict:
    return _section(
        "Besluit van de Integrale Triage",
        [
            ("Datum", decision.item.meeting.date),
            ("Besluit", decision.get_outcome_display()),
            ("Motivering", decision.motivation),
            ("Advies aan de melder", decision.advice),
            (
                "Uitgenodigd voor het eerste casusoverleg",
                ", ".join(i.organisation.name for i in decision.invitees.all()),
            ),
        ],
    )


def _dossier_sections(dossier: PgaDossier) -> list[dict]:
    sections = [
        _section(
            "Persoonsgerichte aanpak (PGA)",
            [
                ("Fase", dossier.get_phase_display()),
                ("Gestart op", dossier.started_at),
                ("Afgesloten op", dossier.closed_at),
                ("Procesregisseur", dossier.procesregisseur.display_name),
            ],
        )
    ]
    for overleg in dossier.casusoverleggen.all():
        minutes = [(f"Verslag: {minute.agenda_point}", minute.summary) for minute in overleg.minutes.all()]
        sections.append(
            _section(
                f"Casusoverleg {overleg.number}",
                [
                    ("Datum", overleg.date),
                    ("Status", overleg.get_status_display()),
                    ("Deelnemende organisaties", ", ".join(p.organisation.name for p in overleg.participants.all())),
                    *minutes,
                ],
            )
        )
    for number, action in enumerate(dossier.actions.all(), start=1):
        sections.append(
            _section(
                f"Actie {number} in het plan van aanpak",
                [
                    ("Wat", action.description),
                    ("Organisatie", action.owner_organisation.name),
                    ("Uiterlijk op", action.due_date),
                    ("Status", action.get_status_display()),
                ],
            )
        )
    return sections


def _receivers(casus: Casus, checks, decision, dossier) -> dict[str, list[str]]:
    """Which organisations received the person's data in this case, and why (plain Dutch)."""
    receivers: dict[str, list[str]] = {}

    def add(name: str, why: str) -> None:
        if why not in receivers.setdefault(name, []):
            receivers[name].append(why)

    add(casus.organisation.name, "heeft de casus aangemeld")
    for check in checks:
        add(check.organisation.name, "kreeg een vraag of u bekend bent (bekendheidscheck)")
    if decision is not None:
        for invitee in decision.invitees.all():
            add(invitee.organisation.name, "is uitgenodigd voor het casusoverleg")
    if dossier is not None:
        for overleg in dossier.casusoverleggen.all():
            for participant in overleg.participants.all():
                add(participant.organisation.name, "nam deel aan een casusoverleg")
        for action in dossier.actions.all():
            add(action.owner_organisation.name, "voert een actie uit het plan van aanpak uit")
    return receivers


def person_record(subject_request: SubjectRequest) -> dict:
    """Everything held on the person of the confirmed matches, as plain Dutch labels and values.

    One structure for both exports (the PDF renders it, the JSON is it), so they cannot differ.
    A fixed number of queries, however many cases. Rows erased on this request are gone.
    """
    matches = [
        m
        for m in subject_request.matches.select_related("casus__organisation", "betrokkene__municipality")
        if m.betrokkene_id is not None
    ]
    case_ids = [m.casus_id for m in matches]
    checks: dict[object, list] = {}
    for check in checks_of_cases(case_ids):
        checks.setdefault(check.casus_id, []).append(check)
    decisions = {d.item.casus_id: d for d in decisions_of_cases(case_ids).select_related("item")}
    dossiers = {d.casus_id: d for d in dossiers_of_cases(case_ids)}
    cases = []
    for match in matches:
        casus = match.casus
        case_checks = checks.get(casus.pk, [])
        decision, dossier = decisions.get(casus.pk), dossiers.get(casus.pk)
        sections = [_person_section(match.betrokkene), _casus_section(casus)]
        sections += [_check_section(check) for check in case_checks]
        if decision is not None:
            sections.append(_decision_section(decision))
        if dossier is not None:
            sections += _dossier_sections(dossier)
        cases.append(
            {
                "casusnummer": casus.reference or "concept",
                "onderdelen": sections,
                "ontvangers": [
                    {"organisatie": name, "waarom": "; ".join(why)}
                    for name, why in _receivers(casus, case_checks, decision, dossier).items()
                ],
            }
        )
    return {
        "verzoek": subject_request.number,
        "opgesteld_op": _text(timezone.localdate()),
        "persoon": subject_request.full_name,
        "geboortedatum": _text(subject_request.date_of_birth),
        "casussen": cases,
        "grondslag": list(LEGAL_BASIS),
        "uw_rechten": RIGHTS,
    }


def record_counts(record: dict) -> dict:
    """What an export entry in the audit log says besides the request: the cases, how many parts (no values)."""
    return {
        "casussen": [case["casusnummer"] for case in record["casussen"]],
        "onderdelen": sum(len(case["onderdelen"]) for case in record["casussen"]),
    }


# --- the flag on the case page ----------------------------------------------------------------------


def objection_section(*, casus: Casus, user: User, page: str) -> CaseSection | None:
    """An objection on this case, for the chairs and the case's procesregisseur (one query when none)."""
    objections = list(Objection.objects.filter(casus=casus).select_related("request"))
    if not objections:
        return None
    if not (
        user.has_role(Role.TRIAGEVOORZITTER) or PgaDossier.objects.filter(casus=casus, procesregisseur=user).exists()
    ):
        return None
    return CaseSection("subject_requests/case_section.html", {"objections": objections})


def not_erasable_reason(casus: Casus) -> str:
    """Why the law does not allow deleting this case now, or "" when it does (docs/decisions.md).

    The case must have ended (its lifecycle allows the move to "verwijderd") and no PGA may
    still run or be monitored: while the ZVH still works on it, the data is needed for that task
    (AVG article 17(3)(b), the WGS) and the request is answered with this reason instead.
    """
    dossier = PgaDossier.objects.filter(casus=casus).first()
    if dossier is not None and dossier.phase in RUNNING_PHASES:
        return (
            f"Voor casus {casus.reference} loopt een persoonsgerichte aanpak (PGA). De gegevens zijn nodig "
            "voor die wettelijke taak en mogen nu niet worden verwijderd."
        )
    if dossier is not None and dossier.phase == DossierPhase.MONITOREN:
        return (
            f"De PGA van casus {casus.reference} is afgesloten maar wordt nog gemonitord; tot de monitoring "
            "klaar is, zijn de gegevens nodig en mogen ze niet worden verwijderd."
        )
    if CasusStatus.VERWIJDERD not in CASUS_LIFECYCLE.edges[CasusStatus(casus.status)]:
        return (
            f"Casus {casus.reference} is nog in behandeling bij het ZVH (status: {casus.status_label}). "
            "Verwijderen kan pas als de casus is afgesloten."
        )
    return ""
