"""A live server on a seeded SQLite database, and a real Chromium to drive it."""

import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.serving import make_server

from tests.conftest import app_config, restore_database, save_database
from tests.crawl import ACCOUNTS, sign_in
from webapp import create_app, demo
from webapp.extensions import db

from . import helpers

# Debian's headless shell (package chromium-headless-shell): the same Blink and V8 as Debian's
# chromium, without the browser's windows and their services, as Playwright's own headless runs
# use it. A navigation costs it 40 % less CPU. The full browser serves where it alone is there.
CHROMIUM = next((path for path in map(Path, (
    "/usr/bin/chromium-headless-shell", "/usr/bin/chromium")) if path.exists()),
    Path("/usr/bin/chromium"))
# Chromium keeps only the last --disable-features it is given: ours repeats Playwright's own
# list (playwright-core's chromiumSwitches.ts; test_chromium.py fails if it grows) and adds
# - RenderDocument, a new frame for each navigation: a third of a page load here;
# - the two omnibox popups, web pages that every new context (a window) prepares unseen: 40 %
#   of the cost of a context.
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
    "--disable-features=" + ",".join((
        *PLAYWRIGHT_DISABLED_FEATURES,
        "RenderDocument", "WebUIOmniboxPopup", "WebUIOmniboxAimPopup",
    )),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The platform served over HTTP with real CSRF checks, on the demo data saved once, with a
    session open for every demo account (helpers.sign_in reuses it, as a returning visitor)."""
    path = tmp_path_factory.mktemp("browser") / "live.sqlite3"
    url = f"sqlite:///{path}"
    app = create_app(app_config(
        url, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False, SERVER_NAME=None,
    ))
    with app.app_context():
        upgrade()
        with app.test_request_context(method="POST"):  # as `flask demo seed` does
            demo.seed()
            db.session.commit()
    helpers.DEMO_SESSIONS.update(open_sessions(app))  # each request in its own app context
    with app.app_context():
        seeded = save_database(url, "demo")
    # axe-core beside the pages, cached: Chromium then compiles it once, not on every page.
    app.wsgi_app = SharedDataMiddleware(
        app.wsgi_app, {helpers.AXE_PATH: str(helpers.AXE)}, cache_timeout=3600)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, url, seeded, base_url
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def open_sessions(app) -> dict[str, str]:
    """Sign every demo account in through the form, with Flask's test client: their session
    cookies, by e-mail (the sessions are in the saved database that each test gets back)."""
    cookies = {}
    for email in ACCOUNTS:
        client = app.test_client()
        sign_in(client, email)
        cookies[email] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return cookies


@pytest.fixture
def live_server(served):
    """The served platform's base URL, its database put back to the seeded demo first: a test
    never sees what another one changed (an exam passed, a departure recorded)."""
    app, url, seeded, base_url = served
    with app.app_context():
        restore_database(url, seeded)
    return base_url


@pytest.fixture(scope="module")
def reading_server(served):
    """The served platform's base URL, put back to the seeded demo once for a module whose
    tests only read pages: they may share sign-ins (a per-test reset would end them)."""
    app, url, seeded, base_url = served
    with app.app_context():
        restore_database(url, seeded)
    return base_url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; every browser test is skipped without it."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium introuvable ({CHROMIUM}) : installez le paquet Debian "
                    "chromium-headless-shell")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright introuvable : installez les dépendances de test (make setup)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.browser_test_failed = True
    return report


@pytest.fixture
def new_page(browser, request):
    """Open pages in fresh French contexts; on failure, keep a screenshot of each."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(locale="fr-FR", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for number, context in enumerate(contexts):
        if getattr(request.node, "browser_test_failed", False):
            ARTIFACTS.mkdir(exist_ok=True)
            name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
            for page in context.pages:
                page.screenshot(path=ARTIFACTS / f"{name}-{number}.png", full_page=True)
        context.close()


@pytest.fixture
def page(new_page):
    """A page whose context ignores the CSP, so that axe-core can be injected."""
    return new_page(bypass_csp=True)
