"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's
live server with the demo installation loaded (``site``), or on an empty installation
(``fresh_site``, where the first administrator starts from the setup link).

One browser for the whole session (starting Chromium is the slow part); a fresh browser
context, and so a fresh session cookie, for each person in each test (``as_person``).
Screenshots go to ``var/screenshots/<test>/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, expect, sync_playwright

from alur.demo import DEMO_PASSWORD
from tests.e2e.ui import Person, Screenshots

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    "The browser tests need Debian's Chromium at /usr/bin/chromium: install it with "
    "`apt-get install chromium` (do not run `playwright install`)."
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
E2E = Path(__file__).resolve().parent

# A page waits this long for what it expects (a row, a swap) before the test fails.
expect.set_options(timeout=10_000)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: a browser test (Chromium, live server)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests and run them after every other test.

    While Playwright's sync API is alive, its event loop counts as running in the main thread
    (see ``browser``), which would change the ground under any test that runs after it; running
    the browser tests last keeps the rest of the suite as it is without them.
    """
    ours = [item for item in items if E2E in Path(item.path).parents]
    for item in ours:
        item.add_marker(pytest.mark.e2e)
    moved = {id(item) for item in ours}
    items[:] = [item for item in items if id(item) not in moved] + ours


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium for the whole session; the tests FAIL (not skip) when it cannot start."""
    # Playwright's sync API runs an asyncio event loop in this thread (on a greenlet) for as long
    # as it is started, so Django's async-safety check sees a running loop and refuses every ORM
    # call made here (loading the demo, pytest-django flushing the database after each test) with
    # SynchronousOnlyOperation. Nothing here runs concurrently with that loop: it only waits on the
    # browser, and the live server answers the browser in its own thread. So the check is lifted
    # for exactly as long as Playwright runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        if not CHROMIUM.exists():
            pytest.fail(INSTALL_HINT, pytrace=False)
        with sync_playwright() as playwright:
            try:
                chromium = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
            except Error as error:
                pytest.fail(f"{INSTALL_HINT}\nChromium did not start: {error}", pytrace=False)
            yield chromium
            chromium.close()


@pytest.fixture(autouse=True)
def _page_settings(settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """As for the page tests: static files served without a collectstatic run (no manifest), and
    a fast password hash for the demo people, who sign in many times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def site(live_server, transactional_db: None, browser: Browser, _page_settings: None) -> str:
    """The live server's address, with the demo offices, SOPs and people loaded."""
    from alur.demo import demo_load

    demo_load()
    return str(live_server.url)


@pytest.fixture
def fresh_site(live_server, transactional_db: None, browser: Browser, _page_settings: None) -> str:
    """The live server's address on an empty installation, as ``alur serve --no-demo`` leaves
    a new database: no office, no person, no SOP."""
    return str(live_server.url)


@pytest.fixture
def first_run_path(fresh_site: str) -> str:
    """The path of the one-time setup link, made as ``alur serve`` makes the link it prints
    while the installation has no user (``/mulai/<token>/``)."""
    from alur.administration.first_run import first_run_link_new

    token = first_run_link_new()
    assert token is not None, "the installation already has a user"
    return f"/mulai/{token}/"


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Screenshots:
    """This test's screenshot folder, emptied first so it shows only this run."""
    folder = SCREENSHOTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Screenshots(folder, every=os.environ.get("ALUR_E2E_SCREENSHOTS") == "all")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test, so ``as_person`` knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def as_person(
    request: pytest.FixtureRequest, browser: Browser, site: str, screenshots: Screenshots
) -> Iterator[Callable[..., Person]]:
    """``as_person("kabid.ti")``: that person signed in, in a browser context of their own (made
    and signed in once per test, then reused); ``javascript=False`` gives them a second browser
    with JavaScript off, for the pages' plain-form path. When the test fails, each person's page
    is kept as a screenshot of the moment."""
    yield from _people(request, browser, site, screenshots)


@pytest.fixture
def as_person_fresh(
    request: pytest.FixtureRequest, browser: Browser, fresh_site: str, screenshots: Screenshots
) -> Iterator[Callable[..., Person]]:
    """``as_person`` on the empty installation: ``as_person_fresh("sari", password=...,
    new_password=...)`` signs in with the one-time password the person was given and chooses
    their own, as the pages ask; ``signed_in=False`` gives a browser of their own that has not
    signed in (someone with no account yet)."""
    yield from _people(request, browser, fresh_site, screenshots)


def _people(
    request: pytest.FixtureRequest, browser: Browser, site: str, screenshots: Screenshots
) -> Iterator[Callable[..., Person]]:
    people: dict[tuple[str, bool], Person] = {}

    def sign_in(
        username: str,
        *,
        javascript: bool = True,
        password: str = DEMO_PASSWORD,
        new_password: str = "",
        signed_in: bool = True,
    ) -> Person:
        key = (username, javascript)
        if key not in people:
            context = browser.new_context(
                base_url=site,
                locale="id-ID",  # the pages' own language; Chromium would ask for en-US
                viewport={"width": 1280, "height": 900},
                java_script_enabled=javascript,
            )
            context.set_default_timeout(10_000)
            person = Person(
                username,
                context,
                screenshots,
                javascript=javascript,
                password=password,
                new_password=new_password,
            )
            if signed_in:
                person.sign_in()
            people[key] = person
        return people[key]

    yield sign_in
    failed = getattr(request.node, "report_call", None)
    for person in people.values():
        if failed is not None and failed.failed:
            screenshots.take(person.page, f"gagal-{person.username}")
        person.context.close()
