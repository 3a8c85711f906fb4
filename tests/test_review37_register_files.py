"""review37: ``export_check.REGISTER_FILES`` (the registers whose hashes tell one extract from
another, ``data_variation``) is a second list of the registers beside ``schemas.TABLES``;
export-check does not import the schemas (pandera). The two must name the same registers, or
a register added to the schemas would go uncompared."""

from __future__ import annotations

from mia_helpers import export_check as ec
from mia_helpers.schemas import TABLES


def test_export_check_compares_every_register_of_the_schemas():
    assert sorted(ec.REGISTER_FILES) == sorted(f"{t}.parquet" for t in TABLES)
