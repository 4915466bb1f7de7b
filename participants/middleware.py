from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import confirmed_device, two_factor_required


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
