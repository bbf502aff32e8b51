"""Links to files (PDF, CSV, ZIP, .ics) must leave htmx alone: a boosted link would fetch the
file with JavaScript and paste its bytes into the page instead of downloading it."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "webapp" / "templates"
FILE_SUFFIXES = (".pdf", ".csv", ".zip", ".ics")
LINK = re.compile(r"<a\b[^>]*>", re.DOTALL)


def file_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.rule.endswith(FILE_SUFFIXES)}


def test_every_link_to_a_file_is_not_boosted(app):
    endpoints = file_endpoints(app)
    assert {"attestations.download", "structures.export_people"} <= endpoints
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for tag in LINK.findall(template.read_text(encoding="utf-8")):
            linked = re.search(r"url_for\(\s*'([\w.]+)'", tag)
            if linked and linked[1] in endpoints and 'hx-boost="false"' not in tag:
                offenders.append(f"{template.relative_to(TEMPLATES)}: {linked[1]}")
    assert offenders == []
