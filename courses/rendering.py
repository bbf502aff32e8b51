"""Lesson Markdown to HTML: lesson links, figures, and glossary terms marked at first use."""

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable

import markdown
from markdown.treeprocessors import Treeprocessor

from .model import Term
from .references import FIGURE

SKIPPED_TAGS = {"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
SLIDE_BREAK = re.compile(r"^(?=## )", re.MULTILINE)


class GlossaryMarker(Treeprocessor):
    """Wrap the first use of each glossary term in a link to its entry (with <abbr>)."""

    def __init__(self, md, terms: Iterable[Term], glossary_url: str):
        super().__init__(md)
        self.glossary_url = glossary_url
        self.by_spelling = {s: term for term in terms for s in term.spellings}
        spellings = sorted(self.by_spelling, key=len, reverse=True)
        # Whole words only: "CPS" must not match inside "e-CPS", nor "RPPS" inside "RPPS+".
        self.pattern = re.compile(
            r"(?<![\w+-])(" + "|".join(map(re.escape, spellings)) + r")(?![\w+-])"
        ) if spellings else None
        self.seen: set[str] = set()

    def run(self, root):
        if self.pattern is not None:
            self.walk(root)

    def walk(self, element):
        if element.tag in SKIPPED_TAGS:
            return
        element.text = self.mark(element, element.text, at=0)
        for child in list(element):
            self.walk(child)
            child.tail = self.mark(element, child.tail, at=list(element).index(child) + 1)

    def mark(self, parent, text, at):
        """Link the unseen terms of `text` (inserted at `at`); return the text before them."""
        if not text:
            return text
        links, lead, position = [], text, 0
        for match in self.pattern.finditer(text):
            term = self.by_spelling[match.group(1)]
            if term.term in self.seen:
                continue
            self.seen.add(term.term)
            if links:
                links[-1].tail = text[position:match.start()]
            else:
                lead = text[:match.start()]
            links.append(self.link(term, match.group(1)))
            position = match.end()
        if links:
            links[-1].tail = text[position:]
            for offset, link in enumerate(links):
                parent.insert(at + offset, link)
        return lead

    def link(self, term: Term, written: str):
        """<a href="glossary#term"><abbr title="expansion">written</abbr></a>."""
        link = etree.Element("a", {"href": f"{self.glossary_url}#{term.anchor}", "class": "term"})
        if term.expansion:
            abbr = etree.SubElement(link, "abbr", {"title": term.expansion})
            abbr.text = written
        else:
            link.text = written
        return link


def render_markdown(text: str, *, terms: Iterable[Term] = (), glossary_url: str = "",
                    link_for: Callable[[str], str] = lambda key: key,
                    figure_html: Callable[[str], str] = lambda name: "") -> str:
    """HTML of trusted course Markdown (raw HTML is refused earlier, by the content check)."""
    figures = {}

    def placeholder(match):
        token = f"FIGURE{len(figures)}PLACEHOLDER"
        figures[token] = figure_html(match.group(1))
        return token

    text = FIGURE.sub(placeholder, text)
    text = re.sub(r"\]\(lesson:([^)\s]+)\)", lambda m: f"]({link_for(m.group(1))})", text)
    md = markdown.Markdown(extensions=["tables", "sane_lists", "attr_list"],
                           output_format="html")
    md.treeprocessors.register(GlossaryMarker(md, terms, glossary_url), "glossary", 0)
    html = md.convert(text)
    for token, figure in figures.items():
        html = html.replace(f"<p>{token}</p>", figure)
    return html


def split_slides(body: str) -> list[str]:
    """The `##` sections of a lesson, one per slide (text before the first one included)."""
    return [part.strip() for part in SLIDE_BREAK.split(body) if part.strip()]
