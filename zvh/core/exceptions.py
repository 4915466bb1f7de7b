class ServiceError(Exception):
    """A business rule refused the action. The message is Dutch and shown to the user as is."""
