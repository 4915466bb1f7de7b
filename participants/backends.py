from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithOrganisationBackend(ModelBackend):
    """Django's model backend, loading the user's organisation with the user on every request.

    Every audited page names the organisation in its audit entry (and the pages show it), which
    cost one more query on every request (issue 16).
    """

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
