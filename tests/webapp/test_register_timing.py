"""Registration does not tell, by its speed, whether an address already has an account."""

import statistics
import time

from tests.factories import make_person

TRIES = 9
PASSWORD = "une phrase assez longue"


def timed_registration(client, email) -> float:
    """The CPU time of one registration: the work done, not the wait for a core (the test
    workers share the machine's cores, and a busy neighbour stretches wall-clock times)."""
    started = time.process_time()
    response = client.post("/register", data={
        "first_name": "Léa", "last_name": "Martin", "email": email,
        "password": PASSWORD, "password_confirmation": PASSWORD})
    elapsed = time.process_time() - started
    assert response.status_code == 303
    return elapsed


def test_register_takes_as_long_for_a_known_address(client, real_password_hashing):
    """Is the median time for a known address close to the one for a new address?"""
    make_person("connue@exemple.fr")
    timed_registration(client, "echauffement@exemple.fr")  # first request: caches, templates
    known, new = [], []
    for number in range(TRIES):  # interleaved, so that a slower moment weighs on both
        known.append(timed_registration(client, "connue@exemple.fr"))
        new.append(timed_registration(client, f"nouvelle{number}@exemple.fr"))
    # Without hashing for a known address it answered in a fraction of the time (about 1/5).
    assert statistics.median(known) > 0.7 * statistics.median(new), (known, new)
