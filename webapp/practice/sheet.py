"""The « Fiche de recueil » PDF: blank, or with the structure and site of one's own EG."""

from io import BytesIO

from flask import abort, request, send_file
from flask_login import current_user

from certificates.collection_sheet import CollectionSheetData, render_collection_sheet

from ..extensions import db
from ..models import Establishment, User
from . import bp


def sheet_sites(person: User) -> list[Establishment]:
    """The EG a person may print a prefilled sheet for: those of their active attachments."""
    sites = []
    for membership in person.active_memberships:
        if membership.establishment_id is not None:
            chosen = [db.session.get(Establishment, membership.establishment_id)]
        else:  # attached to the whole EJ (centralised): every EG of it
            chosen = membership.organisation.establishments
        sites += [site for site in chosen if site not in sites]
    return sorted(sites, key=lambda site: (site.organisation.name, site.name))


@bp.app_template_global()
def collection_sheet_sites():
    """The signed-in person's EG, for the prefilled sheet links."""
    return sheet_sites(current_user) if current_user.is_authenticated else []


@bp.get("/fiche-de-recueil.pdf")
def collection_sheet():
    """The data-collection sheet as PDF; `?eg=<id>` prefills one's own structure and site."""
    data = CollectionSheetData()
    site_id = request.args.get("eg", type=int)
    if "eg" in request.args:
        site = next((s for s in sheet_sites(current_user) if s.id == site_id), None)
        if site is None:
            abort(404)
        data = CollectionSheetData(site.organisation.name, site.name, site.finess)
    response = send_file(BytesIO(render_collection_sheet(data)), mimetype="application/pdf",
                         download_name="fiche-de-recueil-rpps-plus.pdf", max_age=0,
                         etag=False, conditional=False)
    response.headers["Cache-Control"] = "private, no-cache"
    return response
