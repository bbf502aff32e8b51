"""Read the YAML question banks of a course, and say precisely what is wrong with them."""

import re
from pathlib import Path
from typing import Any

import yaml

from courses import yamltext
from courses.model import Course, Module
from courses.problems import ContentError, Problem

from .generated import generated_questions
from .model import ID, Bank, Option, Question
from .types import TYPES

BANKS = Path(__file__).resolve().parent / "banks"
REQUIRED = ("id", "type", "lesson", "prompt", "explanation")
TYPE_FIELDS = frozenset().union(*(kind.fields for kind in TYPES.values()))
# A module quiz draws 5 to 8 questions: a smaller bank could not fill one.
MIN_PER_MODULE = 5
# The exam pool: `<course>/examen/<module>.yaml`, never shown by a module quiz.
EXAM_POOL = "examen"
EXAM_MIN_PER_MODULE = 8
EXAM_MIN_PER_LESSON = 2  # every lesson teaches a rule: two exam questions each, at least
# A source names a seed deck (`deck 000`, `deck 003`) or DOMAIN.md.
SOURCE = re.compile(r"deck 00[03]|DOMAIN\.md")


def load_banks(root: Path, course: Course) -> dict[str, Bank]:
    """The banks of `course` by module slug, generated questions included; ContentError if any."""
    banks, problems = _read_banks(root, course)
    if problems:
        raise ContentError(problems)
    return banks


def check_banks(root: Path, course: Course) -> list[Problem]:
    """Every problem of the banks of `course` (empty when all is well)."""
    return _read_banks(root, course)[1]


def questions_by_id(banks: dict[str, Bank]) -> dict[str, Question]:
    """Every question of these banks by id (exam pools included): what grading reads."""
    return {q.id: q for bank in banks.values() for q in (*bank.questions, *bank.exam_questions)}


def _read_banks(root: Path, course: Course) -> tuple[dict[str, Bank], list[Problem]]:
    directory, problems = root / course.slug, []
    modules = {module.slug: module for module in course.modules}
    found: dict[str, list[Question]] = {slug: [] for slug in modules}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        if path.stem not in modules:
            problems.append(Problem(_name(root, path), 1, f"aucun module « {path.stem} » "
                                    f"dans le cours {course.slug}"))
        else:
            found[path.stem] += _read_file(path, _name(root, path), modules[path.stem], problems)
    for question in generated_questions(course.slug):
        module = modules.get(question.module_slug)
        if module is None or question.lesson_slug not in {x.slug for x in module.lessons}:
            problems.append(Problem(question.path, 1, f"questions générées : leçon "
                                    f"{question.lesson_key} absente du cours"))
            continue
        problems += [Problem(question.path, 1, f"{question.id} : {message}")
                     for message in TYPES[question.type].validate(question)]
        found[question.module_slug].append(question)
    pool = _read_pool(root, directory / EXAM_POOL, modules, problems)
    problems += _duplicate_ids(q for questions in (*found.values(), *pool.values())
                               for q in questions)
    for slug, questions in found.items():
        if len(questions) < MIN_PER_MODULE:
            path = _name(root, directory / f"{slug}.yaml")
            problems.append(Problem(path, 1, f"{len(questions)} question(s) pour le module "
                                    f"{slug} : au moins {MIN_PER_MODULE} attendues"))
    problems += _pool_problems(root, directory / EXAM_POOL, modules, found, pool)
    banks = {slug: Bank(course.slug, slug, tuple(questions), tuple(pool[slug]))
             for slug, questions in found.items()}
    return banks, problems


def _read_pool(root: Path, directory: Path, modules: dict[str, Module],
               problems: list[Problem]) -> dict[str, list[Question]]:
    # Same format as the quiz banks; every question is an exam question, with its source.
    pool: dict[str, list[Question]] = {slug: [] for slug in modules}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        name = _name(root, path)
        if path.stem not in modules:
            problems.append(Problem(name, 1, f"aucun module « {path.stem} » pour cette réserve"))
            continue
        for question in _read_file(path, name, modules[path.stem], problems, pool=True):
            pool[path.stem].append(question)
    return pool


def _pool_problems(root: Path, directory: Path, modules: dict[str, Module],
                   quiz: dict[str, list[Question]], pool: dict[str, list[Question]]):
    problems = []
    prompts = {_words(q.prompt): q for questions in quiz.values() for q in questions}
    for slug, questions in pool.items():
        path = _name(root, directory / f"{slug}.yaml")
        if len(questions) < EXAM_MIN_PER_MODULE:
            problems.append(Problem(path, 1, f"réserve d'examen du module {slug} : "
                                    f"{len(questions)} question(s), au moins "
                                    f"{EXAM_MIN_PER_MODULE} attendues"))
        for lesson in modules[slug].lessons:
            count = sum(q.lesson_slug == lesson.slug for q in questions)
            if count < EXAM_MIN_PER_LESSON:
                problems.append(Problem(path, 1, f"leçon {lesson.key} : {count} question(s) "
                                        f"d'examen, au moins {EXAM_MIN_PER_LESSON} attendues"))
        for question in questions:
            twin = prompts.get(_words(question.prompt))
            if twin is not None:
                problems.append(Problem(question.path, question.line, f"{question.id} : même "
                                        f"énoncé qu'une question de quiz ({twin.id}) : la "
                                        "réserve d'examen n'est jamais montrée en quiz"))
    return problems


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _name(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent.parent))
    except ValueError:
        return str(path)


