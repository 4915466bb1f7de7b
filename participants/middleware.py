from urllib.parse import urlencode

from django.db import router
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import NOT_LOADED
from .two_factor import confirmed_device, two_factor_required


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, finding the session's device among those loaded with the user.

    django-otp reads the device of a verified session on every request: one query more on every
    page (issue 16). ``UserWithOrganisationBackend`` loads the ids of the user's confirmed TOTP
    devices with the user, so the same rule needs no query: the session is verified when the
    device it names is still one of them. A device removed by a 2FA reset, or unconfirmed, or
    another user's, leaves the session unverified, and the key is dropped from the session, as
    django-otp does. A user object from elsewhere (no loaded ids) goes through django-otp itself.
    """

    def _verify_user_sync(self, request, user):
        loaded = getattr(user, "loaded_device_ids", NOT_LOADED)
        if loaded is NOT_LOADED:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if persistent_id:
            persistent_id = self._normalize_persistent_id(persistent_id)
            user.otp_device = _loaded_device(user, persistent_id, (loaded or "").split(","))
            if user.otp_device is None:
                del request.session[DEVICE_ID_SESSION_KEY]
        return user


def _loaded_device(user, persistent_id: str, device_ids: list[str]) -> TOTPDevice | None:
    """The session's device when it is one of the user's confirmed devices; only its id, user and state are loaded.

    Its other fields (the secret among them) load when something reads them; a save writes only
    the loaded fields, as for any deferred instance.
    """
    label, _, device_id = persistent_id.rpartition("/")
    if label != TOTPDevice.model_label() or device_id not in device_ids:
        return None
    return TOTPDevice.from_db(
        router.db_for_read(TOTPDevice), ["id", "user_id", "confirmed"], [int(device_id), user.pk, True]
    )


class TwoFactorMiddleware:
    """Users whose role sees personal data confirm a TOTP code before any page (participants.two_factor).

    Runs after django-otp's OTPMiddleware (which knows whether this session was verified). The
    login, logout and the two 2FA pages themselves stay reachable; everything else redirects,
    keeping where the user was going in ``next`` (a path of ours, no personal data).
    """

    # The accessibility statement is public: it must be readable by someone stuck at the code step.
    EXEMPT = frozenset({"login", "logout", "two_factor_setup", "two_factor_verify", "accessibility_statement"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in self.EXEMPT:
            return None
        user = request.user
        if not two_factor_required(user) or user.is_verified():
            return None
        step = "two_factor_verify" if confirmed_device(user) is not None else "two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
