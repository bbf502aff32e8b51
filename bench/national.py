"""Benchmark data of a national-scale RL: 1 association, 200 EG, 5,000 people, 20,000 attempts.

Written straight into a migrated database with SQLAlchemy Core: one bulk insert per table with
ids given up front, in one transaction (seconds, where the app's own operations would take
many minutes). Benchmark data, not demo data: quiz attempts carry no drawn questions, and no
e-mail, audit event or PDF is made. Deterministic: the same seed makes the same association.

    DATABASE_URL=sqlite:////tmp/n.sqlite3 .venv/bin/flask --app webapp db upgrade
    .venv/bin/python -m bench.national sqlite:////tmp/n.sqlite3
"""

import itertools
import math
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from certificates.codes import ALPHABET, CODE_LENGTH, format_code, normalise_code
from certificates.numbering import format_number
from directory.identifiers import luhn_is_valid, normalize_finess
from quizzes.draw import MODULE_QUIZ_SIZE
from webapp.auth.passwords import hash_password
from webapp.catalogue import courses
from webapp.config import normalise_database_url
from webapp.models import (
    Attestation,
    AttestationCounter,
    Departure,
    ElearningFlag,
    Establishment,
    Habilitation,
    LessonProgress,
    Membership,
    Organisation,
    QuizAttempt,
    User,
)
from webapp.timekeeping import PARIS

SEED = 2026
ESTABLISHMENTS = 200
PEOPLE = 5_000  # attached to the association, its RL included
ATTEMPTS = 20_000  # module quizzes and final exams, submitted
PASSED = 1_500  # final exam passed: a valid attestation and the flag
NOT_STARTED = 1_000
HABILITATED = 800  # of those who passed
AT_EJ_LEVEL = 0.10  # share of gestionnaires attached to the EJ itself, not to one EG
TWO_SITES = 0.05  # share attached to a second EG as well
MOVED = 50  # left one EG for another: an ended attachment, and an active one
LEFT = 60  # departures applied: attachments ended, no longer on the roster
LEAVING = 40  # departures recorded for a date to come
EXAM_QUESTIONS = 20
PASS_MARK = 0.8
COURSE = "devenir-gestionnaire"

RL_EMAIL = "rl@entraide-nationale.test"
PASSWORD = "mot-de-passe-du-banc-national"
# The data's "now": every history lies in the ten months before it, attestations all in 2026.
ANCHOR = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

FIRST_NAMES = (
    "Camille", "Léa", "Chloé", "Inès", "Zoé", "Manon", "Emma", "Jade", "Louise", "Hélène",
    "Nathalie", "Sophie", "Isabelle", "Sylvie", "Céline", "Aurélie", "Élodie", "Amélie",
    "Françoise", "Martine", "Lucas", "Hugo", "Louis", "Jules", "Gabriel", "Raphaël", "Léo",
    "Thomas", "Nicolas", "Julien", "Jérôme", "Stéphane", "Frédéric", "François", "Benoît",
    "Mathieu", "Rémi", "Noé", "Maël", "Anaïs", "Marie-Claire", "Jean-Pierre",
)
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
    "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin",
    "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis",
    "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard",
    "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez",
    "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
    "Philippe", "Bourgeois", "Pierre", "Rey", "Leclerc", "Payet", "Rolland", "Guillaume",
    "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez",
    "Dupuis", "Moulin", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer",
    "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Le Gall",
    "Collet", "Léger", "Bouvier", "Prévost", "Millet", "Perrot", "Le Roux", "Cousin",
    "Germain", "Breton", "Besson", "Langlois", "Le Goff", "Pelletier", "Lévêque", "Perrier",
    "Leblanc", "Barré", "Lebrun", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier",
    "Michaud", "Rodriguez", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chauvin",
    "Da Silva", "Bouchet", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Hoarau",
    "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Delaunay", "Pasquier",
    "Martin-Dupont", "Laporte",
)
KINDS = ("EHPAD", "IME", "ESAT", "SSIAD", "Foyer de vie", "MAS", "SESSAD", "FAM", "CMPP",
         "Résidence autonomie")
