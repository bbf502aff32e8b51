"""« Quel rôle RPPS+ ? » from the shared role data, without an app."""

from directory.roles import ROLES
from practice.finder import QUESTIONS, jobs, roles_for_answers, roles_for_job


def codes(roles) -> list[str]:
    return [r.code.value for r in roles]


def test_every_role_lists_its_example_jobs_and_its_source_lines():
    """Does each role carry seed 003's examples one by one, and where the seed says them?"""
    assert [role for role, _ in jobs()] == list(ROLES)
    for role in ROLES:
        assert role.jobs and role.source.startswith("seed 003, l. 198-199 et ")
    assert len({job for role in ROLES for job in role.jobs}) == sum(len(r.jobs) for r in ROLES)


def test_a_job_leads_to_its_role():
    """Does accueil/secrétariat lead to GENR09, an AES to GENR10, an unknown job nowhere?"""
    assert codes(roles_for_job("Secrétariat")) == ["GENR09"]
    assert codes(roles_for_job("Accueil")) == ["GENR09"]
    assert codes(roles_for_job("Accompagnant éducatif et social (AES)")) == ["GENR10"]
    assert codes(roles_for_job("Chef de service")) == ["GENR12"]
    assert roles_for_job("Astronaute") == ()


def test_answers_lead_to_the_fitting_roles():
    """Do three answers give one role, or several when the person does several things?"""
    assert codes(roles_for_answers({"encadre": "non", "coordonne": "non",
                                    "aupres": "administratif"})) == ["GENR09"]
    assert codes(roles_for_answers({"encadre": "oui", "coordonne": "oui",
                                    "aupres": "soin"})) == ["GENR12", "GENR08", "GENR11"]
    assert roles_for_answers({"encadre": "non", "aupres": "aucune"}) == ()
    assert len(QUESTIONS) == 3
