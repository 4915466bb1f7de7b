"""Reads for the chair's verrijking: the case, its weighing and the verrijkingsdossier.

Restricted like every selector (need-to-know): only a triagevoorzitter, only a case they may
see (intake.selectors.visible_cases_q) and only while it is being enriched or waits for its
triage (VERRIJKING_STATUSES). Anything else raises Casus.DoesNotExist, so a view answers 404 and
never reveals that a case exists; a refused attempt on an existing case is audited as DENIED.

Fixed partners read the dossier too, as participants of the triage (docs/decisions.md, "Fixed partners
read the dossier": they take part in every meeting; the agenda mail holds references only, the
content is in the app): a ketenpartner of an active fixed-partner organisation, only while the
case is on a finalised agenda of a held meeting that has not been closed yet. They read it,
nothing more: no PDF, no attachments, no chair pages.

Decision: the dossier exists from acceptance (in verrijking) until the triage decides
(geagendeerd, doorgeschoven). Before acceptance there is nothing to bundle yet (the chair
screens on the case page); after the decision the PGA dossier of the procesregisseur takes
over, and the chair's preparation is history.

Every dossier read costs a fixed number of queries, however many betrokkenen, partners,
questions or dimensions a case has: each list is one query (with select_related/prefetch), the
parts a case has at most one of (pre-check, latest screening, latest weighing) are joined to the
case's own read, and the criteria of every set shown are one query.
"""

import datetime
import uuid
from dataclasses import dataclass, field, replace

from django.db.models import Q, QuerySet
from django.utils import timezone

from intake import presentation
from intake.constants import CasusStatus
from intake.models import Attachment, Betrokkene, Casus, Criterion, InformationRequest, InvolvedOrganisation, PreCheck
from intake.selectors import casus_or_denied, visible_cases_q
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import VERRIJKING_STATUSES, AgendaItemStatus, CheckAnswer, MeetingStatus
from ..models import (
    AgendaItem,
    Bekendheidscheck,
    ScreeningDecision,
)
from .agenda import is_fixed_partner_user
from .screening import latest_decision_relation
from .weighing import WeighingSummary, latest_weighing_relation, weighing_summary

# From acceptance until the triage decides: the chair enriches, weighs and prepares.

DOSSIER_PAGE = "verrijkingsdossier"


def casus_for_verrijking(*, user: User, casus_id: uuid.UUID, cases: QuerySet[Casus] | None = None) -> Casus:
    """The case if this chair may work on its verrijking now; Casus.DoesNotExist otherwise.

    Not audited here: the caller records what it does with the case (a view, a download, a change).
    ``cases``: as intake's ``casus_or_denied`` (the dossier reads its parts with the case).
    """
    allowed = Q(visible_cases_q(user), status__in=VERRIJKING_STATUSES)
    return _casus_or_denied(user, casus_id, allowed if user.has_role(Role.TRIAGEVOORZITTER) else None, cases)


def casus_for_dossier(*, user: User, casus_id: uuid.UUID) -> Casus:
    """The case if ``user`` may read its verrijkingsdossier now (module docstring); Casus.DoesNotExist otherwise.

    Read with the parts the dossier shows once per case (``with_dossier_parts``).
    """
    cases = with_dossier_parts(Casus.objects.all())
    if user.has_role(Role.TRIAGEVOORZITTER) or not is_fixed_partner_user(user):
        return casus_for_verrijking(user=user, casus_id=casus_id, cases=cases)
    on_sent_agenda = AgendaItem.objects.filter(
        status=AgendaItemStatus.GEAGENDEERD,
        meeting__status=MeetingStatus.GEPLAND,
        meeting__agenda_finalised_at__isnull=False,
        meeting__closed_at__isnull=True,
        meeting__date__gte=timezone.localdate(),  # a meeting nobody closed does not stay open forever
    )
    allowed = Q(status=CasusStatus.GEAGENDEERD, agenda_items__in=on_sent_agenda)
    return _casus_or_denied(user, casus_id, allowed, cases)


def _casus_or_denied(user: User, casus_id: uuid.UUID, allowed: Q | None, cases: QuerySet[Casus] | None) -> Casus:
    """The case when it matches ``allowed`` (None: nothing does); intake's one rule for refusals."""
    return casus_or_denied(
        user=user, casus_id=casus_id, allowed=Q(pk__in=[]) if allowed is None else allowed, cases=cases
    )


def with_dossier_parts(cases: QuerySet[Casus]) -> QuerySet[Casus]:
    """``cases`` with the dossier's parts that a case has at most one of, read in the same query.

    The pre-check, the latest screening decision (``latest_screening``) and the latest weighing
    (``latest_weighing``), each with what the dossier shows of it: joined rather than read one
    query each after the case (issue 16). ``verrijkingsdossier_of`` expects its case read this way.
    """
    return cases.annotate(
        latest_screening=latest_decision_relation(), latest_weighing=latest_weighing_relation()
    ).select_related(
        "organisation",
        "melder",
        "criteria_set",
        "precheck__criteria_set",
        "precheck__municipality",
        "latest_screening__criteria_set",
        "latest_screening__decided_by",
        "latest_weighing__model",
        "latest_weighing__scored_by",
    )


# --- the verrijkingsdossier ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningSummary:
    decision: ScreeningDecision
    judgement: list = field(default_factory=list)  # (criterion, "Ja"/"Nee"/"Niet beantwoord")


