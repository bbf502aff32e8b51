"""The Chromium the browser tests drive is launched as Playwright means it, with our additions."""

import os
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def launched_by(ancestor: int) -> list[list[str]]:
    """The command lines of the Chromium browser processes (not their renderers) that descend
    from the process `ancestor`, read from /proc."""
    parents, lines = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            line = (entry / "cmdline").read_bytes().decode().split("\0")
        except OSError:  # the process ended meanwhile
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
        browser = Path(line[0]).name in ("chromium", "chromium-headless-shell")
        if browser and not any(a.startswith("--type=") for a in line):
            lines[int(entry.name)] = line

    def descends(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == ancestor:
                return True
        return False

    return [line for pid, line in lines.items() if descends(pid)]


def test_our_disabled_features_keep_playwrights(browser):
    """Chromium honours only the last --disable-features: does ours still name every feature
    Playwright disables (a Playwright upgrade may add some), and RenderDocument?"""
    switch = "--disable-features="
    ours = next(a for a in CHROMIUM_ARGS if a.startswith(switch)).removeprefix(switch)
    running = launched_by(os.getpid())
    assert running, "aucun Chromium lancé par ce processus"
    for line in running:
        given = [a.removeprefix(switch).split(",") for a in line if a.startswith(switch)]
        assert given[-1] == ours.split(","), "notre liste n'est pas la dernière"
        missing = {feature for earlier in given[:-1] for feature in earlier} - set(given[-1])
        assert not missing, f"désactivées par Playwright, oubliées par notre liste : {missing}"
        assert "RenderDocument" in given[-1]
