"""Two-factor login (docs/decisions.md, two-factor login): every user confirms a TOTP code after the password.

Why it works this way:

* **Which users.** Everyone who can log in. The privacy rules ask it for every role that sees
  personal data; the administrators are included because Beheer can hand out those roles
  and reset passwords and devices, and the audit log names who looked at which case: a
  password alone must not open a way to the cases. ``ZVH_REQUIRE_2FA`` switches the rule off
  for local development and the unit tests only; production settings refuse to start
  without it.
* **First link (trust on first use).** The first login after an account is made (or after
  a reset) links an app. The user gets a mail when an app is linked, so someone who linked
  one with a stolen password is noticed; the linking is in the audit log.
* **How.** A TOTP app (the standard one every Dutch government employee already has on a
  work phone), through django-otp. The setup page shows a key (as a QR code and as text to
  type) that is kept in the session only: opening the page changes nothing in the database.
  The first code the user posts stores the device, unconfirmed, so that django-otp's waiting
  time after wrong codes builds up; it only counts after a right code. Verification
  is per session: after logging in, ``TwoFactorMiddleware`` sends the user to the code page
  before any other page.
* **Throttling.** django-otp doubles the waiting time after each wrong code; together with the
  password lockout (django-axes) guessing is not practical.
* **Session.** A verified login gets a new session key (as Django does at the password step),
  so a session id seen before the code was entered is worth nothing afterwards.
* **A lost phone.** The functional administrator deletes the user's device in Beheer; at the
  next login the user sets up a new one. Every setup and every verification (also a failed
  one) is written to the audit log, without the code.
"""

import base64
import math

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError
from zvh.mail.services import mail_queue, mail_render

from .models import User

DEVICE_NAME = "Authenticator-app"
TOO_MANY = "Te veel onjuiste codes. Probeer het over {wait} opnieuw; elke onjuiste code verlengt de wachttijd."
# django-otp makes the user wait 1, 2, 4 ... seconds after each wrong code. A typo followed by a
# quick retry falls in the first second's wait: that is not "too many" (issue 17), so the page
# says so only from this many wrong codes in a row, and before that only asks to wait.
TOO_MANY_AFTER = 3
WAIT = "Wacht {wait} en typ dan de code die nu in uw authenticator-app staat."
WRONG_CODE = "Deze code klopt niet of is verlopen. Gebruik de code die nu in uw authenticator-app staat."


def two_factor_required(user: User) -> bool:
    """Whether ``user`` must confirm a code before seeing any page (see the module docstring)."""
    return bool(settings.ZVH_REQUIRE_2FA and user.is_authenticated)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


SETUP_KEY_SESSION = "two_factor_setup_key"


def setup_device(request) -> TOTPDevice:
    """The device the user is setting up, not saved: its key lives in the session, so a reload shows the same key.

    A GET of the setup page only reads this; `setup_device_for_code` stores it when a code comes.
    """
    user = request.user
    if confirmed_device(user) is not None:
        raise ServiceError("U heeft tweestapsverificatie al ingesteld.")
    key = request.session.get(SETUP_KEY_SESSION)
    if key is None:
        key = request.session[SETUP_KEY_SESSION] = default_key()
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def setup_device_for_code(request) -> TOTPDevice:
    """The stored unconfirmed device for the session's key, stored now if this is its first code."""
    shown = setup_device(request)
    device, _ = TOTPDevice.objects.get_or_create(
        user=shown.user, key=shown.key, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (no image request, nothing leaves the page)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")  # the <svg> element only, for inline HTML


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four: for typing into an app without a camera."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _seconds_in_words(seconds: float) -> str:
    """ "1 seconde", "8 seconden", "3 minuten": the waiting time rounded up, as the page says it."""
    whole = max(1, math.ceil(seconds))
    if whole < 120:
        return "1 seconde" if whole == 1 else f"{whole} seconden"
    return f"{math.ceil(whole / 60)} minuten"


def _refusal(device: TOTPDevice, token: str) -> str:
    """"" when ``token`` is a valid code of ``device``, else the Dutch reason (wrong, or wait after failures).

    A wrong code raises the device's waiting time (django-otp); the caller commits that, so
    the refusal must not be raised inside the transaction that records it.
    """
    allowed, info = device.verify_is_allowed()
    if not allowed:
        if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            wait = _seconds_in_words((info["locked_until"] - timezone.now()).total_seconds())
            return (TOO_MANY if info["failure_count"] >= TOO_MANY_AFTER else WAIT).format(wait=wait)
        return WRONG_CODE
    return "" if device.verify_token(token) else WRONG_CODE


def two_factor_confirm_setup(*, request, device: TOTPDevice, token: str) -> TOTPDevice:
    """The first code from the app confirms the device and verifies this session."""
    user = request.user
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if locked is None:  # linked in another tab meanwhile, or reset by the administrator
            raise ServiceError("Deze koppeling is niet meer geldig. Laad de pagina opnieuw.")
        refusal = _refusal(locked, token)
        if refusal:
            audit_record(actor=user, action=AuditAction.LOGIN_FAILED, detail={"gebeurtenis": "2fa_instellen_mislukt"})
        else:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            # Devices left over from abandoned attempts hold secrets nobody uses.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            audit_record(actor=user, action=AuditAction.CREATE, obj=locked, detail={"gebeurtenis": "2fa_ingesteld"})
            _tell_user_app_linked(user=user, device=locked)
    if refusal:
        raise ServiceError(refusal)
    _verified(request, locked)
    return locked


def _verified(request, device: TOTPDevice) -> None:
    request.session.pop(SETUP_KEY_SESSION, None)
    request.session.cycle_key()
    otp_login(request, device)


def _tell_user_app_linked(*, user: User, device: TOTPDevice) -> None:
    """A mail that an app was linked: whoever did not do this themselves calls the administrator."""
    if not user.email:
        return
    mail_queue(
        key=f"2fa-gekoppeld:{device.pk}",
        to=[user.email],
        subject="Er is een authenticator-app aan uw account gekoppeld",
        body=mail_render("mail/twee_factor_gekoppeld.txt", {"moment": timezone.localtime()}),
    )


def two_factor_verify(*, request, token: str) -> TOTPDevice:
    """A code from the user's confirmed device verifies this session."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        raise ServiceError("Stel eerst tweestapsverificatie in.")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        refusal = _refusal(locked, token)
        if refusal:
            audit_record(actor=user, action=AuditAction.LOGIN_FAILED, detail={"gebeurtenis": "2fa_code_onjuist"})
        else:
            audit_record(actor=user, action=AuditAction.LOGIN, detail={"gebeurtenis": "2fa_geverifieerd"})
    if refusal:
        raise ServiceError(refusal)
    _verified(request, locked)
    return locked


def two_factor_reset(*, user: User, by: User) -> int:
    """A lost or new phone: remove the user's devices; they set up a new one at their next login.

    Only a functional administrator (Beheer); audited. Returns how many devices were removed.
    """
    if not by.is_functional_admin:
        raise ServiceError("Alleen een functioneel beheerder kan tweestapsverificatie opnieuw laten instellen.")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=by, action=AuditAction.DELETE, obj=user, detail={"gebeurtenis": "2fa_gereset"})
    return removed
