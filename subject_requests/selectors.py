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
from triage.selectors.person import (
    agenda_items_of_cases,
    checks_of_cases,
    decisions_of_cases,
    screenings_of_cases,
    weighings_of_cases,
)
from triage.weighing import suggest_conclusion
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


# Said in the letter when a case has attachments: the files are named, not put into the overview
# (docs/decisions.md, "Data-subject requests").
ATTACHMENTS_NOTE = (
    "Bij de aanmelding zijn bestanden meegestuurd (de bijlagen hierboven). Die bestanden zelf staan niet in dit "
    "overzicht: het zijn documenten van de melder, die ook over anderen kunnen gaan. Wilt u een kopie, laat het "
    "ons weten met het kenmerk van deze brief. Wij sturen u de bestanden dan apart toe, nadat wij gegevens van "
    "anderen erin onleesbaar hebben gemaakt."
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


def _joined(pairs: Iterable[tuple[str, object]]) -> str:
    """Several labelled values in one line ("Hoe: In een gesprek; Gepland op: 01-12-2026"), empty ones left out."""
    return "; ".join(f"{label}: {_text(value)}" for label, value in pairs if _text(value))


def _involved_section(casus: Casus) -> dict:
    return _section(
        "Andere organisaties die de melder noemde",
        [
            (
                involved.organisation_name,
                _joined(
                    [
                        ("Betrokkenheid", involved.involvement),
                        ("Contactpersoon", involved.contact_name),
                        ("Telefoon of e-mail", involved.contact_details),
                    ]
                )
                or "genoemd",
            )
            for involved in casus.involved_organisations.all()
        ],
    )


def _attachments_section(casus: Casus) -> dict:
    """The attachments by name, kind and date; the files themselves go separately (docs/decisions.md)."""
    return _section(
        "Bijlagen bij de aanmelding",
        [
            (
                f"Bijlage {number}",
                _joined(
                    [
                        ("Bestandsnaam", attachment.original_name),
                        ("Soort bestand", attachment.content_type),
                        ("Toegevoegd op", attachment.uploaded_at),
                    ]
                ),
            )
            for number, attachment in enumerate(casus.attachments.all(), start=1)
        ],
    )


def _screening_section(screening) -> dict:
    judgement = screening.criteria_judgement or {}
    criteria = [
        (f"Criterium {criterion.number}", "voldoet" if judgement[str(criterion.pk)] else "voldoet niet")
        for criterion in screening.criteria_set.criteria.all()
        if str(criterion.pk) in judgement
    ]
    return _section(
        "Screening van de aanmelding",
        [
            ("Datum", screening.decided_at),
            ("Besluit", screening.get_outcome_display()),
            *criteria,
            ("Motivering", screening.reason),
            ("Reden van afwijzen", screening.get_rejection_category_display()),
            ("Advies aan de melder", screening.advice),
            ("Melder geïnformeerd op", screening.melder_contacted_at),
            ("Notitie van het contact met de melder", screening.contact_note),
        ],
    )


def _check_section(check) -> dict:
    return _section(
        f"Bekendheidscheck bij {check.organisation.name}",
        [
            ("Gevraagd op", check.requested_at),
            ("Grondslag", check.get_ground_display()),
            ("Toelichting grondslag", check.ground_explanation),
            ("Antwoord", check.get_answer_display()),
            ("Beantwoord op", check.answered_at),
            ("Gevraagde informatie", check.info_question),
            ("Informatie van de partner", check.info_text),
            ("Contactpersoon bij de partner", check.info_contact),
            ("Informatie gegeven op", check.info_provided_at),
        ],
    )


def _weighing_section(weighing) -> dict:
    """The chair's level and motivation per dimension, and what the de-escalatiemodel concluded from them."""
    scores = list(weighing.scores.all())
    suggestion = suggest_conclusion(weighing.model, {score.dimension_id: score.level.score for score in scores})
    return _section(
        "Weging met het de-escalatiemodel",
        [
            ("Model", str(weighing.model)),
            ("Gewogen op", weighing.scored_at),
            *(
                (score.dimension.name, f"{score.level.score}: {score.level.label}. Motivering: {score.motivation}")
                for score in scores
            ),
            ("Totaalscore", f"{suggestion.total} van {suggestion.maximum}" if suggestion.total is not None else ""),
            ("Uitkomst van de weging", suggestion.conclusion),
        ],
    )


def _agenda_section(items) -> dict:
    return _section(
        "Op de agenda van de Integrale Triage",
        [
            (
                f"Triage van {_text(item.meeting.date)}",
                _joined([("Status", item.get_status_display()), ("Reden doorschuiven", item.moved_reason)]),
            )
            for item in items
        ],
    )


def _with_ground(row) -> str:
    """An organisation invited or taking part; an incidental one with its recorded ground (triage and PGA alike)."""
    if not row.is_incidental:
        return row.organisation.name
    return f"{row.organisation.name} ({row.get_ground_display()}: {row.ground_explanation})"


def _decision_section(decision) -> dict:
    invitees = [_with_ground(invitee) for invitee in decision.invitees.all()]
    return _section(
        "Besluit van de Integrale Triage",
        [
            ("Datum", decision.item.meeting.date),
            ("Besluit", decision.get_outcome_display()),
            ("Reden niet besproken", decision.get_not_discussed_reason_display()),
            ("Motivering", decision.motivation),
            ("Advies aan de melder", decision.advice),
            ("Uitgenodigd voor het eerste casusoverleg", ", ".join(invitees)),
            ("Uitkomst aan de melder laten weten op", decision.melder_informed_at),
        ],
    )


def _informing_section(dossier: PgaDossier) -> dict:
    return _section(
        "Hoe u over de PGA bent of wordt geïnformeerd",
        [
            (
                f"{number}. {step.get_kind_display()} ({_text(step.recorded_at)})",
                _joined(
                    [
                        ("Wie informeert", step.get_who_informs_display()),
                        ("Partnerorganisatie", step.partner_organisation.name if step.partner_organisation else ""),
                        ("Hoe", step.get_method_display()),
                        ("Gepland op", step.planned_date),
                        ("Geïnformeerd op", step.informed_on),
                        ("Grond voor uitstel", step.get_ground_display()),
                        ("Toelichting", step.explanation),
                        ("Opnieuw bekijken op", step.review_date),
                    ]
                ),
            )
            for number, step in enumerate(dossier.informing_steps.all(), start=1)
        ],
    )


def _plan_version_section(version) -> dict:
    """One version of the plan as it was written then (its snapshot), so also what was changed later."""
    goals = version.snapshot.get("goals", [])
    actions = version.snapshot.get("actions", [])
    return _section(
        f"Plan van aanpak, versie {version.number}",
        [
            ("Datum", version.created_at),
            ("Wijziging", version.change),
            ("Vastgesteld", version.agreed),
            *(
                (f"Doel {number}", f"{goal['life_domain']}: {goal['description']} (status: {goal['status']})")
                for number, goal in enumerate(goals, start=1)
            ),
            *(
                (
                    f"Actie {number}",
                    _joined(
                        [
                            ("Wat", action["description"]),
                            ("Organisatie", action["owner"]),
                            ("Contactpersoon", action["contact_person"]),
                            ("Uiterlijk op", datetime.date.fromisoformat(action["due_date"])),
                            ("Status", action["status"]),
                            ("Toelichting status", action["status_note"]),
                        ]
                    ),
                )
                for number, action in enumerate(actions, start=1)
            ),
        ],
    )


def _overleg_section(overleg) -> dict:
    participants = [_with_ground(participant) for participant in overleg.participants.all()]
    minutes = [(f"Verslag: {minute.agenda_point}", minute.summary) for minute in overleg.minutes.all()]
    return _section(
        f"Casusoverleg {overleg.number}",
        [
            ("Datum", overleg.date),
            ("Tijd", f"{overleg.starts_at:%H:%M} tot {overleg.ends_at:%H:%M}"),
            ("Plaats", overleg.place),
            ("Status", overleg.get_status_display()),
            ("Agenda", overleg.agenda),
            ("Deelnemende organisaties", ", ".join(participants)),
            *minutes,
        ],
    )


def _action_section(number: int, action) -> dict:
    return _section(
        f"Actie {number} in het plan van aanpak",
        [
            ("Wat", action.description),
            ("Bij doel", action.goal.description if action.goal else ""),
            ("Organisatie", action.owner_organisation.name),
            ("Contactpersoon", action.contact_person),
            ("Uiterlijk op", action.due_date),
            ("Status", action.get_status_display()),
            ("Toelichting status", action.status_note),
            ("Teruggemeld door de partner op", action.reported_at),
        ],
    )


def _records_sections(dossier: PgaDossier) -> list[dict]:
    """The procesregisseur's own records: contacts, escalations, the scores of progress."""
    sections = [
        _section(
            "Contacten van de procesregisseur",
            [
                (
                    f"{number}. {_text(note.contact_on)}",
                    f"{note.get_method_display()} met {note.with_whom}: {note.summary}",
                )
                for number, note in enumerate(dossier.contacts.all(), start=1)
            ],
        ),
        _section(
            "Escalaties",
            [
                (
                    f"{number}. {_text(escalation.raised_at)}",
                    _joined(
                        [
                            ("Aan", escalation.to_whom),
                            ("Waarom", escalation.reason),
                            ("Over actie", escalation.action.description if escalation.action else ""),
                            ("Antwoord", escalation.answer),
                            ("Antwoord vastgelegd op", escalation.answered_at),
                        ]
                    ),
                )
                for number, escalation in enumerate(dossier.escalations.all(), start=1)
            ],
        ),
    ]
    for measurement in dossier.measurements.all():
        sections.append(
            _section(
                f"Zelfredzaamheid: {measurement.get_moment_display()} ({_text(measurement.recorded_at)})",
                [
                    (score.get_life_domain_display(), f"{score.score}: {score.reason}")
                    for score in measurement.scores.all()
                ],
            )
        )
    return sections


def _dossier_sections(dossier: PgaDossier) -> list[dict]:
    sections = [
        _section(
            "Persoonsgerichte aanpak (PGA)",
            [
                ("Fase", dossier.get_phase_display()),
                ("Gestart op", dossier.started_at),
                ("Afgesloten op", dossier.closed_at),
                ("Procesregisseur", dossier.procesregisseur.display_name),
                ("Eerste contactmoment met de melder", dossier.first_contact_at),
                ("Informeren van u", dossier.get_informing_status_display()),
                ("Uitstel van informeren opnieuw bekijken op", dossier.informing_review_date),
                ("Monitoren tot", dossier.monitoring_date),
            ],
        ),
        _informing_section(dossier),
        _section(
            "Doelen in het plan van aanpak",
            [
                (
                    f"Doel {number}: {goal.get_life_domain_display()}",
                    f"{goal.description} (status: {goal.get_status_display()})",
                )
                for number, goal in enumerate(dossier.goals.all(), start=1)
            ],
        ),
    ]
    sections += [_action_section(number, action) for number, action in enumerate(dossier.actions.all(), start=1)]
    sections += [_plan_version_section(version) for version in dossier.plan_versions.all()]
    sections += [_overleg_section(overleg) for overleg in dossier.casusoverleggen.all()]
    sections += _records_sections(dossier)
    for closure in dossier.closures.all():
        sections.append(
            _section(
                f"Afsluiting van de PGA ({_text(closure.closed_at)})",
                [
                    ("Reden", closure.get_reason_display()),
                    ("Toelichting reden", closure.explanation),
                    ("Evaluatie", closure.evaluation),
                    ("Monitoren tot", closure.monitoring_date),
                    ("Monitoring afgerond op", closure.monitoring_done_at),
                    ("Bevinding monitoring", closure.monitoring_note),
                    ("Heropend op", closure.reopened_at),
                    ("Reden heropenen", closure.reopen_reason),
                ],
            )
        )
    sections.append(
        _section(
            "Tijdlijn van de PGA",
            [
                (f"{number}. {_text(event.at)}", f"{event.get_kind_display()}: {event.text}")
                for number, event in enumerate(dossier.events.all(), start=1)
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
        for step in dossier.informing_steps.all():
            if step.partner_organisation is not None:
                add(step.partner_organisation.name, "is gevraagd u te informeren over de PGA")
        for overleg in dossier.casusoverleggen.all():
            for participant in overleg.participants.all():
                add(participant.organisation.name, "nam deel aan een casusoverleg")
        for action in dossier.actions.all():
            add(action.owner_organisation.name, "voert een actie uit het plan van aanpak uit")
    return receivers


def _grouped(rows, key: str = "casus_id") -> dict[object, list]:
    grouped: dict[object, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def person_record(subject_request: SubjectRequest) -> dict:
    """Everything held on the person of the confirmed matches, as plain Dutch labels and values.

    One structure for both exports (the PDF renders it, the JSON is it), so they cannot differ.
    A fixed number of queries, however many cases: each kind of row is read once for all cases
    (the lower apps' ``person`` selectors), then grouped per case here. Rows erased on this
    request are gone. Attachments are named, not embedded (``ATTACHMENTS_NOTE``).
    """
    matches = [
        m
        for m in subject_request.matches.select_related(
            "casus__organisation", "betrokkene__municipality"
        ).prefetch_related("casus__attachments", "casus__involved_organisations")
        if m.betrokkene_id is not None
    ]
    case_ids = [m.casus_id for m in matches]
    checks = _grouped(checks_of_cases(case_ids))
    screenings = _grouped(screenings_of_cases(case_ids))
    weighings = _grouped(weighings_of_cases(case_ids))
    agenda_items = _grouped(agenda_items_of_cases(case_ids))
    decisions = {d.item.casus_id: d for d in decisions_of_cases(case_ids).select_related("item")}
    dossiers = {d.casus_id: d for d in dossiers_of_cases(case_ids)}
    cases = []
    for match in matches:
        casus = match.casus
        case_checks = checks.get(casus.pk, [])
        decision, dossier = decisions.get(casus.pk), dossiers.get(casus.pk)
        sections = [
            _person_section(match.betrokkene),
            _casus_section(casus),
            _involved_section(casus),
            _attachments_section(casus),
        ]
        sections += [_screening_section(screening) for screening in screenings.get(casus.pk, [])]
        sections += [_check_section(check) for check in case_checks]
        sections += [_weighing_section(weighing) for weighing in weighings.get(casus.pk, [])]
        sections.append(_agenda_section(agenda_items.get(casus.pk, [])))
        if decision is not None:
            sections.append(_decision_section(decision))
        if dossier is not None:
            sections += _dossier_sections(dossier)
        cases.append(
            {
                "casusnummer": casus.reference or "concept",
                "onderdelen": [section for section in sections if section["gegevens"]],
                "ontvangers": [
                    {"organisatie": name, "waarom": "; ".join(why)}
                    for name, why in _receivers(casus, case_checks, decision, dossier).items()
                ],
            }
        )
    has_attachments = any(match.casus.attachments.all() for match in matches)
    return {
        "verzoek": subject_request.number,
        "opgesteld_op": _text(timezone.localdate()),
        "persoon": subject_request.full_name,
        "geboortedatum": _text(subject_request.date_of_birth),
        "casussen": cases,
        "bijlagen": ATTACHMENTS_NOTE if has_attachments else "",
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
