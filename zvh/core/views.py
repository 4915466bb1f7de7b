from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .navigation import nav_items_for


@login_required
def home(request):
    """The start page: one tile per start page of the user's roles."""
    return render(request, "core/home.html", {"tiles": nav_items_for(request.user)})
