"""Templates keep the layers of docs/architecture.md too (import-linter checks the Python side).

A lower app's templates load no template tag library of a higher app and link to no URL of a
higher app: intake's case page shows triage's sections because triage registers them
(intake.extensions), not because intake's template names triage.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["participants", "intake", "triage", "pga", "retention", "subject_requests", "reports"]  # bottom to top
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _tag_libraries(app: str) -> set[str]:
    folder = Path(settings.BASE_DIR) / app / "templatetags"
    return {path.stem for path in folder.glob("*.py") if path.stem != "__init__"} if folder.exists() else set()


def _templates(app: str) -> list[Path]:
    return sorted((TEMPLATES / app).rglob("*.html")) + sorted((TEMPLATES / app).rglob("*.txt"))


HIGHER = [(app, higher) for i, app in enumerate(LAYERS) for higher in LAYERS[i + 1 :]]


@pytest.mark.parametrize(("app", "higher"), HIGHER, ids=[f"{a}-not-{h}" for a, h in HIGHER])
def test_templates_of_a_lower_app_name_nothing_of_a_higher_one(app, higher):
    libraries = _tag_libraries(higher)
    offences = []
    for path in _templates(app):
        text = path.read_text()
        for loaded in re.findall(r"{%\s*load\s+([^%]+)%}", text):
            names = [lib for lib in loaded.split() if lib in libraries or lib.startswith(higher)]
            offences += [f"{path.name}: load {lib}" for lib in names]
        urls = re.findall(rf"{{%\s*url\s+['\"]({higher}:[\w-]+)", text)
        included = re.findall(rf"{{%\s*(?:include|extends)\s+['\"]({higher}/[^'\"]+)", text)
        offences += [f"{path.name}: url {name}" for name in urls]
        offences += [f"{path.name}: include {name}" for name in included]
    assert offences == []


def test_the_check_sees_the_templates_it_guards():
    """Guard against a moved folder making the test above pass on nothing."""
    assert _templates("intake") and _templates("triage")
    assert "intake/casus_detail.html" in {str(p.relative_to(TEMPLATES)) for p in _templates("intake")}
