"""A learner's progress through a course, computed from the lessons they have read."""

from dataclasses import dataclass

from .model import Course, Lesson, Module
from .revisions import current_lessons, current_modules


@dataclass(frozen=True)
class ModuleProgress:
    """How far a learner is in one module, and whether they may open it."""

    module: Module
    read: int
    unlocked: bool
    has_quiz: bool = False
    quiz_passed: bool = False

    @property
    def total(self) -> int:
        return len(self.module.lessons)

    @property
    def percent(self) -> int:
        return round(100 * self.read / self.total) if self.total else 0

    @property
    def lessons_read(self) -> bool:
        return self.read == self.total

    @property
    def completed(self) -> bool:
        """Every lesson read, and the module quiz passed when there is one."""
        return self.lessons_read and (self.quiz_passed or not self.has_quiz)


@dataclass(frozen=True)
class CourseProgress:
    """How far a learner is in a course: per module, overall, and where to resume."""

    course: Course
    read_keys: frozenset[str]
    modules: tuple[ModuleProgress, ...]

    @property
    def percent(self) -> int:
        total = len(self.course.lessons)
        read = sum(m.read for m in self.modules)
        return round(100 * read / total) if total else 0

    @property
    def completed(self) -> bool:
        return all(m.completed for m in self.modules)

    @property
    def started(self) -> bool:
        return bool(self.read_keys)

    def of(self, module: Module) -> ModuleProgress:
        return next(m for m in self.modules if m.module.slug == module.slug)

    def is_read(self, lesson: Lesson) -> bool:
        return lesson.key in self.read_keys

    def is_open(self, lesson: Lesson) -> bool:
        return self.of(self.course.module(lesson.module_slug)).unlocked

    @property
    def resume(self) -> Lesson | Module | None:
        """Where to go on: the first unread lesson of an open module, or the quiz (a Module)
        of an open module whose lessons are all read; None once every module is completed
        (the final exam is next)."""
        for progress in self.modules:
            if not progress.unlocked:
                break
            for lesson in progress.module.lessons:
                if lesson.key not in self.read_keys:
                    return lesson
            if not progress.completed:
                return progress.module
        return None if self.completed else self.course.lessons[0]

    @property
    def blocking_module(self) -> Module | None:
        """The first module not completed: the one to finish before the next opens."""
        return next((m.module for m in self.modules if not m.completed), None)


def course_progress(course: Course, read_keys, *, quiz_modules=(), passed_quizzes=(),
                    all_open: bool = False) -> CourseProgress:
    """Progress from the lessons read and the quizzes passed (by module slug), as stored: keys
    and slugs from before a content revision count for the lessons and modules that took them
    over (`formerly`). A module opens once the previous one is completed."""
    known = current_lessons(course, read_keys)
    passed_quizzes = current_modules(course, passed_quizzes)
    modules, previous_completed = [], True
    for module in course.modules:
        read = sum(lesson.key in known for lesson in module.lessons)
        progress = ModuleProgress(module, read, unlocked=all_open or previous_completed,
                                  has_quiz=module.slug in quiz_modules,
                                  quiz_passed=module.slug in passed_quizzes)
        modules.append(progress)
        previous_completed = previous_completed and progress.completed
    return CourseProgress(course, known, tuple(modules))
