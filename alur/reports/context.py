"""What the report's page and its PDF show: the numbers, the charts and their labels."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from alur.common.formatting import MONTHS_EN, MONTHS_ID_SHORT
from alur.offices.models import Office
from alur.reports import charts
from alur.reports.period import PeriodForm
from alur.reports.selectors import Dashboard, office_sops


def month_names() -> tuple[str, ...]:
    if (translation.get_language() or "id").startswith("en"):
        return tuple(name[:3] for name in MONTHS_EN)
    return MONTHS_ID_SHORT


def dashboard_context(
    office: Office, form: PeriodForm | None, board: Dashboard | None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "office": office,
        "form": form,
        "board": board,
        "choices": [(sop.code, sop.name) for sop, _version in office_sops(office)],
        "chosen": board.chosen if board is not None else "",
    }
    if board is None:
        return context
    context["step_charts"] = {
        report.code: charts.steps_chart(report.steps, board.minutes_per_day, _("Langkah"))
        for report in board.sops
    }
    context["months_chart"] = charts.months_chart(board.months, month_names())
    context["query"] = board.period.query() + (f"&sop={board.chosen}" if board.chosen else "")
    return context
