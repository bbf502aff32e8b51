"""The API's routes: a person's e-learning flag, a structure's people, the description."""

import math
import re
from collections import defaultdict

from flask import current_app, g, request
from sqlalchemy.orm import joinedload, selectinload

from directory.habilitation import HabilitationStatus, counts_as_habilitated
from directory.identifiers import InvalidIdentifier, normalize_rpps

from ..extensions import db
from ..models import ApiToken, Establishment, Habilitation, Membership, Organisation, User
from ..timekeeping import PARIS
from ..urls import public_url
from . import bp
from .auth import rate_limited, token_required
from .description import openapi_document
from .errors import ApiError, json_response
from .tokens import people_in_scope

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 50, 200, 100_000
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
FINESS = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{7}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

PERSON_NOT_FOUND = ("Aucune personne rattachée à une structure de votre périmètre ne "
                    "correspond à ce numéro RPPS ou à cette adresse e-mail.")
STRUCTURE_NOT_FOUND = "Aucune structure de votre périmètre n'a ce numéro FINESS."


@bp.get("/openapi.json")
@rate_limited
def openapi():
    """The OpenAPI 3.1 description of the API (no token needed)."""
    return json_response(openapi_document(current_app.config["PUBLIC_BASE_URL"] + bp.url_prefix))


@bp.get("/people/elearning")
@rate_limited
@token_required
def person_elearning():
    """Whether one person of the token's scope has done the e-learning, by RPPS or e-mail."""
    rpps, email = single_value("rpps"), single_value("email")
    if (rpps is None) == (email is None):
        raise ApiError(422, "invalid_parameter",
                       "Indiquez soit « rpps », soit « email » : l'un des deux, pas les deux.")
    query = db.select(User).where(User.id.in_(people_in_scope(g.api_token)))
    if rpps is not None:
        query = query.where(User.rpps == valid_rpps(rpps))
    else:
        query = query.where(User.email == valid_email(email))
    person = db.session.scalar(query.options(selectinload(User.elearning_flag)))
    if person is None:
        raise ApiError(404, "person_not_found", PERSON_NOT_FOUND)
    habilitations = habilitations_in_scope(g.api_token, [person.id])
    return json_response(person_json(person, habilitations[person.id]))


# No slash merging: "structures//people" is a missing FINESS (404), not a redirect elsewhere.
@bp.get("/structures/<finess>/people", merge_slashes=False)
@rate_limited
@token_required
def structure_people(finess):
    """The people attached to an EJ or EG of the token's scope, with their flag, page by page."""
    structure, people = structure_in_scope(g.api_token, finess)
    page = whole_number("page", 1, MAX_PAGE)
    per_page = whole_number("per_page", PER_PAGE, MAX_PER_PAGE)
    total = db.session.scalar(
        db.select(db.func.count()).select_from(User).where(User.id.in_(people)))
    rows = db.session.scalars(
        db.select(User).where(User.id.in_(people))
        .order_by(User.last_name, User.first_name, User.id)
        .offset((page - 1) * per_page).limit(per_page)
        .options(selectinload(User.elearning_flag))
    ).all()
    habilitations = habilitations_in_scope(g.api_token, [person.id for person in rows])
    return json_response({
        "structure": structure,
        "items": [person_json(person, habilitations[person.id]) for person in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page),
    })


def structure_in_scope(token: ApiToken, finess: str):
    """The structure (as JSON) named by `finess` and a SELECT of its people ids, or 404."""
    finess = finess.strip().upper()
    if not FINESS.fullmatch(finess):
        raise ApiError(404, "structure_not_found", STRUCTURE_NOT_FOUND)
    people = people_in_scope(token)
    if token.establishment_id is None:
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=finess))
        if organisation is not None and token.organisation_id in (None, organisation.id):
            return (structure_json(organisation, "EJ"),
                    people.where(Membership.organisation_id == organisation.id))
    establishment = db.session.scalar(db.select(Establishment).filter_by(finess=finess))
    if (establishment is not None
            and token.organisation_id in (None, establishment.organisation_id)
            and token.establishment_id in (None, establishment.id)):
        # The people of an EG are those attached to it; those attached to the whole EJ are in
        # the EJ's list.
        return (structure_json(establishment, "EG"),
                people.where(Membership.establishment_id == establishment.id))
    raise ApiError(404, "structure_not_found", STRUCTURE_NOT_FOUND)


