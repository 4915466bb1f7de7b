"""Rendering Django templates to PDF (weasyprint), for every app that hands out a document.

Privacy and security:
- Nothing is fetched from the network. The PDF templates link their stylesheet with
  `{% static %}`; relative to `base_url` that becomes a URL on our own host, which the fetcher
  below maps to the file on disk (through the staticfiles finders). Every other URL, and
  `file:` URLs to anywhere else, is refused, so even a link that slipped into a document could
  neither call out nor read a local file. `data:` URLs (inline images) are allowed.
- Fonts are the system's (DejaVu, Liberation) via fontconfig; no web fonts.
- The response is an attachment that browsers and proxies must not keep (no-store), with a
  file name the caller builds from identifiers (a case reference), never from names.

Documents are rendered in the request that asks for them: a chair who clicks "Download" waits
a second for the file. Documents that are *sent* (invitations) are rendered in Celery tasks
after commit instead (docs/decisions.md), with the same `render_pdf`.
"""

import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_CONTENT_TYPE = "application/pdf"
SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def pdf_base_url() -> str:
    """The URL the documents' relative links resolve against: our own host, never fetched."""
    return settings.ZVH_BASE_URL.rstrip("/") + "/"


def static_file_for(url: str) -> Path | None:
    """The local static file behind a URL on our own host under STATIC_URL, or None."""
    base, target = urlsplit(pdf_base_url()), urlsplit(url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc) or not target.path.startswith(settings.STATIC_URL):
        return None
    relative = unquote(target.path[len(settings.STATIC_URL):])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


class LocalStaticFetcher(URLFetcher):
    """Serves our own static files from disk and `data:` URLs; refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            raise ValueError("Alleen eigen statische bestanden worden in een pdf opgenomen.")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})


def render_pdf(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Render `template_name` with `context` (in Dutch, autoescaped) and return the PDF's bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {"zvh_name": settings.ZVH_NAME, **context})
    return HTML(string=html, base_url=pdf_base_url(), url_fetcher=LocalStaticFetcher()).write_pdf()


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """The PDF as a download that is not cached; `filename` is reduced to safe characters."""
    safe_name = SAFE_FILENAME.sub("-", filename).strip("-.") or "document"
    if not safe_name.lower().endswith(".pdf"):
        safe_name += ".pdf"
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
