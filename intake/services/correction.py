"""Correcting one value of a betrokkene, for a data-subject request (AVG article 16).

Why a service in intake: the betrokkene is intake's row, so intake decides how it changes (the
model's own validation, the BSN's keyed hash kept in step by ``Betrokkene.save``). The caller
(``subject_requests``) decides who may correct and passes the request's number for the audit
entry, which names the field and never the old or the new value.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from participants.models import User
from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from ..models import Betrokkene


def betrokkene_correct(
    *, betrokkene: Betrokkene, field: str, value: object, by: User, audit_detail: dict
) -> Betrokkene:
    """Set ``field`` to ``value`` after the model field's own checks; a refusal is a Dutch ServiceError."""
    model_field = Betrokkene._meta.get_field(field)
    with transaction.atomic():
        locked = Betrokkene.objects.select_for_update().select_related("casus").get(pk=betrokkene.pk)
        try:
            cleaned = model_field.clean(value, locked)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages)) from error
        setattr(locked, field, cleaned)
        locked.save()
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=locked,
            case_reference=locked.casus.reference or "",
            detail={"veld": field, **audit_detail},
        )
    return locked
