"""The chair's weighing of a case with the de-escalatiemodel (process step 4, docs/architecture.md).

`weighing_save` stores, for the ACTIVE model, one level and a motivation per dimension. Saving
again replaces the earlier scores of that model version (one weighing per case and version);
a weighing with an older version stays as it was, so what an earlier suggestion rested on can
always be read back. The suggested conclusion is not stored: it follows from the scores by the
documented rule (triage.weighing), so it can never disagree with them.

Decisions where the issue is silent:
- Only a triagevoorzitter weighs, and only while the case is being enriched or waits for its
  triage (triage.constants.VERRIJKING_STATUSES); after the triage decided, the weighing is history.
- Every dimension needs a level and a motivation: a partial weighing would give no suggestion
  and hide which scores were considered. The audit log records the model version and the
  number of dimensions, never the scores or motivations (they are about a person).
"""

from django.db import transaction

from intake.models import Casus
from participants.constants import Role
from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.core.versioning import Part, Versioned

from ..constants import VERRIJKING_STATUSES
from ..models import DimensionScore, Weighing, WeighingModel
from ..selectors.weighing import active_weighing_model

MOTIVATION_MAX_LENGTH = 2000

# The de-escalatiemodel is versioned data like the criteria sets: a version a weighing used is
# frozen, a new version copies the dimensions with their levels, one version is active.
WEIGHING_MODELS = Versioned(
    model=WeighingModel,
    parts=(
        Part(
            "dimensions",
            missing="Versie {version} heeft geen dimensies en kan daarom niet actief worden.",
            parts=(
                Part(
                    "levels",
                    missing="De dimensie \u2018{owner}\u2019 van versie {version} heeft geen niveaus; "
                    "daarom kan de versie niet actief worden.",
                ),
            ),
        ),
    ),
    copy_fields=("name", "pga_threshold", "max_level_escalates"),
    noun="de-escalatiemodel",
    article="het",
    audit_key="deescalatiemodel_versie",
    used_where="in een weging",
    parts_words="de dimensies en niveaus",
)


def _checked_scores(model, scores: dict) -> dict[int, tuple]:
    """dimension id -> (level, motivation) for every dimension of the model, or a ServiceError."""
    dimensions = {dimension.pk: dimension for dimension in model.dimensions.all()}
    unknown = set(scores) - set(dimensions)
    if unknown:
        raise ServiceError("De weging bevat dimensies die niet in het actieve de-escalatiemodel staan.")
    checked = {}
    for dimension_id, dimension in dimensions.items():
        level_id, motivation = scores.get(dimension_id, (None, ""))
        level = next((level for level in dimension.levels.all() if level.pk == level_id), None)
        if level is None:
            raise ServiceError(f"Kies een niveau voor \u2018{dimension.name}\u2019.")
        motivation = (motivation or "").strip()
        if not motivation:
            raise ServiceError(f"Geef een korte motivering bij \u2018{dimension.name}\u2019.")
        if len(motivation) > MOTIVATION_MAX_LENGTH:
            raise ServiceError(
                f"De motivering bij \u2018{dimension.name}\u2019 is langer dan {MOTIVATION_MAX_LENGTH} tekens."
            )
        checked[dimension_id] = (level, motivation)
    return checked


def weighing_save(*, casus: Casus, by: User, scores: dict[int, tuple[int, str]]) -> Weighing:
    """Store the chair's weighing of `casus` with the active model: {dimension id: (level id, motivation)}."""
    by.require_role(Role.TRIAGEVOORZITTER, to="een casus wegen")
    with transaction.atomic():
        locked = Casus.objects.select_for_update().get(pk=casus.pk)
        if locked.status not in VERRIJKING_STATUSES:
            raise ServiceError(
                f"Een casus met status \u2018{locked.status_label}\u2019 kan niet (meer) worden gewogen."
            )
        model = active_weighing_model()
        if model is None:
            raise ServiceError(
                "Er is geen actief de-escalatiemodel. Vraag de functioneel beheerder er een te activeren."
            )
        # The first weighing freezes the model version; "Beheer" checks that under this same lock.
        list(WeighingModel.objects.select_for_update().filter(pk=model.pk).values_list("pk", flat=True))
        checked = _checked_scores(model, scores)

        weighing, created = Weighing.objects.get_or_create(casus=locked, model=model, defaults={"scored_by": by})
        if not created:
            weighing.scored_by = by
            weighing.save(update_fields=["scored_by", "scored_at"])
        existing = {score.dimension_id: score for score in weighing.scores.all()}
        new_scores, changed = [], []
        for dimension_id, (level, motivation) in checked.items():
            score = existing.get(dimension_id)
            if score is None:
                new_scores.append(
                    DimensionScore(weighing=weighing, dimension_id=dimension_id, level=level, motivation=motivation)
                )
            elif (score.level_id, score.motivation) != (level.pk, motivation):
                score.level, score.motivation = level, motivation
                changed.append(score)
        DimensionScore.objects.bulk_create(new_scores)
        DimensionScore.objects.bulk_update(changed, ["level", "motivation"])

        audit_record(
            actor=by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=weighing,
            case_reference=locked.reference or "",
            detail={
                "deescalatiemodel_versie": model.version,
                "dimensies": len(checked),
                "gewijzigd": len(new_scores) + len(changed),
            },
        )
    return weighing
