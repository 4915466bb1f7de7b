class ServiceError(Exception):
    """A business rule refused the action. The message is Dutch and shown to the user as is."""


def refusal(check, *args) -> str:
    """The Dutch reason a service check gives why an action is not possible now, or "" when it is.

    Pages use it to show the reason instead of a form that would only be refused on submit;
    the service runs the same check again when the form is posted.
    """
    try:
        check(*args)
    except ServiceError as error:
        return str(error)
    return ""
