"""Progress across content revisions: stored lesson keys and quiz module slugs, read in terms of
the current course (a renamed lesson keeps its readers, a split lesson gives them both parts)."""

from collections.abc import Iterable

from .model import ORDERED_NAME, Course, Lesson


def current_lessons(course: Course, keys: Iterable[str]) -> frozenset[str]:
    """The current lessons that stored keys stand for: a current key stands for itself, a
    former key for the lesson(s) that took it over, a key of a removed lesson for nothing."""
    current = {lesson.key for lesson in course.lessons}
    renamed = course.renamed_lessons
    found: set[str] = set()
    for key in keys:
        if key in current:
            found.add(key)
        else:
            found.update(renamed.get(key, ()))
    return frozenset(found)


def current_modules(course: Course, slugs: Iterable[str]) -> frozenset[str]:
    """The current modules that stored module slugs (quiz attempts) stand for."""
    current = {module.slug for module in course.modules}
    renamed = course.renamed_modules
    return frozenset(slug if slug in current else renamed[slug] for slug in slugs
                     if slug in current or slug in renamed)


def stored_keys(course: Course, lesson: Lesson) -> tuple[str, ...]:
    """Every key under which a reading of `lesson` may be stored: its own, then its former."""
    return (lesson.key, *(old for old, keys in course.renamed_lessons.items()
                          if lesson.key in keys))


def read_formerly(values, module: str | None) -> tuple[tuple[str, ...], list[str]]:
    """The former ids of a `formerly:` field and the problems with it (French messages).

    For a module (`module` None): former module slugs. For a lesson of `module`: former lesson
    keys; a bare `NN-slug` names a lesson of the same module, `NN-module/NN-slug` of another.
    """
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return (), ["formerly : une liste d'anciens identifiants attendue"]
    expected = ("NN-ancien-module" if module is None
                else "NN-ancienne-lecon ou NN-module/NN-ancienne-lecon")
    found, problems = [], []
    for value in values:
        parts = value.split("/")
        if module is not None and len(parts) == 1:
            parts = [module, *parts]
        if len(parts) != (1 if module is None else 2) or not all(
                ORDERED_NAME.match(part) for part in parts):
            problems.append(f"formerly : « {value} » n'est pas un identifiant ({expected})")
        elif "/".join(parts) in found:
            problems.append(f"formerly : « {value} » cité deux fois")
        else:
            found.append("/".join(parts))
    return tuple(found), problems


def former_id_conflicts(course: Course) -> list[tuple[str, str]]:
    """(file relative to the course folder, message) for each former id that would count a
    reader twice or wrongly: naming a current lesson or module, or a module claimed by two.

    Two lessons naming one former lesson is allowed: that lesson was split, both count as read.
    """
    lessons = {lesson.key for lesson in course.lessons}
    slugs = {module.slug for module in course.modules}
    problems, claimed = [], {}
    for module in course.modules:
        name = f"{module.slug}/module.md"
        for old in module.formerly:
            if old in slugs:
                problems.append((name, f"formerly : « {old} » est un module actuel, "
                                       "pas un ancien"))
            elif old in claimed:
                problems.append((name, f"formerly : « {old} » est déjà l'ancien nom du module "
                                       f"{claimed[old]} (déplacez plutôt les leçons, chacune "
                                       "avec son formerly)"))
            claimed.setdefault(old, module.slug)
        for lesson in module.lessons:
            problems += [(f"{lesson.key}.md", f"formerly : « {old} » est une leçon actuelle, "
                                              "pas une ancienne")
                         for old in lesson.formerly if old in lessons]
    return problems
