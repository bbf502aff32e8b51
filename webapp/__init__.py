"""RPPS+ Académie: the training platform of future Gestionnaires RPPS+."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as configuration
from . import database, errors, security, templating
from .extensions import csrf, db, htmx_extension, limiter, login_manager, migrate

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints and commands."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(configuration.load(app.instance_path, test_config))
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    htmx_extension.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    from . import (  # noqa: F401
        access,
        account,
        admin,
        api,
        attestations,
        auth,
        home,
        invitations,
        learn,
        practice,
        quiz,
        region,
        structures,
        verify,
        webinars,
    )
    from .cli import register_commands

    blueprints = (home.bp, auth.bp, account.bp, learn.bp, quiz.bp, attestations.bp, verify.bp,
                  structures.bp, invitations.bp, webinars.bp, region.bp, admin.bp, api.bp)
    blueprints += (practice.bp,)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    register_commands(app)
    return app
