"""The request list finds requests by number (whole or its beginning), by words of the perihal
and by the requester's name or OPD; on PostgreSQL by full text search through its GIN index,
elsewhere by ``icontains``; only among the requests the person may see, and paged."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from casekit import SOP5, SOP5_DOCS, Desk
from django.db import connection
from django.test import Client

from alur.cases import selectors
from alur.cases.models import Case


@pytest.fixture
def three(demo: SimpleNamespace, desk: Desk) -> dict[str, Case]:
    def opened(who: str, title: str) -> Case:
        return desk.open(demo.sumbawa, SOP5, who, docs=SOP5_DOCS[1], title=title)

    return {
        "plan": opened("opd.bappeda", "Aplikasi Monitoring Proyek Daerah"),
        "school": opened("opd.dikbud", "Sistem Informasi Sekolah"),
        "budget": opened("opd.bappeda", "Dasbor Anggaran Daerah"),
    }


def _found(demo: SimpleNamespace, text: str, who: str = "kadis.sumbawa") -> list[int]:
    return [case.pk for case in selectors.case_list(demo.people[who], search=text)]


def test_a_whole_number_or_its_beginning_finds_the_request(
    demo: SimpleNamespace, three: dict[str, Case]
) -> None:
    number = three["school"].number

    assert _found(demo, number) == [three["school"].pk]
    assert _found(demo, f"  {number.lower()} ") == [three["school"].pk]
    beginning = _found(demo, number[: number.index("/") + 1])
    assert three["school"].pk in beginning


def test_words_of_the_perihal_find_it_by_their_beginnings(
    demo: SimpleNamespace, three: dict[str, Case]
) -> None:
    assert _found(demo, "monitor") == [three["plan"].pk]
    assert _found(demo, "daerah") == [three["budget"].pk, three["plan"].pk]
    assert _found(demo, "Daerah anggar") == [three["budget"].pk]
    assert _found(demo, "sekolah monitoring") == []


def test_the_requesters_name_or_opd_finds_their_requests(
    demo: SimpleNamespace, three: dict[str, Case]
) -> None:
    unit = three["school"].requester_unit.name
    person = demo.people["opd.bappeda"].get_full_name()

    assert _found(demo, unit) == [three["school"].pk]
    assert _found(demo, person) == [three["budget"].pk, three["plan"].pk]


def test_nothing_matching_finds_nothing_and_nothing_typed_finds_all(
    demo: SimpleNamespace, three: dict[str, Case]
) -> None:
    assert _found(demo, "jembatan") == []
    everything = [case.pk for case in reversed(three.values())]
    assert _found(demo, "") == _found(demo, "   ") == _found(demo, "\x00") == everything


@pytest.mark.parametrize("text", ["zq\x00x", "&|!:*()'", "x" * 500])
def test_any_text_typed_is_answered(
    demo: SimpleNamespace, three: dict[str, Case], text: str
) -> None:
    assert _found(demo, text) == []


def test_another_office_finds_none_of_them(demo: SimpleNamespace, three: dict[str, Case]) -> None:
    assert _found(demo, three["school"].number, who="kadis.batam") == []
    assert _found(demo, "daerah", who="kadis.batam") == []


def test_the_page_keeps_the_search_across_its_pages_and_labels_it(
    demo: SimpleNamespace, desk: Desk
) -> None:
    for _ in range(51):
        desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title="Aplikasi Pajak")
    desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title="Aplikasi Lain")
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    html = client.get("/permohonan/?cari=pajak").content.decode()
    nothing = client.get("/permohonan/?cari=jembatan").content.decode()

    assert html.count("Aplikasi Pajak") == 50
    assert "Aplikasi Lain" not in html
    assert 'href="?cari=pajak&amp;halaman=2"' in html
    assert '<label for="id_cari">' in html
    assert 'value="pajak"' in html
    assert "Tidak ada permohonan yang cocok." in nothing
    assert client.get("/permohonan/?cari=%00&status=%00").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_on_postgresql_the_words_are_read_through_the_gin_index(
    demo: SimpleNamespace, three: dict[str, Case]
) -> None:
    kadis = demo.people["kadis.sumbawa"]
    query = selectors.case_list(kadis, search="monitor")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(line for (line,) in _explain(cursor, query))

    assert "case_search_words" in plan


def _explain(cursor: object, query: object) -> list[tuple[str]]:
    sql, params = query.query.sql_with_params()  # type: ignore[attr-defined]
    cursor.execute(f"EXPLAIN {sql}", params)  # type: ignore[attr-defined]
    return cursor.fetchall()  # type: ignore[attr-defined]
