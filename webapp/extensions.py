"""Flask extensions, created unbound and bound to the app in `create_app`."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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
limiter = Limiter(key_func=get_remote_address, default_limits=[])
