"""How long a lesson must stay open before it counts as read: a share of a reading of its words."""

import math
import re
from functools import lru_cache

from .model import Course, Lesson
from .problems import Problem

# An adult reads continuous French prose at about 230 words a minute: the reference reading.
WORDS_PER_MINUTE = 230
# What counts as a word: a run of letters or digits (Markdown signs and figures are not words).
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=1024)
def word_count(text: str) -> int:
    """The number of words of a Markdown text.

    Kept per text: lesson bodies never change in a process, and every lesson page asks for its
    minimum reading time (counting a lesson's words costs a tenth of the page).
    """
    return len(WORD.findall(text))


def reading_minutes(lesson: Lesson, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    """How long a full reading of a lesson takes at that speed, in minutes."""
    return word_count(lesson.body) / words_per_minute


def minimum_seconds(lesson: Lesson, factor: float,
                    words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Seconds a lesson must stay open to count as read: `factor` × a reading at that speed.

    A factor of 0 turns the minimum off. Nobody's extra time lengthens it: it is a floor.
    """
    if factor <= 0 or words_per_minute <= 0:
        return 0
    return math.ceil(word_count(lesson.body) * 60 * factor / words_per_minute)


def course_minimum_seconds(lessons, factor: float,
                           words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """The sum of the minimums of these lessons: the shortest time to read them all."""
    return sum(minimum_seconds(lesson, factor, words_per_minute) for lesson in lessons)


# A lesson's declared `minutes` may differ from a reading of its words by this share, no more.
READING_TOLERANCE = 0.2


def reading_time_problems(course: Course) -> list[Problem]:
    """Lessons whose declared `minutes` is off by more than 20 % from a reading of their text.

    The course announces these minutes: they must be what the words take (230 a minute).
    """
    problems = []
    for lesson in course.lessons:
        actual = reading_minutes(lesson)
        if actual and abs(lesson.minutes - actual) > READING_TOLERANCE * actual:
            fitting = max(1, round(actual * 2) / 2)
            advice = (f"indiquez {fitting:g}" if abs(fitting - actual) <= READING_TOLERANCE * actual
                      else "allongez le texte")
            problems.append(Problem(lesson.path, 1, f"minutes : {lesson.minutes} annoncée(s), "
                                    f"mais le texte se lit en {actual:.1f} min (écart de plus "
                                    f"de 20 %) : {advice}"))
    return problems
