"""The visio tool's participants export: a CSV of e-mail addresses and minutes, read strictly.

Pure Python: the file is read whole before anything is written, so a bad line refuses the
whole import with a French message naming the problem.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 2_000_000
SEPARATORS = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}

# Compared once reduced by `header_key` (lower case, no accents, punctuation as spaces).
EMAIL_HEADERS = frozenset({
    "email", "e mail", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail",
    "adresse courriel", "adresse electronique", "email address", "e mail address",
    "user email", "participant email",
})
MINUTES_HEADERS = frozenset({
    "minutes", "duree", "duree minutes", "duree en minutes", "duree min", "duration",
    "duration minutes", "duration min", "total duration", "total duration minutes",
    "duree totale", "duree totale minutes", "duree de presence", "duree de presence minutes",
    "temps de presence", "temps de presence minutes", "minutes de presence",
})
EMAIL_NAMES = "« e-mail », « email », « adresse e-mail » ou « courriel »"
MINUTES_NAMES = "« minutes », « durée », « durée (minutes) » ou « duration »"
MINUTES = re.compile(r"\d{1,6}(?:[.,]\d+)?")
LOOKS_LIKE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class ExportRefused(ValueError):
    """The file cannot be imported; the message says why, in French."""


@dataclass(frozen=True)
class Participants:
    """What the file says: how many lines it has, and the minutes of each address (summed:
    the tools write one line per connection, and people reconnect)."""

    rows: int
    minutes: dict[str, int]


def header_key(text: str) -> str:
    """A column name reduced for comparison: `Durée (minutes)` → `duree minutes`."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 with or without BOM, UTF-16 with its BOM, else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ExportRefused("Le fichier n'est pas un fichier texte lisible.") from None
    if b"\x00" in raw:
        raise ExportRefused("Ce fichier n'est pas un fichier CSV (texte) : enregistrez la liste "
                            "des participants au format CSV.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in French saves « CSV (séparateur : point-virgule) » in Windows-1252.
        return raw.decode("cp1252", errors="replace")


def columns(fields: list[str]) -> tuple[int | None, int | None]:
    """The positions of the e-mail and minutes columns among the header's fields."""
    keys = [header_key(field) for field in fields]
    email = next((i for i, key in enumerate(keys) if key in EMAIL_HEADERS), None)
    minutes = next((i for i, key in enumerate(keys) if key in MINUTES_HEADERS), None)
    return email, minutes


def missing_columns(email: int | None, minutes: int | None) -> str:
    problems = []
    if email is None:
        problems.append(f"la colonne des adresses e-mail (intitulée {EMAIL_NAMES})")
    if minutes is None:
        problems.append(f"la colonne des minutes de présence (intitulée {MINUTES_NAMES})")
    return "Il manque " + " et ".join(problems) + " sur la première ligne du fichier."


def separator_and_columns(header: str) -> tuple[str, int, int]:
    """The separator that splits the header into recognised columns, and their positions."""
    best = None
    for separator in SEPARATORS:
        fields = next(csv.reader([header], delimiter=separator))
        email, minutes = columns(fields)
        if email is not None and minutes is not None:
            return separator, email, minutes
        if best is None or len(fields) > best[0]:
            best = (len(fields), email, minutes)
    count, email, minutes = best
    if count == 1 and email is None and minutes is None:
        raise ExportRefused("Séparateur de colonnes non reconnu : les colonnes doivent être "
                            "séparées par des points-virgules, des virgules ou des tabulations.")
    raise ExportRefused(missing_columns(email, minutes))


def minutes_of(value: str, line: int) -> int:
    """A number of minutes (`45`, `45,5` or `45.5`; the part of a minute is dropped)."""
    value = value.strip().replace("\u00a0", "")
    if not value:
        raise ExportRefused(f"Ligne {line} : la durée de présence est vide.")
    if not MINUTES.fullmatch(value):
        raise ExportRefused(f"Ligne {line} : la durée « {value[:30]} » n'est pas un nombre "
                            "de minutes.")
    return int(float(value.replace(",", ".")))


def address_of(value: str, line: int) -> str:
    """The e-mail address of a line, lower-cased as accounts store them."""
    address = value.strip().lower()
    if not address:
        raise ExportRefused(f"Ligne {line} : l'adresse e-mail est vide.")
    if len(address) > 254 or not LOOKS_LIKE_EMAIL.fullmatch(address):
        raise ExportRefused(f"Ligne {line} : « {address[:60]} » n'est pas une adresse e-mail.")
    return address


def read_participants(raw: bytes) -> Participants:
    """The participants of an export, or ExportRefused naming the first problem found."""
    if len(raw) > MAX_BYTES:
        raise ExportRefused(f"Le fichier dépasse {MAX_BYTES // 1_000_000} Mo : exportez la "
                            "liste des participants seule.")
    text = decode(raw)
    if not text.strip():
        raise ExportRefused("Le fichier est vide.")
    lines = text.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.strip())
    separator, email_at, minutes_at = separator_and_columns(lines[header_at])
    needed = max(email_at, minutes_at) + 1
    reader = csv.reader(io.StringIO("\n".join(lines[header_at + 1:])), delimiter=separator)
    rows, minutes = 0, {}
    try:
        for fields in reader:
            line = header_at + 1 + reader.line_num
            if not any(field.strip() for field in fields):
                continue
            if len(fields) < needed:
                raise ExportRefused(f"Ligne {line} : il manque des colonnes (séparateur "
                                    f"attendu : {SEPARATORS[separator]}).")
            address = address_of(fields[email_at], line)
            minutes[address] = minutes.get(address, 0) + minutes_of(fields[minutes_at], line)
            rows += 1
    except csv.Error as problem:
        raise ExportRefused(f"Ligne {header_at + 1 + reader.line_num} : le fichier n'est pas "
                            f"un CSV lisible ({problem}).") from None
    if not rows:
        raise ExportRefused("Le fichier ne contient aucun participant : seulement la ligne "
                            "des intitulés.")
    return Participants(rows=rows, minutes=minutes)
