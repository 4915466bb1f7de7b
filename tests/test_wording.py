"""One voice in every text a user reads: "u", never "je", and "de casus" is "hij" (issue 17).

The texts live in two places: the templates (pages, mails, pdf's) and the Dutch strings in the
apps' code (messages, errors, mail subjects). Both are scanned as text, so a slip in a page
nobody's test opens is still found. Tests and migrations are left out: they quote old texts.

"de casus" is masculine in standard Dutch (hij/hem). A pronoun for it close behind the word
in the same sentence is checked; "de aanmelding", "de triage" and "de agenda" stay "zij/haar".
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("zvh", "participants", "intake", "triage", "pga", "demo")

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.IGNORECASE)
# "de casus ... zij/haar/ze" within one clause: the feminine (or plural) pronoun for the casus.
CASUS_FEMININE = re.compile(r"\bcasus\b[^.;:?!\n]{0,40}\b(zij|haar|ze)\b", re.IGNORECASE)


def template_texts() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.suffix in {".html", ".txt"}
    ]


def code_texts() -> list[tuple[str, str]]:
    """Every string literal in the apps' code (f-string parts included)."""
    texts = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            texts += [
                (f"{path.relative_to(ROOT)}:{node.lineno}", node.value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
    return texts


def findings(pattern: re.Pattern, texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {match.group(0)!r}" for where, text in texts for match in pattern.finditer(text)]


@pytest.mark.parametrize("source", [template_texts, code_texts], ids=["templates", "code"])
def test_users_are_addressed_as_u(source):
    assert findings(INFORMAL, source()) == []


@pytest.mark.parametrize("source", [template_texts, code_texts], ids=["templates", "code"])
def test_de_casus_is_hij(source):
    assert findings(CASUS_FEMININE, source()) == []


def test_the_scans_find_the_slips_issue_17_reported():
    """The patterns catch the two sentences a newcomer tripped over (so an empty result means something)."""
    banner = [("banner", "Meld vóór donderdag 16:00 aan, dan bespreken we je casus op donderdag 10 december.")]
    receipt = [("receipt", "Wees erbij: zonder melder bespreken we de casus niet en schuift zij door.")]
    assert findings(INFORMAL, banner) == ["banner: 'je'"]
    assert findings(CASUS_FEMININE, receipt) == ["receipt: 'casus niet en schuift zij'"]
    masculine = [("ok", "Wees erbij: anders schuift de casus door en krijgt hij een nieuwe datum.")]
    assert findings(CASUS_FEMININE, masculine) == []
