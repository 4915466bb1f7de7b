"""Erasing the personal data of one casus, keeping an anonymous record (docs/decisions.md, rejection then deletion).

One function for every way a registration is deleted: a melder discarding a concept
(`intake.services.melder`), the deletion after a rejection at screening (`triage.tasks`),
a betrokkene's request for deletion (`subject_requests.services.request_erase`), and later
the retention job for closed cases. They must agree on what "deleted" means, so
what goes and what stays is decided here, once:

- Deleted (rows, and attachment files on disk): betrokkenen, attachments, involved
  organisations, the pre-check, the chair's questions and the melder's answers, the ZVH's
  feedback messages, bekendheidschecks with the partners' information, weighings.
- Blanked: every free text of the casus itself; the reasons in the status history; the texts
  of screening decisions (motivation, advice, contact note, judgement per criterion), the
  reasons agenda items were moved on, the triage decision's advice and motivation and the
  explanations of the grounds of incidental casusoverleg invitees.
- Kept, as the anonymous record: the casus row with its reference, dates, status,
  organisation, melder (a professional, not a betrokkene), urgency and criteria set version;
  the status history's who/when/from/to; the screening decisions' outcome, rejection category
  and dates; the agenda items (which meeting, when); a PGA dossier's dates and procesregisseur.
  Mails already queued hold only reference numbers, dates and links (zvh.mail) and stay.

Every model that refers to a casus must appear in the plan (a test enforces it), so a model
added later cannot be forgotten. intake lists its own relations here; triage and pga register
theirs (``intake.extensions.register_erasure``, in their ``AppConfig.ready``), so this module
names no app that builds on intake, and the rows are reached through the casus' reverse
relations by name.

Before anything goes, the hooks registered with ``intake.extensions.register_before_erasure`` run
with the locked case (the reports take their anonymous facts there).

Callers check who may erase (a melder's own concept; the system after a rejection) and the
erasure moves the casus to VERWIJDERD itself, with the caller's reason.
"""

import contextlib
import os

from django.db import models, transaction

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record

from ..constants import PERSONAL_FIELDS, CasusStatus
from ..extensions import ErasureRelations, before_erasure, registered_erasure
from ..models import Casus
from .casus import casus_transition

# intake's own relations; the apps above register theirs (intake.extensions.register_erasure).
INTAKE_RELATIONS = ErasureRelations(
    deleted={
        "betrokkenen": "betrokkenen",
        "attachments": "bijlagen",
        "involved_organisations": "betrokken_organisaties",
        "precheck": "voortoetsen",
        "information_requests": "vragen_om_aanvulling",
        "feedback": "terugkoppelingen",
    },
    # The status history keeps who/when/from/to; its reasons go through its own narrow method.
    kept=frozenset({"status_changes"}),
)


def erasure_relations() -> ErasureRelations:
    """intake's relations and every registered app's, in one plan (intake's rows go first)."""
    parts = [INTAKE_RELATIONS, *registered_erasure()]
    blanked = {k: v for part in parts for k, v in part.blanked.items()}
    return ErasureRelations(
        deleted={k: v for part in parts for k, v in part.deleted.items()},
        blanked=blanked,
        kept=frozenset().union(*(part.kept for part in parts), blanked),
        further=tuple(further for part in parts for further in part.further),
    )




def _related_rows(casus: Casus, accessor: str) -> models.QuerySet:
    """The rows of a reverse relation (many or one-to-one) of `casus`, as a queryset."""
    relation = Casus._meta.get_field(accessor)
    return relation.related_model._default_manager.filter(**{relation.field.name: casus})


def _delete_related(casus: Casus, accessor: str) -> int:
    """Delete the rows of a reverse relation of `casus`; how many there were.

    Rows that cascade with them (a weighing's scores) are not counted: the entry names kinds.
    """
    rows = _related_rows(casus, accessor)
    return rows.delete()[1].get(rows.model._meta.label, 0)


def _delete_file(storage, name: str) -> None:
    """Remove an attachment file and the case's folder once it is empty (its name is the case id)."""
    storage.delete(name)
    folder = os.path.dirname(storage.path(name))
    with contextlib.suppress(OSError):  # not empty (another attachment still going), or gone already
        os.rmdir(folder)


def casus_erase_personal_data(*, casus: Casus, by: User | None, reason: str) -> dict[str, int]:
    """Delete and blank everything personal of `casus` and move it to VERWIJDERD.

    `by` is None when the system erases (a task). `reason` goes into the status history, so
    it must be a fixed sentence, never typed text. Returns what was removed, per kind (only
    kinds with at least one row); the audit entry records the same counts and nothing else.
    Attachment files are removed from storage only after the transaction commits: a failure
    half-way leaves rows and files together rather than rows pointing at missing files.
    """
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        before_erasure(casus=locked)
        files = [(a.file.storage, a.file.name) for a in locked.attachments.all() if a.file]
        relations = erasure_relations()
        counts = {key: _delete_related(locked, accessor) for accessor, key in relations.deleted.items()}
        counts = {key: count for key, count in counts.items() if count}
        for field, empty in PERSONAL_FIELDS.items():
            setattr(locked, field, empty)
        locked.save(update_fields=[*PERSONAL_FIELDS, "updated_at"])
        blanked_reasons = locked.status_changes.erase_reasons()
        if blanked_reasons:
            counts["redenen_statusgeschiedenis"] = blanked_reasons
        for accessor, (key, texts) in relations.blanked.items():
            blanked = _related_rows(locked, accessor).update(**texts)
            if blanked:
                counts[key] = blanked
        for further in relations.further:
            blanked = further.model._default_manager.filter(**{further.casus_lookup: locked}).update(**further.texts)
            if blanked:
                counts[further.key] = blanked
        audit_record(
            actor=by,
            action=AuditAction.DELETE,
            obj=locked,
            case_reference=locked.reference or "",
            detail={"verwijderd": counts},
        )
        casus_transition(casus=locked, to=CasusStatus.VERWIJDERD, by=by, reason=reason)
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: _delete_file(storage, name), robust=True)
    casus.status = CasusStatus.VERWIJDERD
    return counts
