"""Firing requests at the same instant, for tests of what concurrent clicks leave behind."""

import threading

from webapp.extensions import db


def together(*tasks):
    """Run each callable in its own thread, all released at once by a barrier. Returns their
    results in order, and every exception raised (none is expected)."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)
    failures = []

    def run(index, task):
        try:
            barrier.wait(timeout=30)
            results[index] = task()
        except Exception as error:  # noqa: BLE001 - reported by the test, whatever it is
            failures.append(error)

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a task never returned"
    return results, failures


def at_once(requests):
    """POST each (client, url) or (client, url, data) from its own thread, all released
    together by a barrier. Returns the responses in order, and every exception raised (none
    is expected)."""
    # The test's own transaction would hold SQLite's write lock (outside a request, the app
    # begins IMMEDIATE) and make every request wait, then fail: end it first.
    db.session.commit()

    def post(client, url, data=None):
        return lambda: client.post(url, data=data)

    return together(*(post(*request) for request in requests))
