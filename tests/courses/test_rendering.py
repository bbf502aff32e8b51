"""Rendering lessons: glossary terms at first use, lesson links, figures, slides."""

from courses.model import Term
from courses.rendering import render_markdown, split_slides

TERMS = [
    Term("RPPS", "Le répertoire.", "Répertoire Partagé des Professionnels"),
    Term("RPPS+", "L'extension du RPPS."),
    Term("CPS", "La carte.", "Carte de Professionnel de Santé"),
    Term("e-CPS", "La carte numérique.", aliases=("e-cps",)),
]


def test_first_use_of_each_term_is_marked_once():
    """Is only the first use of a term marked, each with a link to its glossary entry?"""
    html = render_markdown("Le RPPS, puis le RPPS+ et la e-CPS ; encore le RPPS.",
                           terms=TERMS, glossary_url="/glossaire")
    assert html.count('href="/glossaire#terme-rpps"') == 1
    assert 'href="/glossaire#terme-rpps-plus"' in html
    assert '<abbr title="Répertoire Partagé des Professionnels">RPPS</abbr>' in html
    assert "encore le RPPS." in html
    assert html.index("terme-rpps\"") < html.index("terme-rpps-plus")


def test_terms_inside_words_links_and_headings_are_left_alone():
    """Are "CPS" in "e-CPS", terms in headings and inside links left unmarked?"""
    html = render_markdown("## Le RPPS\n\nUne e-CPS. [La CPS](https://exemple.fr).",
                           terms=TERMS, glossary_url="/g")
    assert "<h2>Le RPPS</h2>" in html
    assert "terme-cps\"" not in html and "terme-e-cps" in html


def test_lesson_links_and_figures_are_resolved():
    """Are lesson: links turned into URLs and figure paragraphs into their drawing?"""
    html = render_markdown("[suite](lesson:01-a/02-b)\n\n[[figure:six-steps]]\n",
                           link_for=lambda key: f"/lecons/{key}",
                           figure_html=lambda name: f'<figure id="{name}"></figure>')
    assert 'href="/lecons/01-a/02-b"' in html
    assert '<figure id="six-steps"></figure>' in html and "<p><figure" not in html


def test_slides_split_on_level_two_headings():
    """Does the presentation mode get one slide per ## section?"""
    slides = split_slides("Intro.\n\n## Un\n\nA\n\n## Deux\n\nB\n### Sous-titre\nC")
    assert len(slides) == 3 and slides[2].startswith("## Deux") and "Sous-titre" in slides[2]
