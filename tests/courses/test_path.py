"""The learner's path: one next step, from the first lesson to the habilitation."""

from datetime import datetime

from courses.path import ExamStanding, StepKind, learner_path, next_step
from courses.progress import course_progress

from .test_progress import make_course

QUIZZES = ("01-a", "02-b", "03-c")
ALL_LESSONS = [f"{m}/0{i}-l" for m in QUIZZES for i in (1, 2)]


def progress_of(read=(), passed=()):
    return course_progress(make_course(), read, quiz_modules=QUIZZES, passed_quizzes=passed)


def test_nothing_done_starts_with_the_first_lesson():
    """Does a learner with nothing done go to lesson 1, with 0 % of the path done?"""
    path = learner_path(progress_of(), ExamStanding(attempts_left=3))
    assert path.next.kind is StepKind.LESSON and path.next.lesson.key == "01-a/01-l"
    assert path.percent == 0 and path.total == 6 + 3 + 1
    assert [s.current for s in path.steps] == [True, False, False, False, False]
    assert [s.open for s in path.steps] == [True, False, False, False, False]


def test_a_lesson_being_read_stays_next_and_says_how_long():
    """Is the lesson whose reading clock runs still the next step, with the time it needs?"""
    step = next_step(progress_of(), ExamStanding(), reading=("01-a/01-l", 42))
    assert step.lesson.key == "01-a/01-l" and step.seconds_left == 42
    assert next_step(progress_of(), ExamStanding(), ("02-b/01-l", 42)).seconds_left == 0


def test_lessons_read_lead_to_the_quiz_then_the_next_module():
    """After a module's lessons, its quiz; after the quiz, the next module's first lesson."""
    read = ["01-a/01-l", "01-a/02-l"]
    step = next_step(progress_of(read), ExamStanding())
    assert step.kind is StepKind.QUIZ and step.module.slug == "01-a"
    step = next_step(progress_of(read, ["01-a"]), ExamStanding())
    assert step.kind is StepKind.LESSON and step.lesson.key == "02-b/01-l"


def test_every_module_done_leads_to_the_exam_and_counts_quizzes_not_only_reading():
    """Is the exam next once every module is done, and is the path not 100 % before it?"""
    path = learner_path(progress_of(ALL_LESSONS, QUIZZES), ExamStanding(attempts_left=2))
    assert path.next.kind is StepKind.EXAM and path.next.attempts_left == 2
    assert path.done == 9 and path.percent == 90
    assert path.steps[-2].current and path.steps[-2].open
    # Every lesson read but no quiz passed: far from done.
    assert learner_path(progress_of(ALL_LESSONS), ExamStanding()).percent == 60


def test_no_attempt_left_says_when_the_next_one_opens():
    """With the attempts of 24 hours used, does the step say when the exam reopens?"""
    opens = datetime(2026, 12, 6, 9, 0)
    step = next_step(progress_of(ALL_LESSONS, QUIZZES), ExamStanding(next_attempt_at=opens))
    assert step.kind is StepKind.EXAM_WAIT and step.opens_at == opens
    step = next_step(progress_of(ALL_LESSONS, QUIZZES), ExamStanding(in_progress=True))
    assert step.kind is StepKind.EXAM and step.in_progress


def test_a_pass_leads_to_the_attestation_then_the_habilitation():
    """After the pass: the attestation (100 %); once the RL records it: the habilitation."""
    path = learner_path(progress_of(ALL_LESSONS, QUIZZES), ExamStanding(passed=True))
    assert path.next.kind is StepKind.ATTESTATION and path.percent == 100 and path.finished
    assert path.steps[-1].current and not path.steps[-1].done
    path = learner_path(progress_of(ALL_LESSONS, QUIZZES),
                        ExamStanding(passed=True, habilitated=True))
    assert path.next.kind is StepKind.HABILITATED and path.steps[-1].done
