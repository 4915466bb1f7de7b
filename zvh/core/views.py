import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .navigation import nav_items_for


@login_required
def home(request):
    """The start page: one tile per start page of the user's roles."""
    return render(request, "core/home.html", {"tiles": nav_items_for(request.user)})


# The day the statement below was last drawn up; change it whenever the statement changes.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 30)


def accessibility_statement(request):
    """The toegankelijkheidsverklaring, after the Dutch government's model statement.

    Open to everyone, logged in or not (and exempt from the two-factor step): someone who cannot
    get past the login page must still be able to read it and find whom to contact. Its basis
    is the automated axe-core check of tests/browser/test_accessibility*.py; it claims no more
    than that check shows (status C, "eerste maatregelen genomen", until a manual audit).
    """
    context = {
        "statement_date": ACCESSIBILITY_STATEMENT_DATE,
        "contact_email": settings.ZVH_CONTACT_EMAIL,
        "contact_phone": settings.ZVH_CONTACT_PHONE,
    }
    return render(request, "core/toegankelijkheid.html", context)
