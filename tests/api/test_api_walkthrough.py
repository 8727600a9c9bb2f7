"""The walk-through of docs/api.md in Python, as written there, run with httpx against Alur's WSGI
application in this process: an OPD files a request with its letter, follows it, the Kadis's
system account completes step 2 with the disposition, and the letter is downloaded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from alur.cases.models import Case, Task
from alur.offices import services
from alur.offices.models import Role
from alur.offices.tokens import token_create
from alur.wsgi import application
from tests.conftest import PDF


@pytest.fixture
def in_process() -> Iterator[httpx.WSGITransport]:
    """Requests served in this thread, inside the test's transaction: the connection must not
    be closed between them (as Django's own test client arranges)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_walk_through_runs_as_written(
    world: SimpleNamespace,
    db: None,
    in_process: httpx.WSGITransport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "surat.pdf").write_bytes(PDF)
    (tmp_path / "disposisi.pdf").write_bytes(PDF.replace(b"trailer", b"%disposisi\ntrailer"))
    system = services.person_create(
        office=world.sumbawa,
        actor=world.people["admin.sumbawa"],
        data=services.PersonData(
            username="sistem.sekretariat",
            name="Sistem Persuratan",
            roles=[Role.objects.get(office=world.sumbawa, code="kadis")],
            is_system_account=True,
        ),
    )
    opd_token = token_create(owner=world.people["opd.bappeda"], name="e", scope="act", actor=None)[
        1
    ]
    kadis_token = token_create(owner=system, name="Persuratan", scope="act", actor=None)[1]
    BASE = "http://testserver"  # as in the walk-through

    # From here on, docs/api.md as written (the clients with the transport added).
    opd = httpx.Client(
        base_url=BASE, headers={"Authorization": f"Bearer {opd_token}"}, transport=in_process
    )
    kadis = httpx.Client(
        base_url=BASE, headers={"Authorization": f"Bearer {kadis_token}"}, transport=in_process
    )

    # File the request with its letter.
    payload = {"sop": "permohonan-pembuatan-aplikasi", "title": "Aplikasi e-Perencanaan"}
    with open("surat.pdf", "rb") as letter:  # noqa: PTH123  # as in the walk-through
        answer = opd.post(
            "/api/v1/cases",
            data={"payload": json.dumps(payload)},
            files={"Surat Permohonan Pembuatan Aplikasi": ("surat.pdf", letter, "application/pdf")},
        )
    assert answer.status_code == 201, answer.text
    case = answer.json()  # id, number, version, steps, documents, ...

    # Follow it: ask again with the ETag, 304 while nothing changed.
    seen = opd.get(f"/api/v1/cases/{case['id']}")
    unchanged = opd.get(
        f"/api/v1/cases/{case['id']}", headers={"If-None-Match": seen.headers["ETag"]}
    )
    assert (seen.status_code, unchanged.status_code) == (200, 304)

    # Complete step 2 with the disposition.
    task = next(
        t for t in kadis.get("/api/v1/lanes/kadis/tasks").json()["items"] if t["case"] == case["id"]
    )
    with open("disposisi.pdf", "rb") as sheet:  # noqa: PTH123  # as in the walk-through
        done = kadis.post(
            task["act"],
            data={
                "payload": json.dumps(
                    {"version": task["case_version"], "note": "Teruskan ke Kabid TI"}
                )
            },
            files={"Disposisi Dinas": ("disposisi.pdf", sheet, "application/pdf")},
        )
    assert done.status_code == 200, done.text

    # Download the letter, streamed.
    letter = next(
        d for d in done.json()["documents"] if d["name"] == "Surat Permohonan Pembuatan Aplikasi"
    )
    with (
        kadis.stream("GET", letter["download"]) as response,
        open(letter["original_name"], "wb") as out,  # noqa: PTH123  # as in the walk-through
    ):
        for chunk in response.iter_bytes():
            out.write(chunk)

    assert (tmp_path / "surat.pdf").read_bytes() == PDF
    assert response.headers["Content-Disposition"] == 'attachment; filename="surat.pdf"'
    opened = Case.objects.get(pk=case["id"])
    assert opened.requester == world.people["opd.bappeda"]
    assert Task.objects.get(case=opened, step=2).done_by == system
    assert opd.get(f"/api/v1/cases/{case['id']}").headers["ETag"] != seen.headers["ETag"]
