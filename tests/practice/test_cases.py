"""The practice cases and their checks, without an app."""

from pathlib import Path

import pytest

from courses.loader import load_courses
from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from directory.roles import ROLES
from practice import (
    COURSE,
    FORM_STEPS,
    attempt_results,
    case_problems,
    check_step,
    load_cases,
    read_step,
)
from practice.checks import CHECKED

CASES = load_cases()
LESSONS = [lesson.key for lesson in load_courses()[COURSE].lessons]
CODES = [role.code.value for role in ROLES]


def right_entries(case) -> dict[str, str]:
    """What a learner who gets everything right types."""
    return {key: (CHECKED if e.value else "") if isinstance(e.value, bool) else e.value
            for key, e in case.expected.items()}


def test_there_are_at_least_twelve_cases_and_they_pass_content_review():
    """Are there 12 cases or more, each without a problem?"""
    assert len(CASES) >= 12
    assert case_problems(LESSONS, CODES) == []


def test_the_cases_cover_what_the_issue_lists():
    """Married name, shared phone, several EG, accueil, registered already, modify, confirm?"""
    expected = {key: case.expected for key, case in CASES.items()}
    assert any(e.get("nom_exercice") and e.get("nom_usage")
               and e["nom_exercice"].value == e["nom_usage"].value for e in expected.values())
    assert any(e.get("telephone_mobile") and e["telephone_mobile"].traps for e in expected.values())
    assert any(e.get("mail") and e["mail"].traps for e in expected.values())
    assert any(e.get("etablissement") and len(e["etablissement"].traps) >= 2
               for e in expected.values())
    assert {case.role for case in CASES.values()} >= set(CODES)
    assert any(case.role == "GENR09" for case in CASES.values())
    assert sum(case.decision == "ne_pas_enregistrer" for case in CASES.values()) >= 2
    assert any(case.decision == "modifier" and "rpps" in case.expected for case in CASES.values())
    assert all({"confirmation_informations", "confirmation_rencontre"} <= set(case.expected)
               for case in CASES.values() if case.decision == "enregistrer")


def test_the_form_has_every_field_of_the_four_steps():
    """Does the simulated form ask every datum of seed 003's table, and both confirmations?"""
    labels = {step.number: [f.label for f in step.fields] for step in FORM_STEPS}
    for step in REGISTRATION_STEPS:
        assert labels[step.number] == [field.label for field in step.fields]
    assert labels[4] == list(LEGAL_CONFIRMATIONS)


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_case_s_expected_answers_pass_its_checks(key):
    """Does each case's right answer come out right, field by field and step by step?"""
    case = CASES[key]
    entries = right_entries(case)
    for step in FORM_STEPS:
        assert check_step(case, step.number, entries).mistakes == ()
    assert set(attempt_results(case, entries).values()) == {"right"}


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_case_s_traps_are_flagged_with_their_reason(key):
    """Is every trap value of a case marked « à corriger », with the trap's own reason?"""
    case = CASES[key]
    for expectation in case.expected.values():
        for value, reason in expectation.traps:
            entries = right_entries(case) | {expectation.field: value}
            step = next(s.number for s in FORM_STEPS
                        if expectation.field in {f.key for f in s.fields})
            (mistake,) = check_step(case, step, entries).mistakes
            assert mistake.field.key == expectation.field and mistake.reason == reason


def test_a_shared_phone_and_a_wrong_role_are_flagged():
    """Is the team's phone refused, typed another way, and a wrong role flagged with a lesson?"""
    case = CASES["02-telephone-partage"]
    entries = right_entries(case) | {"telephone_mobile": "+33 6 80 11 22 33",
                                     "role": "GENR12"}
    (phone,) = check_step(case, 2, entries).mistakes
    assert "équipe de nuit — refusé" in phone.reason
    assert phone.lesson.endswith("02-preparer-l-enregistrement")
    (role,) = check_step(case, 3, entries).mistakes
    assert role.field.key == "role" and role.lesson.endswith("03-profession-et-role")
    assert "GENR10" in role.expected
    results = attempt_results(case, entries)
    assert results["telephone_mobile"] == results["role"] == "wrong"
    assert results["mail"] == "right"
    fixed = attempt_results(case, right_entries(case), missed={"role"})
    assert fixed["role"] == "fixed" and fixed["mail"] == "right"


def test_fields_a_case_does_not_expect_are_not_checked():
    """Where the case (and the sources) say nothing, is the field left unchecked?"""
    case = CASES["02-telephone-partage"]
    check = check_step(case, 1, {"pays_naissance": "Atlantide"})
    assert {v.status for v in check.verdicts} == {"unchecked"}


def test_the_rpps_of_the_e_cps_app_is_not_the_rpps():
    """Is 8 + RPPS refused where the RPPS number is expected, with the reason?"""
    case = CASES["07-modifier-depart"]
    (mistake,) = check_step(case, 0, {"demarche": "modifier", "rpps": "810222333444"}).mistakes
    assert "12 chiffres" in mistake.reason


def test_reading_a_step_keeps_values_and_says_what_is_unusable():
    """Are dates read in both formats, and a bad choice or date refused in French?"""
    entries, errors = read_step(1, {"date_naissance": "14/03/1988", "civilite": "Madame"})
    assert entries["date_naissance"] == "1988-03-14" and errors == {}
    entries, errors = read_step(3, {"role": "GENR99", "date_prise_fonction": "31/02/2026",
                                    "nom_exercice": " Lefèvre "})
    assert set(errors) == {"role", "date_prise_fonction"}
    assert entries["nom_exercice"] == "Lefèvre" and entries["role"] == "GENR99"


def write_case(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


GOOD = """title: Un cas
situation: Une situation.
expected:
  demarche:
    value: enregistrer
    reason: Parce que.
    lesson: 04-enregistrer-les-professionnels/01-qui-enregistrer
  role:
    value: {role}
    reason: Parce que.
    lesson: 04-enregistrer-les-professionnels/03-profession-et-role
sources:
  - "seed 003, l. 198-199"
"""


def test_content_review_refuses_a_case_without_sources_or_with_an_unknown_role(tmp_path):
    """Does the review name the file and line of a case without sources, or with a bad role?"""
    write_case(tmp_path, "bon", GOOD.format(role="GENR09"))
    assert case_problems(LESSONS, CODES, tmp_path, minimum=1) == []
    write_case(tmp_path, "sans-source", GOOD.format(role="GENR09").split("sources:")[0])
    write_case(tmp_path, "mauvais-role", GOOD.format(role="GENR13"))
    problems = [str(p) for p in case_problems(LESSONS, CODES, tmp_path, minimum=1)]
    assert len(problems) == 2
    assert "mauvais-role.yaml:8: le rôle attendu 'GENR13' n'est pas dans les données" in problems[0]
    assert "sans-source.yaml:1: le cas doit citer ses sources" in problems[1]


def test_content_review_checks_the_fictional_numbers(tmp_path):
    """Is a FINESS or an RPPS number with a wrong key refused, at its line?"""
    write_case(tmp_path, "cles", GOOD.format(role="GENR09") + (
        "structure:\n  name: Structure\n  sites:\n    - name: Site\n      finess: \"691849591\"\n"
        "facts:\n  - {label: Numéro RPPS, value: \"10104332184\"}\n"))
    problems = [str(p) for p in case_problems(LESSONS, CODES, tmp_path, minimum=1)]
    assert len(problems) == 2
    assert "cles.yaml:14: FINESS de « Site » : La clé de contrôle ne correspond pas" in problems[0]
    assert "cles.yaml:19: « Numéro RPPS » : La clé de contrôle ne correspond pas" in problems[1]
