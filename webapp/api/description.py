"""The OpenAPI 3.1 description: a reviewed static file, read once, served with our address."""

from functools import cache
from pathlib import Path

import yaml

SOURCE = Path(__file__).resolve().parent / "openapi.yaml"


@cache
def reviewed_document() -> dict:
    """The file as written (it never changes while the process runs)."""
    with SOURCE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def openapi_document(api_url: str) -> dict:
    """The description, with `servers` pointing at this installation's public address."""
    return {**reviewed_document(), "servers": [{"url": api_url}]}
