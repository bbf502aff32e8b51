"""French wording shared by pages, messages and e-mails: a count and its noun, agreed."""


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """« 1 tentative », « 3 tentatives possibles »: a number and its noun, agreed the French
    way, the singular below two (« 0 leçon lue »). `plural` when more than an « s » changes."""
    return f"{count} {singular if count < 2 else plural or singular + 's'}"
