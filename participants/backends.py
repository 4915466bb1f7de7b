from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django_otp.plugins.otp_totp.models import TOTPDevice


class CommaJoined(Aggregate):
    """Values joined by commas, in one column (role names and ids hold no comma).

    Django 5.2 has no portable string aggregate; both engines of this project have one.
    """

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')")


def _joined(queryset, column) -> Subquery:
    """``column`` of the user's rows in ``queryset``, comma-joined, as a subquery on the user's read."""
    rows = queryset.filter(user=OuterRef("pk")).values("user").annotate(joined=CommaJoined(column))
    return Subquery(rows.values("joined"))


class UserWithOrganisationBackend(ModelBackend):
    """Django's model backend, loading the user's organisation, role names and TOTP devices with the user.

    Every request reads the user's roles (which pages, which menu), every audited page names
    the organisation in its audit entry, and every request of a verified session needs the
    device that verified it (``participants.middleware.OTPMiddleware``); each cost one more
    query on every request (issue 16). ``User.roles`` applies the same rules to the names
    loaded here, the middleware the same rules as django-otp to the device ids.
    """

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("organisation")
            .annotate(
                loaded_group_names=_joined(Group.objects.all(), "name"),
                loaded_device_ids=_joined(
                    TOTPDevice.objects.filter(confirmed=True), Cast("id", output_field=CharField())
                ),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
