import datetime as dt
from zoneinfo import ZoneInfo

from alur.cases import services
from alur.cases.models import Task

WITA = ZoneInfo("Asia/Makassar")


def test_a_requester_opens_an_sop5_request_and_kadis_gets_step_2(demo, pdf) -> None:
    at = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WITA)
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={"Surat Permohonan Pembuatan Aplikasi": pdf("surat")},
        at=at,
    )
    assert case.number == "555/001/DKIST/2026"
    open_task = Task.objects.get(case=case, status=Task.Status.OPEN)
    assert (open_task.step, open_task.due_at) == (2, dt.datetime(2026, 8, 18, 10, 0, tzinfo=WITA))
