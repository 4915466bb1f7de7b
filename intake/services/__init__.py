"""Services of the aanmelding: every state change of a casus goes through one of these modules.

`casus` holds the lifecycle primitives (create, submit, transition); the other modules hold
one capability each and import from it.
"""

from .casus import REFERENCE_FORMAT, casus_create, casus_submit, casus_transition, next_reference

__all__ = ["REFERENCE_FORMAT", "casus_create", "casus_submit", "casus_transition", "next_reference"]
