"""Sphinx extension: author-year citations in round brackets, "(Sianesi, 2004)".

sphinxcontrib-bibtex's built-in ``author_year`` style uses square brackets; economists
read round ones. This registers the style ``author_year_round`` (selected in
``_config.yml`` by ``bibtex_reference_style``), following the sphinxcontrib-bibtex
documentation on custom referencing styles.
"""

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
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


def setup(app):  # noqa: D103 - Sphinx entry point
    return {"parallel_read_safe": True, "parallel_write_safe": True}
