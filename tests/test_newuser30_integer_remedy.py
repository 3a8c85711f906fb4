"""The remedy of a non-integer value names the person-id option only for person ids
(newuser30: ``1,5`` children were told to set ``person_ids: text``)."""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, adapt


def test_a_non_integer_count_of_children_is_not_told_about_person_ids(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(KINDEREN=["1,5"] + list(d.KINDEREN[1:])))
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    row = p[(p.column == "children") & (p.problem == "not_an_integer")].iloc[0]
    assert row.value == "1,5"
    block = [s for s in str(err.value).split("\n") if "persons.children" in s][0]
    assert "a whole number is expected" in block and "person_ids" not in block
