"""trial25b: chapter 5's summary bullet said "IBO returns most for newcomers among the
measures compared" while Other workplace learning, compared too, had only worst-case bounds
(seed 6868, 2,500 newcomers, min_cell 11, "now versus never"): a bound is not ranked, so the
top is the top only among the measures whose effect can be stated."""

from __future__ import annotations

from bounded_rows import IBO, OTHER, VOC
from bounded_rows import bounded_tidy as _tidy

from mia_helpers import claims, newcomers


def test_summary_does_not_rank_over_a_bounded_measure():
    att = {IBO: 5.4, VOC: 3.0, OTHER: 2.9}
    nc = _tidy({IBO: False, VOC: False, OTHER: True}, att)
    res = _tidy({IBO: False, VOC: False, OTHER: False}, {IBO: 13.1, VOC: 6.8, OTHER: 4.7})
    comp = newcomers.measure_comparison(nc, res, None, (5,), "now_vs_never", 10)
    _, summary = claims.measure_ranking_sentences(comp, 5)
    assert "among the measures compared" not in summary, summary
    assert summary.startswith("IBO returns most for newcomers at 5 quarters among the measures "
                              "whose effect can be stated"), summary
    # every measure point-identified: compared, as before
    comp = newcomers.measure_comparison(_tidy(dict.fromkeys(att, False), att), res, None, (5,),
                                        "now_vs_never", 10)
    _, summary = claims.measure_ranking_sentences(comp, 5)
    assert summary.startswith("IBO returns most for newcomers at 5 quarters among the "
                              "measures compared"), \
        summary
