"""One concept, one name: the readers' label of an interval's ends is not "bounds".

The book keeps "bounds" for the worst-case bounds of an estimate that is not
point-identified (positivity; Appendix A, Appendix C); the ends of a confidence interval
(``ci_low``, ``ci_high``) were labelled "Lower bound"/"Upper bound" in the published tables
(reader37). The code names themselves are held to ``se``/``ci_low``/``ci_high`` by
``test_names37_one_name``.
"""

from __future__ import annotations

from mia_helpers.labels import column_label


def test_interval_ends_are_not_labelled_bounds():
    for code in ("ci_low", "ci_high", "exp_ci_low", "exp_ci_high"):
        assert "bound" not in column_label(code).lower(), code
