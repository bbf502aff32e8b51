"""What a lesson's body may point at: other lessons, figures, images of the course, a little
raw HTML; `check_references` says what points nowhere."""

import re
from pathlib import Path

from .model import Course
from .problems import Problem

FIGURES = frozenset(
    {"six-steps", "contract-modes", "role-documents", "after-registration", "registration-data",
     "resources-registration", "resources-departure"}
)
ALLOWED_HTML = frozenset({"abbr", "br", "kbd", "sub", "sup"})
LESSON_LINK = re.compile(r"\]\(lesson:([^)\s]+)\)")
FIGURE = re.compile(r"^\[\[figure:([a-z0-9-]+)\]\]$", re.MULTILINE)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
RAW_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
CODE = re.compile(r"`[^`]*`")


def check_references(course: Course, directory: Path) -> list[Problem]:
    """Links between lessons, figures, images and raw HTML in every lesson body."""
    problems = []
    keys = {lesson.key for lesson in course.lessons}
    for lesson in course.lessons:
        for offset, line in enumerate(lesson.body.splitlines()):
            where = (lesson.path, lesson.body_line + offset)
            for target in LESSON_LINK.findall(line):
                if target not in keys:
                    problems.append(Problem(*where, f"lien vers une leçon inconnue : {target}"))
            for name in FIGURE.findall(line):
                if name not in FIGURES:
                    problems.append(Problem(*where, f"figure inconnue : {name}"))
            for alt, src in IMAGE.findall(line):
                if not alt.strip():
                    problems.append(Problem(*where, "image sans texte alternatif"))
                if "://" in src or not (directory / src).is_file():
                    problems.append(Problem(*where, f"image introuvable dans le cours : {src}"))
            for tag in RAW_TAG.findall(CODE.sub("", line)):
                if tag.lower() not in ALLOWED_HTML:
                    problems.append(Problem(*where, f"HTML brut refusé : <{tag}>"))
            if line.startswith("# "):
                problems.append(Problem(*where, "les titres d'une leçon commencent à ##"))
    return problems
