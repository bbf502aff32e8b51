"""What `content check` reports: a problem at a line of a file, and the error listing them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file, at a line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
