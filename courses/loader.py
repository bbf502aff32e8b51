"""Read a course from its Markdown files, and say precisely what is wrong with them."""

import hashlib
from pathlib import Path

import yaml

from . import yamltext
from .model import ORDERED_NAME, Course, Lesson, Module, Term
from .problems import ContentError, Problem
from .reading import reading_time_problems
from .references import check_references
from .revisions import former_id_conflicts, read_formerly

CONTENT = Path(__file__).resolve().parent / "content"

FIELDS = {
    "course": {"title": str, "version": str, "summary": str},
    "module": {"title": str, "summary": str, "key_points": list},
    # minutes: the reading time the text takes, in whole or half minutes (1, 1.5, 2, ...)
    "lesson": {"title": str, "minutes": (int, float)},
}
# Fields a file may leave out: a module's or a lesson's former ids (courses/revisions.py).
OPTIONAL = {"course": set(), "module": {"formerly"}, "lesson": {"formerly"}}



class _Reader:
    """Collects problems while reading, so that one run reports them all."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.name(path), line, message))

    def line_of(self, path: Path, key: str) -> int:
        """The line of `key:` in the front matter of a file."""
        return field_line(path.read_text(encoding="utf-8")[4:].split("\n---\n", 1)[0], key)

    def name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent.parent.parent))
        except ValueError:
            return str(path)

    def document(self, path: Path, kind: str) -> tuple[dict, str, int]:
        """Front matter (checked against FIELDS[kind]), body and the body's first line."""
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n") or "\n---\n" not in text[3:]:
            self.problem(path, 1, "l'en-tête YAML (entre deux lignes ---) manque")
            return {}, text, 1
        header, body = text[4:].split("\n---\n", 1)
        try:
            meta = yamltext.load(header) or {}
        except yaml.YAMLError as error:
            line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
            self.problem(path, line, f"en-tête YAML illisible : {error}")
            return {}, body, header.count("\n") + 3
        for key, kind_type in FIELDS[kind].items():
            if not isinstance(meta.get(key), kind_type) or meta.get(key) in ("", []):
                self.problem(path, field_line(header, key),
                             f"champ « {key} » manquant ou invalide")
        for key in set(meta) - set(FIELDS[kind]) - OPTIONAL[kind]:
            self.problem(path, field_line(header, key), f"champ « {key} » inconnu")
        leading = len(body) - len(body.lstrip("\n"))
        return meta, body.strip("\n"), header.count("\n") + 4 + leading


