"""Reads of casussen, already restricted to what the user may see (need-to-know).

`visible_cases_q` is the one definition of who sees which case: the list pages, the detail
page and the `intake.view_casus` rule all use it, so they cannot drift apart.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from .constants import PERSONAL_FIELDS, CasusStatus, FeedbackKind, Urgency
from .extensions import registered_visibility
from .models import Attachment, Betrokkene, Casus, Feedback, InformationRequest, bsn_digest

NOTHING = Q(pk__in=[])


def visible_cases_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    q = NOTHING
    if user.has_role(Role.MELDER) and user.organisation_id:
        # Colleagues see each other's submitted registrations; a concept is its author's own.
        # Both only within the user's current organisation: a melder who moves on leaves
        # the old organisation's cases behind.
        q |= Q(organisation_id=user.organisation_id) & (Q(melder=user) | ~Q(status=CasusStatus.CONCEPT))
    if user.has_role(Role.TRIAGEVOORZITTER):
        q |= ~Q(status=CasusStatus.CONCEPT)
    # The later steps' own readers (a procesregisseur's dossiers), registered by their apps.
    for extra in registered_visibility(user):
        q |= extra
    # Deleted cases keep only an anonymous record, which is statistics, not a case to open.
    return q & ~Q(status=CasusStatus.VERWIJDERD)


def cases_visible_to(user: User) -> QuerySet[Casus]:
    """No DISTINCT: no rule joins to many rows (pga's goes through the one-to-one dossier), and a
    DISTINCT over every column, free texts included, made the screening count 80 times slower."""
    return Casus.objects.filter(visible_cases_q(user))


def untouched_concept_of(user: User) -> Casus | None:
    """The user's own concept in which nothing was filled in yet, if there is one.

    Started with "Direct naar het formulier" and left without saving: no pre-check, no text, no
    urgency chosen, no person, organisation or attachment. "Direct naar het formulier" opens it
    again instead of starting one more empty concept (issue 17, docs/decisions.md).
    """
    return (
        Casus.objects.filter(
            melder=user,
            organisation_id=user.organisation_id,
            status=CasusStatus.CONCEPT,
            precheck__isnull=True,
            betrokkenen__isnull=True,
            involved_organisations__isnull=True,
            attachments__isnull=True,
            urgency=Urgency.NORMAAL,
            **PERSONAL_FIELDS,
        )
        .order_by("created_at")
        .first()
    )


def casus_denied(*, user: User, casus_id: uuid.UUID | str) -> None:
    """Write a refused attempt on a case to the audit log, when the case exists.

    The one rule for every refusal (not visible, not in a state that allows the page): the
    attempt is audited; a case id that never existed leaves no entry, and the view answers
    404 either way, so nobody learns from the answer whether a case exists.
    """
    if Casus.objects.filter(pk=casus_id).exists():
        audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"intake.casus:{casus_id}"})


@dataclass(frozen=True)
class DeletedCasus:
    """What a deleted case still tells the people who knew it: its number and when it went. No more."""

    reference: str  # "" for a discarded concept, which never had one
    deleted_at: datetime.datetime | None


class CasusDeleted(Casus.DoesNotExist):
    """The case was deleted, and the user would have seen it: show `record` instead of a 404.

    A subclass of DoesNotExist, so code that only knows "not there" still answers 404.
    """

    def __init__(self, record: DeletedCasus):
        super().__init__(record.reference)
        self.record = record


def deleted_casus_q(user: User) -> Q:
    """Deleted cases whose deletion the user is told about instead of getting a 404 (issue 17).

    The melders of the case's organisation (a discarded concept: only its author, as before),
    and the triage chairs for every submitted case (they rejected it and wait for the deletion).
    Nobody else: for them the case stays a 404 with a refused attempt in the audit log.
    """
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    q = NOTHING
    if user.has_role(Role.MELDER) and user.organisation_id:
        q |= Q(organisation_id=user.organisation_id) & (Q(melder=user) | Q(submitted_at__isnull=False))
    if user.has_role(Role.TRIAGEVOORZITTER):
        q |= Q(submitted_at__isnull=False)
    return q & Q(status=CasusStatus.VERWIJDERD)


def deleted_casus_for(*, user: User, casus_id: uuid.UUID | str) -> DeletedCasus | None:
    """The anonymous record of a deleted case the user knew, its showing audited; None otherwise."""
    casus = Casus.objects.filter(deleted_casus_q(user), pk=casus_id).first()
    if casus is None:
        return None
    deletion = casus.status_changes.filter(to_status=CasusStatus.VERWIJDERD).order_by("-at").first()
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=casus,
        case_reference=casus.reference or "",
        detail={"pagina": "casus_verwijderd"},
    )
    return DeletedCasus(reference=casus.reference or "", deleted_at=deletion.at if deletion else None)


def casus_or_denied(
    *,
    user: User,
    casus_id: uuid.UUID | str,
    allowed: Q | None = None,
    tell_deleted: bool = False,
    cases: QuerySet[Casus] | None = None,
) -> Casus:
    """One case matching ``allowed`` (default: every case the user may see), its read not yet audited.

    Otherwise Casus.DoesNotExist, after `casus_denied`. The caller audits the read once it is
    sure to show the case (a page refused for the case's state logs no read first). With
    ``tell_deleted`` (the pages an old link leads to), a deleted case the user knew raises
    CasusDeleted instead, so the page can say so. ``cases`` (default: all) lets a caller join
    what its page shows of the case into this one read instead of fetching it after.
    """
    allowed = visible_cases_q(user) if allowed is None else allowed
    cases = Casus.objects.all() if cases is None else cases
    casus = cases.filter(allowed, pk=casus_id).select_related("organisation", "melder", "criteria_set").first()
    if casus is None:
        deleted = deleted_casus_for(user=user, casus_id=casus_id) if tell_deleted else None
        if deleted is not None:
            raise CasusDeleted(deleted)
        casus_denied(user=user, casus_id=casus_id)
        raise Casus.DoesNotExist
    return casus


def casus_read(*, user: User, casus: Casus) -> None:
    audit_record(actor=user, action=AuditAction.VIEW, obj=casus, case_reference=casus.reference or "")


def casus_get_for_view(*, user: User, casus_id: uuid.UUID, tell_deleted: bool = False) -> Casus:
    """One casus the user may see, with the read written to the audit log (DoesNotExist: see above)."""
    casus = casus_or_denied(user=user, casus_id=casus_id, tell_deleted=tell_deleted)
    casus_read(user=user, casus=casus)
    return casus


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    """Attachments of the cases the user may see: whoever sees a case sees its attachments."""
    return Attachment.objects.filter(casus__in=cases_visible_to(user))


def attachment_get_for_download(*, user: User, casus_id: uuid.UUID, attachment_id: int) -> Attachment:
    """One attachment of a casus the user may see, with the download written to the audit log.

    Raises Attachment.DoesNotExist when the case is not visible or the attachment is not one
    of its own, so the view answers 404 either way and hides whether either exists.
    """
    try:
        attachment = attachments_visible_to(user).select_related("casus").get(casus_id=casus_id, pk=attachment_id)
    except Attachment.DoesNotExist:
        # Also an existing attachment asked for through another case's address (one's own).
        if Attachment.objects.filter(pk=attachment_id).exists():
            audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"intake.attachment:{attachment_id}"})
        raise
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=attachment,
        case_reference=attachment.casus.reference or "",
        detail={"casus": str(casus_id)},
    )
    return attachment


def betrokkenen_for_lists(lookup: str = "betrokkenen") -> Prefetch:
    """The betrokkenen of each listed row (``lookup`` from the row), with only what a list shows of them."""
    return Prefetch(lookup, queryset=Betrokkene.objects.only(*Betrokkene.LIST_FIELDS))


def cases_for_melder_overview(user: User) -> QuerySet[Casus]:
    """The melder's "Mijn aanmeldingen": their organisation's cases.

    Each row carries the oldest open question (``open_question``) and the latest decision
    message (``feedback_kind``, ``feedback_message``) as subqueries evaluated for the page's rows
    only, and the betrokkenen are prefetched: the page costs the same queries for 3 rows as for
    a thousand, and two fewer than with a prefetch for each (issue 16).
    """
    if not user.has_role(Role.MELDER):
        return Casus.objects.none()
    open_questions = InformationRequest.objects.open().filter(casus=OuterRef("pk")).order_by("asked_at", "id")
    feedback = Feedback.objects.filter(casus=OuterRef("pk"), kind__in=OVERVIEW_FEEDBACK_KINDS).order_by(
        "-created_at", "-id"
    )
    return (
        Casus.objects.filter(visible_cases_q(user) & Q(organisation_id=user.organisation_id))
        .defer(*Casus.LIST_DEFERRED)
        .select_related("melder")
        .prefetch_related(betrokkenen_for_lists())
        .annotate(
            open_question=Subquery(open_questions.values("question")[:1]),
            feedback_kind=Subquery(feedback.values("kind")[:1]),
            feedback_message=Subquery(feedback.values("message")[:1]),
        )
        .order_by("-created_at")
    )


# What "Mijn aanmeldingen" shows of the ZVH's messages: the decisions, not every note.
OVERVIEW_FEEDBACK_KINDS = (FeedbackKind.AFWIJZING, FeedbackKind.UITKOMST, FeedbackKind.ADVIES)


def open_information_request(casus: Casus) -> InformationRequest | None:
    """The question the melder should answer now: the oldest one still open."""
    return casus.information_requests.open().order_by("asked_at", "id").first()


def casus_version(casus: Casus) -> int:
    """What a decision form carries of the case it was shown: its latest status change (0: none).

    Every decision and every answer moves the case's status, so two chairs deciding on the same
    page state is detected by comparing this number (`casus_ensure_unchanged`).
    """
    return casus.status_changes.order_by("-id").values_list("id", flat=True).first() or 0


def cases_for_screening(user: User) -> QuerySet[Casus]:
    """The chairs' queue: submitted cases waiting for a screening decision or an answer."""
    if not user.has_role(Role.TRIAGEVOORZITTER):
        return Casus.objects.none()
    return (
        cases_visible_to(user)
        .filter(status__in=[CasusStatus.AANGEMELD, CasusStatus.AANVULLING_GEVRAAGD])
        .defer(*Casus.LIST_DEFERRED)
        .select_related("organisation", "precheck", "criteria_set")
        .prefetch_related(betrokkenen_for_lists())
        .order_by("target_triage_date", "submitted_at")
    )


def melder_mail_address(casus: Casus) -> str:
    """Where mail about a case goes: its melder, or else the organisation's functional address.

    A case belongs to the organisation that registered it (WGS). When its melder can no longer
    act on it (account deactivated, or moved to another organisation) the mail goes to the
    organisation's functional address, so a colleague can; never to someone without access.
    "" when there is no address at all (the message in the app is still there).
    """
    melder = casus.melder
    if melder is not None and melder.is_active and melder.organisation_id == casus.organisation_id and melder.email:
        return melder.email
    return casus.organisation.email


# --- one person across every organisation (a data-subject request) ----------------------------------
# Not restricted to a user: only the privacycontactpunt's request pages call these, and
# ``subject_requests`` decides who may ask and audits every search (docs/decisions.md).


def _person_rows() -> QuerySet[Betrokkene]:
    return (
        Betrokkene.objects.exclude(casus__status=CasusStatus.VERWIJDERD)
        .select_related("casus", "casus__organisation", "municipality")
        .order_by("casus__reference", "casus__created_at", "id")
    )


def betrokkenen_with_bsn(bsn: str) -> QuerySet[Betrokkene]:
    """Every organisation's betrokkene rows with this BSN, found through the keyed hash: no row is decrypted."""
    return _person_rows().filter(bsn_hash=bsn_digest(bsn))


def betrokkenen_named(*, surname: str, date_of_birth, first_names: str = "") -> QuerySet[Betrokkene]:
    """Rows with this surname (any case) and date of birth; the first given name narrows it when typed."""
    rows = _person_rows().filter(surname__iexact=surname.strip(), date_of_birth=date_of_birth)
    first = first_names.split()[:1]
    return rows.filter(first_names__istartswith=first[0]) if first else rows
