"""A small raw-layout extract written from synthetic registers (to exercise the adapters).

:func:`write_raw_fixture` rewrites the six registers of a synthetic data folder the way a data
owner might deliver them: Dutch column names and code lists (``LOONTREKKENDE`` for
``salaried``, numeric education levels...), dates in several formats instead of quarter
indices (a random day inside the quarter), work permits by quarter label, and KSZ positions as
one row per person and *month*. In the monthly file the quarter's last two months carry the
quarterly position; in some quarters the first month holds a different position (a change
inside the quarter) and in others the first month is missing, so the ``last`` and
``majority`` rules must both recover the quarterly register exactly.

``example_mapping.yaml`` maps this layout back; ``tests/test_adapters.py`` checks that the
round trip reproduces the registers exactly. No ``truth/`` is written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers.quarters import BASE_YEAR, labels

#: our code -> raw code, per register column (the inverse is in example_mapping.yaml)
RAW_CODES: dict[str, dict] = {
    "sample": {"resident": "INGEZETENE", "newcomer": "NIEUWKOMER"},
    "sex": {"male": "M", "female": "V"},
    "origin": {"belgian": "BE", "southern_eu": "EU_ZUID", "eastern_eu": "EU_OOST",
               "maghreb": "MAGHREB", "turkish": "TURKIJE", "subsaharan": "SUB_SAHARA",
               "other_non_eu": "ANDER_NIET_EU"},
    "generation": {"native": "AUTOCHTOON", "first": "EERSTE_GENERATIE",
                   "intermediate": "TUSSENGENERATIE", "second": "TWEEDE_GENERATIE"},
    "education": {"low": "1", "mid": "2", "high": "3"},
    "study_field": {"general": "ALGEMEEN", "technical": "TECHNIEK", "care": "ZORG",
                    "stem": "STEM", "business": "ECONOMIE"},
    "dutch_level": {"none": "GEEN", "basic": "BASIS", "good": "GOED", "native": "MOEDERTAAL"},
    "household": {"single": "ALLEENSTAAND", "couple": "KOPPEL"},
    "parent_employed": {True: "J", False: "N"},
    "parent_education": {"low": "1", "mid": "2", "high": "3"},
    "residence_ground": {"family": "GEZINSHERENIGING", "work": "ARBEID", "asylum": "ASIEL",
                         "study": "STUDIE", "eu_citizen": "EU_BURGER"},
    "position": {"salaried": "LOONTREKKENDE", "self_employed": "ZELFSTANDIGE",
                 "unemployed_benefit": "WERKLOOS_UITKERING",
                 "jobseeker_no_benefit": "WERKZOEKEND_ZONDER_UITKERING",
                 "inactive": "INACTIEF", "student": "STUDENT", "unknown": "ONBEKEND"},
    "wage_class": {"low": "LAAG", "mid": "MIDDEN", "high": "HOOG"},
    "regular": {True: "J", False: "N"},
    "end_reason": {"employment": "WERK", "inactivity": "INACTIVITEIT"},
    "measure": {"training_basic": "OPL_BASIS", "training_vocational": "OPL_BEROEP",
                "workplace_learning_ibo": "IBO", "workplace_learning_other": "WPL_OVERIG",
                "mediation_guidance": "BEMIDDELING", "vacancy_referral_manual": "VAC_MANUEEL",
                "vacancy_referral_automatic": "VAC_AUTOMATISCH",
                "application_assignment": "SOLLICITATIEOPDRACHT",
                "sanction_transmission": "SANCTIEDOORSTURING"},
    "step": {"registration": "AANMELDING", "contract_signed": "INBURGERINGSCONTRACT",
             "mo_start": "MO_START", "mo_done": "MO_ATTEST", "nt2_start": "NT2_START",
             "nt2_level": "NT2_NIVEAU"},
    "obligated": {True: 1, False: 0},
    "permit_type": {"a": "A", "b": "B", "c": "C", "single_permit": "GECOMBINEERDE_VERGUNNING"},
}
#: share of KSZ quarters whose first month holds another position / is missing
CHANGED_FIRST_MONTH = 0.10
MISSING_FIRST_MONTH = 0.05


def _code(s: pd.Series, col: str) -> pd.Series:
    return s.astype(object).map(RAW_CODES[col])


def quarter_start(q: np.ndarray) -> pd.DatetimeIndex:
    """First day of each quarter index."""
    q = np.asarray(q, dtype=np.int64)
    return pd.DatetimeIndex(pd.to_datetime(pd.DataFrame(
        {"year": BASE_YEAR + q // 4, "month": 3 * (q % 4) + 1, "day": 1})))


def random_day(q: pd.Series, rng: np.random.Generator) -> pd.Series:
    """A random date inside each quarter (missing quarters stay missing)."""
    out = pd.Series(pd.NaT, index=q.index, dtype="datetime64[ns]")
    ok = q.notna().to_numpy()
    if ok.any():
        qi = q[ok].to_numpy(dtype=np.int64)
        start = quarter_start(qi)
        length = (quarter_start(qi + 1) - start).days.to_numpy()
        offset = np.floor(rng.random(len(qi)) * length).astype("int64")
        out[ok] = (start + pd.to_timedelta(offset, unit="D")).to_numpy()
    return out


def _ordered_days(spells: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    """A random start and end day inside each spell's start and end quarter, the end never
    before the start (a spell of one quarter gets its two days in order: reversed days are
    a data error that ``adapt`` counts as ``reversed_in_quarter``)."""
    start = random_day(spells["start_quarter"], rng)
    end = random_day(spells["end_quarter"], rng)
    flip = (end < start).fillna(False)
    start[flip], end[flip] = end[flip], start[flip].copy()
    return start, end


def _fmt(dates: pd.Series, fmt: str) -> pd.Series:
    return dates.dt.strftime(fmt).astype(object).where(dates.notna(), None)


def monthly_positions(ksz: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """KSZ person-quarter rows -> person-month rows in the raw layout (see module docstring)."""
    n = len(ksz)
    rows = np.repeat(np.arange(n), 3)
    month = np.tile(np.arange(3), n)
    m = ksz.iloc[rows].reset_index(drop=True)
    u = np.repeat(rng.random(n), 3)
    first = month == 0
    changed = first & (u < CHANGED_FIRST_MONTH)
    missing = first & (u >= CHANGED_FIRST_MONTH) & (u < CHANGED_FIRST_MONTH + MISSING_FIRST_MONTH)
    pos = m["position"].astype(object).to_numpy(copy=True)
    pos[changed] = np.where(pos[changed] == "inactive", "unknown", "inactive")
    q = m["quarter"].to_numpy(dtype=np.int64)
    year = BASE_YEAR + q // 4
    mon = 3 * (q % 4) + 1 + month
    fte = m["fte_fraction"].to_numpy(copy=True)
    fte[changed] = 0.0
    wage = _code(m["wage_class"], "wage_class").to_numpy(copy=True)
    wage[changed] = None
    reg = _code(m["regular"].astype(object).where(m["regular"].notna(), None), "regular")
    reg = reg.to_numpy(copy=True)
    reg[changed] = None
    out = pd.DataFrame({
        "PSEUDO_ID": m["person_id"].to_numpy(),
        "MAAND": (year * 100 + mon).astype(str),  # "201103"
        "POSITIE": pd.Series(pos).map(RAW_CODES["position"]).to_numpy(),
        "VTE": fte,
        "LOONKLASSE": wage,
        "REGULIER": reg,
    })
    return out[~missing].reset_index(drop=True)


def write_raw_fixture(registers_dir: str | Path, out: str | Path, seed: int = 0) -> Path:
    """Write the raw layout of the registers in ``registers_dir`` into ``out/raw/``.

    Also copies ``example_mapping.yaml`` to ``out/mapping.yaml``; returns its path, so that
    ``adapt(write_raw_fixture(d, tmp))`` reproduces the registers of ``d``.
    """
    from mia_helpers.adapters import EXAMPLE_MAPPING

    src, out = Path(registers_dir), Path(out)
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    reg = {t: pd.read_parquet(src / f"{t}.parquet") for t in (
        "persons", "ksz_positions", "vdab_registrations", "vdab_measures", "abb_inburgering",
        "wse_permits")}

    p = reg["persons"]
    persons = pd.DataFrame({
        "PSEUDO_ID": p["person_id"],
        "STEEKPROEF": _code(p["sample"], "sample"),
        "GESLACHT": _code(p["sex"], "sex"),
        "GEBOORTEJAAR": p["birth_year"],
        "HERKOMST": _code(p["origin"], "origin"),
        "GENERATIE": _code(p["generation"], "generation"),
        "ONDERWIJSNIVEAU": _code(p["education"], "education"),
        "STUDIEGEBIED": _code(p["study_field"], "study_field"),
        "KENNIS_NEDERLANDS": _code(p["dutch_level"], "dutch_level"),
        "HUISHOUDEN": _code(p["household"], "household"),
        "AANTAL_KINDEREN": p["children"],
        "OUDER_WERKT": _code(p["parent_employed"], "parent_employed"),
        "ONDERWIJS_OUDER": _code(p["parent_education"], "parent_education"),
        "DATUM_SCHOOLVERLATEN": _fmt(random_day(p["school_leaving_quarter"], rng), "%d/%m/%Y"),
        "DATUM_AANKOMST": _fmt(random_day(p["arrival_quarter"], rng), "%Y-%m-%d"),
        "VERBLIJFSGROND": _code(p["residence_ground"], "residence_ground"),
        "NAAM": "(not in the registers)",  # a column the mapping does not read
    })
    persons.to_csv(raw / "personen.csv", sep=";", index=False)

    monthly_positions(reg["ksz_positions"], rng).to_parquet(
        raw / "ksz_posities_maand.parquet", index=False)

    r = reg["vdab_registrations"]
    start, end = _ordered_days(r, rng)
    pd.DataFrame({
        "PSEUDO_ID": r["person_id"],
        "BEGINDATUM": _fmt(start, "%d/%m/%Y"),
        "EINDDATUM": _fmt(end, "%d/%m/%Y"),
        "REDEN_EINDE": _code(r["end_reason"], "end_reason"),
    }).to_csv(raw / "vdab_inschrijvingen.csv", sep=";", index=False)

    v = reg["vdab_measures"]
    start, end = _ordered_days(v, rng)
    pd.DataFrame({
        "PSEUDO_ID": v["person_id"],
        "ACTIECODE": _code(v["measure"], "measure"),
        "STARTDATUM": _fmt(start, "%Y-%m-%d"),
        "EINDDATUM": _fmt(end, "%Y-%m-%d"),
    }).to_csv(raw / "vdab_acties.csv", sep=";", index=False)

    a = reg["abb_inburgering"]
    pd.DataFrame({
        "PSEUDO_ID": a["person_id"],
        "STAP": _code(a["step"], "step"),
        "DATUM": random_day(a["quarter"], rng).dt.date,  # a Parquet date32 column
        "VERPLICHT": _code(a["obligated"], "obligated").astype("int8"),
    }).to_parquet(raw / "abb_inburgering.parquet", index=False)

    w = reg["wse_permits"]
    pd.DataFrame({
        "PSEUDO_ID": w["person_id"],
        "TYPE_KAART": _code(w["permit_type"], "permit_type"),
        "KWARTAAL_TOEKENNING": labels(w["quarter"].to_numpy()),  # "2011Q1"
    }).to_csv(raw / "wse_arbeidskaarten.csv", index=False)

    mapping = out / "mapping.yaml"
    shutil.copyfile(EXAMPLE_MAPPING, mapping)
    return mapping


def make_fixture(out: str | Path, residents: int = 300, newcomers: int = 150,
                 seed: int = 2005) -> tuple[Path, Path]:
    """Generate (or reuse) synthetic registers and write their raw layout into ``out``.

    Returns ``(mapping_path, registers_dir)``.
    """
    from mia_helpers.data import ensure_data

    data = ensure_data(seed=seed, residents=residents, newcomers=newcomers)
    return write_raw_fixture(data, out, seed=seed), data
