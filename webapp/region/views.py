"""The region's pages: the dashboard, its two CSV exports, and the webinars in figures, with
theirs."""

from flask import render_template

from directory.follow_up import Gap
from directory.geography import REGIONS

from ..pagination import paginate_list
from ..spreadsheets import csv_download
from ..timekeeping import PARIS, utcnow
from . import bp, by_structure, charts, progress, region_args, region_or_404
from .webinar_figures import webinar_report

CHART_STRUCTURES = 10
TO_CHASE_PER_PAGE = 10


@bp.get("/")
def index():
    """What to do first: the structures to chase, most urgent first; then the funnel, by
    département and by structure."""
    place = region_or_404()
    funnel = progress.funnel(place.code)
    departements = progress.by_departement(place.code)
    everyone = by_structure.all_structures(place.code)
    by_structure.add_last_activity(place.code, everyone)
    structures = by_structure.most_enrolled(everyone)
    chased = by_structure.to_chase(everyone)
    gap_counts = [(gap, count) for gap in Gap
                  if (count := sum(gap in s.gaps for s in chased))]
    to_chase = paginate_list(chased, TO_CHASE_PER_PAGE)
    # Only what the page shows gets its places and contacts; the CSV has the rest.
    cap = by_structure.PAGE_CAP
    structure_count = len(structures)
    structures = structures[:cap]
    by_structure.add_places_and_contacts(place.code, structures + to_chase.items)
    return render_template(
        "region/index.html", place=place, args=region_args(place), regions=REGIONS,
        funnel=funnel, departements=departements, structures=structures,
        structure_count=structure_count, to_chase=to_chase, gap_counts=gap_counts,
        stages=progress.STAGES,
        funnel_chart=charts.funnel_chart(place.name, funnel),
        departement_chart=charts.departement_chart(departements),
        structure_chart=charts.structure_chart(structures[:CHART_STRUCTURES]),
    )


STAGE_HEADERS = [label for _, label in progress.STAGES]


@bp.get("/structures.csv")
def export_structures():
    """Every structure of the region with its figures, its gaps and whom to call, as CSV."""
    place = region_or_404()
    rows = by_structure.by_name(by_structure.all_structures(place.code))
    by_structure.add_places_and_contacts(place.code, rows, whole_region=True)
    by_structure.add_last_activity(place.code, rows)
    return csv_download(
        ["Structure (EJ)", "FINESS juridique", "Contractualisation", "Département(s)",
         *STAGE_HEADERS, "E-learning réalisé (%)", "Gestionnaires rattachés",
         "Gestionnaires ayant commencé", "Gestionnaires formés", "Représentant(s) légal(aux)",
         "Adresse(s) e-mail", "À relancer pour", "Dernière activité"],
        ([s.name, s.finess, s.mode_label, ", ".join(s.departements),
          *(count for _, _, count, _ in s.stages()), s.trained_percent, s.gestionnaires,
          s.gestionnaires_started, s.gestionnaires_trained,
          ", ".join(f"{c.name} ({c.role_label.lower()})" for c in s.legal_reps),
          ", ".join(c.email for c in s.legal_reps),
          ", ".join(gap.label for gap in s.gaps),
          iso_date(s.last_activity)] for s in rows),
        f"structures-region-{place.code}")


def iso_date(moment) -> str:
    """`2026-12-05`, the Paris date of `moment` (empty for none): a date Excel reads."""
    return moment.astimezone(PARIS).date().isoformat() if moment else ""


@bp.get("/departements.csv")
def export_departements():
    """The region's figures by département, as CSV."""
    place = region_or_404()
    return csv_download(
        ["Code", "Département", "Structures", *STAGE_HEADERS, "E-learning réalisé (%)"],
        ([d.code, d.name, d.structures, *(count for _, _, count, _ in d.stages()),
          d.trained_percent] for d in progress.by_departement(place.code)),
        f"departements-region-{place.code}")


@bp.get("/webinaires")
def webinars():
    """The region's webinars: registrations, attendance, satisfaction, exams passed after."""
    place = region_or_404()
    return render_template(
        "region/webinars.html", place=place, args=region_args(place), regions=REGIONS,
        report=webinar_report(place.code, utcnow()))


WEBINAR_HEADERS = ["Date", "Heure", "Webinaire", "À venir ou passé", "Places", "Inscrits",
                   "Liste d'attente", "Présents", "Taux de présence (%)", "Satisfaction (sur 5)",
                   "Réponses au questionnaire", "Ont réussi l'examen ensuite"]


@bp.get("/webinaires.csv")
def export_webinars():
    """Every published or done webinar of the region with its figures, as CSV: one line each,
    by date, whether to come or past (a column says; a session to come has no attendance)."""
    place = region_or_404()
    report = webinar_report(place.code, utcnow())
    return csv_download(
        WEBINAR_HEADERS,
        [*(webinar_line(w, past=True) for w in reversed(report.past)),
         *(webinar_line(w, past=False) for w in report.upcoming)],
        f"webinaires-region-{place.code}")


def webinar_line(w, past: bool) -> list:
    """One webinar's line of the CSV: its Paris date and time apart, so that both sort."""
    local = w.starts_at.astimezone(PARIS)
    held = [w.attended, w.attendance_percent] if past else ["", ""]
    return [local.date().isoformat(), local.strftime("%H:%M"), w.title,
            "passé" if past else "à venir", w.capacity, w.confirmed, w.waiting, *held,
            w.satisfaction, w.ratings, w.passed_after if past else ""]