def field_line(header: str, key: str) -> int:
    """The line of `key:` in the front matter (2 = first line after ---)."""
    for number, line in enumerate(header.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def load_course(directory: Path) -> Course:
    """Read and check a course; raise ContentError listing every problem."""
    reader = _Reader(directory)
    course = _read_course(reader, directory)
    problems = reader.problems + check_references(course, directory)
    if problems:
        raise ContentError(problems)
    return course


def load_courses(root: Path = CONTENT) -> dict[str, Course]:
    """Every course under `root`, by slug."""
    return {path.name: load_course(path) for path in sorted(root.iterdir())
            if (path / "course.md").exists()}


def check_all(root: Path = CONTENT) -> list[Problem]:
    """Every problem of every course under `root` (empty when all is well)."""
    problems = []
    for path in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            course = load_course(path)
        except ContentError as error:
            problems.extend(error.problems)
        else:
            problems.extend(reading_time_problems(course))
    return problems


def _read_course(reader: _Reader, directory: Path) -> Course:
    path = directory / "course.md"
    if not path.exists():
        reader.problem(path, 1, "fichier course.md manquant")
        return Course(directory.name, directory.name, "0", "", "", ())
    meta, intro, _ = reader.document(path, "course")
    modules = tuple(
        _read_module(reader, sub, number)
        for number, sub in enumerate(_ordered(reader, directory, dirs=True), start=1)
    )
    course = Course(directory.name, meta.get("title", ""), str(meta.get("version", "")),
                    meta.get("summary", ""), intro, modules, _read_glossary(reader, directory))
    for name, message in former_id_conflicts(course):
        reader.problem(directory / name, reader.line_of(directory / name, "formerly"), message)
    return course


def _ordered(reader: _Reader, directory: Path, *, dirs: bool) -> list[Path]:
    """The `NN-slug` entries of a directory, checking that NN counts 01, 02, ... in order."""
    entries = sorted(p for p in directory.iterdir()
                     if (p.is_dir() if dirs else p.suffix == ".md" and p.stem != "module"))
    if not dirs:
        entries = [p for p in entries if p.name != "course.md"]
    for expected, path in enumerate(entries, start=1):
        match = ORDERED_NAME.match(path.stem if not dirs else path.name)
        if not match:
            reader.problem(path, 1, "nom attendu : NN-mots-en-minuscules (ex. 01-le-numero-rpps)")
        elif int(match.group(1)) != expected:
            reader.problem(path, 1, f"numéro {match.group(1)} : {expected:02d} attendu ici")
    return entries


def _read_module(reader: _Reader, directory: Path, number: int) -> Module:
    meta, intro = {}, ""
    if (directory / "module.md").exists():
        meta, intro, _ = reader.document(directory / "module.md", "module")
    else:
        reader.problem(directory / "module.md", 1, "fichier module.md manquant")
    key_points = meta.get("key_points") or []
    if isinstance(key_points, list) and key_points and not 3 <= len(key_points) <= 6:
        reader.problem(directory / "module.md", 1, "key_points : de 3 à 6 points essentiels")
    if isinstance(key_points, list) and not all(isinstance(p, str) for p in key_points):
        # `- Texte : suite` unquoted is a mapping in YAML: it would show as `{'Texte': 'suite'}`.
        reader.problem(directory / "module.md", 1, "key_points : des phrases attendues (mettez "
                                                   "entre guillemets un point qui contient « : »)")
    formerly = _formerly(reader, directory / "module.md", meta, None)
    lessons = []
    for path in _ordered(reader, directory, dirs=False):
        lesson_meta, body, body_line = reader.document(path, "lesson")
        minutes = lesson_meta.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            minutes = None
        elif not 1 <= minutes <= 6 or (minutes * 2) % 1:
            reader.problem(path, 1, "minutes : une leçon se lit en 1 à 6 minutes, "
                                    "par demi-minutes (1, 1.5, 2…)")
        lessons.append(Lesson(directory.name, path.stem, lesson_meta.get("title", ""),
                              minutes or 0, body,
                              reader.name(path), body_line,
                              _formerly(reader, path, lesson_meta, directory.name)))
    if not lessons:
        reader.problem(directory, 1, "un module a au moins une leçon")
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return Module(directory.name, number, meta.get("title", ""), meta.get("summary", ""),
                  tuple(map(str, key_points)) if isinstance(key_points, list) else (),
                  intro, tuple(lessons), digest.hexdigest()[:16], formerly)


def _formerly(reader: _Reader, path: Path, meta: dict, module: str | None) -> tuple[str, ...]:
    """The checked `formerly:` list of a module.md (`module` None) or of a lesson."""
    if meta.get("formerly") is None:
        return ()
    ids, messages = read_formerly(meta["formerly"], module)
    for message in messages:
        reader.problem(path, reader.line_of(path, "formerly"), message)
    return ids


def _read_glossary(reader: _Reader, directory: Path) -> tuple[Term, ...]:
    path = directory / "glossary.yaml"
    if not path.exists():
        reader.problem(path, 1, "fichier glossary.yaml manquant")
        return ()
    text = path.read_text(encoding="utf-8")
    try:
        tree, entries = yamltext.parse(text)
        lines = [yamltext.line(node) for node in getattr(tree, "value", [])]
        entries = entries or []
    except yaml.YAMLError as error:
        reader.problem(path, 1, f"YAML illisible : {error}")
        return ()
    terms, seen = [], set()
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            reader.problem(path, line, f"entrée n° {index + 1} : « term » et « definition » requis")
            continue
        aliases = tuple(str(a) for a in entry.get("aliases") or ())
        # Terms are matched case-sensitively ("CPE" and "CPe" may both be spellings of one).
        for spelling in (str(entry["term"]), *aliases):
            if spelling in seen:
                reader.problem(path, line, f"terme en double : {spelling}")
            seen.add(spelling)
        terms.append(Term(str(entry["term"]), str(entry["definition"]).strip(),
                          entry.get("expansion"), aliases))
    return tuple(terms)
