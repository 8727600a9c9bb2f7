"""Page helpers for the browser tests: a signed-in person and what they do on Alur's pages.

Everything here goes through the pages as a person would (links, forms, file inputs), using only
the selectors of the UI contract: ``/masuk/`` (``#id_username``, ``#id_password``,
``button#masuk``), the inbox ``table#tugas``, the request form and the case page's sections and
action panels (``div#aksi-<step>``). A step is acted on with the form of its panel; what to upload
is read from the page (each ``ul.kelengkapan li.kurang`` and each file input).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

from alur.demo import DEMO_PASSWORD
from tests.conftest import PDF

CASE_URL = re.compile(r"/permohonan/(\d+)/$")
DONE_ROW = re.compile(r"\btask-selesai\b")


def pdf_file(document: str) -> dict[str, object]:
    """A small real PDF for ``set_input_files``, named after the document it stands for."""
    stem = re.sub(r"[^a-z0-9]+", "-", document.casefold()).strip("-")[:60] or "berkas"
    return {"name": f"{stem}.pdf", "mimeType": "application/pdf", "buffer": PDF}


@dataclass
class Screenshots:
    """Full-page PNGs of one test under ``var/screenshots/<test>/``, numbered in order taken.

    A full-page shot of a long case page takes most of a second on a small machine, so by
    default only the moments worth looking at are kept: each person's inbox the first time they
    find a task, the case page after each decision and at the end. ``every`` (set by the
    environment variable ALUR_E2E_SCREENSHOTS=all) keeps the inbox and the case page at every
    step.
    """

    folder: Path
    every: bool = False
    taken: list[Path] = field(default_factory=list)
    seen_inbox: set[str] = field(default_factory=set)

    def take(self, page: Page, moment: str) -> Path:
        slug = re.sub(r"[^a-z0-9.]+", "-", moment.casefold()).strip("-")
        path = self.folder / f"{len(self.taken) + 1:02d}-{slug}.png"
        page.screenshot(path=path, full_page=True)
        self.taken.append(path)
        return path

    def inbox(self, page: Page, username: str, step: int) -> None:
        if self.every or username not in self.seen_inbox:
            self.seen_inbox.add(username)
            self.take(page, f"tugas-{username}-langkah-{step}")

    def step_done(self, page: Page, username: str, step: int, *, decided: bool) -> None:
        if self.every or decided:
            self.take(page, f"permohonan-{username}-langkah-{step}-selesai")


@dataclass(frozen=True)
class CaseRef:
    """A case as the pages name it: its number (``#nomor-permohonan``) and its page's path."""

    number: str
    path: str


class Person:
    """One person in their own browser context: a demo person, or one with the password they
    were given (a one-time password, which they change to ``new_password`` as they sign in)."""

    def __init__(
        self,
        username: str,
        context: BrowserContext,
        shots: Screenshots,
        *,
        javascript: bool = True,
        password: str = DEMO_PASSWORD,
        new_password: str = "",
    ) -> None:
        self.username = username
        self.password = password
        self.new_password = new_password
        self.context = context
        self.javascript = javascript
        self.page = context.new_page()
        self.shots = shots

    # --- signing in and out ------------------------------------------------------------------

    def sign_in(self) -> None:
        page = self.page
        page.goto("/masuk/")
        page.locator("#id_username").fill(self.username)
        page.locator("#id_password").fill(self.password)
        page.locator("button#masuk").click()
        if self.new_password:
            self.password_change()
        page.wait_for_url("**/tugas/")
        expect(page.locator("button#keluar")).to_be_visible()
        # "Ajukan permohonan" is there only for a person who may file a request.
        for link in ("nav-tugas", "nav-permohonan", "nav-inventaris", "nav-sop"):
            expect(page.locator(f"a#{link}")).to_be_visible()

    def password_change(self) -> None:
        """Signed in with a one-time password, the person is sent to choose their own first."""
        page = self.page
        page.wait_for_url("**/sandi/ganti/")
        expect(page.locator("#wajib-ganti")).to_be_visible()
        page.locator("#id_old_password").fill(self.password)
        page.locator("#id_new_password1").fill(self.new_password)
        page.locator("#id_new_password2").fill(self.new_password)
        page.locator("#form-ganti-sandi button[type=submit]").click()
        expect(page.locator("#pesan")).to_contain_text("Kata sandi Anda sudah diganti.")
        self.password, self.new_password = self.new_password, ""

    def sign_out(self) -> None:
        self.page.locator("button#keluar").click()
        self.page.wait_for_url("**/masuk/")
        expect(self.page.locator("#id_username")).to_be_visible()

    def menu(self, link: str, path: str) -> Page:
        """Follow a menu link (``a#nav-…``) and wait for its page, even when already on it."""
        page = self.page
        with page.expect_response(
            lambda r: r.request.is_navigation_request() and r.url.endswith(path)
        ):
            page.locator(f"a#{link}").click()
        page.wait_for_url(f"**{path}")
        page.wait_for_load_state()
        return page

    # --- the inbox ---------------------------------------------------------------------------

    def find_task(self, case: CaseRef, step: int) -> Locator:
        """Open Tugas saya from the menu; the case's row for ``step`` must be there."""
        page = self.menu("nav-tugas", "/tugas/")
        row = page.locator(f'table#tugas tr[data-case="{case.number}"][data-step="{step}"]')
        expect(row, f"{self.username}: step {step} of {case.number} in the inbox").to_have_count(1)
        expect(row.locator("[data-due-state]")).to_have_count(1)
        self.shots.inbox(page, self.username, step)
        return row

    def open_task(self, case: CaseRef, step: int) -> None:
        """Find the task in the inbox and follow its link to the case page."""
        row = self.find_task(case, step)
        row.locator(f'a[href="{case.path}"]').first.click()
        self.page.wait_for_url(f"**{case.path}")
        expect(self.page.locator("#nomor-permohonan")).to_have_text(case.number)

    def registry(self) -> Page:
        """Open Inventaris from the menu."""
        return self.menu("nav-inventaris", "/inventaris/")

    def open_case(self, case: CaseRef) -> None:
        self.page.goto(case.path)
        expect(self.page.locator("#nomor-permohonan")).to_have_text(case.number)

    # --- a new request -----------------------------------------------------------------------

    def submit_request(
        self,
        sop: str,
        title: str,
        *,
        fields: dict[str, str] | None = None,
        note: str = "",
    ) -> CaseRef:
        """Ajukan permohonan: choose the SOP, attach every file the form asks for, fill in."""
        page = self.menu("nav-ajukan", "/permohonan/baru/")
        page.locator(f'a[data-sop="{sop}"]').click()
        page.wait_for_url(f"**/permohonan/baru/{sop}/")
        page.locator("#id_title").fill(title)
        files = page.locator("input[type=file][data-document]")
        expect(files.first).to_be_attached()
        for upload in files.all():
            upload.set_input_files(pdf_file(upload.get_attribute("data-document") or "berkas"))
        for name, value in (fields or {}).items():
            page.locator(f'[name="{name}"]').fill(value)
        if note:
            page.locator("textarea#id_note").fill(note)
        page.locator("button#ajukan").click()
        page.wait_for_url(CASE_URL)
        errors = page.locator("ul#galat")
        assert errors.count() == 0, f"request refused: {errors.inner_text()}"
        number = page.locator("#nomor-permohonan").inner_text().strip()
        path = CASE_URL.search(page.url)
        assert path is not None
        case = CaseRef(number, path.group(0))
        self.shots.take(page, f"permohonan-baru-{self.username}")
        return case

    # --- the case page -----------------------------------------------------------------------

    def status(self) -> Locator:
        return self.page.locator("#status-permohonan")

    def action(self, step: int) -> Locator:
        return self.page.locator(f'div#aksi-{step} form[data-step="{step}"]')

    def act(
        self,
        step: int,
        *,
        decision: str | None = None,
        note: str = "",
        fields: dict[str, str] | None = None,
        new_versions: tuple[str, ...] = (),
        leave_out: tuple[str, ...] = (),
    ) -> None:
        """Complete ``step`` with its panel's form, as a person reading the page would.

        Every document the panel lists as missing (``li.kurang``) is attached through its file
        input, as is every file input for a document not there yet; ``new_versions`` names
        documents already there to attach again (a revised plan), ``leave_out`` documents not to
        attach even if listed as missing. The step must then show as done
        in the visits table; an error list (``ul#galat``) fails the test with its text.
        """
        page = self.page
        form = self.action(step)
        expect(form, f"{self.username} may act on step {step}").to_be_visible()
        needs = page.locator(f"div#aksi-{step} ul.kelengkapan")
        missing = {
            li.get_attribute("data-document") or "" for li in needs.locator("li.kurang").all()
        }
        present = {li.get_attribute("data-document") or "" for li in needs.locator("li.ada").all()}
        attached: set[str] = set()
        for upload in form.locator("input[type=file][data-document]").all():
            name = upload.get_attribute("data-document") or ""
            if name in leave_out:
                continue
            if name in missing or name in new_versions or name not in present:
                upload.set_input_files(pdf_file(name))
                attached.add(name)
        unattachable = missing - attached - set(leave_out)
        assert not unattachable, f"step {step} lists {unattachable} as missing but has no input"
        for name, value in (fields or {}).items():
            self._fill(form.locator(f'[name="{name}"]'), value)
        if decision is not None:
            form.locator(f'input[name="decision"][value="{decision}"]').check()
        if note:
            form.locator('textarea[name="note"]').fill(note)
        current = page.locator(f'section#kunjungan tr[data-step="{step}"].current')
        visit = current.get_attribute("data-visit")
        with page.expect_response(lambda r: _posted_to(r, step)) as answer:
            form.locator("button#selesaikan").click()
        response = answer.value
        # With JavaScript the form goes through htmx (only #isi-permohonan is swapped); without
        # it, as a plain form post answered by a redirect to the case page.
        sent_by_htmx = response.request.header_value("hx-request") == "true"
        assert sent_by_htmx == self.javascript, f"step {step}: htmx={sent_by_htmx}"
        if response.status not in (200, 302):
            expect(page.locator("ul#galat")).to_be_visible()
            raise AssertionError(
                f"{self.username} could not complete step {step} (HTTP {response.status}): "
                + page.locator("ul#galat").inner_text()
            )
        done = page.locator(f'section#kunjungan tr[data-step="{step}"][data-visit="{visit}"]')
        expect(done, f"step {step} visit {visit} done").to_have_class(DONE_ROW)
        expect(page.locator("ul#galat")).to_have_count(0)
        self.shots.step_done(page, self.username, step, decided=decision is not None)

    def act_refused(self, step: int, *, decision: str | None = None, note: str = "") -> str:
        """Send ``step``'s form with no files: the page must refuse it with ``ul#galat``, keep
        the step open and keep the note typed; returns the error list's text."""
        page = self.page
        form = self.action(step)
        if decision is not None:
            form.locator(f'input[name="decision"][value="{decision}"]').check()
        if note:
            form.locator('textarea[name="note"]').fill(note)
        with page.expect_response(lambda r: _posted_to(r, step)) as answer:
            form.locator("button#selesaikan").click()
        assert answer.value.status == 422, answer.value.status
        errors = page.locator("ul#galat")
        expect(errors).to_be_visible()
        expect(page.locator(f'section#kunjungan tr[data-step="{step}"].current')).to_have_count(1)
        if note:
            expect(self.action(step).locator('textarea[name="note"]')).to_have_value(note)
        self.shots.take(page, f"permohonan-{self.username}-langkah-{step}-galat")
        return errors.inner_text()

    @staticmethod
    def _fill(control: Locator, value: str) -> None:
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)

    # --- reading the case page ---------------------------------------------------------------

    def visits(self, step: int) -> list[str]:
        """The visit numbers the visits table shows for ``step``, in order."""
        rows = self.page.locator(f'section#kunjungan tr[data-step="{step}"][data-visit]')
        return [row.get_attribute("data-visit") or "" for row in rows.all()]

    def download(self, name: str, version: int) -> bytes:
        """Follow the document's link in section#dokumen; the file's content."""
        link = self.page.locator(
            f'section#dokumen a[data-document="{name}"][data-version="{version}"]'
        )
        with self.page.expect_download() as download:
            link.click()
        return download.value.path().read_bytes()

    def document_versions(self, name: str) -> list[str]:
        links = self.page.locator(f'section#dokumen a[data-document="{name}"][data-version]')
        return sorted(link.get_attribute("data-version") or "" for link in links.all())


def _posted_to(response: Response, step: int) -> bool:
    return response.request.method == "POST" and response.url.endswith(f"/langkah/{step}/")


def take_step(
    as_person: Callable[..., Person], case: CaseRef, username: str, step: int, **action: Any
) -> Person:
    """``username`` signs in, finds ``step`` of ``case`` in their inbox, opens it and acts on it."""
    person = as_person(username)
    person.open_task(case, step)
    person.act(step, **action)
    return person
