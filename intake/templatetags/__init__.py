"""Template tags of the aanmelding."""
