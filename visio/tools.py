"""Each visio tool's column names, reduced by `header_key`, per role.

Shaped after the tools' documentation: the Teams attendance report (« Participants » table:
Nom, Première arrivée, Dernier départ, Durée de la réunion, E-mail, ID de participant (UPN),
Rôle), Zoom's participants report (Name (Original Name), User Email, Join Time, Leave Time,
Duration (Minutes), Guest), Webex's attendance report (Participant Name, Attendee Email, Join
Time, Leave Time, Attendance Duration), and the plain CSV a trainer types (email; minutes).
"""

import re
import unicodedata
from dataclasses import dataclass

EMAIL, NAME, DURATION = "email", "name", "duration"


@dataclass(frozen=True)
class Tool:
    """A visio tool: its name as shown, and its column names per role (`other`: the columns
    that only say which tool wrote the file)."""

    label: str
    headers: dict[str, frozenset[str]]

    def columns(self, keys: list[str]) -> dict[str, int]:
        """The position of each role's column among the header's keys (first one wins)."""
        found = {}
        for role, names in self.headers.items():
            at = next((i for i, key in enumerate(keys) if key in names), None)
            if at is not None:
                found[role] = at
        return found

    def recognised(self, keys: list[str]) -> int:
        """How many of the header's columns this tool names."""
        return sum(any(key in names for names in self.headers.values()) for key in keys)


TEAMS = Tool("Microsoft Teams", {
    NAME: frozenset({"nom", "name", "nom complet", "full name"}),
    EMAIL: frozenset({"e mail", "email", "adresse e mail", "participant id upn",
                      "id de participant upn"}),
    DURATION: frozenset({"duree de la reunion", "in meeting duration", "duree",
                         "duration", "duree dans la reunion"}),
    "other": frozenset({"premiere arrivee", "dernier depart", "first join", "last leave",
                        "role", "id de participant upn", "participant id upn"}),
})
ZOOM = Tool("Zoom", {
    NAME: frozenset({"name original name", "nom nom original", "nom nom d origine", "name"}),
    EMAIL: frozenset({"user email", "e mail de l utilisateur", "adresse e mail de l utilisateur",
                      "email"}),
    DURATION: frozenset({"duration minutes", "total duration minutes", "duree minutes",
                         "duree totale minutes"}),
    "other": frozenset({"join time", "leave time", "guest", "in waiting room",
                        "heure d arrivee", "heure de depart", "invite",
                        "dans la salle d attente"}),
})
WEBEX = Tool("Webex", {
    NAME: frozenset({"participant name", "attendee name", "display name", "nom du participant",
                     "nom du participant e", "name"}),
    EMAIL: frozenset({"attendee email", "participant email", "email", "email address",
                      "adresse e mail du participant", "e mail du participant"}),
    DURATION: frozenset({"attendance duration", "attendance duration minutes",
                         "duree de presence", "duree de participation", "duration"}),
    "other": frozenset({"join time", "leave time", "joined time", "left time",
                        "connection type", "participant type", "heure de connexion",
                        "heure de deconnexion"}),
})
PLAIN = Tool("CSV", {
    NAME: frozenset({"nom", "name", "nom complet", "nom prenom", "prenom nom"}),
    EMAIL: frozenset({
        "email", "e mail", "mail", "courriel", "adresse e mail", "adresse email",
        "adresse mail", "adresse courriel", "adresse electronique", "email address",
        "e mail address", "user email", "participant email"}),
    DURATION: frozenset({
        "minutes", "duree", "duree minutes", "duree en minutes", "duree min", "duration",
        "duration minutes", "duration min", "total duration", "total duration minutes",
        "duree totale", "duree totale minutes", "duree de presence",
        "duree de presence minutes", "temps de presence", "temps de presence minutes",
        "minutes de presence"}),
})
# Most particular first: on a tie, the first wins.
TOOLS = (TEAMS, ZOOM, WEBEX, PLAIN)


def header_key(text: str) -> str:
    """A column name reduced for comparison: `Durée (minutes)` → `duree minutes`."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())
