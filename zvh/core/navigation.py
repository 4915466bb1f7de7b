"""The start pages per role: one list, used by the header navigation and the home page.

Each app registers its own start pages when it starts (its ``AppConfig.ready``), because
``zvh`` sits below every domain app and knows none of their roles or pages
(docs/architecture.md). ``position`` fixes the order across apps: the menu reads along the
process (melder, chairs, partners, procesregisseur), with the administration pages last.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    position: int
    role: str
    label: str
    url_name: str
    description: str


_registered: list[NavItem] = []


def register_nav_items(*items: NavItem) -> None:
    """Add start pages; registering the same page twice (a second ``ready``) changes nothing."""
    _registered.extend(item for item in items if item not in _registered)


def nav_items() -> tuple[NavItem, ...]:
    """Every registered start page, in menu order."""
    return tuple(sorted(_registered, key=lambda item: item.position))


def nav_items_for(user) -> list[NavItem]:
    """The user's start pages in a fixed order, each page once (chairs and partners share Triage)."""
    if not user.is_authenticated:
        return []
    seen: set[str] = set()
    items = []
    for item in nav_items():
        if user.has_role(item.role) and item.url_name not in seen:
            seen.add(item.url_name)
            items.append(item)
    return items
