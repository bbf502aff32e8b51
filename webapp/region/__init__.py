"""The GRADeS space: the region's progress, for its trainers (and admins, region by region)."""

from flask import Blueprint, abort, request
from flask_login import current_user

from directory.geography import REGIONS, Region, region

from ..access import sign_in_required

bp = Blueprint("region", __name__, url_prefix="/region")
bp.before_request(sign_in_required)


def region_or_404() -> Region:
    """The region whose figures the signed-in person may see, else 404.

    A trainer sees their own region (asking for another one is a 404, so that nothing says
    whether it has figures); an admin picks one with `?region=` (the first one by default);
    nobody else has a region here.
    """
    asked = request.args.get("region", "").strip()
    if current_user.is_admin:
        code = asked or REGIONS[0].code
    elif current_user.is_trainer and current_user.region_code:
        code = current_user.region_code
        if asked and asked != code:
            abort(404)
    else:
        abort(404)
    try:
        return region(code)
    except KeyError:
        abort(404)


def region_args(place: Region) -> dict:
    """The query string that keeps the region in links: an admin's choice, nothing for a
    trainer (whose region goes without saying)."""
    return {"region": place.code} if current_user.is_admin else {}


from . import mail_failures, views  # noqa: E402,F401  (routes)
