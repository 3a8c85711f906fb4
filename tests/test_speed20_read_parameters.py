"""chapters.read_parameters remembers a chapter's parse by its text: a changed file (even one
of the same size, written within the same clock tick) is parsed again, and no caller's change
to what it got reaches another caller."""

from __future__ import annotations

import pytest
from notebook_text import MYST_HEADER

from mia_helpers.chapters import ChapterError, read_parameters

CHAPTER = MYST_HEADER + """
# A chapter

```{{code-cell}} ipython3
:tags: [parameters]

seed = {seed}  # the seed
sizes = [1, 2]  # a list
```
"""


def test_a_changed_chapter_is_read_again_and_callers_get_their_own_copy(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER.format(seed=1))
    first = read_parameters(path)
    assert first["seed"].default == 1 and first["sizes"].default == [1, 2]
    first["sizes"].default.append(3)  # a caller changing its copy
    del first["seed"]
    again = read_parameters(path)
    assert again["seed"].default == 1 and again["sizes"].default == [1, 2]
    path.write_text(CHAPTER.format(seed=2))  # same size, at once
    assert read_parameters(path)["seed"].default == 2
    path.write_text(CHAPTER.format(seed=1).replace(":tags: [parameters]\n", ""))
    with pytest.raises(ChapterError, match="no code cell tagged 'parameters'"):
        read_parameters(path)
    path.unlink()
    with pytest.raises(FileNotFoundError):
        read_parameters(path)
