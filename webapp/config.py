"""Configuration from the environment, with safe defaults for local use."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("development", "production", "test")
# What the exam's review may show, safest first (README, « Intégrité de la formation »).
EXAM_REVIEWS = ("modules", "score", "full")

# Known placeholders that must never sign a production session.
WEAK_SECRETS = {"", "dev", "changeme", "change-me", "secret", "demo-rppsplus-2026"}


class ConfigError(RuntimeError):
    """The environment does not allow the application to start safely."""


def load(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment and `overrides`."""
    env = os.environ
    environment = (overrides or {}).get("ENVIRONMENT") or env.get("RPPSPLUS_ENV", "development")
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"RPPSPLUS_ENV must be one of {', '.join(ENVIRONMENTS)}")
    database_url = env.get("DATABASE_URL") or "sqlite:///" + str(
        Path(instance_path) / "rppsplus.sqlite3"
    )
    config = {
        "ENVIRONMENT": environment,
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # A server database may drop idle connections: check each one before use. A SQLite
        # file cannot, and the check would cost a query per request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        # Static URLs carry a hash of the file (templating.asset_url): cache them for a year.
        "SEND_FILE_MAX_AGE_DEFAULT": 31536000,
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Sessions: a signed cookie pointing at a server-side LoginSession row.
        "SESSION_COOKIE_NAME": "rppsplus_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "false").lower() == "true",
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=int(env.get("SESSION_IDLE_MINUTES", "30"))),
        "SESSION_MAX_AGE": timedelta(hours=int(env.get("SESSION_MAX_HOURS", "12"))),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        # Forms: CSRF from Flask-WTF; WTForms' own French messages, no Babel needed.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,
        # Limits count in one place for every worker and server: Redis in production. In-memory
        # counts are per process: right for one process (`make run`), refused in production.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Redis down: count in each process's memory (logged) rather than fail the page; a dead
        # host must not hold a worker either.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_LIMIT_PER_IP": env.get("LOGIN_LIMIT_PER_IP", "20 per minute;200 per hour"),
        # Failed sign-ins per account *from one address*: failures elsewhere never lock it.
        "LOGIN_LIMIT_PER_ACCOUNT": env.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        # Public verification of attestations: generous for people, a wall for enumeration.
        "VERIFY_LIMIT_PER_IP": env.get("VERIFY_LIMIT_PER_IP", "60 per minute;1000 per day"),
        # JSON API: per token (per address for calls without a valid one).
        "API_LIMIT_PER_TOKEN": env.get("API_LIMIT_PER_TOKEN", "600 per minute"),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "true").lower() == "true",
        "MAIL_SENDER": env.get("MAIL_SENDER", "RPPS+ Académie <ne-pas-repondre@rppsplus.invalid>"),
        "MAIL_TIMEOUT": int(env.get("MAIL_TIMEOUT", "10")),
        # Seconds before each retry of a temporary failure (empty: webapp/mail/delivery.py's).
        "MAIL_RETRY_DELAYS": tuple(int(seconds) for seconds in
                                   env.get("MAIL_RETRY_DELAYS", "").split(",") if seconds.strip()),
        "TOKEN_LIFETIMES": {
            "confirm_email": timedelta(days=2),
            "reset_password": timedelta(hours=1),
            "activate_account": timedelta(days=14),
        },
        # Number of proxies in front of the app whose X-Forwarded-* headers we trust.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        # The final exam; GRADeS teams may tune these per deployment.
        "EXAM_QUESTIONS": int(env.get("EXAM_QUESTIONS", "20")),
        "EXAM_PASS_MARK": float(env.get("EXAM_PASS_MARK", "0.8")),
        "EXAM_ATTEMPTS_PER_DAY": int(env.get("EXAM_ATTEMPTS_PER_DAY", "3")),
        # Practice cases (« S'entraîner à enregistrer ») to finish before the exam: optional (0).
        "PRACTICE_CASES_REQUIRED": int(env.get("PRACTICE_CASES_REQUIRED", "0")),
        "EXAM_TIME_LIMIT_MINUTES": int(env["EXAM_TIME_LIMIT_MINUTES"])
        if env.get("EXAM_TIME_LIMIT_MINUTES") else None,
        # What the exam's review shows (README): "modules" (per-module scores and the lessons
        # to re-read; after a pass, right/wrong per question), "score" (the score alone), or
        # "full" (the right answers too: it turns the exam pool into a study guide).
        "EXAM_REVIEW": env.get("EXAM_REVIEW", "modules"),
        # Besides the overall pass mark, the share of each module's questions to get right.
        "EXAM_MODULE_MINIMUM": float(env.get("EXAM_MODULE_MINIMUM", "0.5")),
        # An attempt handed in faster than this per question is flagged (audit, GRADeS view).
        "EXAM_FAST_SECONDS_PER_QUESTION": float(env.get("EXAM_FAST_SECONDS_PER_QUESTION", "5")),
        # A lesson counts as read once open this share of a reading at the given speed; 0: off.
        "READING_MINIMUM_FACTOR": float(env.get("READING_MINIMUM_FACTOR", "0.5")),
        "READING_WORDS_PER_MINUTE": int(env.get("READING_WORDS_PER_MINUTE", "230")),
        "EXAM_MODULE_WEIGHTS": None,  # module slug → weight; equal when None
        # Folders of the course content and of the question banks; None: the shipped ones
        # (tests point them at a revised copy: a lesson renamed or split).
        "COURSE_CONTENT": None,
        "QUESTION_BANKS": None,
        "IDENTIFIER_KEY_CHECK": env.get("IDENTIFIER_KEY_CHECK", "true").lower() == "true",
        # The organisation that issues attestations, printed on them; its logo: a PNG or JPEG
        # file of the instance folder, by name (none when absent).
        "ATTESTATION_ISSUER": env.get("ATTESTATION_ISSUER", "RPPS+ Académie"),
        "ATTESTATION_LOGO": env.get("ATTESTATION_LOGO", "attestation-logo.png"),
    }
    config.update(overrides or {})
    if config["EXAM_REVIEW"] not in EXAM_REVIEWS:
        raise ConfigError(f"EXAM_REVIEW must be one of {', '.join(EXAM_REVIEWS)}")
    if not config["ATTESTATION_ISSUER"].strip():
        raise ConfigError("ATTESTATION_ISSUER must name the organisation issuing attestations")
    logo = config["ATTESTATION_LOGO"]
    if logo and (Path(logo).name != logo or logo in (".", "..")):
        raise ConfigError("ATTESTATION_LOGO names a file of the instance folder, not a path")
    config["SECRET_KEY"] = secret_key(config, instance_path)
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        config.setdefault("RATELIMIT_STORAGE_OPTIONS",
                          {"socket_connect_timeout": 1, "socket_timeout": 1})
    check_rate_limit_storage(config)
    return config


def check_rate_limit_storage(config: dict) -> None:
    """Production refuses in-memory limits: with several workers each would count alone."""
    if (config["ENVIRONMENT"] == "production" and config.get("RATELIMIT_ENABLED", True)
            and config["RATELIMIT_STORAGE_URI"].startswith("memory://")):
        raise ConfigError(
            "RATELIMIT_STORAGE_URI vaut « memory:// » : en production, chaque processus "
            "gunicorn compterait à part et les limites (connexions, vérifications) ne "
            "tiendraient pas. Indiquez un serveur Redis partagé, par exemple "
            "RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0."
        )


def normalise_database_url(url: str) -> str:
    """Make `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def secret_key(config: dict, instance_path: str) -> str:
    """Return the secret key; production refuses to start with a missing or weak one."""
    key = config["SECRET_KEY"]
    if config["ENVIRONMENT"] == "production":
        if key in WEAK_SECRETS or len(key) < 32:
            raise ConfigError(
                "SECRET_KEY is missing or too weak: production needs at least 32 random characters"
            )
        return key
    if key:
        return key
    # Local use: a random key kept in the instance folder, never a default from the repo.
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
