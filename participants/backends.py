from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, OuterRef, Subquery


class GroupNames(Aggregate):
    """The names of a user's groups joined by commas, in one column (role names hold no comma).

    Django 5.2 has no portable string aggregate; both engines of this project have one.
    """

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')")


class UserWithOrganisationBackend(ModelBackend):
    """Django's model backend, loading the user's organisation and role names with the user.

    Every request reads the user's roles (which pages, which menu) and every audited page
    names the organisation in its audit entry; each cost one more query on every request
    (issue 16). ``User.roles`` applies the same rules to the names loaded here.
    """

    def get_user(self, user_id):
        names = Group.objects.filter(user=OuterRef("pk")).values("user").annotate(names=GroupNames("name"))
        user = (
            get_user_model()
            ._default_manager.select_related("organisation")
            .annotate(loaded_group_names=Subquery(names.values("names")))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
