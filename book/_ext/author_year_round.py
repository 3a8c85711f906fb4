"""Sphinx extension: author-year citations in round brackets, "(Sianesi, 2004)".

sphinxcontrib-bibtex's built-in ``author_year`` style uses square brackets; economists
read round ones. This registers the style ``author_year_round`` (selected in
``_config.yml`` by ``bibtex_reference_style``), following the sphinxcontrib-bibtex
documentation on custom referencing styles.
"""

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.style import template as tpl
from pybtex.style.formatting import unsrt
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class AuthorYearRoundReferenceStyle(AuthorYearReferenceStyle):
    """Author-year referencing with round brackets."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_round", AuthorYearRoundReferenceStyle
)


class AuthorYearStyle(unsrt.Style):
    """Bibliography entries in author-year form: "Sianesi, Barbara (2004). An evaluation...".

    pybtex's ``unsrt`` style with the year after the authors instead of at the end, names
    last name first, and entries sorted by author, year and title. The citation labels
    (required by Sphinx) are hidden in the HTML (``book/_static/mia.css``) and the PDF
    (``latex_elements`` in ``_config.yml``): the text cites author-year.
    """

    default_sorting_style = "author_year_title"
    default_name_style = "lastfirst"

    def format_names(self, role, as_sentence=True):
        formatted = tpl.names(role, sep=", ", sep2=" and ", last_sep=", and ")
        if role == "author":
            formatted = tpl.words[formatted, tpl.join["(", tpl.field("year"), ")"]]
        return tpl.sentence[formatted] if as_sentence else formatted


# unsrt's templates end every entry with this module-level ``date`` (month and year); the
# author-year style prints the year after the authors, so only the month stays at the end.
unsrt.date = tpl.optional[tpl.field("month")]

pybtex.plugin.register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)


def setup(app):  # noqa: D103 - Sphinx entry point
    return {"parallel_read_safe": True, "parallel_write_safe": True}
