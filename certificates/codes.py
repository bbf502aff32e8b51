"""Verification codes: random, readable aloud, and forgiving when typed back."""

import secrets

# Crockford's base32: no I, L, O or U, so nothing reads as 1, 0 or another letter.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28  # 28 × 5 = 140 bits, shown as 7 groups of 4
GROUP = 4

_TYPED_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = " \t\n-\u2010\u2011\u2012\u2013\u2014\u2212._"


def code_entropy_bits() -> int:
    """How many random bits a verification code carries."""
    return CODE_LENGTH * (len(ALPHABET).bit_length() - 1)


def new_verification_code() -> str:
    """A fresh code from the system CSPRNG, grouped by 4 for reading: `7K3M-…`."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def format_code(code: str) -> str:
    """A normalised code grouped by 4 with dashes, as printed and shown."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str | None:
    """The canonical code (28 characters, no dashes) of a code typed by hand, or None."""
    if not isinstance(text, str) or len(text) > 3 * CODE_LENGTH:
        return None
    code = "".join(c for c in text.upper() if c not in _IGNORED).translate(_TYPED_ALIASES)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code
