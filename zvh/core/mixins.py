from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """A page for users with one of `required_roles`; others get the Dutch 403 page.

    This guards the page; which objects appear on it is decided by the selectors.
    """

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(request.user.has_role(role) for role in self.required_roles):
            raise PermissionDenied("U heeft geen rol die toegang geeft tot deze pagina.")
        return super().dispatch(request, *args, **kwargs)
