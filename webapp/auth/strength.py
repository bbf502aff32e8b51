"""How guessable a password is: zxcvbn's estimate, with our words and the person's own.

zxcvbn (Dropbox's estimator) knows common passwords, English words, names, keyboard rows,
sequences, repeats and dates. It does not know French, nor the platform, nor the person: those
are given as its « user inputs », so that `motdepasse123`, `azertyuiop12`, `rppsplus2026` or
one's own name followed by digits are refused too. Its advice is in English: the kind of weakness
it found is told in our own French words.
"""

import re
import unicodedata

from zxcvbn import zxcvbn

# zxcvbn's scale: 3 = « safely unguessable » (about 10^8 guesses and more).
MIN_SCORE = 3
# Letters that must remain once the person's words and ours are taken out of a password.
OWN_LETTERS = 3
# Enough to judge a password (zxcvbn's time grows with the length): a longer one is no weaker.
ESTIMATED_LENGTH = 64

# Words a person in this platform, or in France, reaches for first.
FRENCH_WORDS = (
    "motdepasse", "azerty", "azertyuiop", "qsdfghjklm", "wxcvbn", "rpps", "rppsplus",
    "santé", "sante", "académie", "academie", "gestionnaire", "habilitation", "elearning",
    "formation", "hopital", "hôpital", "clinique", "soleil", "bonjour", "coucou", "doudou",
    "loulou", "chouchou", "jetaime", "marseille", "paris", "france", "bienvenue", "secret",
    "motdepass", "connexion", "utilisateur", "administrateur",
)

TOO_GUESSABLE = "Ce mot de passe est trop facile à deviner"
ADVICE = " Choisissez par exemple une phrase de quelques mots sans lien entre eux."
# The first kind of weakness found in the password, in our words.
REASONS = [
    (lambda m: m.get("dictionary_name") == "user_inputs",
     " : il reprend votre nom, votre adresse e-mail ou un mot attendu ici (rpps, santé, "
     "azerty, motdepasse…)."),
    (lambda m: m.get("dictionary_name") == "passwords",
     " : il figure parmi les mots de passe les plus courants, ou en est très proche."),
    (lambda m: m["pattern"] == "spatial", " : une suite de touches voisines du clavier se "
     "devine vite."),
    (lambda m: m["pattern"] == "repeat", " : les répétitions (aaa, abcabc) se devinent vite."),
    (lambda m: m["pattern"] == "sequence", " : les suites (abc, 1234) se devinent vite."),
    (lambda m: m["pattern"] in ("date", "regex"), " : les dates et les années se devinent vite."),
    (lambda m: m["pattern"] == "dictionary",
     " : un mot ou un prénom courant, même avec des chiffres, se devine vite."),
]


def personal_words(*, email: str = "", names=(), domain: bool = True) -> list[str]:
    """The person's names and the parts of their e-mail address (with its domain's, or not)."""
    local, _, host = (email or "").lower().partition("@")
    parts = re.split(r"[^\w]+", local) + (host.split(".") if domain else [])
    words = [name for name in names if name] + [part for part in parts if len(part) > 2]
    words += [word.lower() for name in names if name for word in re.split(r"[\s'-]+", name)
              if len(word) > 2]
    return words


def folded(text: str) -> str:
    """Lower case, without accents: « Sébastien » and « sebastien » are one guess."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def only_known_words(password: str, words) -> bool:
    """Whether the password's letters are nothing but `words` (digits and symbols aside).

    zxcvbn counts `Sebastien-Lefebvre-26` as strong (its separators are « brute force »); a
    guesser who knows the person starts there.
    """
    letters = "".join(char for char in folded(password) if char.isalpha())
    for word in sorted({folded(word) for word in words if len(word) >= 3}, key=len,
                       reverse=True):
        letters = letters.replace(word, "")
    return len(letters) < OWN_LETTERS


def guessable_problem(password: str, *, email: str = "", names=()) -> str | None:
    """A French message if the password is guessable (zxcvbn's score below 3, or made of the
    person's words and ours alone), else None."""
    # Names, the address's own part and our words: a password of them alone is refused outright.
    # (Not the domain's words: the demo's `demo-rppsplus-2026`, at demo.test, stays usable.)
    own = personal_words(email=email, names=names, domain=False)
    if only_known_words(password, [*own, *(folded(word) for word in own), *FRENCH_WORDS]):
        return TOO_GUESSABLE + REASONS[0][1] + ADVICE
    # zxcvbn ranks user inputs by their order: the person's own words are tried first.
    mine = personal_words(email=email, names=names)
    words = [*mine, *(folded(word) for word in mine), *FRENCH_WORDS]
    result = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    matches = result["sequence"]
    for applies, reason in REASONS:
        if any(applies(match) for match in matches):
            return TOO_GUESSABLE + reason + ADVICE
    return TOO_GUESSABLE + "." + ADVICE
