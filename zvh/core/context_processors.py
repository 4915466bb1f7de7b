from django.conf import settings
from django.urls import reverse

from .navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    items = nav_items_for(user) if user is not None else []
    links = []
    for item in items:
        url = reverse(item.url_name)
        links.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    return {
        "zvh_name": settings.ZVH_NAME,
        "nav_items": links,
        # Demo accounts are mentioned on the login page in development only.
        "show_demo_accounts": settings.DEBUG and getattr(settings, "ZVH_SHOW_DEMO_ACCOUNTS", False),
    }
