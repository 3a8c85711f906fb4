"""Adapters: raw register extracts -> the six MIA registers of book/design.md section 2.

A researcher in a secure environment receives files in the data owners' layouts: Dutch column
names, source-specific code lists, dates instead of quarter indices, one row per person and
*month* for the socio-economic positions. A YAML *mapping file* says how each raw file becomes a
register; :func:`adapt` applies it and validates the result with the same schemas
(:func:`mia_helpers.schemas.validate_register`) as the synthetic data, so every chapter then
runs on the adapted folder unchanged (``data_dir=...``).

Command line::

    python -m mia_helpers adapt --mapping mapping.yaml --out extract/ [--source RAW] [--panel]

Mapping file
------------
.. code-block:: yaml

    version: 1
    source_dir: raw                 # folder of the raw files, relative to this file
    window: {start: 2005Q1, end: 2016Q4}   # the extract's observation window
    timezone: Europe/Brussels       # time zone of the extract's dates (the default)
    person_ids: integer             # or text: pseudonyms numbered alike in every register
    registers:
      persons:
        file: personen.csv          # or a list: [personen_2010.csv, personen_2011.csv]
        format: csv                 # csv | parquet (default: from the file extension)
        read: {sep: ";"}            # extra pandas.read_csv options (csv only)
        columns:                    # source column: register column; only these are read
          PSEUDO_ID: person_id
          GESLACHT: sex
          DATUM_AANKOMST: arrival_quarter
        constants: {}               # register column: value given to every row
        codes:                      # register column: {source code: our code}
          sex: {M: male, V: female}
        dates:                      # register column: format of the source date
          arrival_quarter: "%Y-%m-%d"
          # or a list, for a column mixing layouts: [quarter_label, "%Y%q"]
      ksz_positions:
        file: ksz_maand.parquet
        columns: {PSEUDO_ID: person_id, MAAND: month, POSITIE: position}
        monthly: {column: month, format: "%Y%m", rule: last}   # or format: ["%Y%m", "%Y-%m"]
      wse_permits:
        empty: true                 # not delivered: written with zero rows

Rules
-----
- **Columns.** Every register column of :data:`mia_helpers.schemas.SPECS` must come from a
  source column or a constant; other source columns are not read (names, addresses and the
  like never enter the registers). A mapped source column missing from the file is an error.
  A register column the extract lacks and that may be empty (e.g. ``wage_class``) is given as
  ``constants: {wage_class: null}``; ``null`` for a column that may not be empty, as a
  constant or as the target of a source code, is refused by the mapping. A quarter whose
  empty value means something (``end_quarter``: still running; ``school_leaving_quarter``,
  ``arrival_quarter``: no such event) is not offered ``null`` when its column is missing.
- **YAML.** The file is read with the YAML 1.2 core schema (:mod:`mia_helpers.params`), and
  every mapping *key* is kept as the text written: source codes and column names such as
  ``01``, ``007``, ``yes``, ``1.0`` are the strings ``"01"``, ``"007"``, ``"yes"``, ``"1.0"``.
- **Files.** ``file:`` names one file, or a list of files for a register delivered in
  several (one per year: ``file: [acties_2010.csv, acties_2011.csv]``, user28; a list was a
  TypeError): each is checked and read alone (with its own header line and the mapped
  columns; a message names the file) and the rows are joined; ``adapt_log.csv`` names them
  joined by ``" + "``. A value problem names the file and line holding the value; a file
  that cannot be read does not stop the others being read and checked in the same run
  (a note names it). One file of the list in another encoding or with another separator
  takes its own ``read:`` (``{file: acties_2011.csv, read: {encoding: cp1252}}`` in the
  list; the options of how its text is read, and, since user29, of how its values are
  read (``decimal``, ``thousands``, ``true_values``, ``false_values``, ``na_values``,
  ``keep_default_na``, for that file's rows only: yearly files from different export
  systems), :data:`~mia_helpers.adapters.mapping.PER_FILE_READ`; a file's option replaces
  the register's of the same name; user28b). A source column named otherwise in one file
  of the list is not renamed under ``columns:`` (which applies to every file): the message
  says to ask the data owner or correct that file's header; the note of files not read
  counts their lines and the lines of the files read (user29). A pattern
  (``acties_*.csv``), a file listed twice and files of
  different extensions are refused by the mapping, and so is a compressed file or a workbook
  (``.gz``, ``.zip``, ``.xlsx``...: :data:`~mia_helpers.adapters.mapping.NOT_READ`; one
  under another name is known by its first bytes, :func:`.core.packed_file`; user51). A file with a header and no rows is read as a register in which nothing happened, and
  ``adapt`` names it in the same note as a register declared ``empty: true``.
- **Person ids.** Whole numbers by default; ``person_ids: text`` (top level) reads them as
  text (pseudonyms such as ``"a9f3c2..."``, trimmed) and numbers the distinct ids of all
  registers 1, 2, ... in sorted order (:func:`.core.number_person_ids`), so a pseudonym has
  one number in every register. Ids of an event register that are in ``persons`` only with
  other leading zeros (``00000001`` there, ``1`` here) are then refused
  (``person_id_leading_zeros``, :func:`.core.leading_zero_errors`): read as numbers (without
  ``person_ids: text``) they are the same person. Without it, ids written in several ways
  that are one number (``0123``, ``123``, ``123.0``, ``123,0`` (user32)) are counted in a ``note:`` per register
  (and one across registers) naming the source column and an example pair
  (:func:`.core.id_spelling_problems`, ids27; a Parquet register's integer ids are
  compared too, as their digits, so ``0123`` in a CSV and ``123`` in a Parquet file are
  noted, user28); rows sharing a key only through such
  spellings (two ``persons`` rows, one KSZ person-quarter or person-month) are refused
  (``person_id_spellings``). Remedy: ``person_ids: text`` if the zeros are significant,
  otherwise nothing to do. Ids a spreadsheet turned into numbers are named as such
  (:func:`.core.id_remedy`, user34): ``3.58E+02``, ``12,000`` or ``358.00`` are refused
  (``not_an_integer``; under ``person_ids: text`` a spreadsheet's ``3.58E+02`` is refused as
  ``spreadsheet_number_id``, not read as a pseudonym), and ``358.0`` / ``358,0``, read as
  358, get a note of their own, one per register, naming the raw file, the source column,
  the rows and the same number as written elsewhere (fix36: the notes on other spellings
  leave them out, so one such id is said once); the remedy is to export the id column again
  as text, not ``person_ids: text``. Persons of event registers missing from
  ``persons`` are counted in ``adapt_log.csv`` (``rows_not_in_persons``,
  ``persons_not_in_persons``) and printed with up to five example ids (user27; pseudonymised
  ids, for checking inside the secure environment only).
- **Codes.** Source codes are compared as text after trimming spaces (``01`` in YAML matches
  ``"01"`` in the file, not ``"1"``), in Unicode's canonical composition (``BELGIË`` written
  with a combining diaeresis, as macOS exports may, is ``BELGIË``; user37). A value may map to ``null`` (missing). Every non-missing source value must be in the map (or, without a
  map, already be one of our codes); otherwise :class:`MappingError` lists *all* unmapped values
  of all registers with the table, column and count (per column: the raw file, the source
  column, the date format, every distinct value counted, at most 25 listed, and what to do;
  values that look like UTF-8 read in another encoding are named). Nothing is dropped
  silently. A boolean column without a map may hold ``true``/``false`` (any case).
- **Numbers.** CSV is read as text; a number takes a decimal comma or point (``0,5``,
  ``0.5``) unless ``read:`` gives ``decimal: "."`` (then ``0,5`` is ``not_a_number``),
  ``decimal: ","`` (then a point is, as ``1.000`` may be one thousand; person ids apart;
  user29) or
  ``thousands: ","`` (then ``1,500`` is 1500); ``thousands: ".", decimal: ","`` reads
  ``1.000,5`` (user28: both options were ignored). A refused value that a thousands
  separator explains (``1,000`` under ``decimal: "."``, ``1,990.0``) is named so, with the
  ``read:`` option to set (:func:`.core.value_remedy`, user34).
- **Missing values.** An empty CSV field is missing; ``read: {na_values: ...}`` (a text, a
  list, or per source column a dict) adds texts read as missing, e.g. ``NULL`` or
  ``31/12/9999`` for a spell still running, and keeps the empty field missing. Nothing else
  is: pandas' default missing texts (``NA``, ``NULL``, ``None``, ``nan``...) are text, so a
  code ``NA`` (Namibia) stays a code. ``keep_default_na: true`` reads them as missing in
  the columns that hold no codes; in a code column they are refused and listed
  (``code_read_as_missing``, :func:`~.core.default_na_texts`; user29).
- **One run, every problem.** ``adapt`` checks every file, reads the mapped columns each file
  has, and only then stops, with :class:`~.core.ExtractProblemsError` listing every missing
  source column (with a header column that looks renamed), unreadable file, value problem
  (with the date formats that read unparseable dates, :func:`~.core.guess_date_formats`) and
  broken rule, each counted over every row (:func:`~.core.schema_errors`); a register with
  value problems has its rules and key rules checked on the rows whose values were read,
  and the message says on how many (user27; a key column missing from the file: that the
  key rules could not be checked, and why); a single problem keeps its own error. With
  ``--out DIR`` the problems are also written one per row (register, file, column, source
  column, rule, count, values, remedy; :data:`~.core.PROBLEM_COLUMNS`) to
  ``DIR.adapt_problems.csv`` beside the folder (atomically; removed by the next successful
  run; it holds pseudonymised values: never export it).
- **Dates.** A ``strftime`` format (``"%Y-%m-%d"``, ``"%d/%m/%Y"``, ``"%Y%m"``...), or
  ``quarter_label`` (``"2011Q1"``), or a *quarter pattern*: literal text with ``%Y`` (the
  year) and ``%q`` (the quarter number 1-4), e.g. ``"%Y%q"`` for ``"20113"``, ``"%YK%q"`` for
  ``"2011K3"``, ``"%q/%Y"`` for ``"3/2011"`` (:func:`.dates.quarter_pattern`), or
  ``quarter_index`` (already 2005Q1 = 0), or ``excel_days`` (a spreadsheet's serial day
  number, days since 1899-12-30: ``39448`` is 2008-01-01). A format without any ``%``
  directive (such as ``dd/mm/yyyy``), or kept in quotes (``'"%Y%q"'``), or that Python
  cannot apply (``"%Y-%m-%Y"``, ``"%Q"``; user28), is refused by the mapping.
  ``quarter_label`` reads ``"2011Q1"``, ``"2011-Q1"``, ``"2011 q1"`` alike. ``birth_year`` takes a date format too: a birth date is read as its year
  (``dates: {birth_year: "%d.%m.%Y"}``). A column mixing layouts (``"2010-Q3"`` and ``"20103"``) takes a
  *list* of formats (``dates: {quarter: [quarter_label, "%Y%q"]}``, ids27): each value is
  read by the first format that reads it; a value that two of the formats read as different
  quarters (a birth date: years) is listed as ``ambiguous_formats``, not read; an empty
  list, a format given twice, or any format the column could not take alone is refused by
  the mapping. The message of a column whose values fit another layout than the mapping's
  suggests the list. A value that a format reads only with a one-digit
  month or day where two
  directives meet (``"20103"`` with ``"%Y%m"``: March 2010, or the quarter 2010Q3?) is listed
  as ``ambiguous_date``, not read (:func:`.core.ambiguous_dates`). A column whose dates a format with ``%d`` and
  ``%m`` reads all into one calendar month, on several days none after the 12th (at
  least :data:`.core.MIN_SWAP_DATES` of them: first-of-month dates ``01/04/2011`` read
  with ``"%m/%d/%Y"`` as January 4th), is listed as ``day_month_swapped``, with the
  format to use (:func:`.core.swapped_day_month`; user32: such a column moved every date
  into the year's first quarter, silently). US dates (``03/31/2012``, a day above 12) that
  the column's format does not read are named as such, with the column, the format expected
  and ``"%m/%d/%Y"`` to set if the whole column is month/day/year; the values the format did
  read are then not called another layout to correct row by row, as they may be US dates
  read swapped (:func:`.core.value_remedy`, user34). A quarter column without an entry under
  ``dates:`` is read as quarter indices (2005Q1 = 0), so a column of dates needs its entry, a
  Parquet date or timestamp column too, whose format is then not applied (typed dates are
  read as they are); without it the values are listed as ``not_an_integer`` or
  ``out_of_range`` with the entry to add (user51). Any day of a quarter maps to that quarter. An empty field is a missing
  quarter (for ``end_quarter``: a spell still running). Unparseable values are listed like
  unmapped codes.
- **Time zone.** ``timezone:`` (top level; default ``Europe/Brussels``) is the time zone the
  extract's dates are meant in. Time-zone-aware timestamps (a Parquet timestamp with a time
  zone, or text parsed with ``%z``) are converted to that zone's wall-clock date before the
  quarter is taken (``2011-03-31T23:30:00+00:00`` is 2011Q2 in Brussels); ``timezone: null``
  refuses them with an error naming the register and column. Naive dates are taken as written.
  Timestamps that are all midnights in their own time zone (dates stored as timestamps) and fall
  on the day before in the mapping's zone get a warning counting the values moved into the
  previous quarter, with the ``timezone:`` to set (:func:`.core.timezone_shift_notes`; user51).
- **Lines.** Every non-empty line of a CSV file after the header must have as many fields as
  the header: a line with more or fewer (a wrong separator, an unquoted separator inside a
  value, a truncated or joined file) would be read shifted or padded with missing values, so
  the file is refused, naming it, the number of such lines, their line numbers and what to do,
  before any file is read in full. A line holding only spaces or separators (blank lines at
  the end of an export, ``;;;``) is refused likewise, named as such (user32). ``read:``
  options that change which lines are records or how
  they split (``skiprows``, ``comment``, ``header``, ``on_bad_lines``...;
  :data:`~mia_helpers.adapters.mapping.UNSUPPORTED_READ`, with what to use instead in
  :data:`~mia_helpers.adapters.mapping.READ_INSTEAD`: ``parse_dates`` and ``dayfirst`` give way
  to ``dates:``, ``dtype`` and ``float_precision`` would have no effect on fields read as text;
  user28b), ``read:`` of a Parquet file, separators longer than one
  character and unknown option names (a misspelt ``encodng``) are refused by the mapping. A
  header read as one column that holds another common separator is refused saying which
  ``sep`` to set.
- **Encoding.** CSV files are read as UTF-8 unless ``read: {encoding: ...}`` says otherwise
  (e.g. ``cp1252`` for Windows exports); a file in another encoding is refused with its name
  and this hint (``utf-16`` for a file starting with a UTF-16 byte-order mark, or whose
  header read holds NUL characters; user28); the message names the line and byte offset of
  the first byte not in the encoding, never the line's text (user34: it may hold a name).
  A missing, empty or truncated Parquet file is refused with its name.
- **Months to quarters.** ``monthly`` (KSZ positions only) collapses person-month rows: rule
  ``last`` (default; the latest observed month of the quarter, i.e. the situation at the end of
  the quarter, with FTE, wage class and regular flag of that same month) or ``majority`` (the
  position held in most months; ties to the latest month). See :mod:`.dates`. Its
  ``format`` may be a list, for a month column mixing layouts (``["%Y%m", "%Y-%m"]``):
  each value is read by the first format that reads it (a month in a year outside
  1900..2100 is no reading: ``"122012"`` is December 2012 with ``["%Y%m", "%m%Y"]``, not
  December 1220), a value two formats read as
  different months is listed as ``ambiguous_formats``, and month rows not read are not
  counted again as repeated person-months (user28).
- **Types and order.** Registers get the dtypes the generator writes and are sorted by their
  key (:data:`~mia_helpers.adapters.core.SORT_KEYS`). A whole number the register's integer
  type cannot hold is listed as ``out_of_range`` (it would wrap around). The registers are then
  validated over the mapping's window, plausible values included
  (:func:`mia_helpers.schemas.plausible_ranges`: e.g. a birth year of 1200 or a quarter index
  of 201101 is an error naming the raw file, the column, the count and the values).
- **Keys and spells.** The panel build's error rules are checked over all rows before
  anything is written (:func:`~mia_helpers.adapters.core.check_keys`): a person with several
  rows in ``persons`` (exact duplicates too), a KSZ person-quarter twice, a VDAB spell ending
  before it starts, overlapping VDAB registrations; the error names the raw file and counts
  every offending row, and names every other rule broken by any register (with its file and
  rows, column and values; every implausible column of a register, by
  :func:`~.core.schema_errors`), so one run lists all there is to correct. A repeated person-month of a ``monthly`` file is refused likewise.
- **Window.** Rows outside the window are kept; the panel build excludes and counts them
  (as it counts a person in an event register but not in ``persons``), and
  ``adapt --panel`` prints every exclusion. It also warns, with the persons concerned, about
  rows the panel cannot place (the log's ``no_ksz_row_in_quarter``): a measure start,
  registration start or inburgering step in a quarter in which the person has no KSZ row
  (:func:`mia_helpers.data.events_without_ksz_row`); about quarters inside the window with
  no KSZ row at all (a yearly file left out of ``file:``,
  :func:`mia_helpers.cli.adapt.ksz_gap_warning`); about an event register covering
  another period than the KSZ positions (a run of quarters without its rows at the start
  or end of the KSZ quarters while the run next to it holds 10 or more, user32; and, for
  the VDAB registers, a run without rows between their first and last quarter while the
  quarters on either side hold 18 or more, user37;
  :func:`mia_helpers.cli.adapt.register_period_warning`); and about work permits and inburgering
  steps before the window start, which are lost with what they started
  (:func:`mia_helpers.data.before_window_warning`; newuser30).
- **Not delivered.** A register declared ``empty: true`` is read as one in which nothing
  happened, not as unknown; ``adapt`` prints what that means (no WSE permits: no non-EU
  newcomer ever has labour-market access).
- **No truth.** Adapted data carry no ``truth/``; chapters show estimates without truth lines.

:mod:`.fixture` writes a small raw-layout extract from synthetic registers that
``example_mapping.yaml`` (shipped next to this module) maps back to exactly those registers.
"""

from __future__ import annotations

from pathlib import Path

from mia_helpers.adapters.core import AdaptResult, MappingError, adapt, empty_register
from mia_helpers.adapters.dates import collapse_months
from mia_helpers.adapters.mapping import Mapping, MappingFileError, load_mapping

#: The example mapping that reads the raw layout written by :mod:`.fixture`.
EXAMPLE_MAPPING = Path(__file__).with_name("example_mapping.yaml")

__all__ = [
    "EXAMPLE_MAPPING",
    "AdaptResult",
    "Mapping",
    "MappingError",
    "MappingFileError",
    "adapt",
    "collapse_months",
    "empty_register",
    "load_mapping",
]
