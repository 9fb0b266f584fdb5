"""Shared by the browser tests and the user guide's screenshot script: the app served on
127.0.0.1 in a background thread, the Chromium launch, the test login, and where artifacts go."""
import os
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestingConfig

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_DIR / "test-artifacts"

SECRETARY_EMAIL = "sekretar@example.no"
SECRETARY_PASSWORD = "riktig-passord-123"

# Generous for a slow CI machine; no step here should take more than a second or two.
TIMEOUT_MS = 15_000


class LiveServer:
    """The running app: ``live("/path")`` is the page's full URL."""

    def __init__(self, url: str, app):
        self.url, self.app = url, app

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def start_server(tmp_dir: Path, *, with_demo: bool = True, with_cycle: bool = False,
                 demo_file: Path | None = None):
    """The app on a free port. The demo's papers are loaded; ``with_cycle`` adds the meeting cycle
    (minutes, follow-up actions, NUIT 4/22), which the agenda-building tests must not have.
    ``demo_file``: an SQLite file that already holds that demo (the tests' template), copied
    instead of importing the demo again."""
    database = tmp_dir / "e2e.db"
    if with_demo and demo_file is not None:
        shutil.copyfile(demo_file, database)
        if (demo_file.parent / "uploads").is_dir():
            shutil.copytree(demo_file.parent / "uploads", tmp_dir / "uploads", dirs_exist_ok=True)
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     UPLOAD_FOLDER=str(tmp_dir / "uploads"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        from app.services.registry.users import create_user

        db.create_all()
        create_user(SECRETARY_EMAIL, SECRETARY_PASSWORD, ["secretariat"])
        db.session.commit()
        if with_demo and demo_file is None:
            import time_machine

            from app.demo import load_demo

            # The demo's history runs into 2023 (NEHR 1/23, held), and no meeting is imported as
            # held before its day: it is imported at a date after it, so a test that froze the
            # clock in 2022 still gets it. The cycle is then loaded at the test's own time.
            with time_machine.travel(datetime(2024, 1, 1, tzinfo=UTC), tick=False):
                load_demo(with_cycle=False)
                db.session.commit()
            load_demo(with_cycle=with_cycle)
            db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    return server, thread, LiveServer(f"http://127.0.0.1:{server.server_port}", app)


def stop_server(server, thread, live: LiveServer) -> None:
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with live.app.app_context():
        db.session.remove()
        db.engine.dispose()


def launch_chromium(playwright, norwegian_controls: bool = False):
    """Debian's Chromium. ``norwegian_controls`` makes date and time fields show "14.09.2022" and
    "09:20" instead of the en-US "09/14/2022" and "09:20 AM" (needs Debian's chromium-l10n)."""
    env = None
    if norwegian_controls:
        env = {**os.environ, "LANGUAGE": "nb", "LANG": "nb_NO.UTF-8"}
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)


def new_page(browser, width: int = 1280, height: int = 900):
    """A fresh context (no cookies), Norwegian locale, Oslo time."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO",
                                  timezone_id="Europe/Oslo")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def log_in(page, live, email: str = SECRETARY_EMAIL, password: str = SECRETARY_PASSWORD) -> None:
    """Log in through the form, as a person would."""
    page.goto(live("/logg-inn"))
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_text("Du er logget inn.").wait_for()


def artifact_dir(*parts: str) -> Path:
    path = ARTIFACTS.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
