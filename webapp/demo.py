"""Demo data for a fresh platform, made with the same functions as real use."""

from dataclasses import dataclass
from datetime import timedelta

from directory.structures import ContractMode, StructureRole
from quizzes import TYPES

from .attestations.identity import Identity, correct_identity, request_correction
from .attestations.passing import issue_for_pass
from .auth.operations import find_person, set_password
from .catalogue import courses, questions
from .demo_region import seed_region_follow_up
from .demo_webinars import seed_webinars
from .extensions import db
from .learn.operations import finish_lesson, lesson_minimum, open_lesson, progress_of
from .models import (
    Establishment,
    IdentityCorrection,
    LessonProgress,
    Organisation,
    PlatformRole,
    QuizAttempt,
    User,
)
from .people import create_person
from .practice.demo import seed_practice
from .quiz import exam, submission
from .quiz.operations import answer, start_module_quiz
from .structures import operations
from .structures.habilitations import active_habilitation, grant
from .timekeeping import Clock, use_clock, utcnow

PASSWORD = "demo-rppsplus-2026"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: PlatformRole = PlatformRole.LEARNER
    region_code: str | None = None
    rpps: str | None = None


PEOPLE = (
    DemoPerson("admin@demo.test", "Alice", "Administratrice", PlatformRole.ADMIN),
    DemoPerson("formateur@demo.test", "Fabien", "Formateur", PlatformRole.TRAINER, "84"),
    DemoPerson("rl.centralise@demo.test", "Claire", "Centrale"),
    DemoPerson("rl.decentralise@demo.test", "Denis", "Dauphin"),
    DemoPerson("gestionnaire1@demo.test", "Gaëlle", "Premier"),
    DemoPerson("gestionnaire2@demo.test", "Hugo", "Second"),
    # Gave their (fictional) RPPS number: their attestation prints it.
    DemoPerson("gestionnaire3@demo.test", "Inès", "Troisième", rpps="10196001332"),
    DemoPerson("gestionnaire4@demo.test", "Jules", "Quatrième"),
    # Certified, then asked for their identity on the attestation to be corrected (pending).
    DemoPerson("gestionnaire5@demo.test", "Karine", "Cinquième"),
    # Certified under a misspelt name, corrected by the GRADeS: one attestation « remplacée ».
    DemoPerson("gestionnaire6@demo.test", "Louis", "Sixeme"),
)

# Fictional FINESS numbers with valid keys (DOMAIN.md): shown as "fictif" in the names.
CENTRALISED = ("Association Rhône Solidarités (fictif)", "691849590", "84", (
    ("EHPAD Les Tilleuls (fictif)", "691000012"),
    ("IME Les Capucines (fictif)", "691079206"),
    ("SSIAD Lyon Est (fictif)", "691158398"),
))
DECENTRALISED = ("Fondation Isère Accompagnement (fictif)", "383103413", "84", (
    ("Foyer de vie Belledonne (fictif)", "382000032"),
    ("ESAT Vercors (fictif)", "382079226"),
))

COURSE = "devenir-gestionnaire"
# Demo learners studied in the past, at a human pace: their clock starts this long ago.
STUDIED_AGO = timedelta(days=3)
# Clicked through a first exam attempt in 40 s: what GRADeS see flagged on a learner's record.
HURRIED = ("gestionnaire2@demo.test",)
# (e-mail, modules completed, lessons read in the next module, final exam passed)
LEARNING = (
    ("gestionnaire2@demo.test", 5, 0, False),  # every module done: the exam is open
    ("gestionnaire3@demo.test", 5, 0, True),  # passed the final exam
    ("gestionnaire4@demo.test", 2, 2, False),  # halfway
    ("gestionnaire5@demo.test", 5, 0, True),
    ("gestionnaire6@demo.test", 5, 0, True),
)

