"""Forms of the aanmelding, one module per page group."""
