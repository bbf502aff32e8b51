"""Horizontal bar charts drawn on the server, as inline SVG: geometry here, markup in
`region/_chart.html`.

Colours: each one reaches at least 4.5:1 against the white background (WCAG 1.4.11 asks 3:1
for graphics, 1.4.3 asks 4.5:1 for text, and the legend writes in them); bars of a group are
apart, never touching, so no two colours need contrast with each other. Every chart has a
text summary and its numbers are also in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .by_structure import StructureFigures
from .progress import STAGES, DepartementFigures, Stages

TEXT = "#1e1e1e"  # 16.7:1 on white
AXIS = "#555555"  # 7.5:1
# One colour per stage of the funnel (contrast on white in the comment).
COLOURS = {
    "enrolled": "#1d3f8f",  # blue, 9.7:1
    "started": "#6b3fa0",  # purple, 7.4:1
    "trained": "#1d6b35",  # green, 6.6:1
    "habilitated": "#8a4500",  # brown, 7.2:1
}

WIDTH = 720
LABEL_WIDTH = 230  # names at the left of the bars
VALUE_WIDTH = 110  # room for the number at the end of the longest bar
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
PADDING = 10
LABEL_CHARACTERS = 27  # at 13 units a character, what fits in LABEL_WIDTH


@dataclass(frozen=True)
class Series:
    key: str
    label: str

    @property
    def colour(self) -> str:
        return COLOURS[self.key]


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    width: float
    height: float
    colour: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Group:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    summary: str
    width: int
    height: float
    axis_x: int
    groups: tuple[Group, ...]
    legend: tuple[Series, ...]
    text_colour: str = TEXT
    axis_colour: str = AXIS


def short(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """A label cut to fit left of the bars (the table next to the chart has it whole)."""
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def bar_chart(summary: str, groups: list[tuple[str, list[tuple[Series, int, str]]]],
              legend: tuple[Series, ...] = (), bar_height: float = 22,
              bar_gap: float = 4, group_gap: float = 14) -> BarChart:
    """A chart of `groups` — (label, [(series, value, text shown after the bar), …]) — with
    every bar on one scale, the largest value filling the bar area."""
    largest = max((value for _, bars in groups for _, value, _ in bars), default=0) or 1
    y, drawn = PADDING, []
    for label, bars in groups:
        top, shapes = y, []
        for series, value, text in bars:
            width = round(BAR_AREA * value / largest, 1)
            shapes.append(Bar(x=LABEL_WIDTH, y=y, width=width, height=bar_height,
                              colour=series.colour, text=text,
                              text_x=LABEL_WIDTH + width + 6, text_y=y + bar_height / 2))
            y += bar_height + bar_gap
        y += group_gap - bar_gap
        drawn.append(Group(short(label), (top + y - group_gap) / 2, tuple(shapes)))
    return BarChart(summary=summary, width=WIDTH, height=y - group_gap + PADDING,
                    axis_x=LABEL_WIDTH, groups=tuple(drawn), legend=legend)


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
        for label, figures in rows], legend=series, bar_height=12, bar_gap=2)


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
