"""Configuration from the environment, and production's refusal of weak secrets."""

import pytest

from webapp import create_app
from webapp.config import ConfigError


@pytest.mark.parametrize("secret", ["", "dev", "changeme", "short-secret"])
def test_production_refuses_a_weak_secret(monkeypatch, secret):
    """Does production refuse to start with a missing, default or short SECRET_KEY?"""
    monkeypatch.setenv("RPPSPLUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_a_real_secret(monkeypatch, tmp_path):
    """Does production start with a long random SECRET_KEY and the given DATABASE_URL?"""
    monkeypatch.setenv("RPPSPLUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x7" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    app = create_app()
    assert app.config["SECRET_KEY"] == "x7" * 32
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("prod.sqlite3")


def test_development_keeps_a_random_secret_in_the_instance_folder(monkeypatch, tmp_path):
    """Without SECRET_KEY, does development use a random key kept in instance/, not a default?"""
    from webapp import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load(str(tmp_path), {"ENVIRONMENT": "development"})["SECRET_KEY"]
    second = config.load(str(tmp_path), {"ENVIRONMENT": "development"})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    """Is a plain postgres:// DATABASE_URL turned into the psycopg 3 driver?"""
    from webapp import config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    loaded = config.load(str(tmp_path), {"SECRET_KEY": "k"})
    assert loaded["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_refuses_in_memory_rate_limits(monkeypatch, tmp_path):
    """Does production refuse limits counted in each process's memory, saying why in French?"""
    monkeypatch.setenv("RPPSPLUS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x7" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.sqlite3")
    for storage in (None, "memory://"):
        if storage is None:
            monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
        else:
            monkeypatch.setenv("RATELIMIT_STORAGE_URI", storage)
        with pytest.raises(ConfigError, match="chaque processus gunicorn compterait à part"):
            create_app()


def test_the_exam_review_is_safe_by_default_and_checked(monkeypatch, tmp_path):
    """Is the exam's review « modules » by default, and an unknown value refused at start?"""
    from webapp import config

    assert config.load(str(tmp_path))["EXAM_REVIEW"] == "modules"
    assert config.load(str(tmp_path))["EXAM_MODULE_MINIMUM"] == 0.5
    monkeypatch.setenv("EXAM_REVIEW", "tout")
    with pytest.raises(ConfigError, match="EXAM_REVIEW"):
        config.load(str(tmp_path))
