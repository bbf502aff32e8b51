"""French regions and départements (INSEE codes), with the GRADeS of each region when known."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .identifiers import departement_from_finess

__all__ = [
    "DEPARTEMENTS",
    "REGIONS",
    "Departement",
    "Region",
    "departement",
    "departements_of",
    "region",
    "region_of_finess",
]


@dataclass(frozen=True)
class Region:
    """A French region; ``grades`` is its regional e-santé support group, None when unknown."""

    code: str
    name: str
    grades: str | None = None

    @property
    def grades_label(self) -> str:
        """Name of the region's GRADeS, or a neutral description when its name is not known."""
        return self.grades if self.grades else f"GRADeS {self.name}"


@dataclass(frozen=True)
class Departement:
    """A French département and the INSEE code of its region."""

    code: str
    name: str
    region_code: str


def _french_sort_key(text: str) -> str:
    # "Île-de-France" belongs among the I, not after "Provence…" as a plain sort would put it.
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# GRADeS names: only those listed in DOMAIN.md; the others are unknown and stay None.
REGIONS: tuple[Region, ...] = tuple(
    sorted(
        (
            Region("84", "Auvergne-Rhône-Alpes", "GCS SARA"),
            Region("27", "Bourgogne-Franche-Comté"),
            Region("53", "Bretagne", "GCS e-santé Bretagne"),
            Region("24", "Centre-Val de Loire"),
            Region("94", "Corse", "GIP Corse e-santé"),
            Region("44", "Grand Est", "GIP Pulsy"),
            Region("32", "Hauts-de-France"),
            Region("11", "Île-de-France", "GIP SESAN"),
            Region("28", "Normandie", "GCS Normand'e-santé"),
            Region("75", "Nouvelle-Aquitaine"),
            Region("76", "Occitanie", "GIP e-santé Occitanie"),
            Region("52", "Pays de la Loire", "e-santé Pays de la Loire"),
            Region("93", "Provence-Alpes-Côte d'Azur", "ieSS"),
            Region("01", "Guadeloupe"),
            Region("02", "Martinique"),
            Region("03", "Guyane"),
            Region("04", "La Réunion", "TESIS"),
            Region("06", "Mayotte"),
        ),
        key=lambda r: _french_sort_key(r.name),
    )
)

