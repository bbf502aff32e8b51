"""The structure's to-do list and the habilitation rule, without the app."""

from directory.checklist import CHECKLIST, item, steps_with_items
from directory.habilitation import TrainingState, habilitation_refusal, missing_before_habilitation


def test_every_step_has_items_and_keys_are_unique():
    steps = steps_with_items()
    assert [step.number for step, _ in steps] == [1, 2, 3, 4, 5, 6]
    assert all(items for _, items in steps)
    assert len({entry.key for entry in CHECKLIST}) == len(CHECKLIST)
    assert item("cde_card").ticked and not item("elearning_done").ticked
    assert item("nope") is None


def test_the_flag_is_required_except_for_the_rl():
    halfway = TrainingState(modules_done=3, modules_total=5, has_flag=False)
    assert missing_before_habilitation(halfway) == ["modules terminés : 3 sur 5",
                                                    "examen final à réussir"]
    refusal = habilitation_refusal("Léa Martin", halfway)
    assert refusal.startswith("Habilitation impossible : Léa Martin")
    assert "3 sur 5" in refusal
    ready = TrainingState(modules_done=5, modules_total=5, has_flag=False)
    assert missing_before_habilitation(ready) == ["examen final à réussir"]
    assert habilitation_refusal("x", TrainingState(5, 5, has_flag=True)) is None
    assert habilitation_refusal("x", TrainingState(0, 5, False, is_legal_rep=True)) is None


def test_a_revoked_attestation_leaves_a_habilitation_to_review():
    """Is a habilitation on a revoked attestation « à revoir », never counted as in force,
    while a replaced one (the flag moved to the new attestation) stays habilitated?"""
    from directory.habilitation import (  # noqa: PLC0415
        HabilitationStatus,
        TrainingStatus,
        counts_as_habilitated,
        habilitation_status,
        training_status,
    )
    revoked = TrainingState(5, 5, has_flag=False, started=True, revoked=True)
    assert training_status(revoked) is TrainingStatus.REVOKED
    assert habilitation_status(revoked, True, attestation_revoked=True) is \
        HabilitationStatus.TO_REVIEW
    assert not counts_as_habilitated(withdrawn=False, attestation_revoked=True)
    replaced = TrainingState(5, 5, has_flag=True, started=True)
    assert habilitation_status(replaced, True, False) is HabilitationStatus.HABILITATED
    assert habilitation_status(replaced, False, False) is HabilitationStatus.TO_RECORD
    assert habilitation_status(replaced, True, False, leaving=True) is \
        HabilitationStatus.TO_WITHDRAW
    assert training_status(TrainingState(0, 5, False)) is TrainingStatus.NOT_STARTED
    assert training_status(TrainingState(1, 5, False, started=True)) is \
        TrainingStatus.IN_PROGRESS


def test_every_item_says_where_it_is_done():
    """Does each item name our page or a known national resource, and no invented one?"""
    from directory.checklist import CHECKLIST, PAGES  # noqa: PLC0415
    from directory.resources import resource  # noqa: PLC0415
    for entry in CHECKLIST:
        assert entry.page or entry.resources, entry.key
        assert entry.page is None or entry.page in PAGES
        for key in entry.resources:
            assert resource(key).name


def test_recording_again_a_habilitation_to_review():
    """Is a habilitation to review refused for its revoked attestation (never « déjà
    habilité(e) »), allowed again once a new attestation is obtained, and one in force refused
    as already there?"""
    from directory.habilitation import grant_refusal  # noqa: PLC0415
    revoked = TrainingState(5, 5, has_flag=False, started=True, revoked=True)
    refusal = grant_refusal("Marc Septième", revoked, "Mon EJ", recorded=True,
                            recorded_revoked=True)
    assert refusal.startswith("Habilitation impossible : l'attestation de Marc Septième a été "
                              "révoquée, son habilitation sur Mon EJ ne compte plus.")
    assert "déjà" not in refusal
    passed_again = TrainingState(5, 5, has_flag=True, started=True)
    assert grant_refusal("x", passed_again, "Mon EJ", recorded=True,
                         recorded_revoked=True) is None
    assert grant_refusal("Léa", passed_again, "Mon EJ", recorded=True) == \
        "Léa est déjà habilité(e) sur Mon EJ."
    assert grant_refusal("x", passed_again, "Mon EJ") is None
    assert grant_refusal("Léa", revoked, "Mon EJ").startswith(
        "Habilitation impossible : Léa n'a pas encore réussi")
