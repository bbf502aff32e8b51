"""Where the course comes from: the two source decks, and the official sentences it quotes.

The course says everything in its own words, except these few sentences, kept word for word
(spelling included) because their wording matters; lessons show them as quotations.
"""

from dataclasses import dataclass

from directory.journey import LEGAL_CONFIRMATIONS

__all__ = ["QUOTATIONS", "Quotation"]


@dataclass(frozen=True)
class Quotation:
    """A sentence quoted word for word, and where it is written."""

    text: str
    origin: str


QUOTATIONS: tuple[Quotation, ...] = (
    Quotation("La réalisation de l'e-learning est obligatoire pour obtenir une habilitation "
              "« Gestionnaire RPPS+ » à compter d'avril 2025",
              "deck 003, « Designer mes gestionnaires RPPS + »"),
    Quotation("Pour accéder à l'enregistrement d'un professionnel médico-social, vous devez "
              "disposer de son numéro RPPS. Vous trouverez tous les numéros RPPS dans "
              "l'Annuaire Santé.",
              "écran « Modifier un enregistrement existant » du portail, montré par le deck 003"),
    Quotation("A ce jour, la consultation du DMP par les professionnels enregistrés dans le "
              "portail RPPS+ n'est pas encore possible.",
              "deck 000, « Les différents rôles »"),
    *(Quotation(sentence, "page « Informations légales » du portail, montrée par le deck 003")
      for sentence in LEGAL_CONFIRMATIONS),
    Quotation("Professionnels sanitaire, social et médico-social exerçant des fonctions de "
              "coordination et d'orientation",
              "définition du rôle « Coordination et orientation », deck 003 (les quatre autres "
              "rôles sont définis sur le même modèle)"),
)
