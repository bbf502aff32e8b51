"""Under load: a webinar ends and many learners submit their final exam within the same minute.

Each learner has a test client of their own; the submissions leave threads released together by
a barrier, so that they reach the database at the same instant (on SQLite: several writers
waiting on BEGIN IMMEDIATE; on PostgreSQL: concurrent transactions).
"""


from werkzeug.datastructures import MultiDict

from directory.structures import StructureRole
from tests.factories import PASSWORD, make_person
from webapp.extensions import db
from webapp.models import QuizAttempt, User
from webapp.quiz.operations import result

from .concurrency import at_once
from .sql import statements_sent
from .steps import EXAM, make_exam_ready, right_values

LEARNERS = 12
# Two would be a double click; a few more make the requests overlap in the database, not
# merely in time (each spends a few ms in Python before reading the attempt).
COPIES = 6


def answers(attempt, right=True) -> MultiDict:
    """The submit form of an attempt: every answer right, or every answer left empty."""
    return MultiDict([(f"q-{d['question_id']}", v) for d in attempt.drawn
                      for v in (right_values(d["question_id"]) if right else [""])]
                     + ([] if right else [("confirm", "unanswered")]))


def learner_ready_for_exam(app, email):
    """A signed-in learner's client and their open exam attempt."""
    person = make_person(email)
    make_exam_ready(person)
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    assert client.post(EXAM).status_code == 303
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
        user_id=person.id, kind="exam", submitted_at=None))
    return client, attempt


def closing_writes():
    """The UPDATEs that close an attempt (set its submitted_at), as the database receives them.

    The stored row cannot show a second submission (the last writer leaves it consistent):
    the statements can.
    """
    table = QuizAttempt.__table__.name
    return statements_sent(
        lambda sql: sql.startswith(f"UPDATE {table} ") and "submitted_at" in sql)


def to_result(response) -> bool:
    """Whether the response sends to the exam's page and its result (a 303 to /login would not
    do); after a pass, without the anchor: the attestation card comes first."""
    return response.status_code == 303 and response.headers["Location"].split("#")[0].endswith(
        EXAM)


def exam_attempts(person_id=None):
    query = db.select(QuizAttempt).filter_by(kind="exam")
    if person_id is not None:
        query = query.filter_by(user_id=person_id)
    return db.session.scalars(query.order_by(QuizAttempt.id)).all()


def test_simultaneous_submissions_are_each_stored_once_and_graded(app):
    """When many learners submit at the same instant, is every exam stored once and graded?"""
    ready = [learner_ready_for_exam(app, f"apprenant{n}@exemple.fr") for n in range(LEARNERS)]

    with closing_writes() as writes:
        responses, failures = at_once([(client, f"{EXAM}/{attempt.id}/submit",
                                        answers(attempt)) for client, attempt in ready])

    assert failures == [], [repr(f) for f in failures]
    assert all(to_result(r) for r in responses), [r.status_code for r in responses]
    assert not any("database is locked" in r.get_data(as_text=True) for r in responses)
    stored = exam_attempts()
    assert len(stored) == LEARNERS
    assert len({a.user_id for a in stored}) == LEARNERS  # one attempt per learner
    assert len(writes) == LEARNERS  # each closed once
    for attempt in stored:
        assert attempt.submitted_at is not None and attempt.score is not None
        assert attempt.score == attempt.total == 20 and attempt.passed


def test_double_submit_at_the_same_instant_yields_one_result(app):
    """Does a learner whose submission leaves several times at once (double click, replay)
    get one result?"""
    first, attempt = learner_ready_for_exam(app, "lea@exemple.fr")
    host = app.config["SERVER_NAME"]
    cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=host)
    clients = [first]
    for _ in range(COPIES - 1):  # the same browser: the same session cookie
        clients.append(app.test_client())
        clients[-1].set_cookie(cookie.key, cookie.value, domain=host)
    url = f"{EXAM}/{attempt.id}/submit"

    # Right and wrong answers in turn, so that a second grading could show in the score.
    with closing_writes() as writes:
        responses, failures = at_once([(client, url, answers(attempt, right=n % 2 == 0))
                                       for n, client in enumerate(clients)])

    assert failures == [], [repr(f) for f in failures]
    assert all(to_result(r) for r in responses), [r.status_code for r in responses]
    (stored,) = exam_attempts(attempt.user_id)
    assert stored.submitted_at is not None and stored.score in (0, 20)
    assert len(writes) == 1  # the others found the attempt closed and left it alone
    # The score is that of the answers kept: one submission won, whole, not a mix.
    assert result(stored).score == stored.score
    score, submitted_at = stored.score, stored.submitted_at
    assert to_result(first.post(url, data=answers(attempt, right=stored.score == 0)))
    db.session.refresh(stored)
    assert (stored.score, stored.submitted_at) == (score, submitted_at)


def test_a_pass_holds_the_write_lock_for_its_writes_alone(app):
    """Does a passing submission read its session, its answers, the holder's structures and
    RLs before it takes the write lock, hold that lock for the writes alone, and only once?"""
    from sqlalchemy import event

    from tests.factories import attach, make_organisation
    from webapp.database import may_write

    client, attempt = learner_ready_for_exam(app, "ines@exemple.fr")
    organisation = make_organisation()
    attach(db.session.get(User, attempt.user_id), organisation)
    attach(make_person("rl@exemple.fr"), organisation, StructureRole.LEGAL_REP)
    form, url = answers(attempt), f"{EXAM}/{attempt.id}/submit"
    db.session.commit()  # the test's own reads and writes, before the request's are watched
    writing, under_lock, write_transactions = [False], [], []

    def begin(_connection):
        writing[0] = may_write()
        if writing[0]:
            write_transactions.append(True)

    def executed(_connection, _cursor, statement, *_):
        if writing[0]:
            under_lock.append(" ".join(statement.split()))

    event.listen(db.engine, "begin", begin)
    event.listen(db.engine, "before_cursor_execute", executed)
    try:
        response = client.post(url, data=form)
    finally:
        event.remove(db.engine, "begin", begin)
        event.remove(db.engine, "before_cursor_execute", executed)

    assert to_result(response)
    # The write lock taken once: nothing read after the commit (it would queue for the lock again).
    assert len(write_transactions) == 1
    reads = [sql for sql in under_lock if sql.startswith("SELECT")]
    read_tables = {sql.split(" FROM ", 1)[1].split()[0] for sql in reads}
    # The attempt and the person re-read under lock (a second submission, an identity
    # correction), and what a pass must not issue twice: nothing else.
    assert read_tables <= {"quiz_attempt", "user_account", "attestation", "elearning_flag"}, reads
    assert not any("login_session" in sql or "membership" in sql for sql in under_lock)
    writes = {sql.split()[2] for sql in under_lock if sql.startswith("INSERT")}
    assert {"attestation", "elearning_flag", "outbox_message", "audit_event"} <= writes
