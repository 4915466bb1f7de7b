"""Where the apps above pga plug in, so that pga names none of them (docs/architecture.md).

**Sections on the dossier page** (``register_dossier_section``; read by ``pga.views.DossierView``):
a closed dossier stays with its procesregisseur until retention deletes the case, and the
procesregisseur must see when that is; the deletion date is retention's data.

Each app registers in its ``AppConfig.ready``; a second registration of the same builder is ignored.
"""

from collections.abc import Callable

from intake.extensions import CaseSection

_sections: list[Callable[..., CaseSection | None]] = []


def register_dossier_section(builder: Callable[..., CaseSection | None]) -> None:
    """``builder(*, dossier, user) -> CaseSection | None``; None when it has nothing for this user."""
    if builder not in _sections:
        _sections.append(builder)


def dossier_sections(*, dossier, user) -> list[CaseSection]:
    """The sections of every registered app for this user, in registration (app) order."""
    built = (builder(dossier=dossier, user=user) for builder in _sections)
    return [section for section in built if section is not None]
