"""Questions generated from the role × DMP-document matrix of `directory.roles` (one source)."""

import unicodedata

from directory.roles import DMP_CONSULTATION_NOTE, ROLES, can_read, role, roles_reading

from .model import Option, Question
from .types import TYPES

# Which course, module and lesson the matrix questions belong to.
GENERATED_FOR = {
    "devenir-gestionnaire": ("04-enregistrer-les-professionnels", "04-roles-et-documents-dmp"),
}

# A fixed selection, so that ids and the exam pool stay the same from one run to the next: each
# role once with a document it reads and once with one it does not (the answers come from the
# matrix, never from here). Half of them are « non », and some surprise: the coordination role
# does not read the « Bilan psychologique ».
TRUE_FALSE_PAIRS = (
    ("GENR08", "Directives anticipées"),
    ("GENR08", "Bilan psychologique"),
    ("GENR09", "Attestation de sortie"),
    ("GENR09", "Dossier de liaison d'urgence"),
    ("GENR10", "Grille d'évaluation médico-social"),
    ("GENR10", "Synthèse du dossier médical"),
    ("GENR11", "Synthèse psychiatrique"),
    ("GENR11", "Attestation de résidence"),
    ("GENR12", "Attestation d'hébergement"),
    ("GENR12", "Prescription d'actes infirmiers"),
)

# Documents for « Quel rôle est le seul… ? »: asked only while exactly one role reads them.
ONE_READER_DOCUMENTS = (
    "Bilan psychologique",
    "Profil médical Mon espace santé",
    "Demande d'actes d'imagerie",
)

SOURCE = "quizzes/generated.py"


def generated_questions(course_slug: str) -> tuple[Question, ...]:
    """The matrix questions of this course (none for a course without them), always the same."""
    if course_slug not in GENERATED_FOR:
        return ()
    module, lesson = GENERATED_FOR[course_slug]
    true_false = tuple(_can_read_question(module, lesson, code, document)
                       for code, document in TRUE_FALSE_PAIRS)
    singles = tuple(_only_reader_question(module, lesson, document)
                    for document in ONE_READER_DOCUMENTS if len(roles_reading(document)) == 1)
    return true_false + singles


def slug(text: str) -> str:
    """`Synthèse du dossier médical` → `synthese-du-dossier-medical`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _name(code: str) -> str:
    found = role(code)
    return f"« {found.short_label} » ({found.code})"


def _can_read_question(module: str, lesson: str, code: str, document: str) -> Question:
    reads = can_read(code, document)
    verdict = "Oui" if reads else "Non"
    verb = "permet" if reads else "ne permet pas"
    return Question(
        id=f"role-doc-{code.lower()}-{slug(document)}",
        module_slug=module, lesson_slug=lesson, type="true_false",
        prompt=f"Le rôle {_name(code)} permet-il de lire le document « {document} » du DMP ?",
        explanation=(f"{verdict} : d'après la matrice des rôles et des documents, le rôle "
                     f"{_name(code)} {verb} de lire le document « {document} ». "
                     f"{DMP_CONSULTATION_NOTE}"),
        answer=reads, options=TYPES["true_false"].fixed_options, path=SOURCE,
        # Practice only: ten single cells of the matrix would otherwise fill about half of the
        # module's exam questions, each one a coin toss.
        exam=False)


def _only_reader_question(module: str, lesson: str, document: str) -> Question:
    (reader,) = roles_reading(document)
    return Question(
        id=f"role-doc-seul-{slug(document)}",
        module_slug=module, lesson_slug=lesson, type="single",
        prompt=f"Quel rôle RPPS+ est le seul à permettre de lire le document « {document} » "
               "du DMP ?",
        explanation=(f"D'après la matrice des rôles et des documents, seul le rôle "
                     f"{_name(reader.code)} permet de lire le document « {document} ». "
                     f"{DMP_CONSULTATION_NOTE}"),
        options=tuple(Option(r.code.lower(), f"{r.short_label} ({r.code})") for r in ROLES),
        answer=reader.code.lower(), path=SOURCE,
        # Practice only: which role alone reads one DMP document is trivia about an access
        # nobody registered through RPPS+ has today; the exam never asks it.
        exam=False)

