import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from intake.constants import CasusStatus
from intake.models import Betrokkene, Casus
from intake.selectors import betrokkenen_for_lists, cases_visible_to
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import VERRIJKING_STATUSES, CheckAnswer
from ..models import Bekendheidscheck

# Cases that are still heading for a triage (not yet discussed, rejected or withdrawn).
OPEN_FOR_TRIAGE = (
    CasusStatus.AANGEMELD,
    CasusStatus.AANVULLING_GEVRAAGD,
    CasusStatus.IN_VERRIJKING,
    CasusStatus.GEAGENDEERD,
    CasusStatus.DOORGESCHOVEN,
)


# --------------------------------------------------------------------------- verrijking
# The bekendheidscheck, read by the partners (their own organisation's requests, with only the
# data needed to look a person up) and by the chairs (every partner's answer per case).


def answer_is_late(check: Bekendheidscheck, now: datetime.datetime) -> bool:
    return check.answer == CheckAnswer.OPEN and check.due_at < now


def info_is_open(check: Bekendheidscheck) -> bool:
    return check.info_requested_at is not None and check.info_provided_at is None


def info_is_late(check: Bekendheidscheck, now: datetime.datetime) -> bool:
    return info_is_open(check) and check.info_due_at is not None and check.info_due_at < now


@dataclass(frozen=True)
class IdentifyingData:
    """What a partner needs to look a person up in its own systems, and nothing more."""

    name: str
    date_of_birth: datetime.date | None
    bsn: str
    address: str


@dataclass(frozen=True)
class PartnerRequest:
    """A bekendheidscheck as its partner sees it: plain values, never the casus itself.

    Templates of the partner pages get this instead of model instances, so no template can
    reach the registration's texts, the melder or other partners' answers by following a
    relation: the only personal data in it are the betrokkenen's identifying data.
    """

    pk: int
    reference: str
    target_triage_date: datetime.date | None
    requested_at: datetime.datetime
    due_at: datetime.datetime
    answer: str
    answer_label: str
    answered_at: datetime.datetime | None
    answer_late: bool
    info_question: str
    info_requested_at: datetime.datetime | None
    info_due_at: datetime.datetime | None
    info_open: bool
    info_late: bool
    info_text: str
    info_contact: str
    info_provided_at: datetime.datetime | None
    persons: tuple[IdentifyingData, ...]

    @property
    def is_open(self) -> bool:
        return self.answer == CheckAnswer.OPEN

    @property
    def needs_action(self) -> bool:
        return self.is_open or self.info_open

    @property
    def persons_withheld(self) -> bool:
        return self.answer == CheckAnswer.NIET_BEKEND


# The columns a partner page loads; the registration's texts are never read from the database.
_PARTNER_CHECK_FIELDS = (
    "id",
    "casus",
    "organisation_id",
    "requested_at",
    "due_at",
    "answer",
    "answered_at",
    "info_question",
    "info_requested_at",
    "info_due_at",
    "info_text",
    "info_contact",
    "info_provided_at",
    "casus__id",
    "casus__reference",
    "casus__status",
    "casus__target_triage_date",
)
_IDENTIFYING_FIELDS = (
    "id",
    "casus_id",
    "first_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
    "street_address",
    "postal_code",
    "city",
)


def _identifying(betrokkene: Betrokkene) -> IdentifyingData:
    place = " ".join(part for part in (betrokkene.postal_code, betrokkene.city) if part)
    return IdentifyingData(
        name=betrokkene.full_name,
        date_of_birth=betrokkene.date_of_birth,
        bsn=betrokkene.bsn or "",
        address=", ".join(part for part in (betrokkene.street_address, place) if part),
    )


def _partner_request(check: Bekendheidscheck, now: datetime.datetime) -> PartnerRequest:
    return PartnerRequest(
        pk=check.pk,
        reference=check.casus.reference or "",
        target_triage_date=check.casus.target_triage_date,
        requested_at=check.requested_at,
        due_at=check.due_at,
        answer=check.answer,
        answer_label=check.get_answer_display(),
        answered_at=check.answered_at,
        answer_late=answer_is_late(check, now),
        info_question=check.info_question,
        info_requested_at=check.info_requested_at,
        info_due_at=check.info_due_at,
        info_open=info_is_open(check),
        info_late=info_is_late(check, now),
        info_text=check.info_text,
        info_contact=check.info_contact,
        info_provided_at=check.info_provided_at,
        # "Niet bekend" is final: the partner has no need to know who it was about any more.
        persons=()
        if check.answer == CheckAnswer.NIET_BEKEND
        else tuple(map(_identifying, check.casus.betrokkenen.all())),
    )


