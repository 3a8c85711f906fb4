"""Chapter 5's method paragraph said "Every estimate is drawn next to the generator's true
effect", but the feeder model's odds ratios (its Table 4) carry no generator value, and a real
extract has no truth at all (concl50, seeds 4100-4104). The paragraph now says which
estimates have a truth beside them; the feeder table's cell indeed adds none."""

from pathlib import Path

CH5 = Path(__file__).resolve().parents[1] / "notebooks" / "05_newcomer_integration.md"


def test_method_paragraph_scopes_the_truth():
    text = " ".join(CH5.read_text().split())
    assert "Every estimate is drawn next to the generator's true effect" not in text
    assert ("On synthetic data every effect estimate is drawn next to the generator's true "
            "effect; the feeder model's odds ratios are not") in text


def test_feeder_table_cell_adds_no_truth():
    text = CH5.read_text()
    cell = text[text.index("periods = nc.feeder_periods(npanel)"):]
    cell = cell[:cell.index("```")]
    assert "truth" not in cell.lower(), cell
