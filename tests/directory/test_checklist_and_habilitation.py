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
