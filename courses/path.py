"""The learner's path through a course: its steps, how far along it they are, and the one next
thing to do (a lesson, a module quiz, the final exam, the attestation, the RL's habilitation)."""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .model import Lesson, Module
from .progress import CourseProgress


class StepKind(Enum):
    """What the next step asks of the learner."""

    LESSON = "lesson"  # read the next unread lesson
    QUIZ = "quiz"  # pass the quiz of a module whose lessons are all read
    EXAM = "exam"  # sit (or go on with) the final exam
    EXAM_WAIT = "exam_wait"  # every attempt of the last 24 hours used: wait for the next one
    ATTESTATION = "attestation"  # passed: download the attestation, show it to the RL
    HABILITATED = "habilitated"  # the RL recorded the habilitation: the path is over


@dataclass(frozen=True)
class ExamStanding:
    """What the path needs to know of the final exam and what follows it, as plain values."""

    passed: bool = False
    in_progress: bool = False
    attempts_left: int = 0
    next_attempt_at: datetime | None = None
    habilitated: bool = False  # an RL recorded the habilitation « Gestionnaire RPPS+ »


@dataclass(frozen=True)
class NextStep:
    """The one next thing to do: its kind, the module or lesson it concerns, and when it opens
    (a lesson still being read: `seconds_left`; the exam after three failures: `opens_at`)."""

    kind: StepKind
    module: Module | None = None
    lesson: Lesson | None = None
    attempts_left: int = 0
    opens_at: datetime | None = None
    seconds_left: int = 0
    in_progress: bool = False  # an exam attempt already started: go on with it


@dataclass(frozen=True)
class PathStep:
    """One step of the overview: a module (lessons and quiz), the exam or the attestation."""

    title: str
    done: bool
    current: bool
    open: bool
    detail: str
    module: Module | None = None
    is_exam: bool = False


@dataclass(frozen=True)
class LearnerPath:
    """The steps of a course for one learner, the measure of what is done, and what is next."""

    steps: tuple[PathStep, ...]
    done: int  # lessons read + module quizzes passed + the exam when passed
    total: int
    next: NextStep

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        """The exam passed: only the attestation's follow-up is left."""
        return self.next.kind in (StepKind.ATTESTATION, StepKind.HABILITATED)

    @property
    def over(self) -> bool:
        """The habilitation recorded: nothing is left to do."""
        return self.next.kind is StepKind.HABILITATED


def next_step(progress: CourseProgress, exam: ExamStanding,
              reading: tuple[str, int] | None = None) -> NextStep:
    """The one next thing to do: next unread lesson → module quiz → next module → final exam
    → attestation → habilitation. `reading` is the lesson whose reading clock runs (its key)
    and the seconds it still needs: the step stays on that lesson and says how long."""
    if exam.passed:
        return NextStep(StepKind.HABILITATED if exam.habilitated else StepKind.ATTESTATION)
    target = progress.resume
    if isinstance(target, Lesson):
        left = reading[1] if reading and reading[0] == target.key else 0
        return NextStep(StepKind.LESSON, progress.course.module(target.module_slug), target,
                        seconds_left=left)
    if isinstance(target, Module):
        return NextStep(StepKind.QUIZ, target)
    if exam.in_progress or exam.attempts_left > 0:
        return NextStep(StepKind.EXAM, attempts_left=exam.attempts_left,
                        in_progress=exam.in_progress)
    return NextStep(StepKind.EXAM_WAIT, opens_at=exam.next_attempt_at)


def learner_path(progress: CourseProgress, exam: ExamStanding,
                 reading: tuple[str, int] | None = None) -> LearnerPath:
    """The path of one learner: each module with its quiz, the exam, the attestation."""
    step = next_step(progress, exam, reading)
    current_module = step.module.slug if step.module else None
    steps = []
    for module in progress.modules:
        quiz = ("quiz réussi" if module.quiz_passed else "quiz à passer") if module.has_quiz \
            else ""
        detail = f"{module.read} / {module.total} leçons lues" + (f", {quiz}" if quiz else "")
        steps.append(PathStep(f"Module {module.module.number} : {module.module.title}",
                              module.completed, module.module.slug == current_module,
                              module.unlocked, detail, module.module))
    exam_current = step.kind in (StepKind.EXAM, StepKind.EXAM_WAIT)
    steps.append(PathStep(
        "Examen final", exam.passed, exam_current, progress.completed or exam.passed,
        "réussi" if exam.passed else "en cours" if exam.in_progress
        else "ouvert" if progress.completed else "s'ouvre quand tous les modules sont terminés",
        is_exam=True))
    steps.append(PathStep(
        "Attestation et habilitation", exam.habilitated, step.kind is StepKind.ATTESTATION,
        exam.passed,
        "habilitation enregistrée" if exam.habilitated
        else "attestation délivrée : à montrer à votre représentant légal" if exam.passed
        else "délivrée à la réussite de l'examen"))
    quizzes = [m for m in progress.modules if m.has_quiz]
    done = (sum(m.read for m in progress.modules) + sum(m.quiz_passed for m in quizzes)
            + int(exam.passed))
    total = len(progress.course.lessons) + len(quizzes) + 1
    return LearnerPath(tuple(steps), done, total, step)
