"""Two-factor login (DESIGN.md, privacy): every role that sees personal data confirms a TOTP code.

Why it works this way:

* **Which users.** The roles of ``PERSONAL_DATA_ROLES`` (melder, triagevoorzitter,
  ketenpartner, procesregisseur). The functional and log administrators see no personal data
  of betrokkenen; they keep password login with lockout. ``ZVH_REQUIRE_2FA`` switches the rule
  off for local development and the unit tests only; production settings refuse to start
  without it.
* **How.** A TOTP app (the standard one every Dutch government employee already has on a
  work phone), through django-otp: the device is created unconfirmed, shown once as a QR code
  and as a key to type, and only counts after the user entered a code from it. Verification
  is per session: after logging in, ``TwoFactorMiddleware`` sends the user to the code page
  before any other page.
* **Throttling.** django-otp doubles the waiting time after each wrong code; together with the
  password lockout (django-axes) guessing is not practical. The waiting time is shown in Dutch.
* **A lost phone.** The functional administrator deletes the user's device in Beheer; at the
  next login the user sets up a new one. Every setup and every verification (also a failed
  one) is written to the audit log, without the code.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.exceptions import ServiceError

from .constants import PERSONAL_DATA_ROLES, Role
from .models import User

DEVICE_NAME = "Authenticator-app"
WRONG_CODE = "Deze code klopt niet of is verlopen. Gebruik de code die nu in uw authenticator-app staat."


def two_factor_required(user: User) -> bool:
    """Whether ``user`` must confirm a code before seeing any page (see the module docstring)."""
    if not settings.ZVH_REQUIRE_2FA or not user.is_authenticated:
        return False
    return any(user.has_role(role) for role in PERSONAL_DATA_ROLES)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def setup_device(user: User) -> TOTPDevice:
    """The unconfirmed device the user is setting up; made once, so a reload shows the same key."""
    if confirmed_device(user) is not None:
        raise ServiceError("U heeft tweestapsverificatie al ingesteld.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (no image request, nothing leaves the page)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")  # the <svg> element only, for inline HTML


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four: for typing into an app without a camera."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _refusal(device: TOTPDevice, token: str) -> str:
    """"" when ``token`` is a valid code of ``device``, else the Dutch reason (wrong, or wait after failures).

    A wrong code raises the device's waiting time (django-otp); the caller commits that, so
    the refusal must not be raised inside the transaction that records it.
    """
    allowed, info = device.verify_is_allowed()
    if not allowed:
        if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            return "Te veel onjuiste codes. Wacht een minuut en probeer het opnieuw."
        return WRONG_CODE
    return "" if device.verify_token(token) else WRONG_CODE


def two_factor_confirm_setup(*, request, device: TOTPDevice, token: str) -> TOTPDevice:
    """The first code from the app confirms the device and verifies this session."""
    user = request.user
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        refusal = _refusal(locked, token)
        if refusal:
            audit_record(actor=user, action=AuditAction.LOGIN_FAILED, detail={"gebeurtenis": "2fa_instellen_mislukt"})
        else:
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            # Devices left over from abandoned attempts hold secrets nobody uses.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            audit_record(actor=user, action=AuditAction.CREATE, obj=locked, detail={"gebeurtenis": "2fa_ingesteld"})
    if refusal:
        raise ServiceError(refusal)
    otp_login(request, locked)
    return locked


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
    otp_login(request, locked)
    return locked


def two_factor_reset(*, user: User, by: User) -> int:
    """A lost or new phone: remove the user's devices; they set up a new one at their next login.

    Only a functional administrator (Beheer); audited. Returns how many devices were removed.
    """
    if not (by.is_superuser or by.has_role(Role.FUNCTIONEEL_BEHEERDER)):
        raise ServiceError("Alleen een functioneel beheerder kan tweestapsverificatie opnieuw laten instellen.")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=by, action=AuditAction.DELETE, obj=user, detail={"gebeurtenis": "2fa_gereset"})
    return removed
