"""Refuse requests whose text is not valid UTF-8, instead of storing U+FFFD in its place.

Django decodes form data leniently: bytes that are not UTF-8, and lone surrogates (which UTF-8
cannot hold), become U+FFFD, and the damaged text would be saved as if the user typed it.
Browsers always send valid UTF-8, so such a request comes from a broken or hostile client:
it is refused as a whole with a Dutch explanation (status 400), before any view runs, and
nothing the user saved earlier is touched. Multipart posts (attachments) are checked on their
text fields after parsing; there U+FFFD itself stands for "could not be read".
"""

from urllib.parse import unquote_to_bytes

from django.shortcuts import render

REPLACEMENT_CHARACTER = "\ufffd"


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _urlencoded_is_utf8(data: bytes) -> bool:
    for pair in data.split(b"&"):
        for part in pair.split(b"=", 1):
            if not _is_utf8(unquote_to_bytes(part.replace(b"+", b" "))):
                return False
    return True


def request_text_is_valid(request) -> bool:
    if not _urlencoded_is_utf8(request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace")):
        return False
    if request.method not in ("POST", "PUT", "PATCH"):
        return True
    if request.content_type == "application/x-www-form-urlencoded":
        return _urlencoded_is_utf8(request.body)
    if request.content_type == "multipart/form-data":
        return not any(REPLACEMENT_CHARACTER in value for value in request.POST.values())
    return True


class RefuseInvalidTextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_text_is_valid(request):
            return render(request, "400_invalid_text.html", status=400)
        return self.get_response(request)
