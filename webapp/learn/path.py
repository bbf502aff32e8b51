"""A person's path through a course (courses.path) from their rows, and where each step leads."""

from dataclasses import dataclass, replace

from flask import url_for

from courses.model import Course, Lesson
from courses.path import ExamStanding, LearnerPath, NextStep, StepKind, learner_path

from ..extensions import db
from ..models import Habilitation, User
from ..timekeeping import french_datetime
from ..wording import counted
from .operations import in_words, progress_of, reading_on

# The button of each next step; the page says the rest (why, how long, attempts left).
ACTIONS = {
    StepKind.LESSON: "Reprendre la lecture",
    StepKind.QUIZ: "Passer le quiz du module",
    StepKind.EXAM: "Passer l'examen final",
    StepKind.EXAM_WAIT: "Voir mon dernier résultat",
    StepKind.ATTESTATION: "Télécharger mon attestation (PDF)",
    StepKind.HABILITATED: "Télécharger mon attestation (PDF)",
}


def path_of(person: User, course: Course, progress=None) -> LearnerPath:
    """The person's path: lessons and quizzes done, the exam's standing, the habilitation."""
    # Imported here, not at the top: the quiz and attestations packages load their views,
    # which show this path, when they are imported.
    from ..quiz.exam import exam_status

    progress = progress or progress_of(person, course)
    if progress.completed:
        status = exam_status(person, course, progress)
        passed = status.passed
        standing = ExamStanding(
            passed=passed, in_progress=status.open_attempt is not None,
            attempts_left=max(0, status.attempts_allowed - status.attempts_today),
            next_attempt_at=status.next_attempt_at)
    else:
        # The exam is not open: only a pass on an earlier version (the flag) counts. The home
        # page has loaded the flag already, so this costs no query there.
        flag = person.elearning_flag
        passed = flag is not None and flag.attestation.course_slug == course.slug
        standing = ExamStanding(passed=passed)
    if passed:
        standing = replace(standing, passed=True, habilitated=db.session.scalar(
            db.select(Habilitation.id).filter_by(user_id=person.id, withdrawn_at=None,
                                                 attestation_revoked_at=None)
            .limit(1)) is not None)
    reading = None
    target = progress.resume
    if isinstance(target, Lesson):  # is its reading clock running?
        clock = reading_on(progress.clock, course, target, read=False)
        if clock.counts_at is not None:
            reading = (target.key, clock.seconds_left)
    return learner_path(progress, standing, reading)


@dataclass(frozen=True)
class Journey:
    """A path as a page shows it: the steps, and the primary action's label, URL and reason."""

    course: Course
    path: LearnerPath
    action: str
    url: str
    why: str


def journey_of(person: User, course: Course, progress=None) -> Journey:
    """The person's path in the course, with its one primary action, for a page."""
    from ..attestations.issuance import valid_attestation  # see path_of

    progress = progress or progress_of(person, course)
    path = path_of(person, course, progress)
    attestation = valid_attestation(person, course.slug) if path.finished else None
    if path.done == 0 and path.next.kind is StepKind.LESSON:
        # A lesson opened (its reading clock runs) is a start, though none is read yet.
        action = "Reprendre la formation" if progress.clock else "Commencer la formation"
    else:
        action = ("Reprendre l'examen en cours" if path.next.in_progress
                  else ACTIONS[path.next.kind])
    return Journey(course, path, action, step_url(course, path.next, attestation),
                   why(path.next))


def step_url(course: Course, step: NextStep, attestation=None) -> str:
    """Where the primary action of a step leads."""
    if step.kind is StepKind.LESSON:
        return url_for("learn.lesson", course_slug=course.slug,
                       module_slug=step.lesson.module_slug, lesson_slug=step.lesson.slug)
    if step.kind is StepKind.QUIZ:
        return url_for("quiz.show", course_slug=course.slug, module_slug=step.module.slug)
    if attestation is not None and step.kind in (StepKind.ATTESTATION, StepKind.HABILITATED):
        return url_for("attestations.download", number=attestation.number)
    return url_for("quiz.exam_page", course_slug=course.slug)


def why(step: NextStep) -> str:
    """The step in one French sentence: what it is, and why it is next."""
    if step.kind is StepKind.LESSON:
        said = f"Module {step.module.number}, leçon « {step.lesson.title} »."
        if step.seconds_left:
            said += (f" Elle est en cours de lecture : elle comptera comme lue dans "
                     f"{in_words(step.seconds_left)}.")
        return said
    if step.kind is StepKind.QUIZ:
        return (f"Toutes les leçons du module {step.module.number} sont lues : son quiz "
                f"(80 % de bonnes réponses, essais illimités) valide le module.")
    if step.kind is StepKind.EXAM and step.in_progress:
        return ("Votre examen final est commencé : vos réponses sont enregistrées, reprenez-le "
                "où vous l'avez laissé.")
    if step.kind is StepKind.EXAM:
        return ("Tous les modules sont terminés : l'examen final vous attend "
                f"({counted(step.attempts_left, 'tentative possible', 'tentatives possibles')} "
                "sur 24 heures). "
                "Sa réussite délivre votre attestation.")
    if step.kind is StepKind.EXAM_WAIT:
        opens = french_datetime(step.opens_at) if step.opens_at else "dans 24 heures"
        return (f"Vous avez utilisé vos tentatives d'examen des dernières 24 heures : la "
                f"prochaine s'ouvre le {opens}. D'ici là, relisez les leçons indiquées.")
    if step.kind is StepKind.ATTESTATION:
        return ("Examen réussi. Étape suivante : montrez l'attestation à votre représentant "
                "légal, qui enregistrera votre habilitation « Gestionnaire RPPS+ ».")
    return ("Habilitation « Gestionnaire RPPS+ » enregistrée par votre représentant légal. "
            "Votre attestation reste vérifiable par tous avec son code.")
