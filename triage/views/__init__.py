"""Views of screening, verrijking and triage, one module per page group; see triage/urls.py."""
