"""Password hashing with Argon2id (OWASP minimum: 19 MiB, 2 passes, 1 lane)."""

import contextlib

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from .strength import guessable_problem

MIN_LENGTH = 12
MAX_LENGTH = 128

PARAMETERS = Parameters(type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=2,
                        memory_cost=19 * 1024, parallelism=1)
_hasher = PasswordHasher.from_parameters(PARAMETERS)
# Verified against when the account does not exist, so that both cases take the same time.
_DUMMY_HASH = _hasher.hash("no account has this password")


@contextlib.contextmanager
def hashing_with(parameters: Parameters):
    """Hash and verify with other Argon2 parameters for a while: the test suite signs in
    thousands of times with argon2's cheapest ones (as Django's test settings swap the hasher);
    what checks the real cost or the stored parameters runs outside it."""
    global _hasher, _DUMMY_HASH
    saved = _hasher, _DUMMY_HASH
    _hasher = PasswordHasher.from_parameters(parameters)
    _DUMMY_HASH = _hasher.hash("no account has this password")
    try:
        yield
    finally:
        _hasher, _DUMMY_HASH = saved


def hash_password(password: str) -> str:
    """Return the Argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; takes as long when there is no hash to check."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "", names=()) -> str | None:
    """A French message if the password is too short, too long or guessable, else None."""
    if len(password) < MIN_LENGTH:
        return f"Choisissez un mot de passe d'au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
    if email and password.strip().lower() == email.strip().lower():
        return "Le mot de passe ne peut pas être votre adresse e-mail."
    return guessable_problem(password, email=email, names=names)
