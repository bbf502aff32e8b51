"""Which structures a GRADeS chases, and in which order (directory/follow_up.py)."""

from datetime import UTC, datetime

import pytest

from directory.follow_up import Gap, Staffing, gaps_of, people_concerned, urgency


def staffing(designated=0, trained=0, not_habilitated=0, revoked=0, last=None):
    return Staffing(designated, trained, not_habilitated, revoked, last)


@pytest.mark.parametrize(("case", "expected"), [
    (staffing(), (Gap.NOBODY_TRAINED,)),
    (staffing(designated=3), (Gap.NOBODY_TRAINED,)),
    (staffing(designated=2, trained=2), ()),
    (staffing(designated=3, trained=1), (Gap.FEWER_TRAINED,)),
    (staffing(designated=2, trained=2, not_habilitated=1), (Gap.TRAINED_NOT_HABILITATED,)),
    (staffing(designated=3, trained=1, not_habilitated=1),
     (Gap.TRAINED_NOT_HABILITATED, Gap.FEWER_TRAINED)),
    (staffing(designated=1, revoked=1), (Gap.HABILITATION_TO_REVIEW, Gap.NOBODY_TRAINED)),
    (staffing(designated=2, trained=1, revoked=1),
     (Gap.HABILITATION_TO_REVIEW, Gap.FEWER_TRAINED)),
])
def test_which_gaps_does_a_structure_have(case, expected):
    """Does each state of a structure's gestionnaires give its gaps, gravest first?"""
    assert gaps_of(case) == expected


def test_is_a_revoked_attestation_its_own_state_not_a_training():
    """Is a person whose attestation was revoked counted apart, never as trained?"""
    # Two designated, one revoked and still habilitated, nobody with a valid attestation.
    found = gaps_of(staffing(designated=2, trained=0, revoked=1))
    assert found[0] is Gap.HABILITATION_TO_REVIEW
    assert Gap.NOBODY_TRAINED in found
    assert people_concerned(staffing(designated=2, revoked=1), Gap.HABILITATION_TO_REVIEW) == 1


def test_are_the_gaps_labelled_in_french():
    assert Gap.HABILITATION_TO_REVIEW.label == "Habilitation à revoir (attestation révoquée)"
    assert {gap.label for gap in Gap} == {
        "Habilitation à revoir (attestation révoquée)", "Aucun gestionnaire formé",
        "Formé(s) mais pas habilité(s)", "Moins de formés que de désignés"}


def test_which_gaps_are_pressing():
    assert [gap for gap in Gap if gap.pressing] == [Gap.HABILITATION_TO_REVIEW,
                                                    Gap.NOBODY_TRAINED]


def day(n):
    return datetime(2026, 11, n, 9, 0, tzinfo=UTC)


def test_which_structure_comes_first():
    """Is the gravest gap first, then the most people held back, then the longest silent?"""
    structures = {
        "complete": staffing(designated=1, trained=1),
        "fewer": staffing(designated=5, trained=1, last=day(1)),
        "to record": staffing(designated=1, trained=1, not_habilitated=1, last=day(2)),
        "nobody, 1 designated": staffing(designated=1, last=day(3)),
        "nobody, 4 designated, active": staffing(designated=4, last=day(20)),
        "nobody, 4 designated, silent": staffing(designated=4, last=day(5)),
        "nobody, 4 designated, never active": staffing(designated=4),
        "revoked": staffing(designated=1, trained=1, revoked=1, last=day(30)),
    }
    order = sorted(structures, key=lambda name: urgency(structures[name]))
    assert order == [
        "revoked",
        "nobody, 4 designated, never active",
        "nobody, 4 designated, silent",
        "nobody, 4 designated, active",
        "nobody, 1 designated",
        "to record",
        "fewer",
        "complete",
    ]


def test_does_a_structure_without_any_gestionnaire_still_count():
    """A structure that designated nobody is held back as a whole: it is chased too."""
    assert people_concerned(staffing(), Gap.NOBODY_TRAINED) == 1
    assert urgency(staffing())[0] == Gap.NOBODY_TRAINED.rank
