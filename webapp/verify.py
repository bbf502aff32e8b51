"""Public verification of attestations: by the QR code's URL, or a number or code typed by hand.

No sign-in. Rate-limited per address: a code carries 140 random bits, so guessing is hopeless,
and numbers (which follow each other) only show the holder's initials.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select, bindparam
from sqlalchemy.orm import aliased
from wtforms import StringField
from wtforms.validators import Length

from certificates.codes import format_code, normalise_code
from certificates.numbering import parse_number

from .access import may_follow
from .database import SINGLE_READ
from .extensions import db, limiter
from .forms import Form, required
from .models import Attestation, HasStatus, User

bp = Blueprint("verify", __name__, url_prefix="/verify")

NOT_A_REFERENCE = ("Saisissez un numéro d'attestation (RPPSP-AAAA-NNNNNN) ou un code de "
                   "vérification (28 lettres et chiffres).")
UNKNOWN_CODE = ("Aucune attestation ne correspond à ce code de vérification. Vérifiez-le sur "
                "l'attestation (28 lettres et chiffres, sous le code QR), ou saisissez son "
                "numéro (RPPSP-AAAA-NNNNNN).")


def verify_limit() -> str:
    return current_app.config["VERIFY_LIMIT_PER_IP"]


class LookupForm(Form):
    """A search: it changes nothing, so it is a GET form without CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Numéro d'attestation ou code de vérification", validators=[
        required("Saisissez le numéro ou le code de vérification de l'attestation."),
        Length(max=100, message=NOT_A_REFERENCE),
    ])


class Replacement(NamedTuple):
    """The attestation that superseded another: the public page names it by its number."""

    number: str


@dataclass(frozen=True)
class Verified(HasStatus):
    """What the public page shows of an attestation, read fresh on every request."""

    number: str
    status: str
    holder_name: str
    user_id: int
    course_title: str
    course_version: str
    passed_at: datetime
    revoked_at: datetime | None
    superseded_at: datetime | None
    superseded_by: Replacement | None


@cache
def public_query(by_number: bool) -> Select:
    """The facts of the attestation with a verification code (`code`), or a number (`year`,
    `sequence`), and the number of the one replacing it: every QR code scan runs it.

    Built once, and run on a connection of its own, without the ORM: a scan needs one row,
    not a session, an identity map and an object per row.
    """
    replacement = aliased(Attestation)
    query = (
        db.select(Attestation.number, Attestation.status, Attestation.holder_name,
                  Attestation.user_id, Attestation.course_title, Attestation.course_version,
                  Attestation.passed_at, Attestation.revoked_at, Attestation.superseded_at,
                  replacement.number)
        .outerjoin(replacement, replacement.id == Attestation.superseded_by_id)
    )
    if by_number:
        return query.where(Attestation.year == bindparam("year"),
                           Attestation.sequence == bindparam("sequence"))
    return query.where(Attestation.verification_code == bindparam("code"))


def verified(by_number: bool = False, **parameters) -> Verified | None:
    """The attestation of a code (`code=`) or number (`year=`, `sequence=`), if any."""
    with db.engine.connect().execution_options(**SINGLE_READ) as connection:
        row = connection.execute(public_query(by_number), parameters).first()
    if row is None:
        return None
    *facts, replaced_by = row
    return Verified(*facts, Replacement(replaced_by) if replaced_by else None)


def initials(name: str) -> str:
    """"Jeanne Dupont-Martin" → "J. D.": enough to match a paper, not to harvest names."""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


def result_page(attestation: Verified, by_number: bool = False):
    """The verification result: status first, then what the attestation says."""
    response = current_app.make_response(render_template(
        "verify/result.html", attestation=attestation, by_number=by_number, public=True,
        holder=initials(attestation.holder_name) if by_number else attestation.holder_name,
        may_manage=current_user.is_authenticated
        and may_follow(current_user, db.session.get(User, attestation.user_id)),
    ))
    response.headers["Cache-Control"] = "no-store"  # a status may change at any moment
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("")
@limiter.limit(verify_limit)
def lookup():
    """The form; a code goes to its page, a number shows its status."""
    if "q" not in request.args:
        return render_template("verify/lookup.html", form=LookupForm(formdata=None))
    form = LookupForm(request.args)
    status = 422
    if form.validate():
        code = normalise_code(form.q.data)
        if code is not None:
            return redirect(url_for("verify.show", code=format_code(code)), code=303)
        parsed = parse_number(form.q.data)
        if parsed is None:
            form.q.errors.append(NOT_A_REFERENCE)
        else:
            attestation = verified(by_number=True, year=parsed[0], sequence=parsed[1])
            if attestation is not None:
                return result_page(attestation, by_number=True)
            form.q.errors.append("Aucune attestation ne porte ce numéro. Vérifiez-le, ou "
                                 "saisissez le code de vérification.")
            status = 404
    return render_template("verify/lookup.html", form=form), status


@bp.get("/<code>")
@limiter.limit(verify_limit)
def show(code):
    """The status of the attestation with this verification code."""
    normalised = normalise_code(code)
    attestation = verified(code=normalised) if normalised else None
    if attestation is not None:
        return result_page(attestation)
    # The form again, with what was asked and why it found nothing (404 all the same).
    form = LookupForm(formdata=None, q=code[:100])
    form.q.errors = [UNKNOWN_CODE if normalised else NOT_A_REFERENCE]
    return render_template("verify/lookup.html", form=form), 404
