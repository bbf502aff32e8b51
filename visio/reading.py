"""Reading a visio tool's attendance report: the participants table found wherever it starts.

The file is read whole before anything is written: a bad line refuses the whole import with a
French message naming it.
"""

import csv
import re
from dataclasses import dataclass

from .durations import minutes_of
from .tools import DURATION, EMAIL, NAME, TOOLS, Tool, header_key

MAX_BYTES = 2_000_000
SEPARATORS = {"\t": "tabulation", ";": "point-virgule", ",": "virgule"}
# The participants table starts within the first lines (Teams puts a summary first).
HEADER_SEARCH = 200
LOOKS_LIKE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class ReportRefused(ValueError):
    """The file cannot be imported; the message says why, in French."""


@dataclass(frozen=True)
class Attendee:
    """One person of the report: their address (None for a guest) or name, and their minutes
    (summed over their lines: Zoom writes one line per connection)."""

    email: str | None
    name: str
    minutes: int

    @property
    def label(self) -> str:
        """How the import report names them: the address, else the name."""
        return self.email or self.name


@dataclass(frozen=True)
class Report:
    """What the file says: which tool wrote it, how many lines, who stayed how long."""

    tool: str
    rows: int
    attendees: tuple[Attendee, ...]


@dataclass(frozen=True)
class Table:
    """Where the participants table starts, how it is split, and its columns."""

    line: int
    separator: str
    tool: Tool
    columns: dict[str, int]


def decode(raw: bytes) -> str:
    """The text: UTF-16 (with its BOM, or without: Teams), UTF-8 with or without BOM, else
    Windows-1252 (Excel's « CSV (séparateur : point-virgule) » in French)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportRefused("Le fichier n'est pas un fichier texte lisible.") from None
    sample = raw[:400]
    if len(sample) >= 4 and not sample.startswith(b"PK"):  # a zip (.xlsx) is no text
        for zeros, encoding in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
            if zeros.count(0) > len(sample) // 4:
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    break
    if b"\x00" in raw:
        raise ReportRefused("Ce fichier n'est pas un fichier CSV (texte) : enregistrez la liste "
                            "des participants au format CSV.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def split(line: str, separator: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return [line]


def complete(columns: dict[str, int]) -> bool:
    return DURATION in columns and (EMAIL in columns or NAME in columns)


def find_table(lines: list[str]) -> Table:
    """The line that names the most columns of one tool: a duration, and an address or a
    name. Summary sections before it (Teams, Zoom) are passed over."""
    best, best_score, partial, split_somewhere = None, None, None, False
    for at, line in enumerate(lines[:HEADER_SEARCH]):
        if not line.strip():
            continue
        for separator in SEPARATORS:
            fields = split(line, separator)
            if len(fields) < 2:
                continue
            split_somewhere = True
            keys = [header_key(field) for field in fields]
            for tool in TOOLS:
                columns = tool.columns(keys)
                columns.pop("other", None)
                if not complete(columns):
                    if columns and (partial is None or len(columns) > len(partial)):
                        partial = columns
                    continue
                score = (len(columns), tool.recognised(keys))
                if best_score is None or score > best_score:
                    best, best_score = Table(at, separator, tool, columns), score
    if best is not None:
        return best
    if not split_somewhere:
        raise ReportRefused("Séparateur de colonnes non reconnu : les colonnes doivent être "
                            "séparées par des points-virgules, des virgules ou des tabulations.")
    raise ReportRefused(missing_columns(partial or {}))


def missing_columns(columns: dict[str, int]) -> str:
    problems = []
    if EMAIL not in columns and NAME not in columns:
        problems.append("la colonne des adresses e-mail (intitulée « e-mail », « email », "
                        "« adresse e-mail » ou « courriel ») ou des noms (« nom »)")
    if DURATION not in columns:
        problems.append("la colonne des minutes de présence (intitulée « minutes », « durée », "
                        "« durée (minutes) » ou « duration »)")
    return "Il manque " + " et ".join(problems) + " dans la ligne des intitulés du fichier."


def ends_table(lines: list[str], at: int) -> bool:
    """A blank line followed by a section's title (one field): Teams' next section."""
    following = next((line for line in lines[at:] if line.strip()), None)
    return following is not None and all(len(split(following, s)) < 2 for s in SEPARATORS)


def attendee_of(fields: list[str], table: Table, line: int) -> Attendee:
    columns = table.columns
    name = fields[columns[NAME]].strip() if NAME in columns else ""
    email = fields[columns[EMAIL]].strip().lower() if EMAIL in columns else ""
    if email and (len(email) > 254 or not LOOKS_LIKE_EMAIL.fullmatch(email)):
        if NAME not in columns:
            raise ReportRefused(f"Ligne {line} : « {email[:60]} » n'est pas une adresse "
                                "e-mail.")
        email = ""  # a guest's identifier: the name says who it is
    if not email and not name:
        raise ReportRefused(f"Ligne {line} : l'adresse e-mail est vide." if NAME not in columns
                            else f"Ligne {line} : ni nom ni adresse e-mail.")
    duration = fields[columns[DURATION]].strip()
    if not duration:
        raise ReportRefused(f"Ligne {line} : la durée de présence est vide.")
    minutes = minutes_of(duration)
    if minutes is None:
        raise ReportRefused(f"Ligne {line} : la durée « {duration[:30]} » n'est pas un nombre "
                            "de minutes ni une durée comme « 59 min 50 s » ou « 1 h 02 min ».")
    return Attendee(email or None, name, minutes)


def read_report(raw: bytes) -> Report:
    """The attendees of a report, or ReportRefused naming the first problem found."""
    if len(raw) > MAX_BYTES:
        raise ReportRefused(f"Le fichier dépasse {MAX_BYTES // 1_000_000} Mo : exportez la "
                            "liste des participants seule.")
    text = decode(raw).replace("\ufeff", "")
    if not text.strip():
        raise ReportRefused("Le fichier est vide.")
    lines = text.splitlines()
    table = find_table(lines)
    needed = max(table.columns.values()) + 1
    rows, found = 0, {}
    for at in range(table.line + 1, len(lines)):
        fields = split(lines[at], table.separator)
        if not any(field.strip() for field in fields):
            if rows and ends_table(lines, at):
                break
            continue
        if len(fields) < needed:
            raise ReportRefused(f"Ligne {at + 1} : il manque des colonnes (séparateur "
                                f"attendu : {SEPARATORS[table.separator]}).")
        attendee = attendee_of(fields, table, at + 1)
        key = attendee.email or f"nom:{attendee.name.casefold()}"
        if key in found:
            attendee = Attendee(attendee.email, found[key].name or attendee.name,
                                found[key].minutes + attendee.minutes)
        found[key] = attendee
        rows += 1
    if not rows:
        raise ReportRefused("Le fichier ne contient aucun participant : seulement la ligne "
                            "des intitulés.")
    return Report(tool=table.tool.label, rows=rows, attendees=tuple(found.values()))
