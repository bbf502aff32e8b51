"""« Quel rôle RPPS+ ? »: from a job, or from what the person does, to the fitting role(s)."""

from __future__ import annotations

from dataclasses import dataclass

from directory.roles import ROLES, Role, RoleCode, role

__all__ = ["DMP_NOTE_SOURCES", "QUESTIONS", "Question", "jobs", "roles_for_answers",
           "roles_for_job"]

# Seed 000 says it twice (« Non disponible à ce jour », then the sentence itself); the
# simulator's role field and the finder repeat it wherever a role's DMP documents are shown.
DMP_NOTE_SOURCES = "seed 000, l. 33-36 et l. 132"


@dataclass(frozen=True)
class Question:
    """A yes/no question, or one with answers, about what the person does."""

    key: str
    text: str
    # answer value → (label, role code or "" when the answer points at no role by itself)
    answers: tuple[tuple[str, str, str], ...]


# Each answer is a role's own wording in seed 003 (« … exerçant des fonctions de … »).
QUESTIONS: tuple[Question, ...] = (
    Question("encadre", "Encadre-t-elle une équipe ou organise-t-elle l'accompagnement "
             "(chef de service, direction d'ESMS, responsable de secteur…) ?",
             (("oui", "Oui", RoleCode.MANAGEMENT.value), ("non", "Non", ""))),
    Question("coordonne", "Exerce-t-elle des fonctions de coordination et d'orientation des "
             "parcours (DAC, MDPH, communauté 360, SAMSAH…) ?",
             (("oui", "Oui", RoleCode.COORDINATION.value), ("non", "Non", ""))),
    Question("aupres", "Auprès des usagers, ses fonctions sont surtout…",
             (("administratif", "administratives : accueil, information, secrétariat, "
               "démarches, accès aux droits", RoleCode.ADMINISTRATIVE.value),
              ("vie-sociale", "d'accompagnement à la vie sociale, professionnelle et éducative",
               RoleCode.SOCIAL_LIFE.value),
              ("soin", "d'accompagnement au soin", RoleCode.CARE.value),
              ("aucune", "aucune de ces fonctions", ""))),
)


def jobs() -> tuple[tuple[Role, tuple[str, ...]], ...]:
    """Each role with the jobs seed 003 gives as its examples."""
    return tuple((r, r.jobs) for r in ROLES)


def roles_for_job(job: str) -> tuple[Role, ...]:
    """The roles whose examples name this job (empty if none does)."""
    return tuple(r for r in ROLES if job in r.jobs)


def roles_for_answers(answers: dict[str, str]) -> tuple[Role, ...]:
    """The roles the answers point at, in the order of the questions (duplicates removed)."""
    codes = []
    for question in QUESTIONS:
        for value, _label, code in question.answers:
            if answers.get(question.key) == value and code and code not in codes:
                codes.append(code)
    return tuple(role(code) for code in codes)
