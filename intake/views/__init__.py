"""Views of the aanmelding, one module per page group; see intake/urls.py."""
