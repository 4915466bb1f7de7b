"""Settings of `make bench-scale`: production, plus the reference views of benchmarks/urls.py.

Everything production refuses stays refused (the environment of scripts/bench-scale.sh gives
real keys, PostgreSQL, Redis and an SMTP address); only the URLconf differs, so the reference
views (a floor, a bare view per list page, the Django admin over the same models) exist in this
settings module and never in production's URLs.
"""

from zvh.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
