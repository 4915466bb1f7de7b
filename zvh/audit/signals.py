"""Log-ins and log-outs go to the audit log (who entered the system, and when)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zvh.client_ip import client_ip

from .constants import AuditAction
from .services import audit_record


def _from(request) -> dict[str, str]:
    """Where a log-in came from: the professional's own address, never a betrokkene's data."""
    return {"ip": client_ip(request)} if request is not None else {}


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.LOGIN, detail=_from(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, detail=_from(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Record the account only when it exists: a mistyped username may be a password.
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        obj=user,
        detail={"bestaand_account": user is not None, **_from(request)},
    )
