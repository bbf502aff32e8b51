"""Fixtures of the web tests beyond those of tests/conftest.py."""

import pytest

from tests.factories import make_person

from .steps import make_exam_ready


@pytest.fixture
def ready(client, auth):
    """Léa, signed in, every module done: the final exam is open to her."""
    person = make_person("lea@exemple.fr")
    make_exam_ready(person)
    auth.login("lea@exemple.fr")
    return person
