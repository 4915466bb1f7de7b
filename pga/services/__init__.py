"""Every state change of a PGA dossier, one module per subject (docs/architecture.md)."""

from .dossier import (
    dossier_close,
    dossier_monitoring_complete,
    dossier_plan_first_contact,
    dossier_reassign,
    dossier_reopen,
    pga_dossier_start,
)
from .informing import informing_agree, informing_postpone, informing_record_informed
from .overleg import (
    overleg_add_contact,
    overleg_add_organisation,
    overleg_answer,
    overleg_answer_by_link,
    overleg_cancel,
    overleg_chase,
    overleg_correct_minutes,
    overleg_plan,
    overleg_plan_followup,
    overleg_record_meeting,
    overleg_remove_organisation,
    overleg_send_invitations,
    overleg_update,
)
from .plan import action_add, action_report, action_set_status, goal_add, goal_set_status, plan_agree
from .progress import progress_record
from .records import contact_add, escalation_answer, escalation_raise

__all__ = [
    "action_add",
    "action_report",
    "action_set_status",
    "contact_add",
    "dossier_close",
    "dossier_monitoring_complete",
    "dossier_plan_first_contact",
    "dossier_reassign",
    "dossier_reopen",
    "escalation_answer",
    "escalation_raise",
    "goal_add",
    "goal_set_status",
    "informing_agree",
    "informing_postpone",
    "informing_record_informed",
    "overleg_add_contact",
    "overleg_add_organisation",
    "overleg_answer",
    "overleg_answer_by_link",
    "overleg_cancel",
    "overleg_chase",
    "overleg_correct_minutes",
    "overleg_plan",
    "overleg_plan_followup",
    "overleg_record_meeting",
    "overleg_remove_organisation",
    "overleg_send_invitations",
    "overleg_update",
    "pga_dossier_start",
    "plan_agree",
    "progress_record",
]
