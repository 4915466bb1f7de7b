"""The address a request really came from, also behind our own reverse proxies.

Production runs behind a proxy, so REMOTE_ADDR is the proxy's address: a lockout keyed on
it would lock a username for everyone, and the audit log would name the proxy. Each proxy
appends the address it received the request from to X-Forwarded-For, so with N trusted
proxies in front of us the client is the N-th address counted from the right of
"X-Forwarded-For + REMOTE_ADDR". Addresses further left were written by the client itself
and are ignored: trusting them would let anyone pick the address a lockout counts against.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as seen by the outermost trusted proxy (REMOTE_ADDR without proxies)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    hops = settings.ZVH_TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote_addr]
    return chain[-(hops + 1)] if len(chain) > hops else chain[0]
