"""The region's pages: the dashboard, its two CSV exports, and the webinars in figures."""

from flask import current_app, render_template
from flask_login import login_required

from directory.geography import REGIONS

from ..spreadsheets import csv_download
from ..timekeeping import utcnow
from . import bp, by_structure, charts, progress, region_args, region_or_404
from .webinar_figures import webinar_report

CHART_STRUCTURES = 10


@bp.get("/")
@login_required
def index():
    """The region's funnel, by département and by structure, and the structures to call."""
    place = region_or_404()
    funnel = progress.funnel(place.code)
    departements = progress.by_departement(place.code)
    everyone = by_structure.all_structures(place.code)
    structures = by_structure.most_enrolled(everyone)
    to_call = by_structure.without_trained_gestionnaire(everyone)
    # Only what the page shows gets its places and contacts; the CSV has the rest.
    cap = by_structure.PAGE_CAP
    structure_count, to_call_count = len(structures), len(to_call)
    structures, to_call = structures[:cap], to_call[:cap]
    by_structure.add_places_and_contacts(place.code, structures + to_call)
    return render_template(
        "region/index.html", place=place, args=region_args(place), regions=REGIONS,
        funnel=funnel, departements=departements, structures=structures,
        structure_count=structure_count, to_call=to_call, to_call_count=to_call_count,
        stages=progress.STAGES,
        funnel_chart=charts.funnel_chart(place.name, funnel),
        departement_chart=charts.departement_chart(departements),
        structure_chart=charts.structure_chart(structures[:CHART_STRUCTURES]),
    )


STAGE_HEADERS = [label for _, label in progress.STAGES]


@bp.get("/structures.csv")
@login_required
def export_structures():
    """Every structure of the region with its figures and whom to call, as CSV."""
    place = region_or_404()
    rows = by_structure.by_name(by_structure.all_structures(place.code))
    by_structure.add_places_and_contacts(place.code, rows, whole_region=True)
    return csv_download(
        ["Structure (EJ)", "FINESS juridique", "Contractualisation", "Département(s)",
         *STAGE_HEADERS, "E-learning réalisé (%)", "Gestionnaires rattachés",
         "Gestionnaires ayant commencé", "Gestionnaires formés", "Représentant(s) légal(aux)",
         "Adresse(s) e-mail"],
        ([s.name, s.finess, s.mode_label, ", ".join(s.departements),
          *(count for _, _, count, _ in s.stages()), s.trained_percent, s.gestionnaires,
          s.gestionnaires_started, s.gestionnaires_trained,
          ", ".join(f"{c.name} ({c.role_label.lower()})" for c in s.legal_reps),
          ", ".join(c.email for c in s.legal_reps)] for s in rows),
        f"structures-region-{place.code}")


@bp.get("/departements.csv")
@login_required
def export_departements():
    """The region's figures by département, as CSV."""
    place = region_or_404()
    return csv_download(
        ["Code", "Département", "Structures", *STAGE_HEADERS, "E-learning réalisé (%)"],
        ([d.code, d.name, d.structures, *(count for _, _, count, _ in d.stages()),
          d.trained_percent] for d in progress.by_departement(place.code)),
        f"departements-region-{place.code}")


@bp.get("/webinaires")
@login_required
def webinars():
    """The region's webinars: registrations, attendance, satisfaction, exams passed after."""
    place = region_or_404()
    return render_template(
        "region/webinars.html", place=place, args=region_args(place), regions=REGIONS,
        report=webinar_report(place.code, utcnow()),
        # The webinars' own pages are being written alongside: link to them once they exist.
        links=("webinars.show" in current_app.view_functions))