@dataclass(frozen=True)
class MelderContact:
    """Who registered the case and how to reach them; a partner's dossier gets the name only."""

    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Dossier:
    """Everything the triage needs about one case, read once, for the page and the PDF alike."""

    casus: Casus
    generated_at: datetime.datetime
    melder: MelderContact
    betrokkenen: list
    life_domains: list
    criteria: list
    involved_organisations: list
    attachments: list
    information_requests: list
    precheck: PreCheck | None
    screening: ScreeningSummary | None
    checks: list
    weighing: WeighingSummary | None

    @property
    def checks_answered(self) -> int:
        return sum(1 for check in self.checks if check.answer != CheckAnswer.OPEN)


def _joined(casus: Casus, part: str):
    """A part ``with_dossier_parts`` joined, or None when the case has none (Django then sets no attribute)."""
    return getattr(casus, part, None)


def _criteria_by_set(*criteria_set_ids: int | None) -> dict[int, list[Criterion]]:
    """The criteria of every set the dossier shows (the melder's, the pre-check's, the screening's) in one query."""
    found: dict[int, list[Criterion]] = {}
    ids = {pk for pk in criteria_set_ids if pk is not None}
    for criterion in Criterion.objects.filter(criteria_set_id__in=ids).order_by("criteria_set_id", "number"):
        found.setdefault(criterion.criteria_set_id, []).append(criterion)
    return found


def verrijkingsdossier_for(*, user: User, casus_id: uuid.UUID, audit_action: AuditAction = AuditAction.VIEW) -> Dossier:
    """The verrijkingsdossier of one case for a chair or a fixed partner, with the read written to the audit log.

    `audit_action` is VIEW for the page and DOWNLOAD for the PDF. Raises Casus.DoesNotExist
    when the user may not have it (see the module docstring), so the view answers 404.
    """
    casus = casus_for_dossier(user=user, casus_id=casus_id)
    dossier = verrijkingsdossier_of(casus)
    if not user.has_role(Role.TRIAGEVOORZITTER):
        dossier = _for_partner(dossier)
    audit_record(
        actor=user,
        action=audit_action,
        obj=casus,
        case_reference=casus.reference or "",
        detail={"pagina": DOSSIER_PAGE, **({"formaat": "pdf"} if audit_action != AuditAction.VIEW else {})},
    )
    return dossier


def verrijkingsdossier_of(casus: Casus) -> Dossier:
    """The whole verrijkingsdossier of ``casus`` (read through ``with_dossier_parts``), unchecked and unaudited.

    For a caller that has already decided the user may read it and writes the read to the audit
    log itself: ``verrijkingsdossier_for`` here, and pga for the procesregisseur of a running
    dossier (pga sits above triage and reads the triage's work through this selector).
    """
    now = timezone.now()

    betrokkenen = list(Betrokkene.objects.filter(casus=casus).select_related("municipality"))
    for betrokkene in betrokkenen:
        betrokkene.bsn_masked = presentation.mask_bsn(betrokkene.bsn)

    precheck: PreCheck | None = _joined(casus, "precheck")
    decision: ScreeningDecision | None = _joined(casus, "latest_screening")
    criteria = _criteria_by_set(
        casus.criteria_set_id,
        precheck.criteria_set_id if precheck else None,
        decision.criteria_set_id if decision else None,
    )
    if precheck is not None:
        precheck.rows = presentation.precheck_rows(criteria.get(precheck.criteria_set_id, []), precheck.answers)
    screening = None
    if decision is not None:
        judgement = presentation.precheck_rows(criteria.get(decision.criteria_set_id, []), decision.criteria_judgement)
        screening = ScreeningSummary(decision, judgement)

    checks = list(
        Bekendheidscheck.objects.filter(casus=casus)
        .select_related("organisation", "answered_by", "info_provided_by")
        .order_by("is_incidental", "organisation__name")
    )
    for check in checks:
        check.is_late = check.answer == CheckAnswer.OPEN and check.due_at < now
        check.info_is_late = bool(
            check.info_requested_at and not check.info_provided_at and check.info_due_at and check.info_due_at < now
        )

    dossier = Dossier(
        casus=casus,
        generated_at=now,
        melder=MelderContact(name=casus.melder.display_name, email=casus.melder.email, phone=casus.melder.phone),
        betrokkenen=betrokkenen,
        life_domains=presentation.life_domain_rows(casus.life_domains),
        criteria=presentation.criteria_rows(criteria.get(casus.criteria_set_id, []), casus.criteria_motivation),
        involved_organisations=list(InvolvedOrganisation.objects.filter(casus=casus)),
        attachments=list(Attachment.objects.filter(casus=casus)),
        information_requests=list(
            InformationRequest.objects.filter(casus=casus).select_related("asked_by", "answered_by")
        ),
        precheck=precheck,
        screening=screening,
        checks=checks,
        weighing=weighing_summary(_joined(casus, "latest_weighing")),
    )
    return dossier


def _for_partner(dossier: Dossier) -> Dossier:
    """What a fixed partner needs to take part in the triage: the case, the persons, the partners' answers.

    Left out: the melder's contact details and the persons' BSN and address (to discuss a case
    one needs to know who, not where), the attachments (file names often name people), the
    questions to the melder, the pre-check and the screening (the ZVH's own intake), and what
    incidental partners told the ZVH (they are not at the triage).
    """
    for betrokkene in dossier.betrokkenen:
        betrokkene.bsn_masked = ""
        betrokkene.street_address = betrokkene.postal_code = betrokkene.city = ""
    return replace(
        dossier,
        melder=MelderContact(name=dossier.melder.name),
        attachments=[],
        information_requests=[],
        precheck=None,
        screening=None,
        checks=[check for check in dossier.checks if not check.is_incidental],
    )
