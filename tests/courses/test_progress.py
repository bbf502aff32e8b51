"""Progress: percentages, modules opening in order, and where to resume."""

from courses.model import Course, Lesson, Module
from courses.progress import course_progress


def make_course():
    modules = []
    for number, slug in enumerate(("01-a", "02-b", "03-c"), start=1):
        lessons = tuple(Lesson(slug, f"0{i}-l", f"Leçon {i}", 4, "") for i in (1, 2))
        modules.append(Module(slug, number, slug, "", (), "", lessons, "h"))
    return Course("c", "Cours", "1", "", "", tuple(modules))


def test_nothing_read():
    """Is only the first module open for a learner who has read nothing?"""
    progress = course_progress(make_course(), [])
    assert [m.unlocked for m in progress.modules] == [True, False, False]
    assert progress.percent == 0 and not progress.started
    assert progress.resume.key == "01-a/01-l"


def test_a_completed_module_opens_the_next():
    """Does finishing module 1 open module 2 (and not 3), resuming at 2's first lesson?"""
    progress = course_progress(make_course(), ["01-a/01-l", "01-a/02-l"])
    assert [m.unlocked for m in progress.modules] == [True, True, False]
    assert progress.of(progress.course.modules[0]).percent == 100
    assert progress.percent == 33
    assert progress.resume.key == "02-b/01-l"
    assert progress.blocking_module.slug == "02-b"


def test_reads_in_a_locked_module_do_not_open_it_early():
    """Do lessons read in module 3 leave module 2's gate in place?"""
    progress = course_progress(make_course(), ["03-c/01-l", "03-c/02-l"])
    assert [m.unlocked for m in progress.modules] == [True, False, False]
    assert progress.resume.key == "01-a/01-l"


def test_unknown_lessons_are_ignored_and_all_open_opens_everything():
    """Are lessons no longer in the course ignored, and can an admin open everything?"""
    progress = course_progress(make_course(), ["99-x/01-l"], all_open=True)
    assert progress.read_keys == frozenset() and all(m.unlocked for m in progress.modules)


def test_everything_read():
    """Is a fully read course complete at 100%?"""
    course = make_course()
    progress = course_progress(course, [lesson.key for lesson in course.lessons])
    assert progress.completed and progress.percent == 100 and progress.blocking_module is None
    assert progress.resume is None  # nothing left to read: the final exam is next


def test_a_module_with_a_quiz_completes_when_it_is_passed():
    """With a quiz, do read lessons leave the module open until the quiz is passed?"""
    course = make_course()
    lessons = ["01-a/01-l", "01-a/02-l"]
    waiting = course_progress(course, lessons, quiz_modules={"01-a"})
    assert not waiting.modules[0].completed and waiting.modules[0].lessons_read
    assert not waiting.modules[1].unlocked
    assert waiting.resume.slug == "01-a"  # the module itself: its quiz
    passed = course_progress(course, lessons, quiz_modules={"01-a"}, passed_quizzes={"01-a"})
    assert passed.modules[0].completed and passed.modules[1].unlocked
