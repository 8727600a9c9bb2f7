"""The pages keep to their Content-Security-Policy in the browser: Chromium reports no
violation (neither on the console nor as a securitypolicyviolation event) on the main pages,
htmx's swaps included."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.ui import take_step

HOSTING = "layanan-hosting-aplikasi"
# Added to every document before its own scripts: the browser's report of a violation.
REPORT = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def watch(context: BrowserContext, page: Page, seen: list[str]) -> None:
    context.add_init_script(REPORT)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text or "CSP violation" in message.text
            else None
        ),
    )


def test_no_page_reports_a_violation(browser, site: str, as_person) -> None:
    seen: list[str] = []
    anonymous = browser.new_context(base_url=site)
    sign_in = anonymous.new_page()
    watch(anonymous, sign_in, seen)
    sign_in.goto("/masuk/")
    expect(sign_in.locator("#id_username")).to_be_visible()
    anonymous.close()

    opd = as_person("opd.disdukcapil")
    watch(opd.context, opd.page, seen)
    case = opd.submit_request(HOSTING, "Hosting aplikasi antrean online")
    for path in ("/tugas/", "/permohonan/", "/inventaris/", "/pemberitahuan/", "/sop/"):
        opd.page.goto(path)
    sop_path = opd.page.locator("main a[href^='/sop/']").first.get_attribute("href")
    assert sop_path is not None and re.fullmatch(r"/sop/\d+/", sop_path)
    opd.page.goto(sop_path)
    opd.page.locator("a[href*='/cetak/']").first.click()
    expect(opd.page.locator("nav#cetak-alat")).to_be_visible()

    kadis = as_person("kadis.batam")
    watch(kadis.context, kadis.page, seen)
    take_step(as_person, case, "kadis.batam", 2)  # the action panel posts through htmx
    kadis.page.goto("/laporan/")
    kadis.page.wait_for_load_state()

    assert seen == []
