"""The survey report of an office for a period, of all its SOPs or one: the index and its grade,
each element's average with the weakest marked, the respondents against the minimum sample for
the cases served, the profile of the respondents, the suggestions, and the follow-up plan.

Anonymous: nothing here reads who answered or which case an answer is about. The period counts
an answer by when it was given, and the cases served by when they ended (every ending but a
lapse, of a case filed by a requester: those offered the questionnaire).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from alur.cases.models import Case
from alur.offices.models import Office
from alur.reports.period import Period
from alur.survey.elements import AGES, BY_CODE, CODES, EDUCATIONS, GENDERS, OCCUPATIONS, Element
from alur.survey.index import Index, index_from_totals, minimum_sample, shown
from alur.survey.models import FollowUp, Response
from alur.survey.services import NOT_OFFERED


@dataclass(frozen=True)
class ElementRow:
    element: Element
    nrr: Decimal
    weighted: Decimal
    weakest: bool


@dataclass(frozen=True)
class ProfileRow:
    label: str
    counts: list[tuple[str, int]]


@dataclass(frozen=True)
class SurveyReport:
    office: Office
    period: Period
    chosen: str
    sop_name: str
    served: int
    respondents: int
    minimum: int
    index: Index | None
    elements: list[ElementRow] = field(default_factory=list)
    profile: list[ProfileRow] = field(default_factory=list)
    suggestions: list[tuple[dt.datetime, str]] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.respondents >= self.minimum

    @property
    def ikm(self) -> Decimal | None:
        return None if self.index is None else self.index.ikm


def _profile(responses: Iterable[Mapping[str, object]]) -> list[ProfileRow]:
    rows = []
    for name, label, choices in (
        ("gender", _("Jenis kelamin"), GENDERS),
        ("education", _("Pendidikan"), EDUCATIONS),
        ("occupation", _("Pekerjaan"), OCCUPATIONS),
        ("age", _("Usia"), AGES),
    ):
        counted = Counter(row[name] for row in responses)
        counts = [(str(text), counted[key]) for key, text in choices]
        counts.append((_("Tidak diisi"), counted[""]))
        rows.append(ProfileRow(label, counts))
    return rows


def survey_report(office: Office, period: Period, *, sop_code: str = "") -> SurveyReport:
    responses = Response.objects.filter(
        office=office, answered_at__gte=period.starts, answered_at__lt=period.ends
    )
    served = (
        Case.objects.filter(office=office, closed_at__gte=period.starts, closed_at__lt=period.ends)
        .exclude(requester_kind="")
        .exclude(status__in=NOT_OFFERED)
    )
    follow_ups = FollowUp.objects.filter(office=office).select_related("sop")
    sop_name = ""
    if sop_code:
        responses = responses.filter(sop__code=sop_code)
        served = served.filter(sop_version__sop__code=sop_code)
        follow_ups = follow_ups.filter(sop__code=sop_code)
        sop_name = office.sops.filter(code=sop_code).values_list("name", flat=True).first() or ""
    sums = responses.aggregate(n=Count("pk"), **{code: Sum(code) for code in CODES})
    respondents = sums.pop("n")
    index = index_from_totals({code: sums[code] or 0 for code in CODES}, respondents)
    served_count = served.count()
    elements = []
    if index is not None:
        weakest = set(index.weakest)
        weighted = index.weighted
        elements = [
            ElementRow(
                BY_CODE[code], shown(index.nrr[code]), shown(weighted[code]), code in weakest
            )
            for code in CODES
        ]
    profiles = list(responses.values("gender", "education", "occupation", "age"))
    suggestions = list(
        responses.exclude(suggestion="")
        .order_by("answered_at", "pk")
        .values_list("answered_at", "suggestion")
    )
    return SurveyReport(
        office=office,
        period=period,
        chosen=sop_code,
        sop_name=sop_name,
        served=served_count,
        respondents=respondents,
        minimum=minimum_sample(served_count),
        index=index,
        elements=elements,
        profile=_profile(profiles) if respondents else [],
        suggestions=suggestions,
        follow_ups=list(follow_ups),
    )
