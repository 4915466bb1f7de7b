"""The retention part of the demo: withdrawn cases near their deletion date, one of them extended.

Made through the services a melder and a chair use (``casus_withdraw``, ``retention_extend``) at
the moments they happened, so the chairs' "Bewaartermijnen" list, the case page's section and the
extension history show what a real week would.
"""

import datetime

from demo import history
from intake.models import Casus
from intake.services.melder import casus_withdraw
from participants.models import User
from retention.schedule import schedule_of
from retention.services import retention_extend

WITHDRAWN_REASON = "De situatie is inmiddels opgepakt in de eigen organisatie."


def load_withdrawal(*, casus: Casus, at: datetime.datetime, extension: str, chair: User) -> None:
    """The melder withdraws ``casus`` at ``at``; with ``extension`` the chair keeps it two weeks longer, today."""
    with history.at(at):
        casus_withdraw(casus=casus, by=casus.melder, reason=WITHDRAWN_REASON)
    if extension:
        until = schedule_of(casus).deletion_date + datetime.timedelta(days=14)
        retention_extend(casus=casus, until=until, reason=extension, by=chair)
