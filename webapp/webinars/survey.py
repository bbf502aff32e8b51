"""The satisfaction survey: present attendees answer once, after the session. Flush only."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from wtforms import RadioField, TextAreaField
from wtforms.validators import AnyOf, Length

from ..extensions import db
from ..forms import Form, choices, required
from ..models import SurveyAnswer, User, Webinar

MARKS = {1: "1 — pas du tout satisfait(e)", 2: "2 — peu satisfait(e)", 3: "3 — moyennement",
         4: "4 — satisfait(e)", 5: "5 — très satisfait(e)"}
COMMENT_LIMIT = 2000


class SurveyForm(Form):
    rating = RadioField("Dans l'ensemble, êtes-vous satisfait(e) de ce webinaire ?",
                        choices=choices((str(mark), label) for mark, label in MARKS.items()),
                        validate_choice=False, validators=[
                            required("Choisissez une note de 1 à 5."),
                            AnyOf([str(mark) for mark in MARKS],
                                  message="Choisissez une note de 1 à 5.")])
    comment = TextAreaField("Un commentaire (facultatif)", validators=[
        Length(max=COMMENT_LIMIT,
               message="Le commentaire tient en 2\u00a0000 caractères au plus.")])


class SurveyRefused(ValueError):
    """The answer cannot be recorded; the message says why, in French."""


def answer_of(webinar: Webinar, person: User) -> SurveyAnswer | None:
    return db.session.scalar(db.select(SurveyAnswer).filter_by(webinar_id=webinar.id,
                                                               user_id=person.id))


def record_answer(webinar: Webinar, person: User, rating: int, comment: str,
                  now: datetime) -> SurveyAnswer:
    """Record the person's one answer; a second one is refused, the first one kept."""
    if answer_of(webinar, person) is not None:
        raise SurveyRefused("Vous avez déjà répondu à ce questionnaire : une seule réponse "
                            "par personne.")
    answer = SurveyAnswer(webinar_id=webinar.id, user_id=person.id, rating=rating,
                          comment=(comment or "").strip(), answered_at=now)
    try:
        with db.session.begin_nested():  # two tabs sending at once: the second one is refused
            db.session.add(answer)
    except IntegrityError:
        raise SurveyRefused("Vous avez déjà répondu à ce questionnaire.") from None
    return answer


@dataclass(frozen=True)
class Satisfaction:
    answers: int
    mean: float | None
    distribution: dict[int, int]
    comments: list[SurveyAnswer]

    def share(self, mark: int) -> int:
        """The percentage of answers giving `mark`."""
        return round(100 * self.distribution[mark] / self.answers) if self.answers else 0


def satisfaction(webinar: Webinar) -> Satisfaction:
    """The answers: how many, their mean, how marks spread, and the comments (no names)."""
    answers = db.session.scalars(db.select(SurveyAnswer).filter_by(webinar_id=webinar.id)
                                 .order_by(SurveyAnswer.answered_at)).all()
    distribution = {mark: 0 for mark in MARKS}
    for answer in answers:
        distribution[answer.rating] += 1
    mean = sum(a.rating for a in answers) / len(answers) if answers else None
    return Satisfaction(len(answers), mean, distribution, [a for a in answers if a.comment])
