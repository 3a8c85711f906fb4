"""reader34: Appendix A's paragraph on the MatchIt benchmark compares both engines' estimates
with the true ATT of the benchmark's data; the estimates come from
``results/matchit_peer.json`` and the true ATT from the generator's constant
(:data:`mia_helpers.matchit_compat.PEER_TRUE_ATT`), nothing typed into the prose."""
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark

from mia_helpers.matchit_compat import (
    PEER_TRUE_ATT,
    peer_att_words,
    peer_benchmark,
    peer_benchmark_claims,
)

ROOT = Path(__file__).resolve().parents[1]


def test_generator_effect_is_the_constant() -> None:
    """OLS of the outcome on treatment and the generator's covariates recovers PEER_TRUE_ATT
    within 4 standard errors (the OLS standard error, errors N(0, 1) as drawn)."""
    bench = load_benchmark("matchit_peer")
    d = bench.risk_set(20_000, seed=3)
    X = np.column_stack([np.ones(len(d)), d["treat"], d[["x1", "x2", "x3", "x4", "b"]],
                         d["g"].eq("b"), d["g"].eq("c")]).astype(float)
    beta, *_ = np.linalg.lstsq(X, d["y"].to_numpy(), rcond=None)
    resid = d["y"].to_numpy() - X @ beta
    se = np.sqrt(resid.var(ddof=X.shape[1]) * np.linalg.inv(X.T @ X)[1, 1])
    assert abs(beta[1] - PEER_TRUE_ATT) < 4 * se, (beta[1], se)


def test_words_from_the_committed_file() -> None:
    table, _ = peer_benchmark()
    g = peer_benchmark_claims()
    words = g["a_peer_att_words"]
    assert words.startswith(f"The generator's true ATT is {PEER_TRUE_ATT:g}; ours estimated ")
    for v in table["ours_att"]:
        assert f"{v:.2f}" in words
    for v in table["matchit_att"].dropna():
        assert f"{v:.2f}" in words
    assert g["a_peer_true_att"] == PEER_TRUE_ATT
    _, meta = peer_benchmark()
    assert g["a_peer_command"] == meta["command"]


def test_words_follow_the_numbers(tmp_path) -> None:
    table = pd.DataFrame({"units": [10, 2000], "ours_att": [0.5, 2.25],
                          "matchit_att": [0.75, np.nan]})
    assert peer_att_words(table, true_att=2) == (
        "The generator's true ATT is 2; ours estimated 0.50 and 2.25 at 10 and 2,000 units, "
        "MatchIt 0.75 at 10 units")
    with pytest.raises(ValueError, match="ours_att"):
        peer_att_words(table.drop(columns="ours_att"))
    # a file without a command line: the default rerun command
    p = tmp_path / "peer.json"
    rows = [{"units": 10, "ours_s": 1.0, "matchit_s": 3.0, "ours_att": 1.0},
            {"units": 20, "ours_s": 2.0, "matchit_s": 9.0, "ours_att": 1.0}]
    p.write_text(json.dumps({"rows": rows}))
    assert peer_benchmark_claims(p)["a_peer_command"].startswith("python benchmarks/matchit_peer")


def test_appendix_glues_the_paragraph() -> None:
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text()
    start = text.index("### Held against R's MatchIt")
    para = text[start:text.index("\n## ", start)]
    assert "{glue:text}`a_peer_att_words`" in para
    # the rerun command stays code (a glued text's "--" would be typeset as a dash): it is
    # the command that wrote the results file
    assert f"`{peer_benchmark_claims()['a_peer_command']}`" in para
    prose = para[para.index("{glue:text}`a_peer_speed`"):]  # the benchmark's paragraph
    # no number typed into the paragraph's prose: every digit sits in a role or code span
    bare = re.sub(r"\{[\w:]+\}`[^`]*`|`[^`]*`", "", prose)
    assert not re.search(r"\d", bare), re.findall(r".{20}\d.{20}", bare)
