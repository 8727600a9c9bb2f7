"""A hand-built half-year of SOP 5 requests at DKISP Sumbawa (WITA), driven through the services
on a controlled clock (``tests/cases/casekit.Desk``), for the monitoring form and the timeline.

Semester I 2026 (1 January – 30 June, WITA):

- 555/001/DKIST/2026, Bappeda, Monday 4 May: every step on time; the plan rejected once at
  step 11, so steps 9, 10 and 11 are visited twice; ends with the Berita Acara.
- 555/002/DKIST/2026, Dikbud, Tuesday 5 May 08.00: the Kadis does step 2 (due Wednesday 6 May
  08.00) on Thursday 7 May at 10.00, late; step 6 answers "tidak" and step 7 stops the request.
- 555/003/DKIST/2026, Bappeda, Monday 11 May 08.00: step 2 (due Tuesday 12 May 08.00) is never
  done.

Semester II 2026: 555/004/DKIST/2026, Bappeda, Monday 6 July 08.00, waiting at step 2.

The form is opened on Friday 10 July 2026 at 09.00 WITA.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from alur.cases.models import Case
from tests.cases.casekit import SOP5, SOP5_DOCS, WITA, Desk

OPENED_AT = dt.datetime(2026, 7, 10, 9, 0, tzinfo=WITA)
"""When the assessor opens the Semester I 2026 form."""
PAGES_USED = "2026-07-13T09:00:00+08:00"
"""The Monday after: the pages that show this history are not used before (``not_before``)."""


def _at(desk: Desk, moment: dt.datetime) -> None:
    """The desk's next action happens at ``moment`` (it ticks half an hour first)."""
    desk.now = moment - dt.timedelta(minutes=30)


def _finished_with_one_replan(desk: Desk, office: Any) -> Case:
    case = desk.open(office, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title="Aplikasi e-Perencanaan")
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])
    desk.act(case, 4, "kasi.aplikasi")
    desk.act(case, 5, "kasi.aplikasi", docs=SOP5_DOCS[5])
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6])
    desk.act(case, 8, "kasi.aplikasi")
    for answer in ("tidak", "ya"):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
        desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])
        desk.act(case, 11, "opd.bappeda", decision=answer, note=f"Tanggapan: {answer}")
    desk.act(case, 12, "dev.sumbawa", docs=SOP5_DOCS[12])
    desk.act(case, 13, "dev.sumbawa", docs=SOP5_DOCS[13])
    desk.act(case, 14, "opd.bappeda", decision="ya", docs=SOP5_DOCS[14])
    desk.act(case, 15, "dev.sumbawa", docs=SOP5_DOCS[15])
    desk.act(case, 16, "kabid.ti")
    return desk.act(case, 17, "dev.sumbawa", docs=SOP5_DOCS[17])


def _stopped_after_a_late_disposition(desk: Desk, office: Any) -> Case:
    _at(desk, dt.datetime(2026, 5, 5, 8, 0, tzinfo=WITA))
    case = desk.open(office, SOP5, "opd.dikbud", docs=SOP5_DOCS[1], title="Aplikasi Dapodik")
    _at(desk, dt.datetime(2026, 5, 7, 10, 0, tzinfo=WITA))
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])
    desk.act(case, 4, "kasi.aplikasi")
    desk.act(case, 5, "kasi.aplikasi", docs=SOP5_DOCS[5])
    desk.act(case, 6, "kabid.ti", decision="tidak", docs=SOP5_DOCS[6])
    return desk.act(
        case, 7, "kabid.ti", docs=SOP5_DOCS[7], note="Anggaran tahun 2026 tidak tersedia."
    )


def half_year_build(demo: SimpleNamespace) -> SimpleNamespace:
    desk = Desk(demo.people, dt.datetime(2026, 5, 4, 8, 0, tzinfo=WITA))
    office = demo.sumbawa
    finished = _finished_with_one_replan(desk, office)
    stopped = _stopped_after_a_late_disposition(desk, office)
    _at(desk, dt.datetime(2026, 5, 11, 8, 0, tzinfo=WITA))
    waiting = desk.open(office, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title="Aplikasi e-Kinerja")
    _at(desk, dt.datetime(2026, 7, 6, 8, 0, tzinfo=WITA))
    later = desk.open(office, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title="Aplikasi e-Arsip")
    return SimpleNamespace(
        demo=demo,
        office=office,
        people=demo.people,
        finished=finished,
        stopped=stopped,
        waiting=waiting,
        later=later,
        sop=finished.sop_version.sop,
    )
