"""The region's attestation e-mails that could not be delivered, for its GRADeS team."""

from flask import render_template
from sqlalchemy import exists

from directory.geography import REGIONS

from ..extensions import db
from ..models import Membership, Organisation, OutboxMessage, User
from . import bp, region_args, region_or_404

# The e-mails that tell a learner or their RLs about an attestation (webapp/attestations).
ATTESTATION_EMAILS = ("attestation_issued", "attestation_issued_rl", "attestation_reissued",
                      "attestation_revoked", "attestation_revoked_rl")
SHOWN = 200


def failed_attestation_emails(region_code: str) -> list[tuple[OutboxMessage, User]]:
    """Failed attestation e-mails about people attached (now or before) to the region's
    structures, newest first, with the person each one concerns."""
    in_region = exists().where(
        Membership.user_id == OutboxMessage.about_user_id,
        Membership.organisation_id == Organisation.id, Organisation.region_code == region_code)
    return db.session.execute(
        db.select(OutboxMessage, User).join(User, User.id == OutboxMessage.about_user_id)
        .where(OutboxMessage.status == "failed", OutboxMessage.kind.in_(ATTESTATION_EMAILS),
               in_region)
        .order_by(OutboxMessage.id.desc()).limit(SHOWN)).all()


@bp.get("/emails-non-remis")
def mail_failures():
    """The attestation e-mails about the region's people that could not be delivered."""
    place = region_or_404()
    return render_template("region/mail_failures.html", place=place, args=region_args(place),
                           regions=REGIONS, failures=failed_attestation_emails(place.code),
                           shown=SHOWN)