FEATURES = ("Les Tilleuls", "Les Glycines", "Le Belvédère", "Les Cèdres", "La Roseraie",
            "Les Iris", "Le Verger", "Les Charmilles", "La Source", "Les Peupliers")
TOWNS = (  # (town, département): Auvergne-Rhône-Alpes, the association's region (84)
    ("Bourg-en-Bresse", "01"), ("Oyonnax", "01"), ("Moulins", "03"), ("Vichy", "03"),
    ("Privas", "07"), ("Aurillac", "15"), ("Valence", "26"), ("Grenoble", "38"),
    ("Vienne", "38"), ("Saint-Étienne", "42"), ("Roanne", "42"), ("Le Puy-en-Velay", "43"),
    ("Clermont-Ferrand", "63"), ("Lyon", "69"), ("Villeurbanne", "69"), ("Chambéry", "73"),
    ("Annecy", "74"),
)


@dataclass(frozen=True)
class National:
    """What was made, and what the roster of the association should show of it."""

    organisation_id: int
    rl_email: str
    password: str
    on_roster: int  # still attached, the RL included: the roster's count, the CSV's rows
    trained: int  # « e-learning réalisé », no habilitation, still attached: `?etat=forme`
    named_dupont: int  # still attached, "dupont" in a name or the e-mail: `?q=dupont`
    rows: dict[str, int]  # table name → rows inserted
    seconds: float


@dataclass
class Person:
    """One gestionnaire's plan, before it becomes rows."""

    id: int
    first_name: str
    last_name: str
    email: str
    memberships: list[dict] = field(default_factory=list)
    modules_done: int = 0  # module quizzes passed, every lesson of those modules read
    extra_lessons: int = 0  # lessons read in the next module
    passes_exam: bool = False
    fails: Counter = field(default_factory=Counter)  # module slug or "exam" → failed attempts
    exam: dict | None = None  # the passed exam attempt's row


class Rows:
    """The rows to insert, table by table, each given its id up front."""

    def __init__(self, first_ids: dict[str, int]):
        self.first_ids = first_ids
        self.tables: dict[str, list[dict]] = defaultdict(list)

    def add(self, table: str, **values) -> dict:
        if table in self.first_ids:
            values = {"id": self.first_ids[table] + len(self.tables[table]), **values}
        self.tables[table].append(values)
        return values


class Clock:
    """A person's history, moving forward by random steps."""

    def __init__(self, rng: random.Random, start: datetime):
        self.rng, self.now = rng, start

    def later(self, most_minutes: int) -> datetime:
        self.now += timedelta(minutes=self.rng.randint(2, most_minutes))
        return self.now


def finess(body: str) -> str:
    """The 8 digits `body` and the key that makes them a valid FINESS number."""
    number = next(body + key for key in "0123456789" if luhn_is_valid(body + key))
    return normalize_finess(number)  # the app's own rule, as a check


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "-")


