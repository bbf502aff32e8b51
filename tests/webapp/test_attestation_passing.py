"""A pass's attestation is prepared (reads, e-mails rendered) before the write transaction and
written under lock: what changes in between, and the number given under lock, are not lost."""

from flask import current_app

from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.learn.operations import progress_of
from webapp.models import Attestation, ElearningFlag, OutboxMessage
from webapp.quiz import exam, submission

from .steps import COURSE, make_exam_ready, right_values


def prepared_pass(person) -> submission.Submission:
    """A passing exam attempt of `person`, started, answered and prepared; the reads ended."""
    course = courses()[COURSE]
    attempt = exam.start_exam(person, course,
                              exam.exam_status(person, course, progress_of(person, course)))
    attempt.answers = {item["question_id"]: right_values(item["question_id"])
                       for item in attempt.drawn}
    db.session.commit()
    prepared = submission.prepare_submission(attempt)
    db.session.commit()
    return prepared


def mail_to(email) -> list[OutboxMessage]:
    return db.session.scalars(db.select(OutboxMessage).filter_by(recipient=email)).all()


def test_each_email_carries_the_number_given_under_lock(app):
    """Two passes prepared before either is written: does each attestation's e-mails carry its
    own number (given in the write transaction), and no stand-in for it?"""
    first, second = make_person("lea@exemple.fr"), make_person("noe@exemple.fr")
    for person in (first, second):
        make_exam_ready(person)
    with current_app.test_request_context(method="POST"):
        prepared = {person.email: prepared_pass(person) for person in (first, second)}
        for email in ("noe@exemple.fr", "lea@exemple.fr"):  # the later prepared, written first
            submission.record_submission(prepared[email])
            db.session.commit()
    for person, sequence in ((second, "000001"), (first, "000002")):
        attestation = db.session.scalar(db.select(Attestation).filter_by(user_id=person.id))
        assert attestation.number.endswith(sequence)
        [message] = mail_to(person.email)
        assert f"n° {attestation.number} est prête" in message.body_text
        assert f"/attestations/{attestation.number}.pdf" in message.body_text
        assert "/verify/" + attestation.code in message.body_text
        assert "numero-" not in message.body_text
        assert db.session.get(ElearningFlag, person.id).attestation_id == attestation.id


def test_a_name_changed_after_the_reads_is_the_one_issued(app):
    """When the person's name changes between the reads of a pass and its writes, do the
    attestation and the e-mails to them and their RL bear the new name?"""
    structure = make_organisation()
    rl = make_legal_rep(structure, email="rl@exemple.fr")
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    attach(person, structure)
    make_exam_ready(person)
    with current_app.test_request_context(method="POST"):
        prepared = prepared_pass(person)
        person.first_name, person.last_name = "Lina", "Martin-Roux"  # another request's change
        db.session.commit()
        submission.record_submission(prepared)
        db.session.commit()
    attestation = db.session.scalar(db.select(Attestation).filter_by(user_id=person.id))
    assert (attestation.holder_first_name, attestation.holder_name) == ("Lina",
                                                                        "Lina Martin-Roux")
    [told] = mail_to(person.email)
    assert told.body_text.startswith("Bonjour Lina,") and attestation.number in told.body_text
    [told_rl] = mail_to(rl.email)
    assert told_rl.subject == "Lina Martin-Roux a réussi l'e-learning RPPS+"
    assert "Lina Martin-Roux a réussi" in told_rl.body_text and "Léa" not in told_rl.body_text
