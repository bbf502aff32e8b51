"""Rate limits counted in the process's memory (`memory://`), without a thread per sweep.

limits' MemoryStorage forgets expired windows in a `threading.Timer` that lives 10 ms, and
starts a new one on the next hit once it has run: under load, a thread started every 10 ms in
every worker, and the request waits for it to start. Each count already checks its own expiry
when read, so the sweep only frees memory: here the hit that comes a second or more after the
last sweep makes it, in its own thread.

Registered for the `memory://` scheme in place of limits' class (the scheme registry of limits
keeps the last class declared for a scheme). Redis (`redis://`, production) is untouched. This
overrides two private methods of limits 5: tests/webapp/test_rate_limits.py fails if they go.
"""

import time

from limits.storage import MemoryStorage

# Seconds between two sweeps of the expired windows.
SWEEP_EVERY = 1.0


class SweptMemoryStorage(MemoryStorage):
    """limits' in-memory counts, swept by a hit at most once a second rather than by a timer."""

    STORAGE_SCHEME = ["memory"]
    swept_at = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now - self.swept_at >= SWEEP_EVERY:
            self.swept_at = now
            self._MemoryStorage__expire_events()
