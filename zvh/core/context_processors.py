from django.conf import settings
from django.urls import reverse

from .navigation import nav_items_for


def navigation(request):
    user = getattr(request, "user", None)
    items = nav_items_for(user) if user is not None else []
    urls = [reverse(item.url_name) for item in items]
    # The current page is the most specific start page the path lies under (/triage/screening/
    # is Screening, not Triage).
    matching = [url for url in urls if request.path.startswith(url)]
    current = max(matching, key=len) if matching else None
    links = [
        {"label": item.label, "url": url, "active": url == current} for item, url in zip(items, urls, strict=True)
    ]
    return {
        "zvh_name": settings.ZVH_NAME,
        "nav_items": links,
        # Demo accounts are mentioned on the login page in development only.
        "show_demo_accounts": settings.DEBUG and getattr(settings, "ZVH_SHOW_DEMO_ACCOUNTS", False),
    }
