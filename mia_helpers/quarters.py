"""Quarter indices: 2005Q1 = 0, 2016Q4 = 47, 2017Q1 = 48 (book/design.md section 2).

All registers and results store quarters as int16 indices; these helpers convert to and from
labels such as ``"2005Q1"`` and describe an observation window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

BASE_YEAR = 2005
_LABEL = re.compile(r"^(\d{4})Q([1-4])$")


def to_index(label: str) -> int:
    """Quarter label ``"YYYYQn"`` -> index counted from 2005Q1 = 0.

    Raises
    ------
    ValueError
        If ``label`` (stripped, as a string) is not of the form ``"YYYYQn"`` with n in 1..4.
    """
    m = _LABEL.match(str(label).strip())
    if not m:
        raise ValueError(f"not a quarter label (expected e.g. '2005Q1'): {label!r}")
    return (int(m.group(1)) - BASE_YEAR) * 4 + int(m.group(2)) - 1


def to_label(index: int) -> str:
    """Quarter index -> label ``"YYYYQn"``."""
    index = int(index)
    return f"{BASE_YEAR + index // 4}Q{index % 4 + 1}"


def labels(indices: np.ndarray) -> np.ndarray:
    """Vectorised :func:`to_label` (object array of labels)."""
    idx = np.asarray(indices, dtype=np.int64)
    years = (BASE_YEAR + idx // 4).astype(str)
    qs = (idx % 4 + 1).astype(str)
    return np.char.add(np.char.add(years, "Q"), qs).astype(object)


def year_of(index: int | np.ndarray) -> int | np.ndarray:
    """Calendar year of a quarter index (vectorised)."""
    return BASE_YEAR + np.asarray(index) // 4


@dataclass(frozen=True)
class Window:
    """An observation window of quarter indices, both ends inclusive.

    The default is the seed study's 2005Q1-2016Q4 (0..47); newer extracts pass another window.
    """

    start: int = 0
    end: int = 47

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window end {self.end} before start {self.start}")

    @classmethod
    def from_labels(cls, start: str = "2005Q1", end: str = "2016Q4") -> Window:
        """The window from its first and last quarter as labels (``"2005Q1"``)."""
        return cls(to_index(start), to_index(end))

    @property
    def n_quarters(self) -> int:
        """Quarters in the window, both ends included."""
        return self.end - self.start + 1

    def labels(self) -> tuple[str, str]:
        """The first and last quarter as labels (``("2005Q1", "2016Q4")``)."""
        return to_label(self.start), to_label(self.end)
