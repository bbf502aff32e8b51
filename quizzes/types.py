"""The question types, as a registry: one class per type and one entry in TYPES."""

from collections import Counter

from .base import QuestionType, check_items, item_ids, shuffled, texts
from .model import Option

__all__ = ["TYPES", "QuestionType"]


class SingleChoice(QuestionType):
    """One right option among 2 to 6."""

    name, label = "single", "Choix unique"
    hint = "choisissez une seule des réponses proposées"

    def validate_answer(self, question):
        if question.answer not in item_ids(question.options):
            return [f"answer : l'identifiant d'une des options attendu, pas {question.answer!r}"]
        return []

    def parse(self, question, values):
        return values[0] if len(values) == 1 and values[0] in item_ids(question.options) else None

    def response_display(self, question, response):
        return texts(question.options, [response])

    def values(self, response):
        return [response]


class MultipleChoice(QuestionType):
    """Exactly the right set of options among 3 to 6: one missing or one extra is wrong."""

    name, label = "multiple", "Choix multiple"
    option_counts = (3, 6)
    hint = "cochez une ou plusieurs des réponses proposées, chacune une seule fois"

    def validate_answer(self, question):
        answer = question.answer
        if (not isinstance(answer, tuple) or not answer or len(set(answer)) != len(answer)
                or not set(answer) <= set(item_ids(question.options))):
            return ["answer : une liste d'identifiants d'options, distincts, attendue"]
        return []

    def parse(self, question, values):
        known = item_ids(question.options)
        if values and len(set(values)) == len(values) and set(values) <= set(known):
            return frozenset(values)
        return None

    def right_response(self, question):
        return frozenset(question.answer)

    def response_display(self, question, response):
        return texts(question.options, [i for i in item_ids(question.options) if i in response])

    def values(self, response):
        return sorted(response)


class TrueFalse(QuestionType):
    """A statement, true or false; its options are always « vrai » and « faux »."""

    name, label = "true_false", "Vrai ou faux"
    fields = frozenset({"answer"})
    fixed_options = (Option("vrai", "Vrai"), Option("faux", "Faux"))
    hint = "répondez « vrai » ou « faux »"

    def validate_answer(self, question):
        if not isinstance(question.answer, bool):
            return [f"answer : true ou false attendu, pas {question.answer!r}"]
        return []

    def parse(self, question, values):
        return values[0] == "vrai" if tuple(values) in (("vrai",), ("faux",)) else None

    def response_display(self, question, response):
        return "Vrai" if response else "Faux"

    def values(self, response):
        return ["vrai" if response else "faux"]

    def arrange(self, question, rng):
        # Always « Vrai » then « Faux »: shuffling two fixed words only trips the reader up.
        return item_ids(question.options), (), ()


class Ordering(QuestionType):
    """3 to 7 items to put back in the order the bank lists them in."""

    name, label = "ordering", "Remise en ordre"
    fields = frozenset({"options"})
    option_marks = False
    option_counts = (3, 7)
    hint = "donnez à chacun des éléments proposés un rang différent"

    def parse(self, question, values):
        # Two forms: the ids in order, or one `<id>:<rank>` per item (the form's rank fields).
        ranks = self.ranks(values)
        ids = item_ids(question.options)
        if ranks is not None:
            if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
                return None
            values = sorted(ranks, key=ranks.get)
        return tuple(values) if len(values) == len(ids) and set(values) == set(ids) else None

    @staticmethod
    def ranks(values) -> dict[str, int] | None:
        """`<id>:<rank>` values as {id: rank}; None when they are plain ids or malformed."""
        pairs = [value.partition(":") for value in values]
        if not pairs or not all(sep and rank.isdigit() for _, sep, rank in pairs):
            return None
        ranks = {item: int(rank) for item, _, rank in pairs}
        return ranks if len(ranks) == len(pairs) else None

    def arranged(self, options, values) -> list[tuple[Option, int | None]]:
        """The options to show, each with the rank the values give it (None: no rank yet).

        A complete order shows the items in it; anything less keeps the order drawn.
        """
        values = [v for v in values if v]
        ranks = self.ranks(values)
        if ranks is None:
            ranks = {} if any(":" in v for v in values) else {
                item: n for n, item in enumerate(values, start=1)}
        shown = [(option, ranks.get(option.id)) for option in options]
        if sorted(r for _, r in shown if r) == list(range(1, len(options) + 1)):
            shown.sort(key=lambda pair: pair[1])
        return shown

    def right_response(self, question):
        return item_ids(question.options)

    def response_display(self, question, response):
        return texts(question.options, response, " → ")

    def arrange(self, question, rng):
        order = shuffled(question.options, rng)
        # Shown in the right order, the question would show its own answer.
        if order == item_ids(question.options) and len(order) > 1:
            order = order[1:] + order[:1]
        return order, (), ()


class Matching(QuestionType):
    """Each item on the left paired with its item on the right."""

    name, label = "matching", "Association"
    fields = frozenset({"left", "right", "answer"})
    option_marks = False
    option_counts = (3, 6)
    hint = "associez chaque élément de gauche à un seul élément de droite"

    def validate(self, question):
        problems = (check_items("left", question.left, self.option_counts)
                    + check_items("right", question.right, self.option_counts))
        answer = question.answer
        pairs = answer if isinstance(answer, tuple) else ()
        if not all(isinstance(p, tuple) and len(p) == 2 for p in pairs) or not pairs:
            return [*problems, "answer : un tableau « gauche: droite » attendu"]
        if Counter(left for left, _ in pairs) != Counter(item_ids(question.left)):
            problems.append("answer : chaque élément de gauche, une fois et une seule, attendu")
        unknown = [right for _, right in pairs if right not in item_ids(question.right)]
        if unknown:
            problems.append(f"answer : élément de droite inconnu : {', '.join(map(str, unknown))}")
        return problems

    def parse(self, question, values):
        pairs = tuple(tuple(value.split(":")) for value in values)
        lefts, rights = item_ids(question.left), item_ids(question.right)
        if (any(len(p) != 2 or p[0] not in lefts or p[1] not in rights for p in pairs)
                or Counter(p[0] for p in pairs) != Counter(lefts)):
            return None
        return tuple(sorted(pairs, key=lambda pair: lefts.index(pair[0])))

    def response_display(self, question, response):
        names = {item.id: item.text for item in (*question.left, *question.right)}
        return " ; ".join(f"{names[left]} → {names[right]}" for left, right in response)

    def right_response(self, question):
        # In left order, as `parse` returns a response: equal tuples mean equal pairings.
        lefts = item_ids(question.left)
        return tuple(sorted(question.answer, key=lambda pair: lefts.index(pair[0])))

    def values(self, response):
        return [f"{left}:{right}" for left, right in response]

    def arrange(self, question, rng):
        # The left column reads as the author wrote it; the right one is what must be found.
        return (), item_ids(question.left), shuffled(question.right, rng)


TYPES: dict[str, QuestionType] = {
    "single": SingleChoice(),
    "multiple": MultipleChoice(),
    "true_false": TrueFalse(),
    "ordering": Ordering(),
    "matching": Matching(),
}
