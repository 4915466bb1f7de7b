"""The partners' portal: what a ketenpartner reads of the PGA dossiers their organisation takes part in.

Need-to-know (docs/decisions.md, "Casusoverleg and the partners' portal"):

* a dossier is the partner's while it runs and their organisation is a participant of one of its
  casusoverleggen (``partner_dossiers_q``); removed from every meeting, or the dossier closed, and it is gone;
* they read the betrokkenen's names and dates of birth, the meetings their organisation takes part in
  (the invitation on the meeting page, the minutes where their organisation attended), and the actions
  of their own organisation; nothing of the verrijkingsdossier, the plan's goals or other
  organisations' actions (those only as the minutes record them);
* every read is audited; a refused attempt on an existing dossier is audited as DENIED (the view answers 404).
"""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from intake.selectors import betrokkenen_for_lists
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import ACTION_PENDING, OVERLEG_OPEN
from ..models import Action, Casusoverleg, OverlegContact, OverlegParticipant, PgaDossier
from .dossiers import CASUS_LIST_DEFERRED, running_q


def _organisation_of(user: User) -> int | None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.KETENPARTNER)):
        return None
    return user.organisation_id


def partner_dossiers_q(organisation_id: int) -> Q:
    """The one rule of the portal: a running dossier with the organisation among a meeting's participants."""
    takes_part = OverlegParticipant.objects.filter(overleg__dossier=OuterRef("pk"), organisation_id=organisation_id)
    return running_q() & Q(Exists(takes_part))


def partner_dossiers(user: User) -> QuerySet[PgaDossier]:
    """The list: per dossier the betrokkenen, the next meeting and the organisation's open actions."""
    organisation_id = _organisation_of(user)
    if organisation_id is None:
        return PgaDossier.objects.none()
    today = timezone.localdate()
    next_meeting = (
        Casusoverleg.objects.filter(
            dossier=OuterRef("pk"),
            participants__organisation_id=organisation_id,
            status__in=OVERLEG_OPEN,
            date__gte=today,
        )
        .values("dossier")
        .annotate(first=Min("date"))
        .values("first")
    )
    open_actions = (
        Action.objects.filter(dossier=OuterRef("pk"), owner_organisation_id=organisation_id, status__in=ACTION_PENDING)
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        PgaDossier.objects.filter(partner_dossiers_q(organisation_id))
        .select_related("casus")
        .defer(*CASUS_LIST_DEFERRED)
        .prefetch_related(betrokkenen_for_lists("casus__betrokkenen"))
        .annotate(next_meeting=Subquery(next_meeting), open_actions=Coalesce(Subquery(open_actions), 0))
        .order_by("-started_at", "pk")
    )


@dataclass
class MeetingOfPartner:
    overleg: Casusoverleg
    attended: bool  # a contact person of the organisation attended: the minutes are theirs to read


@dataclass
class PartnerDossier:
    dossier: PgaDossier
    betrokkenen: list  # (name, date of birth) only
    meetings: list[MeetingOfPartner]
    actions: list[Action]


def partner_dossier(*, user: User, casus_id: uuid.UUID) -> PartnerDossier:
    """One dossier as the partner reads it; DoesNotExist (and a DENIED entry) for anyone else."""
    organisation_id = _organisation_of(user)
    dossier = None
    if organisation_id is not None:
        dossier = (
            PgaDossier.objects.filter(partner_dossiers_q(organisation_id), casus_id=casus_id)
            .select_related("casus")
            .first()
        )
    if dossier is None:
        existing = PgaDossier.objects.filter(casus_id=casus_id).values_list("pk", flat=True).first()
        if existing is not None:
            audit_record(actor=user, action=AuditAction.DENIED, detail={"object": f"pga.pgadossier:{existing}"})
        raise PgaDossier.DoesNotExist
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=dossier,
        case_reference=dossier.casus.reference or "",
        detail={"pagina": "partner_dossier"},
    )
    attended = OverlegContact.objects.filter(
        participant__overleg=OuterRef("pk"), participant__organisation_id=organisation_id, attended=True
    )
    meetings = (
        Casusoverleg.objects.filter(dossier=dossier, participants__organisation_id=organisation_id)
        .annotate(org_attended=Exists(attended))
        .order_by("date", "starts_at", "id")
    )
    return PartnerDossier(
        dossier=dossier,
        betrokkenen=[(b.full_name, b.date_of_birth) for b in dossier.casus.betrokkenen.order_by("id")],
        meetings=[MeetingOfPartner(overleg=m, attended=m.org_attended) for m in meetings],
        actions=list(
            Action.objects.filter(dossier=dossier, owner_organisation_id=organisation_id).order_by("due_date", "id")
        ),
    )


def own_action(*, user: User, casus_id: uuid.UUID, action_id: int) -> Action:
    """An action of the partner's organisation in a dossier of the portal (DoesNotExist otherwise)."""
    organisation_id = _organisation_of(user)
    if organisation_id is None:
        raise Action.DoesNotExist
    dossiers = PgaDossier.objects.filter(partner_dossiers_q(organisation_id), casus_id=casus_id)
    return Action.objects.select_related("dossier__casus", "owner_organisation").get(
        pk=action_id, dossier__in=dossiers, owner_organisation_id=organisation_id
    )
