"""The draft editor in the browser: the line numbers follow the text, the check answers while
one types (htmx, debounced) with the words of `alur sop check` and the chart follows the text,
and nothing breaks the Content-Security-Policy."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_no_csp_violation import watch


def test_the_editor_checks_while_one_types_and_draws_the_chart(as_person) -> None:
    admin = as_person("admin.sumbawa")
    seen: list[str] = []
    watch(admin.context, admin.page, seen)
    page = admin.page
    page.goto("/pengaturan/sop/baru/")
    page.locator("input[name=sumber][value=templat]").check()
    page.locator("#id_kode").fill("layanan-uji")
    page.locator("#id_nama").fill("Layanan Uji")
    page.locator("#buat").click()
    page.locator("#ubah").click()

    problems = page.locator("#masalah li")
    # The first blank that must be filled: the lane's name (the identity's blanks may stay empty).
    expect(problems.first).to_contain_text("baris 20, kolom 27")
    expect(page.locator("#pratinjau figure")).to_have_count(0)
    lines = page.locator("#teks").input_value().count("\n") + 1
    expect(page.locator(".gutter")).not_to_be_empty()  # numbered once the page has loaded
    assert page.locator(".gutter").inner_text().split("\n")[-1] == str(lines)

    text = page.locator("#teks").input_value()
    for blank, value in [
        ("pemerintah: null", "pemerintah: Pemerintah Kabupaten Sumbawa"),
        ("instansi: null", "instansi: Dinas Komunikasi dan Informatika"),
        ("    jabatan: null", "    jabatan: Kepala Dinas"),
        ("{id: pelaksana, nama: null}", "{id: pelaksana, nama: Pelaksana}"),
        ("uraian: null          # kegiatan", "uraian: Menerima permohonan. # kegiatan"),
        ("uraian: null", "uraian: Menyelesaikan permohonan."),
    ]:
        text = text.replace(blank, value, 1)
    page.locator("#teks").fill(text)
    page.locator("#teks").press("End")  # an input event, as typing gives

    expect(page.locator("#tanpa-masalah")).to_be_visible()
    expect(page.locator("#pratinjau figure")).to_have_count(1)
    page.locator("#simpan").click()
    expect(page.locator("#tanpa-masalah")).to_be_visible()
    assert seen == []
