"""ec29's adversarial exports: each passed export-check before this session's changes.

- a header naming a number of persons in words with float counts ("Number of persons",
  "Nombre de personnes": "3.0" passed as a float column; "persons" and "aantal" were read);
- Dutch and French vague counts ("enkele werkzoekenden", "quelques demandeurs d'emploi", "een
  handvol nieuwkomers", "une poignée d'habitants"), read as "a few persons" is;
- Dutch and French counts by pronoun ("twee van hen", "deux d'entre eux", "dont trois", "van
  wie drie"), read as "two of them" and "of whom 3" are;
- "demandeurs d emploi" with a space or another apostrophe for "d'";
- a Vega-Lite spec's records under "datasets" rather than "data";
- a hand-written HTML page's table caption ("<caption>3 persons</caption>"), which the
  page's prose reader dropped with the table;
- accents written as combining marks ("e\u0301e\u0301n persoon", "quatre e\u0301le\u0300ves");
- a Plotly trace whose "y" is longer than its "x" (not read as a table);
- a Vega-Lite spec's inline data written as CSV text ("format": {"type": "csv"});
- a JSON file's accented text ("één persoon", "quatre élèves"), which the checker read through
  json.dumps' ASCII escapes ("\\u00e9\\u00e9n persoon"), and a string with a line break
  ("drie\\npersonen");
- Dutch and French "the number of persons was three" ("het aantal personen was drie", "le
  nombre de personnes était de trois") and shares of a count of persons with a decimal comma
  ("2,5 % van de 40 werkzoekenden", "2,5 % des 40 personnes", "Van de 40 personen vond 2,5 %
  werk", "40 personnes, dont 2,5 % ont signé"): one person;
- a Dutch group word ("met z'n drieën": the three of them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_files import scan_files

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_count_matches


def _scan(tmp_path: Path, files: dict) -> ec.ScanResult:
    return scan_files(tmp_path, files, 10)


LEAKS = {
    "number of persons header": {"t.csv": "region,Number of persons\nAntwerp,3.0\nGhent,40.0\n"},
    "nombre de personnes header": {"t.csv": "region,Nombre de personnes\nLiege,3.0\nNamur,40.0\n"},
    "personen header": {"t.csv": "gemeente,Personen\nGent,3.0\nBrugge,40.0\n"},
    "dutch vague": {"n.md": "# N\n\nIn Gent vonden enkele werkzoekenden werk.\n"},
    "french vague": {"n.md": "# N\n\nÀ Liège, quelques demandeurs d'emploi ont signé.\n"},
    "dutch handful": {"n.md": "# N\n\nEen handvol nieuwkomers tekende.\n"},
    "french handful": {"n.md": "# N\n\nUne poignée d'habitants a signé.\n"},
    "dutch of them": {"n.md": "# N\n\nVan de 40 personen vonden twee van hen werk.\n"},
    "french of them": {"n.md": "# N\n\nDeux d'entre eux ont trouvé un emploi.\n"},
    "french dont": {"n.md": "# N\n\n40 personnes, dont trois ont signé.\n"},
    "dutch van wie": {"n.md": "# N\n\n40 personen, van wie drie werk vonden.\n"},
    "apostrophe as space": {"n.md": "# N\n\nDeux demandeurs d emploi ont signé.\n"},
    "acute accent as apostrophe": {"n.md": "# N\n\n3 demandeurs d\u00b4emploi ont signé.\n"},
    "vega-lite datasets": {"c.vl.json": json.dumps({
        "datasets": {"d": [{"region": "A", "starters": 3.0}, {"region": "B", "starters": 40.0}]},
        "data": {"name": "d"}, "mark": "bar", "encoding": {"y": {"field": "starters"}}})},
    "html caption": {"p.html": "<html><body><table><caption>Only 3 persons in Liege</caption>"
                               "<tr><th>a</th><th>b</th></tr><tr><td>x</td><td>0.5</td></tr>"
                               "</table></body></html>\n"},
    "combining accents": {"n.md": "# N\n\nIn Gent vond e\u0301e\u0301n persoon werk; "
                                  "quatre e\u0301le\u0300ves aussi.\n"},
    "plotly arrays of unequal length": {"f.json": json.dumps({"data": [
        {"type": "bar", "x": ["A", "B"], "y": [3, 40, 0]}]})},
    "vega-lite csv text": {"c.vl.json": json.dumps({
        "data": {"values": "g,starters\nA,3\nB,40", "format": {"type": "csv"}},
        "mark": "bar"})},
    "json accents": {"n.json": json.dumps({"note": "één persoon vond werk"})},
    "json accents escaped": {"n.json": '{"note": "\\u00e9\\u00e9n persoon vond werk"}'},
    "json french": {"n.json": json.dumps({"rows": [{"note": "quatre élèves"}]})},
    "json line break": {"n.json": json.dumps({"note": "drie\npersonen vonden werk"})},
    "dutch number of": {"n.md": "# N\n\nHet aantal personen was drie.\n"},
    "french number of": {"n.md": "# N\n\nLe nombre de personnes était de trois.\n"},
    "dutch share": {"n.md": "# N\n\n2,5 % van de 40 werkzoekenden vond werk.\n"},
    "french share": {"n.md": "# N\n\n2,5 % des 40 personnes ont signé.\n"},
    "dutch share after": {"n.md": "# N\n\nVan de 40 personen vond 2,5 % werk.\n"},
    "french share dont": {"n.md": "# N\n\n40 personnes, dont 2,5 % ont signé.\n"},
    "dutch group word": {"n.md": "# N\n\nIn Gent vonden ze met z'n drieën werk.\n"},
    "html alt text in a cell": {"p.html": "<html><body><table><tr><th>a</th><th>b</th></tr>"
                                          "<tr><td><img src='x.svg' alt='drie personen'></td>"
                                          "<td>0.5</td></tr></table></body></html>\n"},
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_an_adversarial_export_is_refused(tmp_path, case):
    res = _scan(tmp_path, LEAKS[case])
    assert "small_count" in {f.rule for f in res.findings}, res.findings


CLEAN = {
    "number of persons header": {"t.csv": "region,Number of persons\nAntwerp,30.0\n"
                                          "Ghent,40.0\n"},
    "dutch periods": {"n.md": "# N\n\nVan de 40 personen, waarvan 3 kwartalen zonder werk; "
                              "enkele kwartalen later.\n"},
    "french periods": {"n.md": "# N\n\n40 personnes, dont 3 ans de suivi; quelques trimestres "
                               "plus tard.\n"},
    "french dont large": {"n.md": "# N\n\n400 personnes, dont trente ont signé.\n"},
    "large shares": {"n.md": "# N\n\nVan de 400 personen vond 50 % werk; 40 % des personnes; "
                             "het aantal personen was dertig.\n"},
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_the_same_without_a_small_count_passes(tmp_path, case):
    res = _scan(tmp_path, CLEAN[case])
    assert res.findings == [], res.findings


@pytest.mark.parametrize("text", ["e\u0301e\u0301n persoon", "Twee van hen vonden werk.",
                                  "2,5 % des 40 personnes", "Het aantal personen was drie.", "Deux d'entre eux ont signé.",
                                  "In Gent vonden enkele werkzoekenden werk.",
                                  "40 personnes, dont trois ont signé."])
def test_redaction_makes_them_pass(text):
    assert small_count_matches(text, 10)
    assert small_count_matches(redact_small_counts(text, 10), 10) == []
