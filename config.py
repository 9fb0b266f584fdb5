"""Configuration read from the environment.

Defaults suit a developer's machine: an SQLite file under ``instance/`` and a secret key generated
once and kept in ``instance/secret_key``. Production sets ``DATABASE_URL`` and ``SECRET_KEY``.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("MOTEBOK_INSTANCE_DIR", BASE_DIR / "instance"))


def _secret_key() -> str:
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs and plain "postgresql://" both mean psycopg 3 here.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'motebok.db'}"


def _mail_settings() -> dict:
    env = os.environ
    settings = {key: env[key] for key in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM",
                                          "BASE_URL") if env.get(key)}
    if env.get("MAIL_PORT"):
        settings["MAIL_PORT"] = int(env["MAIL_PORT"])
    if env.get("MAIL_USE_TLS"):
        settings["MAIL_USE_TLS"] = env["MAIL_USE_TLS"].lower() in ("1", "true", "yes", "on")
    return settings


class Config:
    SECRET_KEY = None  # filled in by load()
    SQLALCHEMY_DATABASE_URI = None
    TIMEZONE = "Europe/Oslo"
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    UPLOAD_FOLDER = None
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "50"))
    WTF_CSRF_ENABLED = True
    # The token lives as long as the login session: the minute-taker's page stays open all day
    # and autosaves (Flask-WTF's default of one hour made every save after that fail).
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A login ends after this many hours without a request (each request renews the cookie; the
    # recording page's autosave counts). Flask rejects a signed cookie older than this.
    SESSION_IDLE_HOURS = float(os.environ.get("SESSION_IDLE_HOURS", "8"))
    SESSION_REFRESH_EACH_REQUEST = True
    # Behind a reverse proxy that terminates TLS: trust its X-Forwarded-For/-Proto (one hop), so
    # the client's address (login throttling) and https (HSTS, secure cookies) are seen.
    PROXY_FIX = os.environ.get("PROXY_FIX", "0") == "1"
    # Where the login throttle counts failures. memory:// is per process: production with several
    # worker processes sets redis://localhost:6379/0 so that all workers share the counts.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    PAGE_SIZE = 50
    TESTING = False
    # E-mail (outbox sent by `flask scheduler run`). Without MAIL_SERVER messages are written to
    # the log and kept in the outbox.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_FROM = "Møtebok <motebok@localhost>"
    # Links in e-mails point here.
    BASE_URL = "http://127.0.0.1:5000"
    # How long the one-time links in e-mails work: an invitation to set a first password, and a
    # password reset.
    INVITATION_HOURS = int(os.environ.get("INVITATION_HOURS", "72"))
    PASSWORD_RESET_HOURS = int(os.environ.get("PASSWORD_RESET_HOURS", "2"))
    OUTBOX_INTERVAL_SECONDS = int(os.environ.get("OUTBOX_INTERVAL_SECONDS", "30"))
    # LibreOffice for PDF/A and the meeting book: the program to run (found on PATH when unset;
    # an empty value turns PDF off) and how long one conversion may take.
    SOFFICE = os.environ.get("SOFFICE")
    SOFFICE_TIMEOUT = int(os.environ.get("SOFFICE_TIMEOUT", "120"))
    REMINDER_HOUR = 7  # the daily follow-up reminder scan, Norwegian time
    # The official Noark 5 v5.0 XSDs for the archive export (app/services/archive/schemas.py).
    NOARK5_SCHEMA_DIR = os.environ.get("NOARK5_SCHEMA_DIR") or None
    # Archive exports (app/services/archive/jobs.py): the ZIPs are kept in ARCHIVE_FOLDER (default
    # instance/archive). They run in a thread of the web process unless ARCHIVE_THREAD=0; the
    # scheduler also runs the queue every ARCHIVE_INTERVAL_SECONDS.
    ARCHIVE_THREAD = os.environ.get("ARCHIVE_THREAD", "1") == "1"
    ARCHIVE_INTERVAL_SECONDS = int(os.environ.get("ARCHIVE_INTERVAL_SECONDS", "30"))
    ARCHIVE_RUN_INLINE = False  # tests: run the export in the request that asks for it

    @classmethod
    def load(cls) -> dict:
        settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        settings["SECRET_KEY"] = _secret_key()
        settings["SQLALCHEMY_DATABASE_URI"] = _database_url()
        settings["UPLOAD_FOLDER"] = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
        settings["ARCHIVE_FOLDER"] = os.environ.get("ARCHIVE_FOLDER", str(INSTANCE_DIR / "archive"))
        # Sent only over HTTPS: production sets SESSION_COOKIE_SECURE=1 (README, "Running behind HTTPS").
        settings["SESSION_COOKIE_SECURE"] = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
        settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=cls.SESSION_IDLE_HOURS)
        settings.update(_mail_settings())
        return settings


class TestingConfig(Config):
    """Used by the tests; they pass the database URL themselves."""

    TESTING = True
    WTF_CSRF_ENABLED = False
    ARCHIVE_RUN_INLINE = True

    @classmethod
    def load(cls) -> dict:
        settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        settings["SECRET_KEY"] = "tests-only-" + secrets.token_hex(8)
        settings["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        settings["UPLOAD_FOLDER"] = str(INSTANCE_DIR / "test-uploads")
        settings["ARCHIVE_FOLDER"] = str(INSTANCE_DIR / "test-archive")
        settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=cls.SESSION_IDLE_HOURS)
        settings["RATELIMIT_STORAGE_URI"] = "memory://"
        return settings
