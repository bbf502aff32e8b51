"""Flask extensions, created unbound and bound to the app in `create_app`."""

import flask_limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from . import memory_limits  # noqa: F401 - registers the `memory://` storage of limits
from .htmx import Htmx

# Named constraints, so that migrations can alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
def render_item(type_, obj, autogen_context):
    """Write our column types into migrations as plain SQLAlchemy types."""
    if type_ == "type" and hasattr(obj, "impl") and obj.__module__.startswith("webapp"):
        return f"sa.{obj.impl!r}"
    return False


migrate = Migrate(compare_type=True, render_as_batch=True, render_item=render_item)
csrf = CSRFProtect()
htmx_extension = Htmx()
login_manager = LoginManager()


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, enforcing the limits that decorate views (`@limiter.limit`…) only.

    Before every request Flask-Limiter also resolves default, application and blueprint limits.
    The platform has none, and resolving nothing cost 7 % of the lesson page's throughput
    (`python -m bench lesson`): a limit goes on each view it applies to.

    This overrides private methods of Flask-Limiter 4: pyproject.toml pins that major, and
    tests/webapp/test_rate_limits.py fails if the override stops applying.
    """

    def init_app(self, app):
        # The extension object is shared by every app of the process (the tests make many): an
        # app starts on its own storage, whatever outage an earlier one fell back from.
        self._storage_dead = False
        super().init_app(app)

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if not in_middleware:  # called by a decorated view, not before every request
            super()._check_request_limit(callable_name=callable_name, in_middleware=False)


limiter = Limiter(key_func=get_remote_address, default_limits=[])