ATTACHMENTS = (
    # (e-mail, EJ FINESS, EG FINESS or None, role)
    ("rl.centralise@demo.test", "691849590", None, StructureRole.LEGAL_REP),
    ("gestionnaire1@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire2@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire3@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("rl.decentralise@demo.test", "383103413", "382000032", StructureRole.LEGAL_REP),
    ("gestionnaire4@demo.test", "383103413", "382000032", StructureRole.GESTIONNAIRE),
    ("gestionnaire5@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire6@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
)

# (e-mail, recorded by): the habilitation « Gestionnaire RPPS+ » of a certified learner.
HABILITATIONS = (("gestionnaire3@demo.test", "rl.centralise@demo.test"),
                 ("gestionnaire6@demo.test", "rl.centralise@demo.test"))

# (e-mail, corrected identity, reason, decided by or None for a pending request)
CORRECTIONS = (
    ("gestionnaire5@demo.test", Identity("Karine", "Cinquième-Lefort"),
     "Nom d'usage après mon mariage.", None),
    ("gestionnaire6@demo.test", Identity("Louis", "Sixième"),
     "Nom mal orthographié à l'inscription.", "formateur@demo.test"),
)


def seed() -> list[str]:
    """Create what is missing of the demo data; return what was created (idempotent)."""
    created = []
    for demo in PEOPLE:
        if find_person(demo.email) is None:
            person = create_person(demo.email, demo.first_name, demo.last_name, role=demo.role,
                                   region_code=demo.region_code, rpps=demo.rpps,
                                   send_activation=False)
            set_password(person, PASSWORD)
            person.email_confirmed_at = utcnow()
            created.append(f"compte {demo.email}")
    for mode, (name, finess, region_code, sites) in (
        (ContractMode.CENTRALISED, CENTRALISED), (ContractMode.DECENTRALISED, DECENTRALISED)
    ):
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=finess))
        if organisation is None:
            organisation = operations.create_organisation(name, finess, region_code, mode)
            created.append(f"EJ {name}")
        for site_name, site_finess in sites:
            if db.session.scalar(db.select(Establishment.id).filter_by(finess=site_finess)) is None:
                operations.add_establishment(organisation, site_name, site_finess)
                created.append(f"EG {site_name}")
    for email, ej_finess, eg_finess, role in ATTACHMENTS:
        person = find_person(email)
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=ej_finess))
        establishment = eg_finess and db.session.scalar(
            db.select(Establishment).filter_by(finess=eg_finess)
        )
        if not any(
            m.organisation_id == organisation.id and m.role == role.value
            for m in person.active_memberships
        ):
            operations.attach_person(person, organisation, role, establishment or None)
            created.append(f"rattachement {email}")
    for email, modules_done, extra_lessons, exam_passed in LEARNING:
        person = find_person(email)
        if not db.session.scalar(db.select(LessonProgress.id).filter_by(user_id=person.id)):
            advance(person, modules_done, extra_lessons, exam_passed, email in HURRIED)
            created.append(f"progression {email}")
        elif exam_passed and person.elearning_flag is None:
            # A demo made before attestations existed: its pass gets one now.
            attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
                user_id=person.id, kind=exam.EXAM, passed=True))
            issue_for_pass(attempt, courses()[attempt.course_slug])
            created.append(f"attestation {email}")
    for email, granted_by in HABILITATIONS:
        membership = next(m for m in find_person(email).active_memberships
                          if m.role == StructureRole.GESTIONNAIRE.value)
        if active_habilitation(membership.user, membership.organisation, None) is None:
            grant(membership, find_person(granted_by))
            created.append(f"habilitation {email}")
    for email, identity, reason, decided_by in CORRECTIONS:
        person = find_person(email)
        if db.session.scalar(db.select(IdentityCorrection.id).filter_by(user_id=person.id)):
            continue
        if decided_by is None:
            request_correction(person, identity, reason)
        else:
            correct_identity(person, identity, find_person(decided_by), reason)
        created.append(f"correction d'identité {email}")
    created += seed_region_follow_up(PASSWORD, advance, find_person("admin@demo.test"))
    created += seed_webinars()
    created += seed_quiz_history()
    created += seed_practice()
    from .demo_roster import seed_roster_states  # noqa: PLC0415  (it reads this module)

    created += seed_roster_states()
    created += seed_attestation_logo()
    return created


