"""Reference documents (rujukan): the format reads them, the checker reports their mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from alur.sop import Reference, ReferenceKind, check_text, load, loads
from alur.sop._definition.references import is_web_link

ROOT = Path(__file__).resolve().parents[2]
WITH_REFERENCES = ROOT / "tests" / "cases" / "sops" / "rujukan.yaml"
SEEDS = sorted((ROOT / "sops").glob("*.yaml"))


def test_the_references_and_the_steps_naming_them_are_read() -> None:
    sop = load(WITH_REFERENCES)

    assert [r.id for r in sop.rujukan] == [
        "permen-domain",
        "daftar-periksa",
        "templat-ba",
        "panduan-dns",
    ]
    assert sop.rujukan[0].jenis is ReferenceKind.PERATURAN
    assert sop.rujukan[0].tautan == "https://jdih.kominfo.go.id/produk_hukum/view/id/493"
    assert sop.rujukan[1].keterangan == "Diisi lengkap sebelum keputusan diambil."
    assert sop.rujukan[3] == Reference(id="panduan-dns", nama="Panduan Pengelolaan DNS Kabupaten")
    assert sop.rujukan[3].jenis is ReferenceKind.LAINNYA
    assert sop.steps[1].rujukan == []
    assert [r.id for r in sop.references_of(sop.steps[2])] == ["permen-domain", "daftar-periksa"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_file_without_references_reads_as_before(path: Path) -> None:
    sop = load(path)

    assert sop.rujukan == []
    assert all(step.rujukan == [] for step in sop.langkah)
    assert "rujukan" not in sop.model_dump(exclude_defaults=True)


def _with_step_references(names: str) -> str:
    text = WITH_REFERENCES.read_text(encoding="utf-8")
    return text.replace("rujukan: [templat-ba, panduan-dns]", f"rujukan: [{names}]")


def test_an_unknown_reference_far_from_every_id_gets_no_guess() -> None:
    result = check_text(_with_step_references("templat-ba, sk-kadis"), "rujukan.yaml")

    [problem] = result.problems
    assert (problem.code, problem.line, problem.column) == ("reference.unknown", 59, 27)
    assert problem.message("en") == "Step 3: the reference 'sk-kadis' is not in 'rujukan'."
    assert problem.hint("en") == (
        "References defined: permen-domain, daftar-periksa, templat-ba, panduan-dns. "
        "Add the reference 'sk-kadis' to 'rujukan' or fix the id."
    )


def test_an_unknown_reference_close_to_an_id_is_guessed_in_either_language() -> None:
    result = check_text(_with_step_references("templat-bap"), "rujukan.yaml")

    [problem] = result.problems
    assert problem.hint("id").startswith("Maksud Anda 'templat-ba'? Rujukan yang ada: ")
    assert problem.hint("en").startswith("Did you mean 'templat-ba'? References defined: ")


def test_a_step_may_name_no_reference_when_the_sop_has_none() -> None:
    text = WITH_REFERENCES.read_text(encoding="utf-8")
    head, rest = text.split("rujukan:\n", 1)
    text = head + "langkah:\n" + rest.split("langkah:\n", 1)[1]

    result = check_text(text, "rujukan.yaml")

    assert {p.code for p in result.problems} == {"reference.unknown"}
    assert {p.params["references"] for p in result.problems} == {"—"}
    assert len(result.problems) == 4


def test_references_come_back_from_written_yaml() -> None:
    sop = load(WITH_REFERENCES)
    assert loads(sop.model_dump_json()).model_dump() == sop.model_dump()


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://jdih.kominfo.go.id/a.pdf", True),
        ("http://intranet.sumbawakab.go.id", True),
        ("HTTPS://JDIH.GO.ID", False),
        ("jdih.kominfo.go.id/a.pdf", False),
        ("ftp://files.go.id/a.pdf", False),
        ("https://", False),
        ("javascript:alert(1)", False),
        ("https://jdih.go.id/a b.pdf", False),
        ("http://[::1", False),
    ],
)
def test_a_link_must_be_a_web_address_with_a_host(text: str, ok: bool) -> None:
    assert is_web_link(text) is ok
