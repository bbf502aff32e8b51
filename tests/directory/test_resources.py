"""The resources data file: every entry sourced, addresses only where the seeds give them."""

from pathlib import Path

import pytest

from directory.resources import resource, resources

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_every_resource_is_sourced_and_keys_are_unique():
    keys = [entry.key for entry in resources()]
    assert len(keys) == len(set(keys))
    assert all(entry.source.startswith("seed ") for entry in resources())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed decks are not beside the work tree")
def test_every_address_is_spelled_out_in_a_seed():
    seeds = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    for entry in resources():
        for address in filter(None, (entry.url, entry.email)):
            assert address in seeds, entry.key


def test_a_help_desk_gets_a_mailto_and_a_named_form_no_link():
    assert resource("hotline-ans").href.startswith("mailto:")
    assert resource("formulaire-f101").href is None
    with pytest.raises(KeyError):
        resource("inconnu")
