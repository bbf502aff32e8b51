"""The `http` benchmark: the real app's /healthz and signed-in home pages against bare Flask."""

from webapp.demo import PASSWORD

from .harness import Options, demo_database, probe, server, sign_in
from .load import load
from .report import Comparison

# (scenario, path, account signed in or None, text the page must contain)
SCENARIOS = (
    ("/healthz", "/healthz", None, '"ok"'),
    ("/ signed in, gestionnaire1", "/", "gestionnaire1@demo.test", 'action="/logout"'),
    ("/ signed in, admin", "/", "admin@demo.test", 'action="/logout"'),
)


def run(options: Options) -> list[Comparison]:
    """The real app's /healthz and home pages against bare Flask."""
    return measure(SCENARIOS, options)


def measure(scenarios, options: Options, settings: dict | None = None) -> list[Comparison]:
    """Measure bare `/`, then each scenario followed by bare `/` again (to average out drift).

    A scenario's path may be a function of the demo database's environment (for what only
    exists once it is seeded); `settings` are extra environment variables of the real app.
    """
    with server("bench.baseline:app") as bare, demo_database() as env, \
            server("webapp:create_app()", {**env, **(settings or {})},
                   ready_path="/healthz") as real:
        probe(bare + "/", expect="hello")
        before = load(bare + "/", options)
        comparisons = []
        for scenario, path, email, expect in scenarios:
            path = path(env) if callable(path) else path
            # Signed in just before measuring: past a minute the app rewrites the session
            # cookie on every response, which is not what a browser would make it do.
            cookie = sign_in(real, email, PASSWORD) if email else None
            probe(real + path, cookie, expect)
            subject = load(real + path, options, cookie)
            after = load(bare + "/", options)
            comparisons.append(Comparison(scenario, [before, after], subject))
            before = after
        return comparisons
