"""The report page and its exports: thin views over ``reports.selectors``.

The page and the exports count the facts as the last refresh left them and write nothing
themselves: when a case changed since that refresh, they ask a worker for a refresh
(``reports.facts.facts_state_asking``) and the page and the PDF say when the figures were
brought up to date and that newer changes are on their way. Every export is audited with what
was exported (the table, the format, the period), never a figure.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zvh.audit.constants import AuditAction
from zvh.audit.services import audit_record
from zvh.core.mixins import RoleRequiredMixin
from zvh.pdf import pdf_response, render_pdf

from .exports import csv_response, filename, xlsx_response
from .facts import FactsState, facts_state_asking
from .forms import PeriodForm
from .presentation import chart_for, protect_report, text_rows
from .selectors import REPORT_ROLES, Report, report_for

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


class _ReportMixin(RoleRequiredMixin):
    required_roles = REPORT_ROLES

    def build_report(self) -> tuple[PeriodForm, FactsState, Report]:
        form = PeriodForm(self.request.GET or None)
        state = facts_state_asking()
        return form, state, protect_report(report_for(form.period(), today=timezone.localdate()))

    def audit_export(self, report: Report, *, what: str, fmt: str) -> None:
        audit_record(
            actor=self.request.user,
            action=AuditAction.EXPORT,
            detail={
                "rapportage": what,
                "formaat": fmt,
                "van": report.period.start.isoformat(),
                "tot_en_met": report.period.last.isoformat(),
            },
        )


def sections(report: Report) -> list[dict]:
    """What the page and the PDF show per table: the table, its chart and its cells as text."""
    return [{"table": t, "chart": chart_for(t), "rows": text_rows(t)} for t in report.tables]


class ReportView(_ReportMixin, TemplateView):
    template_name = "reports/report.html"

    def get_context_data(self, **kwargs):
        form, state, report = self.build_report()
        return super().get_context_data(
            form=form,
            facts=state,
            report=report,
            sections=sections(report),
            query=urlencode(PeriodForm.query_for(report.period)),
            **kwargs,
        )


class TableExportView(_ReportMixin, View):
    def get(self, request, key: str, fmt: str):
        if fmt not in FORMATS:
            raise Http404
        _, _, report = self.build_report()
        table = report.table(key)
        if table is None:
            raise Http404
        self.audit_export(report, what=key, fmt=fmt)
        return FORMATS[fmt](table, report.period)


class PdfExportView(_ReportMixin, View):
    def get(self, request):
        _, state, report = self.build_report()
        self.audit_export(report, what="hele rapportage", fmt="pdf")
        content = render_pdf("reports/pdf.html", {"report": report, "facts": state, "sections": sections(report)})
        return pdf_response(content, filename=filename("zvh", report.period, "pdf"))
