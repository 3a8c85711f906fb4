"""xmsg40: a run refused for a parameter shared across chapters on one extract
(``extract_parameter_variation``, :func:`mia_helpers.export_check._shared_parameter_variation`)
named only the first run it disagreed with, and its remedy moved only the runs of that pair:
with three runs at two or more values, following every message once could leave two runs
disagreeing (chapter 4 told to take Appendix A's fixed caliper while chapter 5 was told to
take chapter 4's old one), so that the export took two rounds. Every disagreeing run is now
named (chapter, value, folder; at most :data:`~mia_helpers.export_check.SHOWN_RUNS`, the rest
counted), and the remedy is one value for every run of the extract, or the runs to leave out.
Each test applies the remedy exactly as the messages word it, once, and checks again.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from test_xcheck39 import CH4, CH5, CH6, CHA, _found, _run

from mia_helpers import export_check as ec


def _todo(detail: str) -> str:
    return detail.split("what to do: ", 1)[1]


def _set_values(root: Path, findings: list[ec.Finding]) -> None:
    """Apply every ``-p NAME VALUE for RUNS`` the findings tell, to the runs they name
    (``this run`` is the finding's own), rewriting the manifests as a rerun would."""
    for f in findings:
        sets = _todo(f.detail).split("), or ", 1)[0]
        for part in sets.split("; "):
            m = re.search(r"-p (\w+) (\S+)(.*)", part)
            assert m, f.detail
            name, value, runs = m.group(1), json.loads(m.group(2)), m.group(3)
            folders = re.findall(r"([\w/]+)/manifest\.json", runs)
            if "this run" in runs or not runs.strip():
                folders.append(str(Path(f.file).parent))
            for folder in folders:
                path = root / folder / "manifest.json"
                man = json.loads(path.read_text())
                assert name in man["parameters"], (folder, name)  # only a -p can be set
                man["parameters"][name] = value
                path.write_text(json.dumps(man))


def _leave_out(root: Path, finding: ec.Finding) -> None:
    """Remove the runs one finding tells to leave out: itself and those named with it."""
    leave = _todo(finding.detail).split("leave this run out of the export", 1)[1]
    for folder in [str(Path(finding.file).parent),
                   *re.findall(r"([\w/]+)/manifest\.json", leave)]:
        shutil.rmtree(root / folder)


def test_every_disagreeing_run_is_named(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1)
    _run(tmp_path / "b", CH5, caliper=0.2)
    _run(tmp_path / "c", CH6, caliper=0.3)
    found = {f.file: f.detail for f in _found(tmp_path)}
    assert sorted(found) == [str(Path(x) / "manifest.json") for x in "bc"]
    d = found[str(Path("b") / "manifest.json")]
    assert f"0.1 in {CH4} ({Path('a') / 'manifest.json'})" in d, d
    assert f"0.3 in {CH6} ({Path('c') / 'manifest.json'})" in d, d
    assert f"0.2 here in {CH5}" in d
    # one value for both refused runs, in both messages
    for d in found.values():
        assert "-p caliper 0.1 for this run and " in d, d


def test_the_remedy_applied_once_passes(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1)
    _run(tmp_path / "b", CH5, caliper=0.2)
    _run(tmp_path / "c", CH6, caliper=0.3)
    _set_values(tmp_path, _found(tmp_path))
    assert _found(tmp_path) == []


def test_a_value_fixed_by_a_chapter_moves_every_other_run_at_once(tmp_path):
    """Appendix A matches at caliper 0.2 without a parameter. Before xmsg40 chapter 5 was
    told chapter 4's 0.05 and Appendix A told chapter 4 to take 0.2: both followed, chapter 4
    and 5 disagreed again."""
    _run(tmp_path / "a", CH4, caliper=0.05)
    _run(tmp_path / "b", CH5, caliper=0.1)
    _run(tmp_path / "c", CHA, settings={"caliper": 0.2})
    found = _found(tmp_path)
    assert len(found) == 2
    for f in found:
        assert "-p caliper 0.05" not in f.detail and "-p caliper 0.1" not in f.detail, f.detail
    _set_values(tmp_path, found)
    assert _found(tmp_path) == []


def test_leaving_out_the_named_runs_once_passes(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1, k=3)
    _run(tmp_path / "b", CH5, caliper=0.2, k=3)
    _run(tmp_path / "c", CH6, caliper=0.3, k=3)
    _leave_out(tmp_path, _found(tmp_path)[0])
    assert _found(tmp_path) == []


def test_chapters_that_fix_different_values_are_told_to_leave_runs_out(tmp_path):
    """No -p makes Appendix A (estimand fixed here at now_vs_never) and chapter 6 (fixed at
    now_vs_later) agree: the runs to leave out are named, and leaving them out passes."""
    _run(tmp_path / "a", CH6, settings={"estimand": "now_vs_later"})
    _run(tmp_path / "b", CH4, estimand="now_vs_later")
    _run(tmp_path / "c", CHA, settings={"estimand": "now_vs_never"})
    _run(tmp_path / "d", CH5, estimand="now_vs_never", panel="q")
    found = _found(tmp_path)
    assert found and all("no one estimand can be set" in f.detail for f in found)
    _leave_out(tmp_path, found[0])
    assert _found(tmp_path) == []


def test_many_runs_are_named_a_handful_and_counted(tmp_path):
    _run(tmp_path / "a", CH4, caliper=0.1)
    _run(tmp_path / "b", CH5, caliper=0.1)
    _run(tmp_path / "c", CH6, caliper=0.1)
    for i, value in enumerate([0.2, 0.3, 0.4, 0.25, 0.35, 0.45, 0.5]):
        _run(tmp_path / f"x{i}", CH5, caliper=value, panel=str(i))
    found = _found(tmp_path)
    assert len(found) == 7
    d = next(f.detail for f in found if f.file == str(Path("x0") / "manifest.json"))
    said = d.split("; caliper decides", 1)[0]
    assert said.count("manifest.json") == ec.SHOWN_RUNS, said
    assert "and 5 more runs (at " in said, said  # 3 kept + 6 others, 4 named
    todo = _todo(d)
    assert todo.count("manifest.json") <= 2 * ec.SHOWN_RUNS and "more runs" in todo, todo
    _set_values(tmp_path, found)
    assert _found(tmp_path) == []