def fill(database_url: str, seed: int = SEED) -> National:
    """Add the association, its people and their learning to a migrated database."""
    started = time.perf_counter()
    rng = random.Random(seed)
    course = courses()[COURSE]
    # In the order of the foreign keys.
    tables = [m.__table__ for m in (Organisation, Establishment, User, Membership,
                                    LessonProgress, QuizAttempt, Attestation, ElearningFlag,
                                    Habilitation, Departure)]
    engine = sa.create_engine(normalise_database_url(database_url))
    with engine.begin() as connection:
        # Our ids come after those of the demo.
        rows = Rows({table.name: (connection.scalar(sa.select(sa.func.max(table.c.id))) or 0)
                     + 1 for table in tables if "id" in table.c})
        counters = AttestationCounter.__table__
        last_number = connection.scalar(
            sa.select(counters.c.last).where(counters.c.year == ANCHOR.year)) or 0

        organisation_id, establishments = add_association(rows, rng)
        rl, people = add_people(rows, rng, organisation_id, establishments)
        passed, learning = plan_learning(rng, people, course)
        for person in passed + learning:
            add_history(rows, rng, person, course)
        attestations = add_attestations(rows, rng, passed, course, last_number)
        habilitated = add_habilitations(rows, rng, passed, attestations, organisation_id, rl)
        gone = add_departures(rows, rng, people, habilitated, rl)

        for table in tables:
            if rows.tables[table.name]:
                connection.execute(sa.insert(table), rows.tables[table.name])
        connection.execute(sa.delete(counters).where(counters.c.year == ANCHOR.year))
        connection.execute(sa.insert(counters),
                           [{"year": ANCHOR.year, "last": last_number + len(attestations)}])
        if connection.dialect.name == "postgresql":  # ids were given: move the sequences on
            for table in tables:
                if "id" in table.c:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))")
    engine.dispose()

    staying = [p for p in people if p.id not in gone]
    return National(
        organisation_id=organisation_id, rl_email=RL_EMAIL, password=PASSWORD,
        on_roster=len(staying) + 1,
        trained=sum(p.passes_exam and p.id not in habilitated for p in staying),
        named_dupont=sum("dupont" in f"{p.first_name} {p.last_name} {p.email}".lower()
                         for p in staying),
        rows={name: len(table_rows) for name, table_rows in rows.tables.items()},
        seconds=time.perf_counter() - started)


def add_association(rows: Rows, rng: random.Random) -> tuple[int, list[int]]:
    """The centralised association and its EG, in the towns of its region."""
    created_at = ANCHOR - timedelta(days=600)
    organisation = rows.add(
        "organisation", name="Association Entraide nationale (fictif)",
        finess=finess("69800001"), region_code="84", contract_mode="centralised",
        created_at=created_at)
    names = rng.sample(list(itertools.product(KINDS, FEATURES, TOWNS)), ESTABLISHMENTS)
    establishments = [rows.add(
        "establishment", organisation_id=organisation["id"],
        name=f"{kind} {feature}, {town} (fictif)", finess=finess(f"{departement}7{index:05d}"),
        departement=departement, created_at=created_at)
        for index, (kind, feature, (town, departement)) in enumerate(names)]
    return organisation["id"], [establishment["id"] for establishment in establishments]