def seed_quiz_history() -> list[str]:
    """gestionnaire4 tried the module 3 quiz before reading all of it, and failed: the quiz
    page shows the review (each answer marked, the lessons to reread) and the history."""
    person = find_person("gestionnaire4@demo.test")
    module = courses()[COURSE].modules[2]
    if db.session.scalar(db.select(QuizAttempt.id).filter_by(
            user_id=person.id, kind="module", module_slug=module.slug)) is not None:
        return []
    attempt = start_module_quiz(person, COURSE, module.slug)
    for number, item in enumerate(attempt.drawn):
        question_id = item["question_id"]
        question, right = questions(COURSE)[question_id], right_answer(COURSE, question_id)
        # Every choice question but the first answered wrong (another option), the others
        # right: a fail whatever the draw, with a right answer to show beside the wrong ones.
        if TYPES[question.type].option_marks and number:
            right = [next(o.id for o in question.options if o.id not in right)]
        answer(attempt, question_id, right)
    return ["quiz manqué gestionnaire4"]


def right_answer(course_slug: str, question_id: str) -> list[str]:
    """The form values of a question's right answer (demo learners are good students)."""
    question = questions(course_slug)[question_id]
    kind = TYPES[question.type]
    return kind.values(kind.right_response(question))


def read_lessons(person: User, course, lessons, clock: Clock) -> None:
    """Open each lesson and stay on it a little over its minimum, as a reader would."""
    for lesson in lessons:
        open_lesson(person, course, lesson)
        clock.advance(lesson_minimum(lesson) + 30)
        finish_lesson(person, course, lesson)


def advance(person: User, modules_done: int, extra_lessons: int, exam_passed: bool,
            hurried: bool = False) -> None:
    """Read and pass the first modules, read a few more lessons, maybe pass the exam (or, when
    `hurried`, hand in a blank one in 40 seconds, which the audit log flags).

    On a clock of its own, started days ago and moved forward at a reader's pace: the demo's
    reading and exam times pass the same checks as a real learner's.
    """
    course = courses()[COURSE]
    with use_clock(Clock(utcnow() - STUDIED_AGO)) as clock:
        for module in course.modules[:modules_done]:
            read_lessons(person, course, module.lessons, clock)
            attempt = start_module_quiz(person, course.slug, module.slug)
            for item in attempt.drawn:
                clock.advance(40)
                answer(attempt, item["question_id"],
                       right_answer(course.slug, item["question_id"]))
        if modules_done < len(course.modules):
            read_lessons(person, course, course.modules[modules_done].lessons[:extra_lessons],
                         clock)
        if hurried:
            status = exam.exam_status(person, course, progress_of(person, course))
            attempt = exam.start_exam(person, course, status)
            clock.advance(40)
            submission.submit_exam(attempt)
            clock.advance(days=1)  # the attempt no longer counts in the last 24 hours
        if exam_passed:
            status = exam.exam_status(person, course, progress_of(person, course))
            attempt = exam.start_exam(person, course, status)
            attempt.answers = {item["question_id"]: right_answer(course.slug,
                                                                 item["question_id"])
                               for item in attempt.drawn}
            clock.advance(minutes=25)
            submission.submit_exam(attempt)



def seed_attestation_logo() -> list[str]:
    """A logo for the attestations of a development instance without one: a blue square with
    a white « + » (the issuer's own logo replaces it: ATTESTATION_LOGO, README)."""
    from pathlib import Path

    from flask import current_app
    from PIL import Image, ImageDraw  # WeasyPrint's own dependency: there wherever it is

    name = current_app.config["ATTESTATION_LOGO"]
    path = Path(current_app.instance_path) / name
    if current_app.config["ENVIRONMENT"] != "development" or not name or path.exists():
        return []
    image = Image.new("RGB", (240, 240), "#1f4e9c")
    ImageDraw.Draw(image).polygon(
        [(100, 40), (140, 40), (140, 100), (200, 100), (200, 140), (140, 140), (140, 200),
         (100, 200), (100, 140), (40, 140), (40, 100), (100, 100)], fill="white")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return [f"logo des attestations {path.name}"]
