"""Every page each demo account reaches is valid HTML (RGAA 8.2), checked by the W3C Nu checker.

The pages are crawled through the app (tests/crawl.py, shared with the browser's widths test), as
each demo account and as a visitor, by following the links of every page (a few of each shape:
`/structures/1/personnes/7` and `/8` are one page), then the Nu checker (the `vnu-jar` npm
package, on Java) reads them all in one run.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawl import ACCOUNTS, crawl
from webapp.demo import PASSWORD

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_of_every_demo_account_is_valid_html(
        app, client, auth, database_url, seeded_demo, tmp_path):
    """Does the Nu checker find no error on any page a visitor or a demo account reaches?"""
    if not database_url.startswith("sqlite"):
        pytest.skip("le balisage ne dépend pas de la base de données")
    if shutil.which("java") is None or not VNU.exists():
        pytest.skip("le validateur Nu (vnu-jar, Java) manque : make setup l'installe")
    files = {}
    for account in (None, *ACCOUNTS):
        if account:
            auth.login(account, PASSWORD)
        for path, html in crawl(client).items():
            name = f"{len(files):03d}.html"
            (tmp_path / name).write_text(html, encoding="utf-8")
            files[name] = (account or "visiteur", path)
        if account:
            auth.logout()
    assert len(files) > 60, "le parcours des pages n'a presque rien trouvé"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = sorted(
        f"{' '.join(files[Path(urlsplit(m['url']).path).name])} l.{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages if m["type"] == "error"
    )
    assert not errors, f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors[:60])
