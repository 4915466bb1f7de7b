"""The references the scale benchmark measures the pages against, in the same run (issue 16).

Only `benchmarks.settings` uses this URLconf; production's `zvh.urls` has none of it.

- ``/bench/ok/``: the floor, a view that answers "ok" (no database, no template).
- ``/bench/kaal/<page>/``: per list page, the page's own main query (the same selector and
  filter) for the first page of rows, rendered by a minimal template. It writes no audit row,
  saves no session and counts nothing: what the same query can do, so the page's ratio to it
  includes auditing, sessions, counts and its template.
- ``/bench/admin/``: the Django admin changelist over the same models (casus, PGA dossier,
  audit entry), which the production admin does not show (personal data stays out of Beheer).
  The benchmark calls it with filters comparable to the page's.
"""

from functools import cache

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import include, path
from django.utils import timezone

from intake import selectors as intake_selectors
from intake.filters import MyCasesFilter
from intake.models import Casus
from participants.models import User
from pga.models import PgaDossier
from pga.selectors.dossiers import dossiers_for_regisseur
from triage.filters import ScreeningQueueFilter
from triage.selectors.bekendheidscheck import cases_in_verrijking
from zvh.audit.filters import AuditEventFilter
from zvh.audit.models import AuditEvent
from zvh.urls import urlpatterns as production_urlpatterns

MINIMAL = engines["django"].from_string(
    "<!doctype html><title>{{ page }}</title><ul>{% for row in rows %}<li>{{ row }}</li>{% endfor %}</ul>"
)

# page -> (user who reads it, the page's main query, its filter class, rows per page)
BARE_PAGES = {
    "mijn-aanmeldingen": ("vol-melder", intake_selectors.cases_for_melder_overview, MyCasesFilter, 25),
    "screening": ("vol-voorzitter", intake_selectors.cases_for_screening, ScreeningQueueFilter, 50),
    "verrijking": ("vol-voorzitter", lambda user: cases_in_verrijking(user, now=timezone.now()), None, 50),
    "mijn-dossiers": ("vol-regisseur", dossiers_for_regisseur, None, 25),
    "auditlog": ("vol-logbeheerder", lambda user: AuditEvent.objects.order_by("-at", "-id"), AuditEventFilter, 50),
}


@cache
def _user(username: str) -> User:
    """Looked up once per process: the bare view carries no session, so no per-request user query."""
    return User.objects.get(username=username)


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


def bare(request, page: str):
    if page not in BARE_PAGES:
        raise Http404
    username, selector, filter_class, per_page = BARE_PAGES[page]
    rows = selector(_user(username))
    if filter_class is not None:
        kwargs = {"today": timezone.localdate()} if filter_class is ScreeningQueueFilter else {}
        rows = filter_class(request.GET, queryset=rows, **kwargs).qs
    return HttpResponse(MINIMAL.render({"page": page, "rows": list(rows[:per_page])}))


class BenchAdmin(admin.AdminSite):
    site_header = "Benchmark-referentie"


bench_admin = BenchAdmin(name="bench_admin")


@admin.register(Casus, site=bench_admin)
class CasusAdmin(admin.ModelAdmin):
    list_display = ["reference", "status", "organisation", "urgency", "created_at"]
    list_filter = ["status", "urgency", "organisation"]
    list_select_related = ["organisation"]


@admin.register(PgaDossier, site=bench_admin)
class PgaDossierAdmin(admin.ModelAdmin):
    list_display = ["casus", "phase", "procesregisseur", "started_at"]
    list_filter = ["phase", "procesregisseur"]
    list_select_related = ["casus", "procesregisseur"]


@admin.register(AuditEvent, site=bench_admin)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "organisation", "action", "case_reference"]
    list_filter = ["action", "at"]
    list_per_page = 50


urlpatterns = [
    path("bench/ok/", floor),
    path("bench/kaal/<slug:page>/", bare),
    path("bench/admin/", bench_admin.urls),
    path("", include(production_urlpatterns)),
]
