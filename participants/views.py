"""The two pages of two-factor login: set up the authenticator app, and confirm a code."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.generic import FormView

from zvh.core.exceptions import ServiceError

from . import two_factor
from .forms import TotpCodeForm


class TwoFactorStepMixin(LoginRequiredMixin):
    """Shared by both pages: where to go afterwards (``next``, on our own host only)."""

    form_class = TotpCodeForm

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return reverse("home")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.next_url()}

    def form_valid(self, form):
        try:
            self.confirm(form.cleaned_data["code"])
        except ServiceError as error:
            form.add_error("code", str(error))
            return self.form_invalid(form)
        return redirect(self.next_url())


class TwoFactorSetupView(TwoFactorStepMixin, FormView):
    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.confirmed_device(request.user) is not None:
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.setup_device(self.request)
        return {
            **super().get_context_data(**kwargs),
            # Generated here from the device's own otpauth:// URL: no user input in the SVG.
            "qr_code": mark_safe(two_factor.qr_code_svg(device)),  # noqa: S308
            "manual_key": two_factor.manual_key(device),
        }

    def confirm(self, code: str) -> None:
        device = two_factor.setup_device_for_code(self.request)
        two_factor.two_factor_confirm_setup(request=self.request, device=device, token=code)


class TwoFactorVerifyView(TwoFactorStepMixin, FormView):
    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and two_factor.confirmed_device(request.user) is None:
            return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def confirm(self, code: str) -> None:
        two_factor.two_factor_verify(request=self.request, token=code)
