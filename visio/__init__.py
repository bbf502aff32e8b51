"""Attendance reports of the visio tools (Microsoft Teams, Zoom, Webex, or a plain CSV), read
forgivingly: encoding and separator sniffed, summary sections skipped, each tool's column names
mapped, durations as each tool writes them.

Pure Python (no Flask, no database): `read_report(raw)` gives a `Report` of who stayed how
long, or `ReportRefused` with a French message naming the problem.
"""

from .durations import minutes_of
from .reading import MAX_BYTES, Attendee, Report, ReportRefused, read_report

__all__ = ["MAX_BYTES", "Attendee", "Report", "ReportRefused", "minutes_of", "read_report"]
