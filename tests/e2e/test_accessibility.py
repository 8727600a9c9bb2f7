"""The main pages, read by axe-core (WCAG 2 A and AA: no violation) and held in a phone's width
(390 × 844: nothing scrolls sideways), as each page's own person reaches it: the sign-in, the
inbox, the request list, a case page with an open step and its form, a new request, the
monitoring form's draft, Kinerja, the office's settings, an SOP, the public request page and a
page not found. The case page opens on its open step with the whole flow folded; the skip link
leads to the page's content; a message brought by an htmx swap takes the focus.

axe-core is vendored beside this file (``vendor/axe.min.js``, see ``vendor/README.md``) and run
in the page by ``page.evaluate``, which the pages' Content-Security-Policy does not govern: the
test needs no network and the pages keep their policy. Each page is loaded once, read at the
phone's width, then at a desk's (the viewport changes, the page is not loaded again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.ui import Person

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
HOSTING = "layanan-hosting-aplikasi"
PUBLIC_SOP = Path(__file__).parents[2] / "sops" / "contoh" / "rekomendasi-menara-publik.yaml"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]});
  return result.violations.map((v) => {
    const targets = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | ");
    const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5})` : "";
    return `${v.id}: ${targets}${more}`;
  });
}"""
MEASURE = """() => {
const scrolled = (element) => {
  for (let up = element.parentElement; up; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== "visible") return true;
  }
  return false;
};
return {
  width: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  header: Math.round(document.querySelector("header.topbar").getBoundingClientRect().height),
  beyond: [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !scrolled(e))
    .slice(-3)
    .map((e) => [e.tagName.toLowerCase() + (e.id ? "#" + e.id : ""), ...e.classList].join(".")),
};
}"""


class Pages:
    """What axe and the phone's width found on each page read, and each page's measures."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.measures: list[str] = []

    def read(self, page: Page, name: str) -> dict[str, Any]:
        page.set_viewport_size(PHONE)
        measure: dict[str, Any] = page.evaluate(MEASURE)
        self.measures.append(
            f"{name}: {measure['width']} × {measure['height']} px, header {measure['header']} px"
        )
        if measure["width"] > PHONE["width"]:
            self.problems.append(
                f"{name} ({page.url}): {measure['width']} px wide at 390 px, beyond the window:"
                f" {', '.join(measure['beyond'])}"
            )
        for width in (PHONE, DESK):
            page.set_viewport_size(width)
            if not page.evaluate("() => typeof axe !== 'undefined'"):
                page.evaluate(AXE)
            for violation in page.evaluate(RUN_AXE):
                self.problems.append(f"{name} at {width['width']} px ({page.url}): {violation}")
        return measure

    def visit(self, page: Page, path: str, name: str) -> dict[str, Any]:
        page.goto(path)
        page.wait_for_load_state()
        return self.read(page, name)


def _public_service_publish() -> None:
    """Sumbawa takes requests of the public for one service: its request page and form."""
    from alur.catalog.services import sop_version_create
    from alur.offices.models import Office

    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=PUBLIC_SOP.read_text(encoding="utf-8"), publish=True)


def _monitoring_draft(person: Person) -> None:
    page = person.page
    page.goto("/sop/")
    page.locator("tr[data-sop] a").first.click()
    page.locator("a#tautan-monitoring").click()
    page.locator("#id_year").fill("2026")
    page.locator("#id_half").select_option("1")
    page.locator("button#buat").click()
    page.wait_for_url("**/monitoring/*/")


def test_the_main_pages_have_no_axe_violation_and_fit_a_phone(
    browser: Any, site: str, as_person: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = Pages()
    _public_service_publish()

    anonymous = browser.new_context(base_url=site, locale="id-ID", viewport=PHONE)
    page = anonymous.new_page()
    pages.visit(page, "/masuk/", "masuk")
    pages.visit(page, "/layanan/dkisp-sumbawa/", "layanan publik")
    pages.visit(page, "/layanan/dkisp-sumbawa/rekomendasi-publik/", "permohonan publik")
    response = page.goto("/tidak-ada-di-sini/")
    assert response is not None and response.status == 404
    pages.read(page, "404")
    page.keyboard.press("Tab")
    expect(page.locator("a#lewati")).to_be_focused()
    expect(page.locator("a#lewati")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#halaman")).to_be_focused()
    anonymous.close()

    opd = as_person("opd.disdukcapil")
    opd.page.goto("/permohonan/baru/")
    pages.read(opd.page, "permohonan baru")
    opd.page.goto(f"/permohonan/baru/{HOSTING}/")
    pages.read(opd.page, "formulir permohonan")
    case = opd.submit_request(HOSTING, "Hosting aplikasi antrean online")

    kadis = as_person("kadis.batam")
    pages.visit(kadis.page, "/tugas/", "tugas saya")
    pages.visit(kadis.page, "/permohonan/", "daftar permohonan")
    kadis.page.set_viewport_size(PHONE)
    kadis.open_case(case)
    expect(kadis.action(2)).to_be_visible()
    flow = kadis.page.locator("details#alur-lengkap")
    expect(flow).not_to_have_attribute("open", "")
    expect(kadis.page.locator("table#alur-langkah")).to_be_hidden()
    expect(kadis.page.locator("div#aksi-2")).to_be_in_viewport()
    pages.read(kadis.page, "permohonan (langkah terbuka)")
    expect(flow).to_have_attribute("open", "")  # read last at a desk's width: unfolded there
    pages.visit(kadis.page, "/sop/", "daftar SOP")
    kadis.page.locator("tr[data-sop] a").first.click()
    kadis.page.wait_for_load_state()
    pages.read(kadis.page, "SOP")
    pages.visit(kadis.page, "/laporan/diskominfo-batam/", "kinerja")

    sumbawa = as_person("kadis.sumbawa")
    _monitoring_draft(sumbawa)
    pages.read(sumbawa.page, "monitoring (draf)")
    sumbawa.page.locator("button#simpan").click()  # answered by an htmx swap with its message
    expect(sumbawa.page.locator("#isi-monitoring #pesan")).to_be_focused()

    admin = as_person("admin.batam")
    for path in (
        "/pengaturan/",
        "/pengaturan/kantor/",
        "/pengaturan/kop-surat/",
        "/pengaturan/pegawai/",
        "/pengaturan/pegawai/baru/",
        "/pengaturan/unit/",
        "/pengaturan/peran/",
        "/pengaturan/pelimpahan/",
        "/pengaturan/token/",
        "/pengaturan/sop/",
        "/pengaturan/webhook/",
        "/pengaturan/riwayat/",
    ):
        pages.visit(admin.page, path, path)

    print("\n".join(pages.measures))  # noqa: T201 - the figures a run reports
    assert not pages.problems, "\n".join(pages.problems)
