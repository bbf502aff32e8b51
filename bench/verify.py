"""The `verify` benchmark: public verification and the cached attestation PDF (aim: ≥ 40 %).

`/verify/<code>` is what every QR code scan costs; the PDF download, once rendered, is served
from the database and is compared with `/healthz`, the app's cheapest page.
"""

import sqlite3

from .harness import Options
from .http_baseline import measure
from .report import Comparison

CERTIFIED = "gestionnaire3@demo.test"  # holds an attestation in the demo data


def certified_attestation(env: dict) -> tuple[str, str]:
    """(number, verification code) of the certified demo learner's attestation."""
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT number, verification_code FROM attestation "
            "JOIN user_account ON user_account.id = attestation.user_id "
            "WHERE user_account.email = ? AND status = 'valid'", (CERTIFIED,)).fetchone()


SCENARIOS = (
    ("/healthz", "/healthz", None, '"ok"'),
    ("/verify/<code>, anonymous",
     lambda env: f"/verify/{certified_attestation(env)[1]}", None, "Attestation valide"),
    # The probe (first request) renders and stores the PDF: the load measures cached downloads.
    ("attestation PDF (cached), holder",
     lambda env: f"/attestations/{certified_attestation(env)[0]}.pdf", CERTIFIED, "%PDF-"),
)


def run(options: Options) -> list[Comparison]:
    """Verification page and cached PDF against bare Flask; rate limits out of the way."""
    comparisons = measure(SCENARIOS, options, {"VERIFY_LIMIT_PER_IP": "1000000 per minute"})
    healthz, _, download = comparisons
    # Each against the bare baseline measured around it: the quotient cancels the drift.
    print(f"cached PDF download / /healthz: {download.ratio / healthz.ratio:.0%}", flush=True)
    return comparisons
