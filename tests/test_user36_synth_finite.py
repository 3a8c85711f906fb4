"""user36: ``synth --set sensitivity.unobserved_selection=1e309`` (or ``.inf``, ``.nan``, and
the same in a ``--config`` file) was accepted: the command printed "warning: invalid value
encountered in divide (RuntimeWarning)", wrote registers and a truth computed from infinite
log-odds and exited 0. Tested: :func:`mia_helpers.cli.synth.generator_config` refuses every
non-finite generator parameter, naming it, its value and the option it came from."""

from __future__ import annotations

import pytest

from mia_helpers.cli.synth import generator_config
from mia_helpers.files import ParameterError


@pytest.mark.parametrize("text", ["1e309", ".inf", "-.inf", ".nan"])
def test_set_refuses_a_non_finite_value(text):
    with pytest.raises(ParameterError) as err:
        generator_config(None, [f"sensitivity.unobserved_selection={text}"])
    msg = str(err.value)
    assert "sensitivity.unobserved_selection" in msg
    assert "--set sensitivity.unobserved_selection" in msg and "finite" in msg


def test_set_of_a_group_names_the_group_option():
    with pytest.raises(ParameterError, match=r"unobserved_job = inf \(from --set sensitivity\)"):
        generator_config(None, ["sensitivity={unobserved_job: .inf}"])


def test_config_file_value_names_the_file(tmp_path):
    cfg = tmp_path / "gen.yaml"
    cfg.write_text("job:\n  base: .inf\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"job\.base = inf \(from --config .*gen\.yaml\)"):
        generator_config(cfg, [])


def test_finite_values_pass():
    cfg = generator_config(None, ["sensitivity.unobserved_selection=1.5"])
    assert cfg.to_dict()["sensitivity"]["unobserved_selection"] == 1.5
