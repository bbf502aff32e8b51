"""Firing requests at the same instant, for tests of what concurrent clicks leave behind."""

import threading

from webapp.extensions import db


def at_once(requests):
    """POST each (client, url) or (client, url, data) from its own thread, all released
    together by a barrier. Returns the responses in order, and every exception raised (none
    is expected)."""
    # The test's own transaction would hold SQLite's write lock (outside a request, the app
    # begins IMMEDIATE) and make every request wait, then fail: end it first.
    db.session.commit()
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)
    failures = []

    def post(index, client, url, data=None):
        try:
            barrier.wait(timeout=30)
            responses[index] = client.post(url, data=data)
        except Exception as error:  # noqa: BLE001 - reported by the test, whatever it is
            failures.append(error)

    threads = [threading.Thread(target=post, args=(i, *request))
               for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never returned"
    return responses, failures
