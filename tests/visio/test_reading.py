"""The visio tools' attendance reports, read from files shaped after each tool's export."""

from pathlib import Path

import pytest

from visio import Attendee, ReportRefused, minutes_of, read_report

FIXTURES = Path(__file__).parent / "fixtures"


def minutes(report) -> dict[str, int]:
    return {attendee.label: attendee.minutes for attendee in report.attendees}


@pytest.mark.parametrize("text, expected", [
    ("59 min 50 s", 59), ("1 h 02 min", 62), ("1 h 2 min 29 s", 62), ("45 s", 0),
    ("1h 2m 3s", 62), ("59m 50s", 59), ("20 mins", 20), ("1 hr 5 mins", 65), ("45", 45),
    ("45,5", 45), ("01:02:03", 62), ("2\u00a0h", 120),
    ("-5", None), ("NaN", None), ("une heure", None), ("5 jours", None), ("", None),
])
def test_durations_as_the_tools_write_them(text, expected):
    assert minutes_of(text) == expected


def test_teams_in_french_utf16_with_its_summary_sections():
    """Teams FR: UTF-16 with BOM, tabs, « 1. Résumé » before the table, « 3. Activités »
    after it (whose lines must not be added again), a guest without address."""
    raw = (FIXTURES / "teams_fr.csv").read_bytes()
    assert raw.startswith(b"\xff\xfe")
    report = read_report(raw)
    assert report.tool == "Microsoft Teams" and report.rows == 5
    assert minutes(report) == {"formateur@exemple.fr": 62, "alice@exemple.fr": 59,
                               "bruno@exemple.fr": 12, "Chloé Petit (Invité)": 62,
                               "intrus@exemple.fr": 50}
    guest = next(a for a in report.attendees if a.email is None)
    assert guest == Attendee(None, "Chloé Petit (Invité)", 62)


def test_teams_in_english_utf16_without_bom():
    report = read_report((FIXTURES / "teams_en.csv").read_bytes())
    assert report.tool == "Microsoft Teams"
    assert minutes(report) == {"alice@exemple.fr": 59, "bruno@exemple.fr": 12,
                               "Chloé Petit (Guest)": 62}


def test_utf16_big_endian_without_bom_and_windows_1252():
    text = "Adresse e-mail;Durée\nalice@exemple.fr;45\n"
    assert minutes(read_report(text.encode("utf-16-be"))) == {"alice@exemple.fr": 45}
    assert minutes(read_report(text.encode("cp1252"))) == {"alice@exemple.fr": 45}


def test_zoom_skips_the_meeting_line_and_sums_reconnections():
    """Zoom: the meeting's line (the host's address and the meeting's length) comes first and
    is not a participant; a person who reconnected has two lines."""
    report = read_report((FIXTURES / "zoom.csv").read_bytes())
    assert report.tool == "Zoom" and report.rows == 5
    assert minutes(report) == {"formateur@exemple.fr": 65, "alice@exemple.fr": 60,
                               "Bruno D. (Bruno Durand)": 12, "intrus@exemple.fr": 50}


def test_webex_with_its_meeting_lines_and_hours_and_minutes():
    report = read_report((FIXTURES / "webex.csv").read_bytes())
    assert report.tool == "Webex" and report.rows == 4
    assert minutes(report) == {"formateur@exemple.fr": 65, "alice@exemple.fr": 60,
                               "bruno@exemple.fr": 12, "Martin Alice": 6}


def test_a_plain_csv_still_reads():
    report = read_report(b"Email;Minutes\nA@exemple.fr;10\na@exemple.fr ;25.9\n\nb@exemple.fr;5\n")
    assert report.tool == "CSV" and report.rows == 3
    assert minutes(report) == {"a@exemple.fr": 35, "b@exemple.fr": 5}


@pytest.mark.parametrize("raw, message", [
    (b"prenom;ville\nx;y\n", "Il manque la colonne des adresses e-mail .* et la colonne "
                               "des minutes"),
    (b"nom;ville\nx;y\n", "Il manque la colonne des minutes"),
    (b"email|minutes\nalice@exemple.fr|45\n", "Séparateur de colonnes non reconnu"),
    ("Nom\tDurée de la réunion\tE-mail\nAlice\tune heure\talice@exemple.fr\n".encode("utf-16"),
     "Ligne 2 : la durée « une heure »"),
    (b"nom;email;minutes\n;;45\n", "Ligne 2 : ni nom ni adresse e-mail"),
])
def test_what_cannot_be_read_is_named(raw, message):
    with pytest.raises(ReportRefused, match=message):
        read_report(raw)
