"""fresh47: `effects --data DIR --window-start 2004Q1` on a synthetic folder over
2006Q1..2015Q4 read "but option --window-start is 2004Q1: they cover only 2006Q1..2015Q4",
where "they" reads as the options (one of them here). The data are what cover the window."""

import pytest

from mia_helpers.chapters import check_extract_window
from mia_helpers.files import DataFileError
from mia_helpers.quarters import Window, to_index


def test_the_data_cover_only(tmp_path):
    import json

    (tmp_path / "truth").mkdir()
    (tmp_path / "_COMPLETE.json").write_text(json.dumps({"command": "synth"}))
    (tmp_path / "truth" / "parameters.json").write_text(json.dumps(
        {"window_start": to_index("2006Q1"), "window_end": to_index("2015Q4")}))
    with pytest.raises(DataFileError) as err:
        check_extract_window(tmp_path, Window(to_index("2004Q1"), to_index("2015Q4")),
                             options=True)
    text = str(err.value)
    assert "they cover only" not in text, text
    assert "the data cover only 2006Q1..2015Q4" in text, text