def bekendheidschecks_for_partner(user: User) -> QuerySet[Bekendheidscheck]:
    """The requests of the partner's own organisation for cases still in verrijking.

    Requests that need the partner (an open answer or open information request) come first,
    then by due date. After the triage a request drops out: the partner no longer needs to
    know who it was about.
    """
    if not user.has_role(Role.KETENPARTNER) or not user.organisation_id:
        return Bekendheidscheck.objects.none()
    waiting = Q(answer=CheckAnswer.OPEN) | Q(info_requested_at__isnull=False, info_provided_at__isnull=True)
    return (
        Bekendheidscheck.objects.filter(organisation_id=user.organisation_id, casus__status__in=VERRIJKING_STATUSES)
        .select_related("casus")
        .only(*_PARTNER_CHECK_FIELDS)
        .prefetch_related(Prefetch("casus__betrokkenen", queryset=Betrokkene.objects.only(*_IDENTIFYING_FIELDS)))
        .annotate(waiting=Case(When(waiting, then=Value(0)), default=Value(1)))
        .order_by("waiting", "due_at", "pk")
    )


def partner_requests(checks, *, now: datetime.datetime) -> list[PartnerRequest]:
    """Rows of `bekendheidschecks_for_partner` as plain values for the partner's templates."""
    return [_partner_request(check, now) for check in checks]


def bekendheidscheck_get_for_partner(*, user: User, check_id: int) -> Bekendheidscheck:
    """One request of the partner's own organisation, for a service to act on (not for display).

    Raises Bekendheidscheck.DoesNotExist both when it does not exist and when it is another
    organisation's, so the view answers 404 either way; an attempt on an existing one is
    written to the audit log as denied.
    """
    try:
        return bekendheidschecks_for_partner(user).get(pk=check_id)
    except Bekendheidscheck.DoesNotExist:
        if Bekendheidscheck.objects.filter(pk=check_id).exists():
            audit_record(
                actor=user, action=AuditAction.DENIED, detail={"object": f"triage.bekendheidscheck:{check_id}"}
            )
        raise


def partner_request_read(*, user: User, check_id: int, now: datetime.datetime) -> PartnerRequest:
    """The partner's view of one request, with the read of the identifying data in the audit log."""
    check = bekendheidscheck_get_for_partner(user=user, check_id=check_id)
    audit_record(actor=user, action=AuditAction.VIEW, obj=check, case_reference=check.casus.reference or "")
    return _partner_request(check, now)


def bekendheidschecks_for_chair(*, user: User, casus: Casus, now: datetime.datetime) -> list[Bekendheidscheck]:
    """Every partner's request of one case the chair may see, with lateness worked out.

    Fixed partners first, then the incidental ones, each by name. The caller has read the
    case through `intake.selectors.casus_get_for_view` (access-checked and audited). Each
    check gets `answer_late`, `info_open` and `info_late` for the page.
    """
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return []
    checks = list(
        casus.bekendheidschecks.select_related("organisation", "answered_by", "info_provided_by").order_by(
            "is_incidental", "organisation__name"
        )
    )
    for check in checks:
        check.answer_late = answer_is_late(check, now)
        check.info_open = info_is_open(check)
        check.info_late = info_is_late(check, now)
    return checks


def cases_in_verrijking(user: User, *, now: datetime.datetime) -> QuerySet[Casus]:
    """The chairs' verrijking list: accepted cases before their triage, with counts per case.

    The counts are subqueries per row, not a join with GROUP BY: grouped, every case's row
    (its free texts included) was sorted, and the page and its count spilled megabytes to
    disk at national volume (issue 16). Now the page sorts short rows and counts only the 50
    it shows; the page count is a plain COUNT.
    """
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return Casus.objects.none()
    open_answer = Q(answer=CheckAnswer.OPEN)
    open_info = Q(info_requested_at__isnull=False, info_provided_at__isnull=True)
    late = (open_answer & Q(due_at__lt=now)) | (open_info & Q(info_due_at__lt=now))

    def count(condition: Q | None = None) -> Coalesce:
        checks = Bekendheidscheck.objects.filter(condition or Q(), casus=OuterRef("pk")).order_by()
        return Coalesce(Subquery(checks.values("casus").annotate(n=Count("pk")).values("n")), 0)

    return (
        cases_visible_to(user)
        .filter(status__in=VERRIJKING_STATUSES)
        .defer(*Casus.LIST_DEFERRED)
        .annotate(
            checks_total=count(),
            checks_open=count(open_answer),
            checks_known=count(Q(answer=CheckAnswer.BEKEND)),
            info_open=count(open_info),
            checks_late=count(late),
        )
        .prefetch_related(betrokkenen_for_lists())
        .order_by("target_triage_date", "submitted_at")
    )