def add_people(rows: Rows, rng: random.Random, organisation_id: int,
               establishments: list[int]) -> tuple[dict, list[Person]]:
    """The RL and the gestionnaires, every account confirmed, attached where they work."""
    password_hash = hash_password(PASSWORD)  # Argon2 is slow on purpose: once for all

    def account(first_name, last_name, email, created_at) -> dict:
        return rows.add("user_account", email=email, password_hash=password_hash,
                        first_name=first_name, last_name=last_name, platform_role="learner",
                        email_confirmed_at=created_at + timedelta(minutes=7),
                        created_at=created_at)

    def attach(user_id, establishment_id, role, started_at, ended_at=None) -> dict:
        return rows.add("membership", user_id=user_id, organisation_id=organisation_id,
                        establishment_id=establishment_id, role=role, started_at=started_at,
                        ended_at=ended_at, created_by_id=rl["id"] if role != "legal_rep" else None)

    rl = account("Roseline", "Delacour", RL_EMAIL, ANCHOR - timedelta(days=600))
    attach(rl["id"], None, "legal_rep", rl["created_at"])
    people = []
    for index in range(PEOPLE - 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = "entraide-nationale.test" if rng.random() < 0.8 else "exemple.fr"
        email = f"{ascii_slug(first)}.{ascii_slug(last)}.{index}@{domain}"
        created_at = ANCHOR - timedelta(days=rng.randint(500, 590), minutes=rng.randint(0, 1440))
        people.append(Person(account(first, last, email, created_at)["id"], first, last, email))

    # A few big EG and many small ones; some people at EJ level, some on two EG.
    weights = [1 / (rank + 5) for rank in range(len(establishments))]
    for person in people:
        started_at = ANCHOR - timedelta(days=rng.randint(290, 299))
        site = None if rng.random() < AT_EJ_LEVEL else rng.choices(establishments, weights)[0]
        person.memberships.append(attach(person.id, site, "gestionnaire", started_at))
        if site is not None and rng.random() < TWO_SITES:
            other = rng.choice([e for e in establishments if e != site])
            person.memberships.append(attach(person.id, other, "gestionnaire",
                                             started_at + timedelta(days=rng.randint(1, 30))))
    single_site = [p for p in people if len(p.memberships) == 1
                   and p.memberships[0]["establishment_id"] is not None]
    for person in rng.sample(single_site, MOVED):  # the EG left before the present one
        [current] = person.memberships
        previous = rng.choice([e for e in establishments if e != current["establishment_id"]])
        person.memberships.append(attach(person.id, previous, "gestionnaire",
                                         current["started_at"] - timedelta(days=200),
                                         ended_at=current["started_at"]))
    return rl, people


def plan_learning(rng: random.Random, people: list[Person],
                  course) -> tuple[list[Person], list[Person]]:
    """Who passed, who is learning (and how far); the failed attempts, to make ATTEMPTS."""
    modules = course.modules
    order = rng.sample(people, len(people))
    passed, learning = order[:PASSED], order[PASSED + NOT_STARTED:]
    for person in passed:
        person.modules_done, person.passes_exam = len(modules), True
    for person in learning:
        person.modules_done = rng.choices(range(len(modules) + 1), (30, 20, 18, 14, 10, 8))[0]
        if person.modules_done < len(modules):
            lessons = len(modules[person.modules_done].lessons)
            person.extra_lessons = rng.randint(1 if person.modules_done == 0 else 0, lessons)

    # The failures fill what the passes leave: a module quiz once its lessons are read, the
    # exam (three times likelier) once every module is done.
    slots, weights = [], []
    for person in passed + learning:
        reached = person.modules_done + (
            person.modules_done < len(modules)
            and person.extra_lessons == len(modules[person.modules_done].lessons))
        slots += [(person, module.slug) for module in modules[:reached]]
        weights += [1] * reached
        if person.modules_done == len(modules):
            slots.append((person, "exam"))
            weights.append(3)
    passes = sum(p.modules_done + p.passes_exam for p in passed + learning)
    if passes > ATTEMPTS:
        raise RuntimeError(f"{passes} passed attempts: more than {ATTEMPTS} in all")
    for person, slot in rng.choices(slots, weights, k=ATTEMPTS - passes):
        person.fails[slot] += 1
    return passed, learning


def add_history(rows: Rows, rng: random.Random, person: Person, course) -> None:
    """Lessons read, failed then passed module quizzes, failed then passed exams, in order."""
    clock = Clock(rng, ANCHOR - timedelta(days=rng.randint(70, 280),
                                          minutes=rng.randint(0, 1440)))

    def attempt(kind: str, module_slug: str | None, total: int, passed: bool) -> dict:
        least = math.ceil(PASS_MARK * total)
        score = rng.randint(least, total) if passed else rng.randint(total // 3, least - 1)
        return rows.add("quiz_attempt", user_id=person.id, kind=kind, course_slug=course.slug,
                        module_slug=module_slug, drawn=[], answers={},
                        started_at=clock.later(24 * 60), deadline_at=None,
                        submitted_at=clock.later(25), score=score, total=total, passed=passed)

    for position, module in enumerate(course.modules[:person.modules_done + 1]):
        done = position < person.modules_done
        for lesson in module.lessons[:len(module.lessons) if done else person.extra_lessons]:
            rows.add("lesson_progress", user_id=person.id, course_slug=course.slug,
                     lesson_key=lesson.key, course_version=course.version,
                     module_hash=module.content_hash, read_at=clock.later(30 * 60))
        for _ in range(person.fails[module.slug]):
            attempt("module", module.slug, MODULE_QUIZ_SIZE, False)
        if done:
            attempt("module", module.slug, MODULE_QUIZ_SIZE, True)
    for _ in range(person.fails["exam"]):
        attempt("exam", None, EXAM_QUESTIONS, False)
    if person.passes_exam:
        person.exam = attempt("exam", None, EXAM_QUESTIONS, True)


def add_attestations(rows: Rows, rng: random.Random, passed: list[Person], course,
                     last_number: int) -> dict[int, int]:
    """A valid attestation per pass, numbered in the order of the passes, and its flag."""
    attestations = {}
    for sequence, person in enumerate(sorted(passed, key=lambda p: p.exam["submitted_at"]),
                                      start=last_number + 1):
        passed_at = person.exam["submitted_at"]
        issued_at = passed_at + timedelta(seconds=2)
        if issued_at.astimezone(PARIS).year != ANCHOR.year:
            raise RuntimeError("an attestation outside the anchor's year")
        # From the seeded generator, not the system's: the same data every time.
        code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        attestation = rows.add(
            "attestation", number=format_number(ANCHOR.year, sequence), year=ANCHOR.year,
            sequence=sequence, verification_code=normalise_code(format_code(code)),
            user_id=person.id, attempt_id=person.exam["id"],
            holder_name=f"{person.first_name} {person.last_name}",
            holder_first_name=person.first_name, holder_last_name=person.last_name,
            holder_rpps=None, course_slug=course.slug,
            course_title=course.title, course_version=course.version,
            score=person.exam["score"], total=EXAM_QUESTIONS, passed_at=passed_at,
            issued_at=issued_at, status="valid")
        rows.add("elearning_flag", user_id=person.id, attestation_id=attestation["id"],
                 set_at=issued_at)
        attestations[person.id] = attestation["id"]
    return attestations


def add_habilitations(rows: Rows, rng: random.Random, passed: list[Person],
                      attestations: dict[int, int], organisation_id: int, rl: dict) -> set[int]:
    """Habilitations on the EJ of some of the certified, recorded by the RL; their ids."""
    habilitated = rng.sample(passed, HABILITATED)
    for person in habilitated:
        granted_at = person.exam["submitted_at"] + timedelta(days=rng.randint(1, 20))
        rows.add("habilitation", user_id=person.id, organisation_id=organisation_id,
                 establishment_id=None, scope_key=0, attestation_id=attestations[person.id],
                 granted_by_id=rl["id"], granted_at=min(granted_at, ANCHOR),
                 attestation_revoked_at=None, withdrawn_at=None, withdrawn_by_id=None,
                 withdrawal_reason=None)
    return {person.id for person in habilitated}


def add_departures(rows: Rows, rng: random.Random, people: list[Person], habilitated: set[int],
                   rl: dict) -> set[int]:
    """Departures applied (attachment ended) and to come; the ids of the people gone."""
    candidates = [p for p in people if p.id not in habilitated and len(p.memberships) == 1]
    chosen = rng.sample(candidates, LEFT + LEAVING)
    for person in chosen[:LEFT]:
        [membership] = person.memberships
        leaving = ANCHOR - timedelta(days=rng.randint(1, 60))
        membership["ended_at"] = leaving
        rows.add("departure", membership_id=membership["id"], leaving_on=leaving.date(),
                 recorded_by_id=rl["id"], recorded_at=leaving - timedelta(days=rng.randint(7, 30)),
                 cancelled_at=None, cancelled_by_id=None, applied_at=leaving,
                 portal_attachment_removed_at=leaving, habilitation_removed_at=None)
    for person in chosen[LEFT:]:
        [membership] = person.memberships
        rows.add("departure", membership_id=membership["id"],
                 leaving_on=(ANCHOR + timedelta(days=rng.randint(20, 120))).date(),
                 recorded_by_id=rl["id"], recorded_at=ANCHOR - timedelta(days=rng.randint(1, 10)),
                 cancelled_at=None, cancelled_by_id=None, applied_at=None,
                 portal_attachment_removed_at=None, habilitation_removed_at=None)
    return {person.id for person in chosen[:LEFT]}


def main(argv: list[str]) -> int:
    """Fill the database at the URL given (migrated beforehand); print what was made."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    national = fill(argv[0])
    print(f"{national.seconds:.1f} s: " + ", ".join(f"{n} {t}" for t, n in national.rows.items()))
    print(f"organisation {national.organisation_id}, RL {national.rl_email} "
          f"(password {national.password}), {national.on_roster} people on the roster")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