def single_value(name: str) -> str | None:
    """A query parameter given at most once (None when absent)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise ApiError(422, "invalid_parameter", f"Le paramètre « {name} » est donné "
                       "plusieurs fois : donnez-le une seule fois.", name)
    return values[0] if values else None


def valid_rpps(value: str) -> str:
    """The 11 digits of an RPPS number, or 422 with the reason in French."""
    if len(value) > 30:
        raise ApiError(422, "invalid_rpps", "Le numéro RPPS compte 11 chiffres.", "rpps")
    try:
        return normalize_rpps(value, check_key=current_app.config["IDENTIFIER_KEY_CHECK"])
    except InvalidIdentifier as problem:
        raise ApiError(422, "invalid_rpps", str(problem), "rpps") from problem


def valid_email(value: str) -> str:
    """An e-mail address as accounts store it (lower-cased), or 422."""
    value = value.strip().lower()
    if not value:
        raise ApiError(422, "invalid_email", "Saisissez une adresse e-mail.", "email")
    if len(value) > 254:
        raise ApiError(422, "invalid_email", "L'adresse e-mail est trop longue (254 caractères "
                       "au plus).", "email")
    if CONTROL.search(value):
        raise ApiError(422, "invalid_email", "L'adresse e-mail contient des caractères de "
                       "contrôle.", "email")
    return value


def whole_number(name: str, default: int, maximum: int) -> int:
    """A whole number parameter between 1 and `maximum`, or 422."""
    value = single_value(name)
    if value is None:
        return default
    if not WHOLE_NUMBER.fullmatch(value) or not 1 <= int(value) <= maximum:
        raise ApiError(422, "invalid_parameter", f"« {name} » est un nombre entier de 1 à "
                       f"{maximum}.", name)
    return int(value)


def habilitations_in_scope(token: ApiToken, ids: list[int]) -> dict[int, list[dict]]:
    """The recorded habilitations of these people within the token's scope, by person, as
    JSON (one query): in force, or to review when their attestation was revoked."""
    found = defaultdict(list)
    query = (db.select(Habilitation).where(Habilitation.user_id.in_(ids),
                                           Habilitation.withdrawn_at.is_(None))
             .options(joinedload(Habilitation.organisation),
                      joinedload(Habilitation.establishment))
             .order_by(Habilitation.granted_at))
    if token.organisation_id is not None:
        query = query.where(Habilitation.organisation_id == token.organisation_id)
    if token.establishment_id is not None:
        query = query.where(Habilitation.establishment_id == token.establishment_id)
    for habilitation in db.session.scalars(query):
        in_force = counts_as_habilitated(False, habilitation.attestation_revoked_at is not None)
        found[habilitation.user_id].append({
            "structure": structure_json(habilitation.establishment, "EG")
            if habilitation.establishment else structure_json(habilitation.organisation, "EJ"),
            "status": (HabilitationStatus.HABILITATED if in_force
                       else HabilitationStatus.TO_REVIEW).value,
            "granted_on": habilitation.granted_at.astimezone(PARIS).date().isoformat(),
        })
    return found


def person_json(person: User, habilitations: list[dict]) -> dict:
    """What the API says of a person: identity, « e-learning réalisé », habilitations.

    An attestation counts only for the identity it was issued to: an account whose names or
    RPPS differ from it (changed outside a correction) is answered « not done ».
    """
    flag = person.elearning_flag
    attestation = flag.attestation if flag is not None else None
    if attestation is not None and not attestation.issued_to(person):
        attestation = None
    return {
        "rpps": person.rpps,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "elearning": {
            "done": attestation is not None,
            "date": attestation.passed_at.astimezone(PARIS).date().isoformat()
            if attestation else None,
            "attestation": {
                "number": attestation.number,
                "status": attestation.status,
                "verify_url": public_url("verify.show", code=attestation.code),
                "holder": {
                    "rpps": attestation.holder_rpps,
                    "first_name": attestation.holder_first_name,
                    "last_name": attestation.holder_last_name,
                },
            } if attestation else None,
        },
        "habilitations": habilitations,
    }


def structure_json(structure, kind: str) -> dict:
    """What the API says of an EJ or EG."""
    return {"finess": structure.finess, "name": structure.name, "kind": kind}
