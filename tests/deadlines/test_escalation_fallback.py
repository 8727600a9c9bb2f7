"""An escalation always reaches someone: with no head above the lane it goes to the office's
administrators and says so; with nobody at all it is not recorded as sent, and the next scan
tries again."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from deadlinekit import WIB, WITA, StepThree, pdf_bytes
from django.test import Client
from django.urls import reverse

from alur.cases import services as case_services
from alur.cases.models import Case, Event
from alur.catalog.services import sop_version_create
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert, DeadlinePolicy
from alur.notifications.models import Notification
from alur.offices.models import Role, User

OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)
LATE = dt.datetime(2026, 8, 18, 10, 1, tzinfo=WIB)  # step 3 was due Tuesday 10:00


def _no_head_above_step_3(demo: SimpleNamespace) -> None:
    """The Kabid PE's role loses its head and the office has no default head."""
    Role.objects.filter(memberships__user=demo.people["kabid.pe"]).update(head=None)
    DeadlinePolicy.objects.filter(office=demo.batam).update(default_head=None)


def _escalations(case_id: int) -> list[dict[str, object]]:
    return list(
        Event.objects.filter(case_id=case_id, kind="deadlines.escalation.sent").values_list(
            "data", flat=True
        )
    )


def test_a_late_step_with_no_head_is_escalated_to_the_office_admins_and_flagged(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    _no_head_above_step_3(demo)
    admins = sorted(
        User.objects.filter(office=demo.batam, is_office_admin=True, is_active=True).values_list(
            "username", flat=True
        )
    )
    assert admins == ["admin.batam"]

    assert deadlines_scan(now=LATE) == ScanResult(escalations=1)

    alert = Alert.objects.get(task=task, kind=Alert.Kind.ESCALATION)
    assert alert.recipients == ["admin.batam"]
    assert _escalations(case.pk) == [
        {"due": "2026-08-18T03:00:00+00:00", "to": ["admin.batam"], "fallback": "admin"}
    ]
    assert list(
        Notification.objects.filter(recipient__username="admin.batam").values_list(
            "title", flat=True
        )
    ) == [f"Langkah 3 permohonan {case.number} terlambat sejak 18-08-2026 10:00"]
    client = Client()
    client.force_login(demo.people["kabid.pe"])
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Keterlambatan dilaporkan ke atasan: tanpa atasan, dikirim ke admin kantor" in html
    assert alert.to_admins


def test_the_kinerja_report_flags_escalations_that_went_to_the_admins(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)
    _no_head_above_step_3(demo)
    assert deadlines_scan(now=LATE) == ScanResult(escalations=1)
    code = case.sop_version.sop.code
    client = Client()
    client.force_login(demo.people["kadis.batam"])
    query = {"dari": "01-08-2026", "sampai": "31-08-2026", "sop": code}

    page = client.get(reverse("reports_dashboard", args=[demo.batam.code]), query)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="tanpa-atasan-{code}"' in html
    assert "lajurnya tidak punya atasan:" in html
    assert "langkah 3 (1×)" in html
    assert 'data-to-admins="1"' in html
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reports_xlsx", args=[demo.batam.code]), query).content)
    )
    sheet = book["Langkah"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    at = header.index("Eskalasi ke admin (lajur tanpa atasan)")
    assert (rows[3][at - 1], rows[3][at]) == (1, 1)
    assert all(row[at] == 0 for step, row in rows.items() if step != 3)


def test_the_kinerja_report_does_not_flag_escalations_to_a_head(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)
    assert deadlines_scan(now=LATE) == ScanResult(escalations=1)
    assert not Alert.objects.get(kind=Alert.Kind.ESCALATION).to_admins
    client = Client()
    client.force_login(demo.people["kadis.batam"])
    query = {"dari": "01-08-2026", "sampai": "31-08-2026", "sop": case.sop_version.sop.code}

    html = client.get(reverse("reports_dashboard", args=[demo.batam.code]), query).content.decode()

    assert 'id="tanpa-atasan-' not in html
    assert 'data-escalations="1"' in html
    assert "data-to-admins" not in html


def test_an_escalation_with_nobody_to_tell_is_not_recorded_and_is_tried_again(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    _no_head_above_step_3(demo)
    User.objects.filter(office=demo.batam, is_office_admin=True).update(is_office_admin=False)

    assert deadlines_scan(now=LATE) == ScanResult()
    assert deadlines_scan(now=LATE + dt.timedelta(minutes=1)) == ScanResult()
    assert Alert.objects.filter(task=task).exclude(kind=Alert.Kind.REMINDER).count() == 0
    assert _escalations(case.pk) == []

    User.objects.filter(username="admin.batam").update(is_office_admin=True)
    assert deadlines_scan(now=LATE + dt.timedelta(minutes=2)) == ScanResult(escalations=1)
    assert Alert.objects.get(task=task, kind=Alert.Kind.ESCALATION).recipients == ["admin.batam"]
    assert [data["to"] for data in _escalations(case.pk)] == [["admin.batam"]]


def test_an_escalation_to_a_head_is_not_flagged(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)

    assert deadlines_scan(now=LATE) == ScanResult(escalations=1)
    assert _escalations(case.pk) == [{"due": "2026-08-18T03:00:00+00:00", "to": ["kadis.batam"]}]


def test_a_passed_service_deadline_with_no_head_nor_owner_goes_to_the_office_admins(
    demo: SimpleNamespace,
) -> None:
    complaint = _complaint(demo)
    Role.objects.filter(office=demo.sumbawa).update(head=None)
    nobody = Role.objects.create(office=demo.sumbawa, code="pemilik-sop", name="Pemilik SOP")
    DeadlinePolicy.objects.update_or_create(
        office=demo.sumbawa, defaults={"default_head": None, "review_role": nobody}
    )

    result = deadlines_scan(now=SERVICE_LATE)

    assert result.service_escalations == 1
    alert = Alert.objects.get(case=complaint, kind=Alert.Kind.SERVICE_ESCALATION)
    assert alert.recipients == ["admin.sumbawa"]
    data = Event.objects.get(case=complaint, kind="deadlines.service.escalation.sent").data
    assert data["fallback"] == "admin"
    assert data["to"] == ["admin.sumbawa"]
    assert alert.to_admins
    assert Case.objects.get(pk=complaint.pk).status == Case.Status.RUNNING


SERVICE_SOP = Path(__file__).parent / "sops" / "pengaduan-perpanjangan.yaml"
SERVICE_LATE = dt.datetime(2026, 3, 9, 9, 1, tzinfo=WITA)  # 5 working days after opening


def _complaint(demo: SimpleNamespace) -> Case:
    sop_version_create(
        office=demo.sumbawa, text=SERVICE_SOP.read_text(encoding="utf-8"), publish=True
    )
    return case_services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi SIMPEG tidak dapat diakses",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan")), "aduan.pdf")},
        at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA),
    )