def _read_file(path: Path, name: str, module: Module, problems: list[Problem],
               pool: bool = False) -> list[Question]:
    text = path.read_text(encoding="utf-8")
    try:
        node, data = yamltext.parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or error
        problems.append(Problem(name, mark.line + 1 if mark else 1, f"YAML illisible : {reason}"))
        return []
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        problems.append(Problem(name, 1, "attendu : « module: » puis « questions: », une liste"))
        return []
    lines = _key_lines(node, name, problems)
    if data.get("module") != module.slug:
        problems.append(Problem(name, lines.get("module", 1),
                                f"module : « {module.slug} » attendu (le nom du fichier)"))
    for key in sorted(set(data) - {"module", "questions"}, key=str):
        problems.append(Problem(name, lines.get(key, 1), f"champ « {key} » inconnu"))
    items = _value(node, "questions").value
    return [question for raw, item in zip(data["questions"], items, strict=True)
            if (question := _read_question(raw, item, name, module, problems, pool))]


def _read_question(raw: Any, node: yaml.Node, name: str, module: Module,
                   problems: list[Problem], pool: bool = False) -> Question | None:
    here = node.start_mark.line + 1
    if not isinstance(raw, dict):
        problems.append(Problem(name, here, "une question est un tableau « champ: valeur »"))
        return None
    lines = _key_lines(node, name, problems)

    def problem(key: str | None, message: str) -> None:
        problems.append(Problem(name, lines.get(key, here), message))

    kind = TYPES.get(raw["type"]) if isinstance(raw.get("type"), str) else None
    # A quiz question may say `exam: false` (kept from before the pool: it changes nothing);
    # an exam-pool question says where it comes from instead.
    allowed = {*REQUIRED, *TYPE_FIELDS, "source" if pool else "exam"}
    for key in raw:
        if key in TYPE_FIELDS and kind and key not in kind.fields:
            problem(key, f"champ « {key} » inutile pour le type « {kind.name} »")
        elif key not in allowed:
            problem(key, f"champ « {key} » inconnu")
    required = (*REQUIRED, *(kind.fields if kind else ()), *(("source",) if pool else ()))
    missing = [key for key in required if raw.get(key) in (None, "", [], {})]
    for key in missing:
        problem(key, f"champ « {key} » manquant")
    if "type" not in missing and kind is None:
        problem("type", f"type « {raw['type']} » inconnu (attendu : {', '.join(TYPES)})")
    if "id" not in missing and not (isinstance(raw["id"], str) and ID.fullmatch(raw["id"])):
        problem("id", f"identifiant invalide {raw['id']!r} (minuscules, chiffres, tirets)")
    if "lesson" not in missing and raw["lesson"] not in [x.slug for x in module.lessons]:
        problem("lesson", f"leçon « {raw['lesson']} » inconnue dans le module {module.slug}")
    for key in ("prompt", "explanation"):
        if key not in missing and not isinstance(raw[key], str):
            problem(key, f"{key} : un texte attendu")
    if not isinstance(raw.get("exam", True), bool):
        problem("exam", "exam : true ou false attendu")
    if pool and "source" not in missing and not SOURCE.search(str(raw["source"])):
        problem("source", "source : nommez le deck (« deck 000 », « deck 003 ») ou DOMAIN.md")
    items = {key: _options(raw.get(key), key, problem) for key in ("options", "left", "right")}
    if missing or kind is None:
        return None
    question = Question(
        str(raw["id"]), module.slug, str(raw["lesson"]), kind.name, str(raw["prompt"]).strip(),
        str(raw["explanation"]).strip(), kind.fixed_options or items["options"],
        _frozen(raw.get("answer")), items["left"], items["right"], pool, name, here,
        str(raw.get("source", "")).strip())
    for message in kind.validate(question):
        # A type's messages start with the field they are about: point at that field's line.
        problem(message.partition(" :")[0], message)
    return question


def _duplicate_ids(questions) -> list[Problem]:
    # Ids are unique in the whole course: attempts store them, and an exam mixes the modules.
    first: dict[str, Question] = {}
    problems = []
    for question in questions:
        if question.id in first:
            other = first[question.id]
            problems.append(Problem(question.path, question.line, f"identifiant « {question.id} »"
                                    f" déjà utilisé ({other.path}:{other.line})"))
        first.setdefault(question.id, question)
    return problems


def _options(raw: Any, key: str, problem) -> tuple[Option, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(o, dict) and set(o) == {"id", "text"}
                                            for o in raw):
        problem(key, f"{key} : une liste de {{id: …, text: …}} attendue")
        return ()
    return tuple(Option(_frozen(o["id"]), _frozen(o["text"])) for o in raw)


def _frozen(value: Any) -> Any:
    # Frozen questions hold tuples: a YAML list becomes a tuple, a mapping a tuple of pairs.
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    return value


def _key_lines(node: yaml.Node, name: str, problems: list[Problem]) -> dict[Any, int]:
    """The line of each key of a mapping node, reporting keys written twice."""
    lines: dict[Any, int] = {}
    for key, _ in yamltext.key_nodes(node):
        if key.value in lines:
            problems.append(Problem(name, yamltext.line(key),
                                    f"champ « {key.value} » écrit deux fois"))
        lines[key.value] = yamltext.line(key)
    return lines


def _value(node: yaml.MappingNode, key: str) -> yaml.Node:
    # The last one, as PyYAML's loader keeps the last of a key written twice.
    return [value for k, value in node.value if k.value == key][-1]
