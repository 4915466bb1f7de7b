"""Developer settings: the embedded default, with DEBUG on and demo logins allowed."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The login page mentions the demo accounts only when this is on (never in production).
ZVH_SHOW_DEMO_ACCOUNTS = env.bool("ZVH_SHOW_DEMO_ACCOUNTS", default=True)
# The demo accounts log in with a password only; ZVH_REQUIRE_2FA=true tries the real login.
ZVH_REQUIRE_2FA = env.bool("ZVH_REQUIRE_2FA", default=False)
# The development mailbox (/ontwikkeling/postvak/) is in these URLs only; production uses zvh.urls.
ROOT_URLCONF = "zvh.urls_dev"
