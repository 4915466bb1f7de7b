"""Browser tests: Chromium (tests/conftest.py) against pytest-django's live server.

Screenshots land in test-artifacts/ for a human to look at.
"""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
