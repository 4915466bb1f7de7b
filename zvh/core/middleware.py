import time

from django.conf import settings


class NoStoreMiddleware:
    """Pages for logged-in users hold personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SlidingSessionMiddleware:
    """Keep the 30-minute inactivity expiry without writing the session on every request.

    ``SESSION_SAVE_EVERY_REQUEST`` saved the session row on every page (an UPDATE per request,
    issue 16). The expiry is now moved only when it would move by at least
    ``SESSION_REFRESH_SECONDS``: a user who keeps working never expires, and one who stops
    expires between 29 and 30 minutes later. Sits after SessionMiddleware, so the session is
    saved (by that middleware) after this marks it.
    """

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        # A session saved anyway (a login, a message) gets a new expiry too: note when.
        if session.modified or time.time() - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            self.stamp(session)
        return response

    @classmethod
    def stamp(cls, session) -> None:
        """Mark ``session`` as refreshed now; saving it moves its expiry."""
        session[cls.KEY] = int(time.time())


def stamp_session_at_login(sender, request, user, **kwargs):
    """A log-in saves the session (with a fresh expiry): the first page after it need not again."""
    if request is not None and hasattr(request, "session"):
        SlidingSessionMiddleware.stamp(request.session)
