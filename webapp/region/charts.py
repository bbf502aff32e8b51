"""Horizontal bar charts drawn on the server: lengths here, markup in `region/_chart.html`.

Labels and numbers are HTML text (the page's own size, legible on a phone, wrapping when
long); each bar is a one-rectangle inline SVG stretched to its row, its length an attribute
(the Content-Security-Policy forbids inline styles). Colours: each reaches at least 4.5:1
against white (WCAG 1.4.11 asks 3:1 for graphics); bars of a group are apart, never
touching, so no two colours need contrast with each other. Every chart has a text summary
and its numbers are also in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .by_structure import StructureFigures
from .progress import STAGES, DepartementFigures, Stages

# One colour per stage of the funnel (contrast on white in the comment).
COLOURS = {
    "enrolled": "#1d3f8f",  # blue, 9.7:1
    "started": "#6b3fa0",  # purple, 7.4:1
    "trained": "#1d6b35",  # green, 6.6:1
    "habilitated": "#8a4500",  # brown, 7.2:1
}


@dataclass(frozen=True)
class Series:
    key: str
    label: str

    @property
    def colour(self) -> str:
        return COLOURS[self.key]


@dataclass(frozen=True)
class Bar:
    """One bar: its length in % of the longest, its colour, the text written after it."""

    width: float
    colour: str
    text: str


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    summary: str
    groups: tuple[Group, ...]
    legend: tuple[Series, ...]


def bar_chart(summary: str, groups: list[tuple[str, list[tuple[Series, int, str]]]],
              legend: tuple[Series, ...] = ()) -> BarChart:
    """A chart of `groups` — (label, [(series, value, text shown after the bar), …]) — with
    every bar on one scale, the largest value filling the width."""
    largest = max((value for _, bars in groups for _, value, _ in bars), default=0) or 1
    return BarChart(summary=summary, legend=legend, groups=tuple(
        Group(label, tuple(Bar(round(100 * value / largest, 1), series.colour, text)
                           for series, value, text in bars))
        for label, bars in groups))


STAGE_SERIES = {key: Series(key, label) for key, label in STAGES}


def funnel_chart(region_name: str, funnel: Stages) -> BarChart:
    """The funnel: one bar per stage, each with its count and its share of those enrolled."""
    stages = funnel.stages()
    summary = (f"Entonnoir de la région {region_name} : " + ", ".join(
        f"{label.lower()} {count}" + (f" ({share} %)" if key != "enrolled" else "")
        for key, label, count, share in stages) + ".")
    return bar_chart(summary, [
        (label, [(STAGE_SERIES[key], count,
                  f"{count} ({share} %)" if key != "enrolled" else str(count))])
        for key, label, count, share in stages])


def stages_chart(summary: str, rows: list[tuple[str, Stages]]) -> BarChart:
    """Grouped bars: for each row (a département, a structure), one bar per stage."""
    series = tuple(STAGE_SERIES.values())
    nobody = [(STAGE_SERIES["enrolled"], 0, "aucun inscrit")]  # rather than four zeros
    return bar_chart(summary, [
        (label, [(STAGE_SERIES[key], count, str(count))
                 for key, _, count, _ in figures.stages()] if figures.enrolled else nobody)
        for label, figures in rows], legend=series)


def departement_chart(departements: list[DepartementFigures]) -> BarChart:
    """The funnel of each département of the region."""
    top = max(departements, key=lambda d: d.enrolled, default=None)
    summary = (f"Inscrits, ayant commencé, ayant l'e-learning réalisé et habilités, pour "
               f"chacun des {len(departements)} départements")
    if top is not None and top.enrolled:
        summary += (f". Le plus d'inscrits : {top.name} ({top.enrolled}, dont "
                    f"{top.trained} avec l'e-learning réalisé)")
    return stages_chart(summary + ". Les chiffres sont dans le tableau qui suit.",
                        [(f"{d.code} {d.name}", d) for d in departements])


def structure_chart(structures: list[StructureFigures]) -> BarChart:
    """The funnel of the structures that count the most people enrolled."""
    summary = (f"Inscrits, ayant commencé, ayant l'e-learning réalisé et habilités, pour les "
               f"{len(structures)} structures qui comptent le plus d'inscrits")
    if structures:
        first = structures[0]
        summary += (f". En tête : {first.name} ({first.enrolled} inscrits, {first.trained} "
                    "avec l'e-learning réalisé)")
    return stages_chart(summary + ". Les chiffres sont dans le tableau « Par structure ».",
                        [(s.name, s) for s in structures])