# In code order as French users list them: 01…19, 2A, 2B, 21…95, then 971…976.
DEPARTEMENTS: tuple[Departement, ...] = (
    Departement("01", "Ain", "84"),
    Departement("02", "Aisne", "32"),
    Departement("03", "Allier", "84"),
    Departement("04", "Alpes-de-Haute-Provence", "93"),
    Departement("05", "Hautes-Alpes", "93"),
    Departement("06", "Alpes-Maritimes", "93"),
    Departement("07", "Ardèche", "84"),
    Departement("08", "Ardennes", "44"),
    Departement("09", "Ariège", "76"),
    Departement("10", "Aube", "44"),
    Departement("11", "Aude", "76"),
    Departement("12", "Aveyron", "76"),
    Departement("13", "Bouches-du-Rhône", "93"),
    Departement("14", "Calvados", "28"),
    Departement("15", "Cantal", "84"),
    Departement("16", "Charente", "75"),
    Departement("17", "Charente-Maritime", "75"),
    Departement("18", "Cher", "24"),
    Departement("19", "Corrèze", "75"),
    Departement("2A", "Corse-du-Sud", "94"),
    Departement("2B", "Haute-Corse", "94"),
    Departement("21", "Côte-d'Or", "27"),
    Departement("22", "Côtes-d'Armor", "53"),
    Departement("23", "Creuse", "75"),
    Departement("24", "Dordogne", "75"),
    Departement("25", "Doubs", "27"),
    Departement("26", "Drôme", "84"),
    Departement("27", "Eure", "28"),
    Departement("28", "Eure-et-Loir", "24"),
    Departement("29", "Finistère", "53"),
    Departement("30", "Gard", "76"),
    Departement("31", "Haute-Garonne", "76"),
    Departement("32", "Gers", "76"),
    Departement("33", "Gironde", "75"),
    Departement("34", "Hérault", "76"),
    Departement("35", "Ille-et-Vilaine", "53"),
    Departement("36", "Indre", "24"),
    Departement("37", "Indre-et-Loire", "24"),
    Departement("38", "Isère", "84"),
    Departement("39", "Jura", "27"),
    Departement("40", "Landes", "75"),
    Departement("41", "Loir-et-Cher", "24"),
    Departement("42", "Loire", "84"),
    Departement("43", "Haute-Loire", "84"),
    Departement("44", "Loire-Atlantique", "52"),
    Departement("45", "Loiret", "24"),
    Departement("46", "Lot", "76"),
    Departement("47", "Lot-et-Garonne", "75"),
    Departement("48", "Lozère", "76"),
    Departement("49", "Maine-et-Loire", "52"),
    Departement("50", "Manche", "28"),
    Departement("51", "Marne", "44"),
    Departement("52", "Haute-Marne", "44"),
    Departement("53", "Mayenne", "52"),
    Departement("54", "Meurthe-et-Moselle", "44"),
    Departement("55", "Meuse", "44"),
    Departement("56", "Morbihan", "53"),
    Departement("57", "Moselle", "44"),
    Departement("58", "Nièvre", "27"),
    Departement("59", "Nord", "32"),
    Departement("60", "Oise", "32"),
    Departement("61", "Orne", "28"),
    Departement("62", "Pas-de-Calais", "32"),
    Departement("63", "Puy-de-Dôme", "84"),
    Departement("64", "Pyrénées-Atlantiques", "75"),
    Departement("65", "Hautes-Pyrénées", "76"),
    Departement("66", "Pyrénées-Orientales", "76"),
    Departement("67", "Bas-Rhin", "44"),
    Departement("68", "Haut-Rhin", "44"),
    Departement("69", "Rhône", "84"),
    Departement("70", "Haute-Saône", "27"),
    Departement("71", "Saône-et-Loire", "27"),
    Departement("72", "Sarthe", "52"),
    Departement("73", "Savoie", "84"),
    Departement("74", "Haute-Savoie", "84"),
    Departement("75", "Paris", "11"),
    Departement("76", "Seine-Maritime", "28"),
    Departement("77", "Seine-et-Marne", "11"),
    Departement("78", "Yvelines", "11"),
    Departement("79", "Deux-Sèvres", "75"),
    Departement("80", "Somme", "32"),
    Departement("81", "Tarn", "76"),
    Departement("82", "Tarn-et-Garonne", "76"),
    Departement("83", "Var", "93"),
    Departement("84", "Vaucluse", "93"),
    Departement("85", "Vendée", "52"),
    Departement("86", "Vienne", "75"),
    Departement("87", "Haute-Vienne", "75"),
    Departement("88", "Vosges", "44"),
    Departement("89", "Yonne", "27"),
    Departement("90", "Territoire de Belfort", "27"),
    Departement("91", "Essonne", "11"),
    Departement("92", "Hauts-de-Seine", "11"),
    Departement("93", "Seine-Saint-Denis", "11"),
    Departement("94", "Val-de-Marne", "11"),
    Departement("95", "Val-d'Oise", "11"),
    Departement("971", "Guadeloupe", "01"),
    Departement("972", "Martinique", "02"),
    Departement("973", "Guyane", "03"),
    Departement("974", "La Réunion", "04"),
    Departement("976", "Mayotte", "06"),
)

_REGIONS_BY_CODE = {r.code: r for r in REGIONS}
_DEPARTEMENTS_BY_CODE = {d.code: d for d in DEPARTEMENTS}


def region(code: str) -> Region:
    """Return the region with this INSEE code; KeyError if there is none."""
    try:
        return _REGIONS_BY_CODE[code.strip()]
    except KeyError:
        raise KeyError(f"Région inconnue : {code!r}") from None


def departement(code: str) -> Departement:
    """Return the département with this code ("69", "2A", "971"); KeyError if there is none."""
    try:
        return _DEPARTEMENTS_BY_CODE[code.strip().upper()]  # "2a" typed for "2A"
    except KeyError:
        raise KeyError(f"Département inconnu : {code!r}") from None


def departements_of(region_code: str) -> tuple[Departement, ...]:
    """Return the départements of a region, in code order; KeyError if the region is unknown."""
    code = region(region_code).code
    return tuple(d for d in DEPARTEMENTS if d.region_code == code)


def region_of_finess(finess: str) -> Region:
    """Return the region of the département a FINESS number starts with.

    InvalidIdentifier for a malformed number; KeyError for a département of no region (the
    overseas collectivities 975, 98x).
    """
    return region(departement(departement_from_finess(finess)).region_code)
