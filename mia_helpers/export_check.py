"""Output check before results leave a secure environment: ``python -m mia_helpers export-check``.

``python -m mia_helpers export-check DIR [--min-cell 10] [--record FILE]`` scans an executed
book or a run folder and exits with status 1, printing the file, the notebook cell and the
column of every problem; it exits 0 when everything passes. It complements
:mod:`mia_helpers.disclosure` (which suppresses the tables the book makes) by checking what
actually ended up in the files, and writes a checking record (JSON, one entry per output, in the
layout of the ``results.json`` of SACRO's ``acro``) for the output checker.

An allowlist
------------
Only what can be read is let through; everything else is a finding:

- **Executed notebooks** (``*.ipynb``, and a notebook saved as ``.json``, recognised by its
  layout): every output of every code cell, glued ones included: HTML tables (``text/html``),
  Markdown (``text/markdown`` outputs, such as the chapters' tables glued as MyST
  ``{table}`` blocks, and markdown cells; :func:`markdown_tables`), LaTeX ``tabular``
  (``text/latex``), text layouts (``text/plain``, printed ``stdout`` and ``stderr``, error
  tracebacks) and JSON outputs; the text of HTML outputs (paragraphs, table captions) and of
  SVG figures, raw cells, and the comments and strings of code cells (:func:`code_text`; ec25),
  are read as text, as are the ``alt``, ``title`` and ``aria-label`` text of HTML and SVG and
  the text values of the notebook's, its cells' and its outputs' metadata (rev25, ec27).
  Images (PNG, JPEG) cannot be read: keep a figure's data in a table the check can read; the
  text drawn in a figure (titles, axis and tick labels, legends, annotations) can state a
  count, and the chapters keep it in the output's metadata and on the figure's ``<img>`` in
  the runner's HTML (:mod:`mia_helpers.figure_text`), where it is read as printed text, one
  drawn text at a time (ec27: a checking-record entry of type ``figure``). A figure without
  it (of a notebook, or embedded in an HTML or Markdown page; not the icons of nbconvert's
  template in the runner's page head) is listed for the output checker
  (:attr:`ScanResult.figures`, the summary, and a checking-record entry of status ``review``;
  ec26). It does not fail the check. Any other output mimetype (``text/csv``,
  ``text/x-rst``, a widget view) or output type, a cell's attachments and widget state in the
  notebook's metadata are refused (``unreadable``; dpo24: each passed unread before).
- **HTML** (``*.html``, ``*.htm``: the chapter runner's renderings): every table, every
  printed output (``<pre>`` blocks of output areas), the comments and strings of a rendered
  notebook's code input, and the prose (a rendered notebook's markdown cells; all text of
  another page). End tags HTML lets an author omit
  (``</td>``, ``</tr>``, ``</table>``) are implied as a browser implies them.
- **CSV / TSV** that parse cleanly (every row with as many fields as the header); a
  file of one column whose cells hold another common delimiter (``,``, tab, ``;``,
  ``|``) is refused as written with the wrong one (dpo50: pandas writes commas into
  a ``.tsv`` by default, read as one column of text).
- **Markdown** (``*.md``): GFM pipe tables (outer pipes optional, also inside MyST ``{table}``
  directives), raw HTML tables, ``to_string`` layouts in code fences or pasted into the text
  (columns right-aligned under their header; lines of spaced fields with numbers that are not
  so aligned are refused as ``unreadable_table``), LaTeX ``tabular`` and math ``array``
  tables (dpo50; one that cannot be read is refused), and text.
- **JSON** (``*.json``) that parses; its tables and scalars are walked, a chart's data
  (Vega and Vega-Lite ``"data": {"values": [...]}``, Plotly traces, also as notebook
  outputs) as tables whose fields named or shown as persons or counts are counts, Plotly's
  typed arrays (``bdata``) decoded (:func:`chart_data`; ec29); pandas' default
  ``to_json`` layout, an object per column keyed by the row labels, as a table, and its
  ``orient="values"`` rows without a header refused as ``unreadable_table`` (dpo50). The run's
  ``manifest.json`` and this tool's and :func:`mia_helpers.disclosure.write_record`'s records
  are recognised by their layout. Checking records are not outputs: the summary lists them
  apart and does not count them among the files (see ``stale_record``).
- **Refused** (``unreadable_table``): anything that looks like a table but is not read as one:
  rows starting with ``|`` outside a pipe table, a pipe table with rows wider than its header,
  a ``{table}`` directive without a pipe table, ``{list-table}`` / ``{csv-table}``, a
  ``<table>`` tag the HTML parser does not see; a printed table (a DataFrame's
  ``to_string``) with a header of several lines (columns of several levels,
  :func:`_header_levels`) or whose empty column one space before a column of counts cannot
  be told from that column's name (:func:`_run_together_names`; text49), or printed without
  its index with a number whose space as thousands separator ("1 234") cannot be told from
  two columns one space apart (:func:`_spaced_thousands`; text50). What cannot be read
  cannot be checked.
- **The runner's MathJax** (``mathjax/`` beside the runner's HTML,
  :func:`mia_helpers.chapters.copy_mathjax`): ``.js`` and ``.woff`` files byte for byte those
  of this machine's MathJax copy pass (:func:`static_asset`); a changed one is refused below.
- **Refused** (``unknown_file``): any other file, including ``.txt``, ``.gz``, ``.zip``,
  ``.sqlite``, images, files without an extension, and (``data_file``) data sets (Parquet,
  Feather, pickle, Stata, SPSS, SAS, R, NumPy, Arrow), and by name the files ``adapt`` and
  the panel build write into or beside an extract folder (:data:`EXTRACT_FILES`,
  ``*.adapt_problems.csv``; a CSV or JSON among them is read as well; user38). Hidden
  folders are scanned too.

``min_cell`` must be at least 2 (:data:`MIN_CELL_FLOOR`): at 1 no count lies in
``(0, min_cell)``, so no count could fail and a pass would certify nothing. The threshold
itself is the data owner's (the book's default, 10, is the ESSnet rule of thumb; see
:mod:`mia_helpers.disclosure`). Findings number cells, outputs, tables, lines and rows from 1 (a
CSV's rows by file line; a row with a label by its label; a printed table's pandas index,
which starts at 0, beside the row number: "row 1 (printed index 0)"; an HTML file's table by
the line of its ``<table>`` tag and its rows by theirs, "row b at file line 7"; the rows of
an HTML table of a notebook output by the lines of the output's HTML, "row b at output line
7"; "row 3" for one, "rows 3, 5" for several, a CSV's "line 3", "lines 3, 5") and name the
book's table
where known (glue name, MyST ``:name:``, "book
Table k" of the runner's HTML).

Rules
-----
``small_count``
    A value ``v`` with ``0 < v < min_cell`` in a count column. A column is a count of persons
    when named so (:mod:`mia_helpers.disclosure_vocabulary`; a published label is read through
    the book's label map, :data:`mia_helpers.labels.LABELS`, so "Starters" is ``n_treated``),
    or when all its published values are integers and its name does not declare otherwise
    (quarters, years, seeds, bins, ``n_bootstrap``...; the package's columns declared in
    :data:`mia_helpers.disclosure_vocabulary.DECLARED_NOT_PERSONS`, such as ``risk_sets``,
    which counts periods; a unit in brackets other than persons,
    "(quarters)", "(%)", "(pp)"; shares, rates, ratios and counts of table cells,
    :func:`declared_not_persons`; in a Monte Carlo summary, one with a column of Monte Carlo
    standard errors ``mc_se_*``, integers count data sets); in a notebook cell tagged ``counts`` every numeric column
    is one, in a cell tagged ``not-person-counts`` none is (the tag is visible to the output
    checker). A row
    whose label names a count (a transposed table) is checked like a column; so is a named
    integer index level, and a model table's row or column of person-periods
    (``person-periods``, ``person quarters``, however spelled: :data:`PERSON_PERIODS`; every
    person is at least one period, so a whole number of them below ``min_cell`` tells of
    fewer persons; chapter 2's nested models print it as ``<min_cell``; xcheck39, review40). Zero passes; markers such as ``<10`` and ``x`` pass.
``difference``
    Two count columns of one table of which one is a subset of the other (persons and events,
    treated and matched): their difference in a row is a count of persons, and may not be small.
``complement``
    A total row (labelled all, total, overall, sum; or equal to the sum of the other rows):
    the total minus the published parts (the hidden cells plus any row not shown) may not be
    in ``(0, min_cell)``, as ``belgian 852, maghreb 277, other x, all 1134`` (other = 5) or
    ``A 12, B 25, Total 40`` (3 persons not shown). A label with a value of its own in every
    row (a printed row index, a ``Styler``'s row headings) does not split the groups (ec26).
``horizon_difference``
    A cohort count (treated, at risk, persons) published at successive horizons (a column
    named quarter, ``u``, horizon...) may not fall by fewer than ``min_cell`` persons; the
    names are read in an analyst's spelling too ("Quarter", "At risk", "n.risk"; dpo45).
    Where the table's one count of persons is the same at two successive horizons, a share's
    numerators or another count of those persons may not change by 1 to ``min_cell - 1``
    (dpo48: a share entered of 10.00 then 10.25 per cent of 400 is one person's entry). See
    :func:`_cohort_steps`.
``curve_steps``
    A survival or cumulative-incidence column over a horizon, beside the persons at risk:
    refused where a step times the persons at risk is surely 1 to ``min_cell - 1`` events
    (dpo45); a step merged over held horizons is read at the largest risk set since the
    curve's last change (dpo46). Without the persons at risk it cannot be read and is
    refused, naming the column to add; a curve value beside persons at risk marked small
    (``<10``) is refused too (the curve must stop there; dpo46).
``derived_of_small``
    A mean, median, model estimate or other statistic printed in a row whose one count of
    persons is marked small (``<10``), as ``share_count`` refuses a share there (dpo46). See
    :func:`_values_of_small`.
``interval_of_small``, ``interval_without_count``
    An interval's ends (``ci_low``/``ci_high``, ``lower``/``upper``, "[95 % interval]")
    printed in a row whose count of persons is marked small (``<10``), or hidden (``x``) in
    a table of shares; and a share with its interval in a table without a count of persons:
    a Wilson or exact interval of a share gives back the group's size (dpo47). An end is
    what the book calls one (:func:`interval_end`, dpo48): "Low income share (%)" and the
    education level "High" are none. See :func:`_intervals_of_small`.
``no_variation``
    A standard deviation or variance that reads 0: every person of the group has the same
    value, the mean's (dpo47). See :func:`_no_variation`.
``unreadable_share``
    A share of persons in a table without counts whose group no table of the export counts:
    ``min_cell`` cannot be verified (dpo47). See :func:`unlinked_shares`. A count in the
    share's header ("Share entered (%) (n = 40)") is read where unambiguous and the share
    checked as ``share_count`` (dpo48, :func:`header_denominators`); a share cell that is
    neither a number nor a marker ("2,5", "1/40") is refused too (dpo48,
    :func:`_unread_shares`). A share per thousand ("(‰)", "per 1,000") is read per thousand.
``narrow_marker``, ``unreadable_count``
    A count cell marked by a bound below the threshold (``<5``, ``≤3`` at ``min_cell`` 10),
    and a cell of a column named as a count that is neither a number nor a marker; a cell
    with a leading number ("3 (2.5%)", "n=3", "(3)") is read as that number (dpo46). See
    :func:`_count_cells`.
``linked_difference``
    A count of persons under the same column and row labels in two tables of one export,
    differing by ``0 < |d| < min_cell``: the same group counted twice with another filter,
    horizon or definition (dpo46); the labels in any case and spelling ("Persons" and
    "number of persons", "Belgian" and "belgian", "All" and "Total"; dpo50). A transposed
    table (its groups as columns, a row of persons) is matched with its twin, and a group's
    count in one table against the sum of its parts in another (its rows with one label more;
    a total row against another table's rows) differing by ``0 < d < min_cell`` is refused
    too (dpo51). See :func:`linked_differences`.
``extreme_value``
    A column named as a minimum or maximum of the persons' values ("Min birth year",
    "Oldest", "age_max") with a published number: one person's value, whatever the group's
    size (dpo46). An extreme over covariates, estimates or runs and the chapters' parameters
    pass; an extreme of shares, rates or means is one group's value and is refused (dpo48,
    :func:`extreme_column`). Also an extreme word inside a label ("Age of oldest", "Age
    (max)"), a row so labelled in a transposed table, and an extreme stated in text or
    prose, glued or not ("the oldest of the 40 starters was 58": :func:`extremes_in_text`;
    dpo51); so is a range whose ends are a group's youngest and oldest, stated of persons
    ("their ages ranged from 18 to 64", "the starters were born between 1950 and 1990",
    "were aged 19-63"), "the first starter" or "the last starter" with its value, and a
    worded ordinal ("the second-oldest starter was 58"; mend51). A range passes where its
    clause names no persons, where it is of quarters or of the window's years ("quarters 1
    to 12", "2005-2016"), a band naming a group ("starters aged 25-34 entered more often"),
    a rule of selection ("jobseekers aged 18 to 64 are in scope") or a share.
``small_count`` in printed text and prose
    A number followed by a noun that counts persons (or their rows, events, trials:
    :data:`mia_helpers.disclosure_vocabulary.COUNT_NOUNS`; "2 of 62 persons", "4/62 persons",
    "4 (3.2 %) persons"; in words before a noun of persons, "three persons", "Four entrants",
    "one person", "a single patient", but not the generic "the rows of one person";
    "of whom 4"; a number before a pronoun, "two of them", "3 of whom"; a vague word for a
    small count, "a few persons", "a handful of starters", "several persons", "a few of them",
    refused because its number cannot be read: ec26; without a noun, before a verb of persons,
    "a handful entered", "several signed a contract", "a few had no job": ec27; in Dutch,
    French and German too, "einige fanden Arbeit", "enkele vonden werk", "plusieurs ont
    signé", and "einer von ihnen", "een van hen", "l'un d'eux": ec31), but not a
    ratio of the design ("3 controls per starter", "k = 3 controls";
    :data:`mia_helpers.disclosure_vocabulary.RATIO_NOUNS`), or a whole number after a
    count's label ("n = 4", "N: three", "Patients: 7":
    :data:`mia_helpers.disclosure.COUNT_LABEL`) in ``(0, min_cell)``, or an upper bound
    narrower than the marker ``<min_cell`` ("fewer than 3 persons", "at most 3 persons": the
    count is at most 2 or 3; the rule at the threshold, "fewer than 10 persons" at
    ``min_cell`` 10, passes: :data:`mia_helpers.disclosure.UPPER_BOUND`; a number just below
    a bound, "nearly ten persons", "knapp zehn Personen", is refused when the bound is at
    most ``min_cell``: ec31), in printed output
    (stdout, stderr, tracebacks, text outputs, the runner's HTML ``<pre>`` blocks), markdown
    cells, the comments and strings of code cells, and Markdown files. Years, percentages and
    decimals are not read as counts. An example marked as one with the ``{samp}`` role
    (``<code class="samp">`` in Sphinx's HTML), as ``book/disclosure.md`` quotes what the
    rules refuse, is not read as a count; each that would state one is listed for the output
    checker (:attr:`ScanResult.examples`, status ``review``; ec27). The finding names each phrase and its line (from 1) and
    the remedy that fits the text: the model fits' warnings state the counts behind a term they
    cannot identify, as "(1 treated in 1 rows)", and the chapters print them redacted
    (:func:`mia_helpers.disclosure.protect_warnings`); prose writes the marker instead.
``small_count`` of glued values
    A value glued with myst-nb (``glue(name, value)``: the prose shows it) that is an integer
    in ``(0, min_cell)`` and whose name is a count name (``n_treated``, ``ch4_n_spells``,
    ``ibo5_all_n``), or any glued integer of a cell tagged ``counts``; a whole float
    (``3.0``) or a string of digits (``'3'``) is read as that integer (dpo50). The markdown
    cells of a notebook are read with their glue roles replaced by the glued values, as the
    book and the runner's HTML show them (:func:`resolve_glue`; dpo50: "{glue}`x` persons",
    ``x`` glued as 3 under a name that is no count name, passed in the ``.ipynb``).
``person_id_column``, ``id_like_values``, ``national_number``
    A column or index named like an identifier; values that look like identifiers (national
    numbers anywhere in the output, pseudonymisation tokens, many distinct large integers).
``person_level_rows``
    A table of person attributes (sex, birth year, origin...) without a count or aggregate
    column: rows of persons, identifier or not.
``dof``
    A model or estimate table that publishes its residual degrees of freedom (a column
    ``df_resid``, ``dof``, ``residual_df``...) may not publish an estimate (estimate, standard
    error, interval, ratio, p-value...) in a row whose degrees of freedom are below
    ``--dof-threshold`` (default 10: acro's ``safe_dof_threshold``).
``disclosure_record``
    A checking record of :mod:`mia_helpers.disclosure` (``disclosure_record.json``) that marks a
    table ``fail``: a hidden small count of it can still be recovered from the table's
    relations, so the run's outputs may not leave. Also a chapter run folder (the runner's
    ``manifest.json`` beside an executed notebook) without its ``disclosure_record.json``: the
    output checker could not review what was suppressed, and a deleted record could hide a
    ``fail`` (refused rather than warned: a warning does not stop an export; chapters that
    protect no table, :data:`NO_RECORD_CHAPTERS`, are exempt).
``uncontrolled_output``
    The rows of the ``effects`` command's CSV, in any file (a table holding
    :data:`EFFECTS_CSV_COLUMNS`, or :data:`EFFECTS_CORE_COLUMNS` beside one of
    :data:`EFFECTS_OWN_COLUMNS` where columns were dropped, dpo46; or, renamed, by the values
    the command writes in them, :func:`effects_rows`, dpo47), refused whatever their
    counts: they are not
    disclosure-controlled (every horizon's ``n_treated`` and effect, also one resting on a
    few starters who entered) and are meant for use inside the secure environment (dpo45:
    refused only beside another finding before, so large counts or one horizon passed).
``min_cell_below_run``, ``min_cell_above_run``
    A run whose ``min_cell`` differs from the check's: above it, cells between the two
    thresholds would pass; below it, its curves' steps, secondary suppression and dominance
    rules ran at the lower threshold, which the outputs do not show (dpo16, dpo45). Read
    from the run's ``manifest.json``, and (dpo50) from an executed notebook itself, where no
    manifest need be (papermill's parameters in its metadata, the glued ``par_min_cell`` of
    the chapters' prose) and from the runner's HTML (its marked glued ``par_min_cell``).
``parameter_variation``
    Two runs of one chapter on the same data (the manifests' notebook and data fingerprint)
    with different parameters in the checked folder: each run protects only itself, and the
    pair can give a small difference (a cumulative-incidence step between two horizons).
    The first run (in sorted order) stays and the others are refused; the rules across
    chapters (``extract_parameter_variation``) count only the runs that stay (xcheck43).
``data_variation``
    Runs on an own ``data_dir`` whose registers differ (the SHA-256 of the six register files
    in the manifests), in one checked folder: a cell two chapters publish (persons by origin)
    then differs by the persons added or removed between the extracts (user37). Run every
    chapter on one extract: ``--released`` does not cover runs exported apart (it compares
    only the same cell of the same table, not chapter 1's persons by origin with chapter 5's
    newcomers by origin; dpo37b).
``extract_parameter_variation``
    Runs of any chapters on one extract (the same SHA-256 of the six register files in the
    manifests' ``data.files``, synthetic data included) with another observation window
    (``window_start``, ``window_end``) or ``min_cell``, in one checked folder: chapter 1 at
    ``min_cell`` 10 and chapter 2 at 5 show and hide different cells of the same persons, and
    the same cell over two windows differs by the persons of the quarters between them
    (user38). Run every chapter of the export with one window and threshold. With
    ``--released``, a run on a released run's extract with another setting is refused alike.
    So are runs of different chapters on one extract whose parameters named alike in several
    chapters and changing the persons or hidden cells of their tables disagree
    (:data:`SHARED_PARAMETERS`: ``stable_quarters``, ``caliper``, ``k``, ``max_quarter``,
    ``estimand``, and ``max_age``, ``arrival_quarters`` and ``residence_grounds``, which
    chapter 6 fixes: review40; chapter 4 at ``caliper`` 0.1 and chapter 5 at 0.3 publish matched starters of
    one measure that differ by the starters whose twin lies between the calipers; xcheck39;
    and chapter 3's ``measures``, which chapter 6 fixes at all nine: dpo40; and its
    ``grouping``, which chapter 6 fixes at ``"codes"``, by what it makes of IBO's first
    inflows: xcheck43):
    the message names the parameter, every run it disagrees with (chapter, value, folder; at
    most :data:`SHOWN_RUNS`, the rest counted), what the parameter changes and one remedy for
    all runs: one value and the runs to set to it, or the runs to leave out (xmsg40). Shared parameters that change no published population or cell
    (``seed``, ``link``, ``blocks``, ``level``, ``interval``, ``bootstrap``...:
    :data:`NOT_COMPARED`) pass; see :func:`_shared_parameter_variation`.
``missing_settings``
    A run manifest of a chapter that fixes values without a parameter (chapter 6, Appendix A:
    :data:`mia_helpers.chapters.FIXED_SETTINGS`) that does not record them all under
    ``settings`` (written by an older version): what it used cannot be told, and it is not
    read at today's values; run the chapter again with this version. With ``--released``, a
    run here that sets such a parameter beside a released run lacking the value is refused
    alike (:func:`_missing_settings`; xcheck43).
``edited_settings``
    A run manifest that records under ``settings`` a value its chapter fixes other than the
    one this version fixes (edited by hand, or another version's), whatever the other runs
    use: edited to another run's value it passed (dpo46: Appendix A's caliper edited to
    chapter 4's 0.1, though it matched at 0.2). With ``--released``, a run here that agrees
    with a released run's edited value is refused alike (a disagreeing one is
    ``extract_parameter_variation``, try43).
``released_figure``
    With ``--released DIR``: a PNG, JPEG or SVG (dpo47) figure of a file the earlier export
    holds too (same file name) that is not byte for byte one of that file's figures there
    (an SVG without its ``<metadata>`` and whitespace, :func:`_svg_digest`): its data cannot be
    read, so the two drawings' differences cannot be set against ``min_cell``
    (:func:`released_figures`; dpo46).
``released_difference``
    With ``--released DIR``: a table cell (same file name and place, or caption and column
    labels; same column and row labels) whose count of persons, or whose share's numerator
    or complement, differs from the same cell of the earlier export by ``0 < d < min_cell``
    (:func:`released_differences`; dpo32); a table is also found by its caption and
    column labels in another file, where one earlier table has them, and cells by their
    labels in any case and spelling (dpo50: "origins.csv" released, "origins_v2.csv" now,
    3 persons apart, passed). A cell another table publishes of the same persons (another
    chapter's count by origin) is not compared (dpo37b).
``data_size``
    A run manifest (``manifest_version``) that publishes the byte size of a data file, as
    manifests before ec25 did: a small file's size tells how many rows it holds
    (:func:`_data_sizes`). The checking record's hashes and sizes of the files it checked
    describe outputs that leave anyway and stay.
``share_count``
    A share of persons (a column named share, pct, percent, proportion or "%", not a share
    explained or of person-quarters) beside the one count of persons of its table: the count
    times the share, within the share's published rounding, gives the numerator back; every
    numerator (or every complement) the rounding allows in ``(0, min_cell)`` is refused
    ("n_persons 40, share_entered_pct 2.5": one person; ec28); in prose the same
    ("2.5% of the 40 starters", "Of the 40 starters, 2.5 % entered", "1 in 40 starters":
    :data:`mia_helpers.disclosure.SHARE_OF`, ``small_count``). A table of shares without
    counts of its own is read with any other table of the export (another file or the same)
    that counts the same group (its row labels) with one count of persons or one total
    (:func:`linked_share_counts`; ec28b: "share.csv" Antwerp 2.5 %, "counts.csv" Antwerp
    40 persons), labels matched whatever their case, spacing, punctuation or a trailing total
    or count word ("Antwerp" and "ANTWERP total"; ec29).
``whole_group``
    A count equal to its group's total in the same row (a count column that is a subset of a
    total column, :func:`_total_subsets`, not one of the design such as matched starters), or
    a share of persons at 100 % beside the one count of persons of its table (its rounding
    allowing the whole group and leaving fewer than ``min_cell`` without; not a total row):
    it tells of every member of the group that they have the attribute (class disclosure;
    dpo30b). A zero count or share passes. Hide the count and its share
    (:func:`mia_helpers.disclosure.whole_group_hide`). See :func:`_whole_groups`.
``script_data``
    A ``<script>`` of an HTML page, of the HTML in a Markdown file, or of a notebook's HTML
    output, markdown or raw cell that carries chart data (an array of numbers, an array of records with numbers,
    Plotly's ``bdata`` or Bokeh's ``__ndarray__``: a Plotly, Vega, Chart.js or Bokeh figure;
    ec28b, a hand-written page's Plotly bar of 3 and 40 persons was read only as prose). Which
    of its numbers count persons cannot be told, so it is refused; export the figure as a PNG
    through the chapter runner, or its data as a CSV (:func:`script_data`).
``linked_zero_groups``
    A zero (a count, a share of 0 %, a curve value, an estimate) published in a row whose
    group of persons (the table's one count of persons, or its one total) is marked small
    ("<10") or is below ``min_cell``: "0 of the fewer than 10 persons of group G started"
    tells of each of them that they did not (attribute disclosure; dpo34). Hide the zero
    (:func:`mia_helpers.disclosure.zeros_of_small_groups` with ``suppress(zeros=...)``) or
    coarsen the groups. A zero beside a group of ``min_cell`` persons or more passes, as
    under ``whole_group``. A zero whose group is counted in another table or file of the
    export (its row labels matched as for ``share_count``) is read with that count
    (:func:`linked_zero_groups`). See :func:`_zeros_of_small`. Limit (dpo35): across tables
    the match is on row labels only (case, spacing, punctuation and a trailing total word
    ignored); a group labelled otherwise elsewhere, named in a column header, or counted
    only as the sum of several rows is not linked, and its zero passes.
``chart_data``
    A chart in JSON that cannot be read or carries persons' records: a Plotly typed array
    (``bdata``) that does not decode, a Vega or Vega-Lite spec that counts or summarises the
    records it carries in the renderer (``aggregate``, ``bin``, ``density``, a transform's
    ``count``), a Plotly trace that draws the values it carries (histogram, box, violin...;
    ec29). Chart counts computed and suppressed by the chapter instead.
``small_count`` elsewhere (ec28)
    A table's text (column and row labels, text cells: a CSV's header "share (n = 4)" or
    cell "only three persons entered"), the name of every file and folder (underscores as
    spaces; a chapter's notebook stem without its number), a page's unshown text (comments,
    script bodies, attributes other than layout and links, e.g. ``data-*``), and a table
    written as delimited text inside Markdown or printed output (a CSV pasted or printed) are
    read as prose and tables are. Text is read as it shows: character references
    unescaped, no-break and zero-width spaces as spaces ("3&nbsp;persons"). A first column
    of text labels is read as a CSV's row labels (a transposed table written with its index).
``unknown_file``, ``data_file``, ``unreadable``, ``unreadable_table``
    See the allowlist. A named pipe, socket or device in the folder is ``unknown_file`` and
    is not opened (ec28: it passed unseen). A file whose check raises an unexpected error is ``unreadable`` too
    (refused, naming the error), never a traceback.
``nothing_checked``
    The folder holds no file the check reads (empty, or only checking records): a check
    that saw nothing cannot pass.
``stale_record``
    An earlier export-check record in the folder other than the one this check writes (over
    which the new record goes: it is listed as "the previous check's record"), e.g. a
    sub-folder's record from checking that run folder on its own: it is listed and may leave
    when it passed, at this check's ``min_cell`` or a higher one, and every file it names is
    still there with the SHA-256 it recorded (:func:`write_results`); otherwise it is refused, because the recipient would read a record that does
    not describe what leaves. See :func:`scan`.
``failed_run``
    A notebook with an error output or papermill's exception record, and its HTML rendering:
    a chapter that failed leaves nothing that passes.
``edited_output``
    A file of a chapter run folder changed since the runner wrote it: its SHA-256 differs
    from the one the folder's ``manifest.json`` stores under ``outputs``. Also a manifest
    without ``outputs`` beside a notebook or an HTML page (the HTML alone: dpo47), and an
    output listed without its SHA-256 (dpo46: removed by hand, the edit passed). See :func:`_edited_outputs`.
``unrecorded_output``
    A file in a chapter run folder whose manifest stores ``outputs`` that is none of them,
    nor the manifest, a checking record or the run's MathJax copy: put there after the run,
    it passed on its content though no hash vouches for it (dpo46). See
    :func:`_unrecorded_outputs`.
``incomplete_run``, ``stale_output``
    A notebook of the chapter runner (papermill's metadata, rendered to HTML beside it) in a
    folder without the runner's
    ``manifest.json`` (written last: an interrupted or failed run, or a removed manifest); a
    runner's notebook or HTML that is not the chapter the folder's manifest records (a
    left-over of an earlier run into the same folder). See :func:`_incomplete_runs`. These
    are rules of a checked folder: one file given alone is checked on its content.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import errno
import hashlib
import io
import itertools
import json
import os
import re
import sys
import tempfile
import tokenize
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers.disclosure import (
    DEFAULT_DOF_THRESHOLD,
    DEFAULT_MIN_CELL,
    VAGUE_ACT,
    VAGUE_COUNT,
    small_count_matches,
)
from mia_helpers.figure_text import FIGURE_TEXT_KEY, HTML_ATTR, read_figure_text
from mia_helpers.labels import fewer_than, min_cell_count
from mia_helpers.words import counted, plural

__all__ = ["Finding", "ScanResult", "check_table", "glued_values", "linked_zero_groups",
           "resolve_glue", "scan", "scan_csv", "scan_notebook"]

DATA_SUFFIXES = {".parquet", ".feather", ".pkl", ".pickle", ".dta", ".sav", ".sas7bdat", ".rds",
                 ".rdata", ".npy", ".npz", ".arrow", ".h5", ".hdf5", ".db", ".sqlite",
                 ".sqlite3", ".duckdb", ".xlsx", ".xls", ".ods"}
TAG_COUNTS = "counts"
TAG_EXEMPT = "not-person-counts"
ID_MIN_ROWS = 20
ID_MIN_VALUE = 1000
RECORD_NAME = "export_check_results.json"


def default_record(path: Path) -> Path:
    """Where ``export-check PATH`` writes its checking record without ``--record``:
    :data:`RECORD_NAME` in a checked folder; for one checked file, beside it, named after it
    (``export_check_results.<file name>.json``), so that a passing check of one file is not
    taken for a check of its whole run folder (narrow36: ``export-check RUN/ch.ipynb`` wrote a
    passing ``RUN/export_check_results.json``)."""
    path = Path(path)
    if path.is_dir():
        return path / RECORD_NAME
    return path.parent / f"{Path(RECORD_NAME).stem}.{path.name}.json"
RECORD_TOOL = "mia_helpers export-check"
#: cohort counts whose successive horizons are checked; totals whose subsets are checked
COHORT_NAME = re.compile(r"^(n|persons|n_persons|n_treated|n_at_risk|at_risk|n_matched|"
                         r"n_controls?|treated|controls)$", re.IGNORECASE)
TOTAL_NAME = re.compile(r"^(n|persons|n_persons|n_treated|n_at_risk|at_risk|total|n_total|count)$",
                        re.IGNORECASE)
NOT_SUBSET = re.compile(r"^(n_inflows|n_spells|n_rows|rows|n_periods|inflows|spells|"
                        r"n_measure_starts|.*_starts)$", re.IGNORECASE)
#: residual degrees of freedom of a model table
DOF_NAME = re.compile(r"^(df_?resid|df_?residual|dof|resid(ual)?_?df|resid(ual)?_?dof)$",
                      re.IGNORECASE)
HORIZON_NAME = re.compile(r"^(u|k|quarters?_since_\w+|horizon|t|time|duration)$",
                          re.IGNORECASE)
#: the same two in an analyst's spelling (dpo45: "Quarter | At risk", "Quarters since start |
#: Starters", R's "n.risk" passed), matched on :func:`_loose_name`; used by the horizon rule
#: only (:func:`_differences`), beside the exact names above
HORIZON_LOOSE = re.compile(r"^(quarters?|periods?|months?|weeks?|days?|(quarters?|periods?|"
                           r"months?|weeks?|days?|time|duration)_since_\w+)$")
#: a bare calendar word, which may number calendar quarters as well as horizons: a table of
#: persons per quarter is a stock, not a cohort, so with it only a count named as a risk
#: set or the starters, twins or controls of a design is read as a cohort (:func:`_differences`)
CALENDAR_WORD = re.compile(r"^(quarters?|periods?|months?|weeks?|days?)$")
COHORT_LOOSE = re.compile(r"^((n|number|persons|people)_(at_)?risk|at_risk|risk_set|n_risk_set|"
                          r"(n_|number_of_|matched_)?(starters|twins|treated|controls|matched))$")


def _loose_name(label: str) -> str:
    """A label as the loose horizon and cohort names read it: lower case, a bracketed unit
    dropped, spaces, dots and hyphens as one underscore ("Persons at risk (n)" ->
    ``persons_at_risk``, "n.risk" -> ``n_risk``)."""
    text = re.sub(r"\([^)]*\)", " ", str(label).lower())
    return re.sub(r"[\s.\-_]+", "_", text).strip("_")


def _horizon_name(label: str) -> bool:
    """Whether a column or index label names a horizon (exact or loose)."""
    return bool(HORIZON_NAME.match(label) or HORIZON_LOOSE.match(_loose_name(label)))


def _cohort_name(label: str, calendar: bool = False) -> bool:
    """Whether a count's label names a cohort followed over horizons (exact or loose); beside
    a bare calendar word (``calendar``) not a count of persons alone (``n``, ``persons``)."""
    if calendar and re.fullmatch(r"n|persons|n_persons", label, re.IGNORECASE):
        return False
    return bool(COHORT_NAME.match(label) or COHORT_LOOSE.match(_loose_name(label)))


#: labels of a total row (column sums of the other rows)
TOTAL_LABEL = re.compile(r"^(all|total|totals|overall|sum|totaal|alle|grand total)\b",
                         re.IGNORECASE)
MARKER = re.compile(r"^(<\s*\d+|x|\.\.|-|–|—|n/?a|nan|none|)$", re.IGNORECASE)
NN_TEXT = re.compile(r"(?<![\w.])\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}(?![\w.])")
NN_DIGITS = re.compile(r"(?<![\w.\-])\d{11}(?![\w.\-])")

# backwards-compatible names (one vocabulary: mia_helpers.disclosure_vocabulary)
COUNT_NAME = vocab.COUNT_NAME
NOT_PERSON_COUNT = vocab.NOT_PERSON_COUNT
ID_NAME = vocab.ID_NAME
is_count_column = vocab.is_count_name
_labels = vocab.labels
_numbers = vocab.numbers


@dataclass(frozen=True)
class Finding:
    """One problem: the file, where in it (cell, output, table, line), the rule, the detail."""

    file: str
    where: str
    rule: str
    detail: str

    def __str__(self) -> str:
        loc = f": {self.where}" if self.where else ""
        return f"{self.file}{loc}: {self.rule}: {self.detail}"


# --- table checks ---------------------------------------------------------------------------


def _small(nums: np.ndarray, min_cell: int) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (nums > 0) & (nums < min_cell)


class _Lines(list):
    """Lines (from 1) of a table's rows, with what they count: ``"file line"`` (an HTML file's
    table) or ``"output line"`` (an HTML table in a notebook output, counted in the output's
    text: ec25, such findings named no line)."""

    def __init__(self, lines: Iterable[int], unit: str = "file line") -> None:
        super().__init__(lines)
        self.unit = unit


def _line_unit(lines: Sequence[int] | None) -> str:
    return getattr(lines, "unit", "file line")


def _rows(index: pd.Index, mask: np.ndarray, lines: Sequence[int] | None = None) -> str:
    """The first five rows flagged by ``mask``: their labels, or their positions counted from
    1 when the table has no row labels (a default 0-based RangeIndex, or blank labels: a
    table printed with ``to_string(index=False)``). A printed table whose
    unnamed index is pandas' default numbering from 0 (``0``, ``1``... read from the text of a
    ``to_string`` layout or an HTML rendering) is numbered from 1 too, with the printed index
    beside it: "1 (printed index 0)" (ec23: "rows 0" beside "numbered from 1"). ``lines``, the
    line in the file of each row (an HTML file's table rows, :func:`_html_tables_checked`),
    adds theirs: "b at file line 7" (ec24: an HTML file's findings gave no line)."""
    at = ""
    if lines is not None and len(lines) == len(mask) and mask.any():
        ln = [str(lines[i]) for i in np.flatnonzero(mask)[:5]]
        at = (f" at {_line_unit(lines)}{'s' if len(ln) > 1 else ''} {', '.join(ln)}"
              + (", ..." if mask.sum() > 5 else ""))
    return _row_labels(index, mask) + at


def _rows_named(index: pd.Index, mask: np.ndarray, lines: Sequence[int] | None = None) -> str:
    """:func:`_rows` after the noun in the number of rows flagged: "row 3" for one, "rows 3,
    5" for several (mend51: findings read "(rows 3)" for a single row). A CSV's findings
    read "line 3" / "lines 3, 5" (:func:`_csv_detail`)."""
    return f"{plural(int(np.asarray(mask).sum()), 'row')} {_rows(index, mask, lines)}"


def _row_labels(index: pd.Index, mask: np.ndarray) -> str:
    """The labels or positions of :func:`_rows`."""
    if (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1) or (
            index.nlevels == 1 and index.name is None
            and all(str(x).strip() == "" for x in index)):  # to_string(index=False): no labels
        index = pd.RangeIndex(1, len(index) + 1)
    elif index.nlevels == 1 and index.name is None and len(index) \
            and [str(x).strip() for x in index] == [str(i) for i in range(len(index))]:
        pos = np.flatnonzero(mask)
        more = ", ..." if len(pos) > 5 else ""
        return (", ".join(str(i + 1) for i in pos[:5]) + more + " (printed index "
                + ", ".join(str(i) for i in pos[:5]) + more + ")")
    rows = [str(r) for r in index[mask][:5]]
    return ", ".join(rows) + (", ..." if mask.sum() > 5 else "")


def _is_row_numbering(values: pd.Series) -> bool:
    nums = vocab.numbers(values.astype(str))
    if np.isnan(nums).any() or len(nums) == 0:
        return False
    return bool(nums.min() in (0, 1) and nums.max() - nums.min() + 1 == len(nums)
                and len(np.unique(nums)) == len(nums))


#: a unit other than persons declared in a column label: "Definition (quarters)", "Share (%)",
#: "Matched (pp) [95 % interval]"; of a Monte Carlo study's reading, "Failed (checks)" and
#: "Left out (data sets)" (simulated data sets, not persons)
NOT_PERSONS_UNIT = re.compile(
    r"[(\[]\s*(%|pp|percent(age)?( points)?|quarters?|years?|months?|weeks?|days?|hours?|"
    r"checks?|data sets?|"
    r"log[- ]?odds|odds( ratio)?|sd|eur|euro|€|ratio|rate)\s*[)\]]", re.IGNORECASE)
#: code names that are not counts of persons: percentages, shares, rates, ratios, and counts of
#: table cells (``n_cells``: "Cells counts the cells averaged, not persons")
NOT_PERSONS_CODE = re.compile(r"^(n_)?cells$|(^|_)(pct|pp|share|rate|ratio|percent)($|_)",
                              re.IGNORECASE)
#: a column of Monte Carlo standard errors ("mc_se_bias", "Mc se coverage"): the table
#: summarises simulated data sets
MC_SUMMARY = re.compile(r"(^|[_\s])mc[_\s]se([_\s]|$)", re.IGNORECASE)
_BOOK_CODES: dict[str, str] | None = None


def book_code(label: Any) -> Any:
    """The code name behind a published column label, by the book's label map
    (:data:`mia_helpers.labels.LABELS`: "Starters" -> ``n_treated``), level by level for a
    multi-level label; a label the map does not produce is returned as it is."""
    global _BOOK_CODES
    if _BOOK_CODES is None:
        from mia_helpers.labels import LABELS

        inverse: dict[str, str] = {}
        for code, text in LABELS.items():
            inverse.setdefault(text, code)  # the first code of a label shared by two codes
        _BOOK_CODES = {t: c for t, c in inverse.items() if t != c}
    if isinstance(label, tuple):
        return tuple(_BOOK_CODES.get(p, p) if isinstance(p, str) else p for p in label)
    return _BOOK_CODES.get(label, label) if isinstance(label, str) else label


def declared_not_persons(label: Any) -> bool:
    """Whether a published column label (or its code, :func:`book_code`) declares numbers that
    are not counts of persons: a unit in brackets (:data:`NOT_PERSONS_UNIT`) or a code name of
    a percentage, share, rate, ratio or count of table cells (:data:`NOT_PERSONS_CODE`), or a
    share per thousand (:data:`_PER_MILLE`, dpo48: "Share entered (‰)" of 25 was a count). A
    label naming persons ("Persons", ``n_treated``, "Starters") never matches."""
    parts = vocab.labels(label) + vocab.labels(book_code(label))
    if any(vocab.is_count_name(p) and not NOT_PERSONS_CODE.search(p) for p in parts):
        return False
    return any(NOT_PERSONS_UNIT.search(p) or NOT_PERSONS_CODE.search(p)
               or _PER_MILLE.search(p) for p in parts)  # dpo48: per thousand


def count_columns(table: pd.DataFrame, all_counts: bool = False) -> list[int]:
    """Positions of the columns of ``table`` that hold counts of persons."""
    out = []
    for pos, col in enumerate(table.columns):
        s = table.iloc[:, pos]
        if vocab.is_count_name(col):
            out.append(pos)
        elif vocab.is_non_count_name(col) or vocab.is_id_name(col):
            continue
        elif all_counts and not np.isnan(vocab.numbers(s)).all():
            out.append(pos)
        elif vocab.is_integer_column(s):
            out.append(pos)
    return out


def check_table(
    table: pd.DataFrame,
    min_cell: int = DEFAULT_MIN_CELL,
    all_counts: bool = False,
    exempt_counts: bool = False,
    id_min_rows: int = ID_MIN_ROWS,
    id_min_value: int = ID_MIN_VALUE,
    integer_counts: bool = True,
    dof_threshold: int = DEFAULT_DOF_THRESHOLD,
) -> list[tuple[str, str]]:
    """Problems of one published table as (rule, detail) pairs (empty list: publishable).

    Parameters
    ----------
    table : the table as published (markers such as ``"<10"`` allowed). Its index counts too.
    min_cell : minimum number of persons behind a published count.
    all_counts : every numeric column is a count column (cells tagged ``counts``).
    exempt_counts : skip the count rules (cells tagged ``not-person-counts``).
    integer_counts : an integer column not named otherwise is a count (default); False: only
        count names (scalars of a JSON object, e.g. run parameters).
    dof_threshold : minimum residual degrees of freedom behind a published estimate.

    Column labels are read through the book's label map (:data:`mia_helpers.labels.LABELS`,
    e.g. "Starters" is ``n_treated``), and a label that declares a unit other than persons
    ("(quarters)", "(%)", "(pp)"; shares, rates, ratios; counts of table cells) is not a count
    (:func:`declared_not_persons`). Findings name the columns as published.
    """
    named = set(table.attrs.get(CHART_COUNTS, ())) if isinstance(table.attrs, dict) else set()
    marked = [p for p, c in enumerate(table.columns) if isinstance(c, str) and c in named]
    table, shown, not_persons = _coded(table)
    lines = table.attrs.get("row_lines") if isinstance(table.attrs, dict) else None
    out = _check_coded(table, min_cell, all_counts, exempt_counts, id_min_rows, id_min_value,
                       integer_counts, dof_threshold, not_persons, lines, marked)
    renamed = {repr(c): repr(o) for c, o in zip(table.columns, shown, strict=True) if c != o}
    if not renamed:
        return out
    pattern = re.compile("|".join(re.escape(k) for k in sorted(renamed, key=len, reverse=True)))
    return [(rule, pattern.sub(lambda m: renamed[m.group(0)], detail)) for rule, detail in out]


#: a row label "number of persons", "No. of starters", "count of treated" (ec28)
_NUMBER_OF_PERSONS = re.compile(r"\s*(?:the\s+)?(?:number|no\.?|count)\s+of\s+(?:the\s+)?(?:"
                                + "|".join((*vocab.PERSON_NOUNS, "treated")) + r")\b",
                                re.IGNORECASE)


#: a row label that counts person-periods of a discrete-time model (chapter 2's nested-model
#: table, :func:`mia_helpers.hazard.nested_table`: "person-periods"; also "person quarters",
#: "n person-periods", "number of person-periods"): every person is at least one period, so
#: a whole number of them in ``(0, min_cell)`` says fewer than ``min_cell`` persons
#: (xcheck39). Person-years and -months are not read so: continuous follow-up summed over
#: persons can be small for many persons
PERSON_PERIODS = re.compile(r"\s*(?:(?:n|no\.?|number\s+of|count\s+of)\s+)?"
                            r"person[-_\s]?(?:periods?|quarters?)\s*$", re.IGNORECASE)


def _person_period_rows(table: pd.DataFrame, min_cell: int, first: bool,
                        lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``small_count`` of rows labelled as counts of person-periods (:data:`PERSON_PERIODS`):
    their whole-number cells in ``(0, min_cell)``; a decimal or a marker (``<10``) is not a
    count and passes. The label is the row index's or, as in :func:`_check_coded`, a first
    column of text labels. xcheck39: chapter 2's nested-model table prints a model fitted on
    fewer than ``min_cell`` person-periods as ``<min_cell`` (:func:`mia_helpers.hazard.
    _small_fit_size`), but ``export-check`` read "person-periods | 3" as no count and let it
    pass."""
    out = []
    for i, label in enumerate(table.index):
        parts = label if isinstance(label, tuple) else (label,)
        cells = table.iloc[i]
        if first and isinstance(table.iloc[i, 0], str):
            parts, cells = (*parts, table.iloc[i, 0]), table.iloc[i, 1:]
        if not any(PERSON_PERIODS.match(str(p)) for p in parts) or any(
                vocab.is_count_name(str(p)) or _NUMBER_OF_PERSONS.match(str(p)) for p in parts):
            continue  # a label naming persons is read as such by _check_coded
        row = vocab.numbers(cells.astype(str).reset_index(drop=True))
        whole = ~np.isnan(row) & (row == np.round(row))
        small = _small(np.where(whole, row, np.nan), min_cell)
        if not small.any():
            continue
        at = (f" ({_line_unit(lines)} {lines[i]})" if lines is not None
              and len(lines) == len(table) else "")
        cols = [str(c) for c, x in zip(cells.index, small, strict=True) if x]
        out.append(("small_count", f"row {str(parts[-1])!r}{at} holds "
                    f"{counted(int(small.sum()), 'count')} of person-periods in (0, "
                    f"{min_cell}) ({plural(cols, 'column')} "
                    f"{', '.join(map(repr, cols))}): every person is at least one "
                    "person-period, so they tell of fewer than min_cell persons; print them as "
                    f"the marker <{min_cell} (as mia_helpers.hazard.nested_table does) or "
                    "suppress them (mia_helpers.disclosure.suppress)"))
    return out


#: a count cell that bounds the count: ``<5``, ``≤3``, ``<=3`` (dpo46)
_BOUND_CELL = re.compile(r"^(<|≤|<=|=<)\s*(\d+)$")
#: a count cell's leading number where it carries more (dpo46): "3 (2.5%)", "n=3", "(3)",
#: "~3", "≈3", "3*", a decimal comma's "3,0"
_LEAD_NUMBER = re.compile(r"^(?:n\s*[=:]\s*|\(\s*|~\s*|≈\s*|±\s*|ca\.?\s*|about\s+|"
                          r"approx\.?\s*)?(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?!\d)",
                          re.IGNORECASE)


def _count_cells(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                 min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """The cells of count columns that are neither numbers nor markers (dpo46). A marker
    ``<B`` with ``B < min_cell`` (``≤B`` with ``B < min_cell - 1``) bounds the hidden count
    more narrowly than ``<min_cell`` and is refused (``narrow_marker``), as such a bound is in
    prose (ec25). In a column named as a count, a cell with a leading number ("3 (2.5%)",
    "n=3", "(3)", "~3") is read as that number (written into ``nums_of``, so the count rules
    read it), and one without is refused (``unreadable_count``): such cells passed unread.
    So is the row ``...`` of a print pandas cut short (text49: its message says so)."""
    out = []
    for pos in counts:
        col = table.columns[pos]
        named = vocab.is_count_name(col) or vocab.is_count_name(book_code(col))
        text = [str(x).strip() for x in table.iloc[:, pos]]
        v = nums_of[pos]
        narrow = np.zeros(len(table), bool)
        unread = np.zeros(len(table), bool)
        for i, x in enumerate(text):
            if not np.isnan(v[i]):
                continue
            if m := _BOUND_CELL.match(x):
                b = int(m.group(2))
                narrow[i] = b < min_cell if m.group(1) == "<" else b < min_cell - 1
                continue
            if not named or MARKER.match(x) or pd.isna(table.iloc[i, pos]):
                continue
            if lead := _LEAD_NUMBER.match(x):
                v[i] = float(re.sub(r"[,\u202f\u00a0 ]", "", lead.group(1)))
            else:
                unread[i] = True
        if narrow.any():
            out.append(("narrow_marker",
                        f"column {col!r} marks hidden counts by a bound below the threshold "
                        f"({_rows_named(table.index, narrow, lines)}): '<B' with B below "
                        f"{min_cell} says more than the marker <{min_cell} (a count of 1 to "
                        "B - 1); write the marker "
                        f"<{min_cell} (mia_helpers.disclosure.suppress does)"))
        if unread.any():
            cut = any(text[i] in ("...", "…") for i in np.flatnonzero(unread))
            out.append(("unreadable_count",
                        f"column {col!r} counts persons, but its cells at "
                        f"{_rows_named(table.index, unread, lines)} are neither a number nor a "
                        "marker: export-check cannot read them, so it cannot tell a small count; "
                        f"write the number, or the marker <{min_cell} or x"
                        + ("; '...' is a print pandas cut short (display.max_rows): print the "
                           "whole table (DataFrame.to_string()) or write it as a CSV file"
                           if cut else "")))
    return out


def _check_coded(table: pd.DataFrame, min_cell: int, all_counts: bool, exempt_counts: bool,
                 id_min_rows: int, id_min_value: int, integer_counts: bool, dof_threshold: int,
                 not_persons: list[bool], lines: Sequence[int] | None = None,
                 marked: Sequence[int] = ()) -> list[tuple[str, str]]:
    """:func:`check_table` on a table whose columns carry the book's code names; ``lines``
    (the line in the file of each row, where known) are named beside the rows of findings;
    ``marked`` columns are counts of persons as a chart names them (:data:`CHART_COUNTS`)."""
    out: list[tuple[str, str]] = []
    names = [("column", c) for c in table.columns]
    names += [("index level", n) for n in table.index.names if n is not None]
    for kind, label in names:
        bad = [p for p in vocab.labels(label) if vocab.ID_NAME.match(p)]
        if bad:
            out.append(("person_id_column", f"{kind} {bad[0]!r} is a person identifier"))
    why = vocab.person_level(table)
    if why:
        out.append(("person_level_rows", why))
    counts: list[int] = []
    if not exempt_counts:
        if integer_counts:
            counts = count_columns(table, all_counts)
        else:
            counts = [p for p, c in enumerate(table.columns) if vocab.is_count_name(c)]
        counts = [p for p in counts if not not_persons[p]]
        counts += [p for p in marked if p not in counts]
    # a column of person-periods, however spelled, as the row rule reads one (review40:
    # "person periods" and "Person quarters" named a unit and passed, "person-periods" not)
    periods = [p for p, c in enumerate(table.columns)
               if PERSON_PERIODS.match(str(c)) and not exempt_counts and not not_persons[p]]
    counts += [p for p in periods if p not in counts]
    nums_of = {p: vocab.numbers(table.iloc[:, p]) for p in counts}
    for p in periods:  # whole numbers only, as in _person_period_rows
        nums_of[p] = np.where(nums_of[p] == np.round(nums_of[p]), nums_of[p], np.nan)
    # a column counted only because its values are integers: rows whose label declares a
    # number that is not a count of persons ("terms per outcome", "quarters") are exempt
    if not isinstance(table.index, pd.RangeIndex):
        exempt = np.array([any(vocab.is_non_count_name(str(p)) for p in
                               (lbl if isinstance(lbl, tuple) else (lbl,)))
                           for lbl in table.index], dtype=bool)
        if exempt.any():
            for p in counts:
                if not vocab.is_count_name(table.columns[p]) and not all_counts:
                    nums_of[p] = np.where(exempt, np.nan, nums_of[p])
    if not exempt_counts:  # dpo46: "3 (2.5%)", "n=3", "<5" passed unread
        out += _count_cells(table, counts, nums_of, min_cell, lines)
    for pos in counts:
        small = _small(nums_of[pos], min_cell)
        if small.any():
            # read as a count only because its values are whole numbers: say so, and how a
            # column that counts no persons declares it (late23: 'Periods', 'Measures')
            inferred = not all_counts and not any(
                vocab.is_count_name(p) for p in [table.columns[pos],
                                                 book_code(table.columns[pos])])
            why = (" (read as a count of persons: its values are whole numbers and its label "
                   "names no other unit; if it counts no persons, name the unit in its label, "
                   "e.g. '(quarters)', '(years)', '(%)')") if inferred else ""
            if pos in marked and inferred:
                why = (" (read as a count of persons: the chart's field or axis names persons or "
                       "a count; ec29)")
            if pos in periods:
                why = (" (counts of person-periods: every person is at least one person-period, "
                       "so they tell of fewer than min_cell persons; print them as the marker "
                       f"<{min_cell}, as mia_helpers.hazard.nested_table does)")
            out.append(("small_count",
                        f"column {table.columns[pos]!r} holds "
                        f"{counted(int(small.sum()), 'count')} in "
                        f"(0, {min_cell}) ({_rows_named(table.index, small, lines)}){why}; "
                        f"suppress {'it' if int(small.sum()) == 1 else 'them'} "
                        "(mia_helpers.disclosure.suppress)"))
    if not exempt_counts:
        # rows labelled as counts (a transposed table) and named integer index levels; the
        # label is the row index's, or a first column of text labels, as a CSV written with
        # its index has it (ec28: ",Antwerp,Ghent / persons,3,40" passed)
        first = table.shape[1] > 1 and not pd.api.types.is_numeric_dtype(table.iloc[:, 0]) \
            and bool(np.isnan(vocab.numbers(table.iloc[:, 0].astype(str))).all())
        for i, label in enumerate(table.index):
            parts = label if isinstance(label, tuple) else (label,)
            cells = table.iloc[i]
            if first and isinstance(table.iloc[i, 0], str):
                parts, cells = (*parts, table.iloc[i, 0]), table.iloc[i, 1:]
            if any(vocab.is_count_name(str(p)) or vocab.is_count_name(str(book_code(p)))
                   or _NUMBER_OF_PERSONS.match(str(p)) for p in parts):
                row = vocab.numbers(cells.astype(str).reset_index(drop=True))
                small = _small(row, min_cell)
                if small.any():
                    at = (f" ({_line_unit(lines)} {lines[i]})" if lines is not None
                          and len(lines) == len(table) else "")
                    # user38: "row 4 holds 1 count(s)" named neither the row's label nor the
                    # column, nor what to do
                    # numbered from 1 as the other messages (a CSV's index is its file line)
                    plain = isinstance(table.index, pd.RangeIndex) and table.index.start == 0
                    pos = i + 1 if plain else repr(label)
                    name = f"{pos} ({parts[-1]!r})" if first else repr(label)
                    cols = [str(c) for c, x in zip(cells.index, small, strict=True) if x]
                    out.append(("small_count", f"row {name}{at} holds "
                                f"{counted(int(small.sum()), 'count')} in (0, {min_cell}) "
                                f"({plural(cols, 'column')} "
                                f"{', '.join(map(repr, cols))}): the row's label names persons "
                                "or a count; suppress them (mia_helpers.disclosure.suppress)"))
        out += _person_period_rows(table, min_cell, first, lines)
        out += _transposed_shares(table, min_cell, first)
        for lvl, nm in enumerate(table.index.names):
            if nm is None or vocab.is_non_count_name(nm) or vocab.is_id_name(nm):
                continue
            idx = pd.Series(table.index.get_level_values(lvl).astype(str))
            if (vocab.is_count_name(nm) or vocab.is_integer_column(idx)) \
                    and not _is_row_numbering(idx):
                small = _small(vocab.numbers(idx), min_cell)
                if small.any():
                    out.append(("small_count", f"index level {nm!r} holds "
                                f"{counted(int(small.sum()), 'count')} in (0, {min_cell})"))
        out += _differences(table, counts, nums_of, min_cell, lines)
        out += _curve_steps(table, counts, nums_of, min_cell, lines)
        out += _unnamed_curves(table, counts, nums_of, min_cell, lines)
        out += _cohort_steps(table, counts, nums_of, min_cell, lines)
        out += _nested_differences(table, counts, nums_of, min_cell, lines)
        out += _share_counts(table, counts, nums_of, min_cell, lines)
        out += _header_shares(table, counts, min_cell, lines)
        out += _unread_shares(table, counts, min_cell, lines)
        out += _share_bounds(table, counts, nums_of, min_cell, lines)
        out += _whole_groups(table, counts, nums_of, min_cell, lines)
        out += _shares_of_small(table, counts, lines)
        out += _values_of_small(table, counts, lines)
        out += _intervals_of_small(table, counts, lines)
        out += _zeros_of_small(table, counts, min_cell, lines)
        out += _total_complements(table, counts, nums_of, min_cell, lines)
        out += _extremes(table, counts, lines)
    out += _low_dof(table, counts, dof_threshold, lines)
    out += _no_variation(table, counts, lines)
    for pos, col in enumerate(table.columns):
        why = vocab.id_like(table.iloc[:, pos], col, id_min_rows, id_min_value)
        if why:
            out.append(("national_number" if "national" in why else "id_like_values",
                        f"column {col!r}: {why}"))
    if not isinstance(table.index, pd.RangeIndex):
        for lvl in range(table.index.nlevels):
            idx = pd.Series(table.index.get_level_values(lvl))
            if table.index.names[lvl] is None and _is_row_numbering(idx):
                continue
            why = vocab.id_like(idx, table.index.names[lvl], id_min_rows, id_min_value)
            if why:
                out.append(("national_number" if "national" in why else "id_like_values",
                            f"row index: {why}"))
    return out


def _low_dof(table: pd.DataFrame, counts: list[int], dof_threshold: int,
             lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """Estimates published in rows whose residual degrees of freedom are below the threshold
    (acro's ``safe_dof_threshold`` rule for regressions)."""
    dof_pos = [p for p, c in enumerate(table.columns)
               if any(DOF_NAME.match(x) for x in vocab.labels(c))]
    if not dof_pos:
        return []
    dof = vocab.numbers(table.iloc[:, dof_pos[0]].astype(str).reset_index(drop=True))
    low = ~np.isnan(dof) & (dof < dof_threshold)
    if not low.any():
        return []
    est = [p for p, c in enumerate(table.columns)
           if p not in counts and p not in dof_pos
           and any(vocab.AGGREGATE_NAME.search(x) or EST_NAME.search(x)
                   for x in vocab.labels(c))]
    shown = np.zeros(len(table), bool)
    for p in est:
        shown |= ~np.isnan(vocab.numbers(table.iloc[:, p].astype(str).reset_index(drop=True)))
    bad = low & shown
    if not bad.any():
        return []
    n_bad = int(bad.sum())
    return [("dof", f"{counted(n_bad, 'row')} {'publishes' if n_bad == 1 else 'publish'} "
             "estimates with residual degrees of freedom "
             f"below {dof_threshold} ({_rows_named(table.index, bad, lines)}, column "
             f"{table.columns[dof_pos[0]]!r}): suppress them (mia_helpers.disclosure.suppress"
             "(..., dof=...))")]


#: names of estimate columns beyond the aggregate vocabulary (the package's own tables say
#: ``se``, ``ci_low``, ``ci_high``; ``std_error`` and ``conf_`` are the names of other tools,
#: e.g. R's broom, in tables an analyst brings)
EST_NAME = re.compile(r"(estimate|std_error|statistic|conf_|exp_|odds|hazard|ratio|coef|beta)",
                      re.IGNORECASE)


def _cell_text(x: Any) -> str:
    """A published cell as text: missing values (None, NaN, NA) as "", anything else (lists
    and dicts of a JSON output included) as ``str``."""
    return "" if pd.api.types.is_scalar(x) and pd.isna(x) else str(x).strip()


def _text_column(s: pd.Series) -> bool:
    """A column of labels: no number and no suppression marker."""
    txt = pd.Series([_cell_text(x) for x in s], dtype=object)
    return bool(np.isnan(vocab.numbers(txt)).all() and not any(MARKER.match(x) for x in txt))


#: a share of persons: "share", "pct", "percent", "proportion", "%", "(%)"
_SHARE_NAME = re.compile(r"(?i)(?:^|[\s_(])(?:share|pct|percent(?:age)?|proportion)(?:$|[\s_)])"
                         r"|%|‰|per[\s_-]?mill?e\b|per[\s_]+(?:1[,.\u202f\u00a0 ]?000|thousand)\b"
                         r"|per[\s_]+(?:100|hundred)\b")  # dpo52: "Entries per 100 persons"
#: a share per hundred named so (dpo52): its values are per cent whatever their size
_PER_HUNDRED = re.compile(r"(?i)per[\s_]+(?:100|hundred)\b")
#: a share per thousand (dpo48): "Share entered (‰)", "per mille", "Entered per 1,000
#: persons": 25 of them is 2.5 per cent (one person of 40), which was read as 25 per cent (10
#: of 40), or not read at all
_PER_MILLE = re.compile(r"(?i)‰|per[\s_-]?mill?e\b|per[\s_]+(?:1[,.\u202f\u00a0 ]?000|thousand)\b")


#: shares that are not of persons (a gap explained, variance, person-quarters, job starts)
#: or not a plain share of the row's count (a relative effect, a cumulative incidence, a
#: survival or model estimate: ec28, chapter 5's "Relative (%)" beside its starters); "naive"
#: (api53): chapter 2's KHB table's "Naive share (%)", the naive difference of two models'
#: coefficients over the first (a share of a gap, as "Explained share (%)" beside it), failed
#: export-check at seed 4255 (the book's defaults): 97.2 % of Eastern EU (intermediate
#: generation)'s 217 persons would leave a complement of 6
_NOT_PERSON_SHARE = re.compile(
    r"(?i)explained|\bnaive\b|\bgap\b|variance|mediat|quarters?\b|periods?\b|spells?\b|\brows?\b"
    r"|relative|effect|\bcif\b|incidence|bias|removed|ratio|change|differen|growth|\brate\b"
    r"|\bstarts\b|\bpp\b|estimate|survival|hazard|odds"
    r"|person[\s_-]*(?:years?|months?|weeks?|days?|time)")  # dpo48: per 1,000 person-years


#: the package's code names of a share of persons that no share word names (dpo53):
#: ``dynamic_effects``' and ``matched_effects``' cumulative share of the treated with the
#: outcome (Appendix C's share dead; 0.1167 beside a hidden count of 60 is 7 of 60)
_SHARE_CODES = frozenset({"treated_outcome"})


def _share_named(col: Any) -> bool:
    """Whether a column label names a share of persons (:data:`_SHARE_NAME`, in its code
    name or the book's label of it: "att_rel_pct", "Relative (%)"; or a code of
    :data:`_SHARE_CODES`), not a share of something
    else (:data:`_NOT_PERSON_SHARE`) nor an extreme of shares (:func:`extreme_column`, dpo48:
    "Min share (%)" is one group's share)."""
    from mia_helpers.labels import LABELS

    said = [x for p in vocab.labels(col) for x in (p, str(LABELS.get(p, p)))]
    if any(p.strip().casefold() in _SHARE_CODES for p in said):
        return True
    return (any(_SHARE_NAME.search(p) for p in said)
            and not any(_NOT_PERSON_SHARE.search(p) for p in said) and not extreme_column(col))


def _share_text(s: pd.Series) -> pd.Series:
    """A share column's cells as text (a missing value as ""), a trailing per cent or per
    mille sign dropped."""
    return pd.Series([_cell_text(x) for x in s], index=s.index, dtype=object
                     ).str.rstrip("%‰").str.strip()


def _per_cent_cells(s: pd.Series, col: Any) -> bool:
    """Whether every published number of a column is written with a per cent sign ("7.5%")
    under a label that names nothing else (:data:`_NOT_PERSON_SHARE`): a share of persons
    whose label does not say so (dpo52: "Entered" over "7.5%" beside 40 persons passed)."""
    text = [_cell_text(x) for x in s]
    said = [x for x in text if x and not MARKER.match(x)]
    return bool(said) and all(re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?\s*%", x) for x in said) \
        and not any(_NOT_PERSON_SHARE.search(p) for p in vocab.labels(col))


def _share_columns(table: pd.DataFrame, counts: list[int]
                   ) -> Iterator[tuple[int, Any, np.ndarray, float, np.ndarray]]:
    """The columns of ``table`` that publish a share of persons (:func:`_share_named`; all
    values in [0, 100], or [0, 1000] per thousand), as (position, label, values, scale (100
    for a percentage, 1000 per thousand: :data:`_PER_MILLE`, dpo48; 1 for a fraction),
    published decimals of each value)."""
    for pos, col in enumerate(table.columns):
        if pos in counts or not (_share_named(col) or _per_cent_cells(table.iloc[:, pos], col)):
            continue
        raw = _share_text(table.iloc[:, pos])
        vals = vocab.numbers(raw)
        mille = any(_PER_MILLE.search(p) for p in vocab.labels(col))
        if np.isnan(vals).all() or np.nanmin(vals) < 0 \
                or np.nanmax(vals) > (1000 if mille else 100):
            continue  # not a share of persons (a decomposition's share can leave [0, 100])
        percent = "%" in " ".join(vocab.labels(col)) or "pct" in str(col).lower() \
            or "percent" in str(col).lower() or np.nanmax(vals) > 1 \
            or _PER_HUNDRED.search(str(col)) is not None \
            or _per_cent_cells(table.iloc[:, pos], col)
        decimals = raw.str.extract(r"\.(\d+)$")[0].str.len().fillna(0).to_numpy(dtype=float)
        yield pos, col, vals, 1000.0 if mille else 100.0 if percent else 1.0, decimals


#: a share cell that bounds the share (dpo48): "<1", "< 0.5", "≤2", ">99", ">= 99.5"
_SHARE_BOUND = re.compile(r"^(<=|>=|=<|=>|<|>|≤|≥)\s*(\d+(?:\.\d+)?)$")


def _share_bounds(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                  min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``narrow_marker`` (dpo48) of a share printed as a bound ("<1", ">99") beside the
    table's count of persons (:func:`_count_column`): "<1" per cent of 400 says fewer than 4
    persons, and ">99" that fewer than 4 did not, a bound narrower than the marker
    ``<min_cell`` (it passed as a marker). A bound that leaves ``min_cell`` persons or more
    open passes ("<2.5" of 400 is fewer than 10)."""
    base = _count_column(table, counts)
    if base is None:
        return []
    n = nums_of[base]
    out = []
    for pos, col in enumerate(table.columns):
        if pos in counts or not _share_named(col):
            continue
        raw = _share_text(table.iloc[:, pos]).reset_index(drop=True)
        scale = 1000.0 if any(_PER_MILLE.search(x) for x in vocab.labels(col)) else (
            100.0 if "%" in " ".join(vocab.labels(col)) or "pct" in str(col).lower()
            or "percent" in str(col).lower() else None)
        if scale is None:
            # rev48: a label without a unit takes the scale of the column's own numbers, as
            # _share_columns reads it ("Share entered" of 20.0 and "<1" is in per cent: "<1"
            # of 400 is fewer than 4 persons, read as a fraction it passed); without a
            # number beside the bounds, per cent (the reading that leaves fewer open)
            vals = vocab.numbers(raw)
            scale = 1.0 if (~np.isnan(vals)).any() and np.nanmax(vals) <= 1 else 100.0
        bad = np.zeros(len(table), bool)
        for i, x in enumerate(raw):
            m = _SHARE_BOUND.match(x)
            if not m or np.isnan(n[i]):
                continue
            b = float(m.group(2))
            sc = 100.0 if scale == 1.0 and b > 1 else scale  # ">99" is per cent
            left = b / sc * n[i] if m.group(1) in ("<", "<=", "=<", "≤") else (1 - b / sc) * n[i]
            bad[i] = left < min_cell
        if bad.any():
            out.append(("narrow_marker",
                        f"column {col!r} prints a share as a bound ("
                        f"{_rows_named(table.index, bad, lines)}) that, times the count "
                        f"{table.columns[base]!r}, leaves fewer than {min_cell} persons open "
                        f"('<1' per cent of 400 is fewer than 4 persons): it says more than the "
                        f"marker <{min_cell}; hide the share (x) with its count, or print a "
                        f"bound of {min_cell} persons or more"))
    return out


#: a printed number or marker ("1200", "0.61", "<10", "x", "NaN"): what ends a column of a
#: text layout under its header's word (:func:`_header_columns`; dpo48 exempted share cells
#: of such tokens run together by the text parser, which leak48 mended: now refused)
_RUN_TOKEN = r"(?:[-+]?[\d.,]*\d[\d.,]*%?|<\s*\d+|x|\.\.|[-–—]|nan|none|n/a|<NA>)"


def _unread_shares(table: pd.DataFrame, counts: list[int], min_cell: int,
                   lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``unreadable_share`` (dpo48) of a column named as a share of persons
    (:func:`_share_named`) whose cells are neither a number (a trailing per cent sign
    allowed) nor a marker: "2,5" (a decimal comma), "1 in 40", "1/40", "2.5 (1)". They
    passed unread (a column without one number was no share at all), and one person of 40
    with them; what cannot be read cannot be set against ``min_cell``. Cells of numbers
    separated by spaces ("40   2.5") were a text layout's columns run together by
    :func:`text_tables` and exempt here; the parser reads them apart now
    (:func:`_header_columns`, leak48), and such a cell is refused as any other."""
    out = []
    for pos, col in enumerate(table.columns):
        if pos in counts or not _share_named(col):
            continue
        raw = _share_text(table.iloc[:, pos]).reset_index(drop=True)
        vals = vocab.numbers(raw)
        bad = np.array([np.isnan(v) and not MARKER.match(x) and not _SHARE_BOUND.match(x)
                        for v, x in zip(vals, raw, strict=True)], dtype=bool)
        if bad.any():
            out.append(("unreadable_share",
                        f"column {col!r} is named as a share of persons, but its cells at "
                        f"{_rows_named(table.index, bad, lines)} are neither a number nor a marker "
                        "(a decimal comma, '1 in 40', '1/40', a number with more beside it): "
                        "export-check cannot set them against min_cell; write each share as "
                        f"a number with a decimal point (2.5), or a marker (<{min_cell} or x)"))
    return out


def _numerator_small(n: np.ndarray, vals: np.ndarray, scale: float, decimals: np.ndarray,
                     min_cell: int) -> np.ndarray:
    """Where a share ``vals`` (in units of ``scale``, rounded to ``decimals``) of a count ``n``
    (at least ``min_cell``) gives back a numerator, or its complement, that every count the
    rounding allows puts in (0, min_cell)."""
    ok = ~np.isnan(vals) & ~np.isnan(n) & (n >= min_cell)  # a small n: small_count
    half = 0.5 * 10.0 ** -decimals / scale
    s = vals / scale
    with np.errstate(invalid="ignore"):
        lo = np.ceil(np.round(n * (s - half), 9))
        hi = np.floor(np.round(n * (s + half), 9))
    lo, hi = np.maximum(lo, 0), np.minimum(hi, n)
    return ok & (hi >= lo) & (((lo >= 1) & (hi < min_cell))
                              | ((n - hi >= 1) & (n - lo < min_cell)))


def _share_counts(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                  min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``share_count``: a share of persons published beside the one count of persons of its
    table gives its numerator back: share times count, within the share's rounding (its
    published decimals). When every count the rounding allows, or every complement (count
    minus numerator), is in (0, min_cell), the share states a small count (ec28: "n_persons
    40, share_entered_pct 2.5", one person, passed). A table with several count columns is
    read against its one total of persons (:data:`TOTAL_NAME`), as the ``whole_group`` rule
    reads it (dpo31: "n_persons 40, n_contract <13, pct_contract 22.5" gave the 9 contracts
    back, and "n_persons 40, n_events 100, pct_entered 2.5" one person: both passed); with no
    such total or several, or beside a count of inflows, spells or starts
    (:data:`NOT_SUBSET`: chapter 3's profile table publishes each origin's share of an
    outcome's inflows beside its inflows and persons, and that share times the persons is
    no count), it is not read (which count is the denominator is not known); a
    share of 0 or 100 % states no small count unless the count itself is small (refused as
    such). A share whose count is in another table is :func:`linked_share_counts`'
    (ec28b)."""
    spells = [c for c in counts if any(NOT_SUBSET.match(p) for p in vocab.labels(table.columns[c]))]
    base = counts if len(counts) == 1 else [] if spells else [
        c for c in counts if any(TOTAL_NAME.match(p) for p in vocab.labels(table.columns[c]))]
    if len(base) != 1:
        return []
    n = nums_of[base[0]]
    out = []
    for _, col, vals, scale, decimals in _share_columns(table, counts):
        small = _numerator_small(n, vals, scale, decimals, min_cell)
        if small.any():
            out.append(("share_count",
                        f"column {col!r} times the count {table.columns[base[0]]!r} gives a "
                        f"count of persons in (0, {min_cell}), or its complement, within the "
                        f"share's rounding ({_rows_named(table.index, small, lines)}); hide "
                        "the share with its count (mia_helpers.disclosure.suppress, shares=)"))
    return out


#: a count of persons given in a column's header (dpo48): "Share entered (%) (n = 40)",
#: "(N=40)", "n: 1,200"; group 1 the relation, group 2 what follows it (a whole number read
#: as the count; anything else, "n ≈ 40", "n < 10", "n = 40/38", makes the header ambiguous)
_HEADER_N = re.compile(r"(?<![\w.\-])n[ \t]*(<=|>=|=<|=>|[=:≈~<>≤≥])[ \t]*"
                       r"(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?![\d.,])|[^\s),;\]]*)",
                       re.IGNORECASE)
_WHOLE = re.compile(r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+")


def header_count(label: Any, where: str = "header") -> tuple[int | None, str]:
    """The count of persons a column's header states ("Share entered (%) (n = 40)", "(N=40)"),
    as ``(count, "")``; ``(None, why)`` where the header states one but not exactly ("n <
    10", "n ≈ 40", "n = 40/38", two different counts), ``(None, "")`` where it states none
    (dpo48). Every level of a multi-level header is read. A row's labels (a tuple, ``where``
    "row's label": "Antwerp (n = 40)", :func:`row_denominators`; leak48) are read by the
    same rule."""
    found = [m for x in vocab.labels(label) for m in _HEADER_N.finditer(x)]
    if not found:
        return None, ""
    values = set()
    for m in found:
        if m.group(1) not in ("=", ":") or not _WHOLE.fullmatch(m.group(2)):
            return None, f"its {where}'s {m.group(0).strip()!r} is no exact count"
        values.add(int(re.sub(r"\D", "", m.group(2))))
    if len(values) > 1:
        return None, f"its {where} states {len(values)} different counts"
    return values.pop(), ""


def header_denominators(table: pd.DataFrame, counts: list[int]
                        ) -> Iterator[tuple[int, Any, np.ndarray, float, np.ndarray, int | None,
                                            str]]:
    """The share columns of ``table`` (:func:`_share_columns`) whose header states a count
    (:func:`header_count`; dpo48), as :func:`_share_columns`' tuples with the count that is
    the share's denominator and, where it is not read, why. A header's count is the
    denominator only where that is unambiguous: the column publishes one share. Shares of
    several rows under one count may each be of the header's ``n`` or of a part of it (the
    rows' own groups, of sizes unknown), and shares that add up to the whole do not settle
    it (50.0 per cent of 4 persons and 50.0 of 36 under "(n = 40)" add up to 100 as 20 and 20
    of 40 do): the header is then ambiguous, and not read."""
    for pos, col, vals, scale, decimals in _share_columns(table, counts):
        n, why = header_count(col)
        if n is None and not why:
            continue
        shown = int((~np.isnan(vals)).sum())
        if n is not None and shown > 1:
            n, why = None, (f"it stands over {shown} shares, each of which may be of the "
                            "header's count or of a part of it (the row's own group)")
        yield pos, col, vals, scale, decimals, n, why


def row_denominators(table: pd.DataFrame, counts: list[int]
                     ) -> Iterator[tuple[int, Any, np.ndarray, float, np.ndarray, np.ndarray,
                                         list[str]]]:
    """The share columns of a table without a count column of persons whose rows state a
    count in their labels ("Antwerp (n = 40)", leak48), read by the one rule that reads a
    header's (:func:`header_count` of the row's labels: index levels and text columns,
    :func:`_label_arrays`), as :func:`_share_columns`' tuples with each row's count (NaN
    where none is read) and, where the row states one that is not read, why. As a header's
    count over several shares (:func:`header_denominators`), a row's count is the
    denominator only where that is unambiguous: the row publishes one share (of several,
    each may be of the row's group or of a part of it, "Share of entrants employed (%)").
    A column whose header states a count is :func:`header_denominators`' alone."""
    if counts:
        return
    cols = [c for c in _share_columns(table, counts) if header_count(c[1]) == (None, "")]
    if not cols:
        return
    arrays = [a for _, a in _label_arrays(table, [*counts, *(c[0] for c in cols)])]
    heads = [header_count(tuple(str(a[i]) for a in arrays), "row's label")
             for i in range(len(table))]
    if all(h == (None, "") for h in heads):
        return
    shown = np.sum([~np.isnan(c[2]) for c in cols], axis=0)
    for pos, col, vals, scale, decimals in cols:
        n = np.full(len(vals), np.nan)
        why = [w for _, w in heads]
        for i, (c, _) in enumerate(heads):
            if c is not None and shown[i] > 1:
                why[i] = (f"its row's label stands over {shown[i]} shares, each of which may "
                          "be of the label's count or of a part of it")
            elif c is not None:
                n[i] = c
        yield pos, col, vals, scale, decimals, n, why


def _counted_small(n: np.ndarray, vals: np.ndarray, scale: float, decimals: np.ndarray,
                   min_cell: int) -> np.ndarray:
    """Rows (bool array, the shape of ``vals``) whose share of its own count ``n`` (one per
    share, read from a row's label or a column's header; NaN where none) gives a count of
    persons, or its complement, in (0, min_cell) within the share's rounding
    (:func:`_numerator_small`), or whose shown share rests on a count in (0, min_cell): the
    one rule of :func:`_header_shares`' row-label counts and :func:`_transposed_shares`'
    header counts (leak48, dpo48)."""
    few = ~np.isnan(vals) & (n > 0) & (n < min_cell)
    return _numerator_small(n, vals, scale, decimals, min_cell) | few


def _header_shares(table: pd.DataFrame, counts: list[int], min_cell: int,
                   lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``share_count`` (dpo48) of a share whose count of persons is given in its header only
    ("Share entered (%) (n = 40)", read where unambiguous: :func:`header_denominators`): share
    times the header's count, within the share's rounding, may not give a count (or
    complement) in (0, min_cell), as :func:`_share_counts` reads a share beside its count.
    A header's count below ``min_cell`` is refused with its share (here) and as a small count
    of the table's text (``small_count``), and an ambiguous one leaves the share unread
    (``unreadable_share``, :func:`unlinked_shares`)."""
    out = []
    for _, col, vals, scale, decimals, n, _ in header_denominators(table, counts):
        if n is None:
            continue
        if 0 < n < min_cell:
            out.append(("share_count",
                        f"column {col!r} is a share of the {n} persons its header counts, "
                        f"fewer than {min_cell}: a share of fewer than min_cell persons gives "
                        "their number and the numerator back; hide the share and its count "
                        "(mia_helpers.disclosure.suppress, shares=) or coarsen the groups"))
            continue
        small = _numerator_small(np.full(len(vals), float(n)), vals, scale, decimals, min_cell)
        if small.any():
            out.append(("share_count",
                        f"column {col!r} times the count in its header ({n:g}) gives a count "
                        f"of persons in (0, {min_cell}), or its complement, within the share's "
                        f"rounding ({_rows_named(table.index, small, lines)}); hide the share "
                        "(mia_helpers.disclosure.suppress, shares=) or coarsen the groups"))
    for _, col, vals, scale, decimals, n, _ in row_denominators(table, counts):
        small = _counted_small(n, vals, scale, decimals, min_cell)
        if small.any():
            out.append(("share_count",
                        f"column {col!r} times the count in its row's label gives a count of "
                        f"persons in (0, {min_cell}), or its complement, within the share's "
                        f"rounding, or the label's count is below {min_cell} ("
                        f"{_rows_named(table.index, small, lines)}); hide the share "
                        "(mia_helpers.disclosure.suppress, shares=) or coarsen the groups"))
    return out


def _transposed_shares(table: pd.DataFrame, min_cell: int, first: bool
                       ) -> list[tuple[str, str]]:
    """The share rules on a table whose rows are its measures and whose columns are its
    groups (dpo48: "Measure | Antwerp | Ghent" with rows "Persons 40 200" and "Share entered
    (%) 2.5 12.5", one person of 40, passed: the shares were read down columns only). Where a
    row label (the index, or a first column of text labels, as :func:`_check_coded` reads
    them) names a share of persons (:func:`_share_named`), the table is read with its rows as
    columns: beside a row labelled as a count of persons, as :func:`_share_counts` and
    :func:`_shares_of_small` read a share beside its count; without one, each group's count
    is read from its column header ("Antwerp (n = 40)", :func:`header_count`), and a share
    whose group is counted in neither is refused (``unreadable_share``): the rules across
    tables do not read rows as groups."""
    if first:
        labels, body = [_cell_text(x) for x in table.iloc[:, 0]], table.iloc[:, 1:]
    elif not isinstance(table.index, pd.RangeIndex) and table.index.nlevels == 1:
        labels, body = [str(x).strip() for x in table.index], table
    else:
        return []
    if body.shape[1] == 0 or not any(_share_named(x) for x in labels):
        return []
    t = pd.DataFrame(body.to_numpy(dtype=object).T, columns=pd.Index(labels, dtype=object),
                     index=pd.Index([str(c) for c in body.columns], dtype=object))
    counts = [p for p, x in enumerate(labels) if (vocab.is_count_name(x)
              or vocab.is_count_name(book_code(x))) and not declared_not_persons(x)]
    nums_of = {p: vocab.numbers(t.iloc[:, p].astype(str).reset_index(drop=True))
               for p in counts}
    said = "read with its rows as columns (its groups are its columns): "
    found = _share_counts(t, counts, nums_of, min_cell) + _shares_of_small(t, counts)
    if not counts:
        heads = [header_count(c) for c in body.columns]
        n = np.array([np.nan if h[0] is None else float(h[0]) for h in heads])
        for _, col, vals, scale, decimals in _share_columns(t, []):
            shown = ~np.isnan(vals)
            bad = _counted_small(n, vals, scale, decimals, min_cell)
            if bad.any():
                found.append(("share_count",
                              f"row {col!r} times the count in its column's header gives a "
                              f"count of persons in (0, {min_cell}), or its complement, or "
                              f"the header's count is below {min_cell} ("
                              f"{plural(int(bad.sum()), 'column')} {_rows(t.index, bad)}); "
                              "hide the share "
                              "(mia_helpers.disclosure.suppress, shares=)"))
            if (shown & np.isnan(n)).any():
                found.append(("unreadable_share",
                              f"row {col!r} publishes shares of persons of groups ("
                              f"{plural(int((shown & np.isnan(n)).sum()), 'column')} "
                              f"{_rows(t.index, shown & np.isnan(n))}) that no row of the "
                              "table counts, nor their headers: export-check cannot set them "
                              "against min_cell; publish a row of the persons of each group "
                              "(hidden where small), or the count in each column's header "
                              "('Antwerp (n = 40)')"))
    return [(rule, said + detail) for rule, detail in found]


def _coded(table: pd.DataFrame) -> tuple[pd.DataFrame, list, list[bool]]:
    """A copy of ``table`` with the book's code names for its columns, the columns as
    published, and per column whether its label declares it not a count of persons
    (:func:`declared_not_persons`; in a Monte Carlo summary, which publishes Monte Carlo
    standard errors, integers count replications, not persons, unless a column is named as a
    person count)."""
    shown = list(table.columns)
    coded = table.copy()
    coded.columns = pd.Index([book_code(c) for c in shown], dtype=object, tupleize_cols=False)
    not_persons = [declared_not_persons(c) for c in shown]
    if any(MC_SUMMARY.search(p) for c in [*shown, *coded.columns] for p in vocab.labels(c)):
        not_persons = [n or not vocab.is_count_name(c) for n, c in
                       zip(not_persons, coded.columns, strict=True)]
    return coded, shown, not_persons


def _table_counts(table: pd.DataFrame, all_counts: bool, integer_counts: bool
                  ) -> tuple[pd.DataFrame, list[int]]:
    """``table`` with the book's code names for its columns, and the positions of its columns
    of counts of persons, as :func:`check_table` reads them."""
    coded, _, not_persons = _coded(table)
    counts = (count_columns(coded, all_counts) if integer_counts
              else [p for p, c in enumerate(coded.columns) if vocab.is_count_name(c)])
    return coded, [p for p in counts if not not_persons[p]]


#: words that may end a group's label in one table and not in another: "Antwerp total",
#: "Antwerp (n)", "Antwerp, count", "Antwerpen totaal" name the group "Antwerp" (ec29)
_COUNT_WORD_END = re.compile(r"(?:\s+(?:total|totals|totaal|totale|count|counts|n|aantal|"
                             r"number|nombre|persons|personen|personnes|all|alle))+$")


def _loose_label(text: str) -> str:
    """A row label as :func:`linked_share_counts` matches it across tables (ec29): Unicode
    compatibility forms, case, punctuation and spacing ignored, and a trailing total or count
    word (:data:`_COUNT_WORD_END`) dropped unless nothing else is left ("Total" stays).
    "ANTWERP.", " antwerp ", "Antwerp (n)", "Antwerp total" and "antwerp-total" read
    "antwerp"; "Antwerpen" stays another group."""
    import unicodedata

    t = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    short = _COUNT_WORD_END.sub("", t).strip()
    return short if short else t


def _row_keys(table: pd.DataFrame, numbers: list[int], loose: bool = False
              ) -> list[frozenset[str] | None]:
    """Each row's group as its labels name it (index levels and text columns but the columns
    at ``numbers``; case and spacing ignored; markers and numbers, "2.5 %", left out), or None
    for a row without a label that holds a letter. With ``loose``, each label as
    :func:`_loose_label` reads it (punctuation and a trailing total or count word ignored)."""
    arrays = [a for _, a in _label_arrays(table, numbers)]
    keys: list[frozenset[str] | None] = []
    for i in range(len(table)):
        labels = {re.sub(r"\s+", " ", str(a[i])).strip().casefold() for a in arrays}
        labels = {x for x in labels if x and not MARKER.match(x)
                  and not _NUMBER_TEXT.fullmatch(x)}
        if not any(re.search(r"[^\W\d_]", x) for x in labels):
            keys.append(None)
            continue
        keys.append(frozenset({_loose_label(x) for x in labels} - {""}) if loose
                    else frozenset(labels))
    return keys


def _share_tables(tables: Sequence[tuple]) -> Iterator[tuple[int, pd.DataFrame, pd.DataFrame,
                                                             list[int], list, list, list]]:
    """The one reading of the export's tables for the rules across them
    (:func:`linked_share_counts`, :func:`unlinked_shares`; rev47: each had its own copy, and
    ``unreadable_share`` says it matches groups as ``share_count`` does): per non-empty table
    of ``tables`` (as :class:`_Context` keeps them), ``(index, table, coded, counts,
    share columns, row keys, loose row keys)``: the table with its count columns coded
    (:func:`_table_counts`), the positions of those counts, :func:`_share_columns`' tuples,
    and each row's group as :func:`_row_keys` reads it, exact and loose (None: no label)."""
    for ti, (_, _, table, tags, integer_counts, _) in enumerate(tables):
        if table.shape[0] == 0 or table.shape[1] == 0:
            continue
        coded, counts = _table_counts(table, TAG_COUNTS in tags, integer_counts)
        cols = list(_share_columns(coded, counts))
        numbers = [*counts, *(c[0] for c in cols)]
        yield (ti, table, coded, counts, cols, _row_keys(coded, numbers),
               _row_keys(coded, numbers, loose=True))


def linked_share_counts(tables: Sequence[tuple], min_cell: int) -> list[tuple[int, Finding]]:
    """``share_count`` across tables and files (ec28b): a share of persons in a table without
    a count of its own ("share.csv": region Antwerp, 2.5 %) whose group (the row's labels:
    "Antwerp") is counted in another table of the export ("counts.csv": Antwerp, 40 persons)
    is read with that count, as :func:`_share_counts` reads a share beside its count: share
    times count, within the share's rounding, may not give a count (or complement) in (0,
    min_cell). The rule is conservative: any other table whose row labels are the same group
    and which has one count of persons (or one named as the total, ``n``, ``persons``,
    ``total``...) is taken as the denominator, in the same file or another; a group counted
    twice in one table under the same labels (other columns tell its rows apart) is not
    matched, and neither is a share in a table that has count columns of its own
    (:func:`_share_counts` reads those with one).

    Labels are the same group when they differ only by case, spacing, punctuation, Unicode
    compatibility forms or a trailing total or count word ("Antwerp" and "ANTWERP total",
    "Antwerp (n)", "antwerp," : :func:`_loose_label`; ec29: only identical labels were
    matched). Where labels that differ so name two rows of one count table ("Antwerp" and
    "Antwerp total"), each of their counts is tried (when unsure, refuse): a finding names the
    share's file and the count's file and both labels. ``tables`` holds (file, where, table,
    tags, integer_counts, record entry) as :class:`_Context` keeps them; returns (index into
    ``tables`` of the share's table, finding)."""
    counted: dict[frozenset[str], list[tuple[int, Any, float, str]]] = {}
    shares = []
    for ti, table, coded, counts, cols, keys, loose in _share_tables(tables):
        if not counts:
            if cols:
                shares.append((ti, keys, loose, cols))
            continue
        denom = counts if len(counts) == 1 else [
            p for p in counts if any(TOTAL_NAME.match(x) for x in vocab.labels(coded.columns[p]))]
        if len(denom) != 1:
            continue
        n = vocab.numbers(coded.iloc[:, denom[0]])
        once = pd.Series([k for k in keys if k is not None], dtype=object).value_counts()
        for i, (k, lk) in enumerate(zip(keys, loose, strict=True)):
            if k is not None and lk and once.get(k, 0) == 1 and not np.isnan(n[i]):
                counted.setdefault(lk, []).append((ti, table.columns[denom[0]], float(n[i]),
                                                   " / ".join(sorted(k))))
    out = []
    for ti, keys, loose, cols in shares:
        rows = [(i, k, lk) for i, (k, lk) in enumerate(zip(keys, loose, strict=True))
                if lk in counted]
        for _, col, vals, scale, decimals in cols:
            hits: dict[tuple[int, Any], list[str]] = {}
            for i, k, lk in rows:
                for ci, ccol, n, clabel in counted[lk]:
                    if ci != ti and _numerator_small(np.array([n]), vals[i:i + 1], scale,
                                                     decimals[i:i + 1], min_cell)[0]:
                        label = " / ".join(sorted(k))
                        also = (f" (labelled {clabel!r} there)" if clabel != label else "")
                        hits.setdefault((ci, ccol), []).append(
                            f"{label} ({vals[i]:g} of {n:g}){also}")
            for (ci, ccol), groups in hits.items():
                cfile, cwhere = tables[ci][0], tables[ci][1]
                if cfile.lower().endswith((".csv", ".tsv")):  # a CSV's one table
                    cwhere = cwhere.replace("table 1", "").strip(", ")
                at = f"{cfile}" + (f", {cwhere}" if cwhere else "")
                more = f" and {len(groups) - 5} more" if len(groups) > 5 else ""
                out.append((ti, Finding(
                    tables[ti][0], tables[ti][1], "share_count",
                    f"column {col!r} is a share of the {plural(groups, 'group')} "
                    f"{'; '.join(groups[:5])}{more}, "
                    f"whose count of persons is published in {at} (column {ccol!r}): share "
                    f"times count gives a count of persons in (0, {min_cell}), or its "
                    "complement, within the share's rounding. A share and its count in "
                    "different tables or files are read together (ec28b), their groups "
                    "matched whatever the case, spacing, punctuation or a trailing total or "
                    "count word of their labels (ec29); publish the share in "
                    "the count's table and hide both (mia_helpers.disclosure.suppress, "
                    "shares=), or leave one of the two out of the export; if the share is of "
                    "other persons than that count, label its groups so")))
    return out


def unlinked_shares(tables: Sequence[tuple]) -> list[tuple[int, Finding]]:
    """``unreadable_share`` (dpo47): a share of persons in a table without a count of its own
    whose group (the row's labels, matched as :func:`linked_share_counts` matches them) no
    other table of the export counts: neither the share's numerator nor its group's size
    can be set against ``min_cell`` (a share of 2.5 % is one person of 40, or 25 of 1,000),
    and what the check cannot read it refuses. Before, "Region | Share entered (%)" alone in
    an export passed. A row without a label (no group to match) is such a row too; a Monte
    Carlo summary (:data:`MC_SUMMARY`) counts replications, not persons, and is not read.
    ``tables`` as :func:`linked_share_counts` takes them; returns (index into ``tables`` of
    the share's table, finding)."""
    counted: set[frozenset[str]] = set()
    shares = []
    for ti, table, coded, counts, cols, keys, loose in _share_tables(tables):
        if any(MC_SUMMARY.search(p) for c in table.columns for p in vocab.labels(c)):
            continue
        if counts:
            counted |= {k for k in loose if k}
        elif cols:
            heads = {h[0]: h[5:] for h in header_denominators(coded, counts)}
            rows = {h[0]: h[5:] for h in row_denominators(coded, counts)}
            shares.append((ti, table, keys, loose, cols, heads, rows))
    out = []
    for ti, table, keys, loose, cols, heads, rows in shares:
        alone = np.array([not k or k not in counted for k in loose], dtype=bool)
        for pos, _, vals, _, _ in cols:
            n, why = heads.get(pos, (None, ""))
            row_n, row_why = rows.get(pos, (np.full(len(vals), np.nan), [""] * len(vals)))
            bad = alone & ~np.isnan(vals) & np.isnan(row_n)  # leak48: its row's count, read
            if not bad.any() or n is not None:  # dpo48: its header's count, read
                continue
            said = sorted({row_why[i] for i in np.flatnonzero(bad) if row_why[i]})
            why = (f"; the count in its header is not read: {why} (write the count of "
                   "persons beside each share)") if why else (
                f"; the count in its row's label is not read: {'; '.join(said)} (write the "
                "count of persons beside each share)" if said else "")
            groups = ["/".join(sorted(keys[i])) if keys[i] else "no label"
                      for i in np.flatnonzero(bad)[:5]]
            out.append((ti, Finding(
                tables[ti][0], tables[ti][1], "unreadable_share",
                f"column {table.columns[pos]!r} publishes a share of persons whose group no "
                f"table of the export counts ({_rows_named(table.index, bad)}: "
                f"{', '.join(map(repr, groups))}): neither its "
                "numerator nor its group's size can be set against min_cell (2.5 % is one "
                "person of 40, or 25 of 1,000), so export-check cannot verify it; publish "
                "the count of persons beside the share, in its table or in a table of the "
                "export that labels the groups alike (both hidden where small: "
                f"mia_helpers.disclosure.suppress, shares=), or leave the share out{why}")))
    return out


def _zero_columns(table: pd.DataFrame, skip: Sequence[int]) -> Iterator[tuple[int, Any, np.ndarray]]:
    """The columns of ``table`` (book code names) that may publish a value of a group, as
    (position, label, bool array: the value is 0, "0.0", "0 %"): not those at ``skip``, nor
    quarters, horizons, degrees of freedom or identifiers (:func:`_zeros_of_small`)."""
    for pos, col in enumerate(table.columns):
        if pos in skip or vocab.is_non_count_name(col) or vocab.is_id_name(col) \
                or any(DOF_NAME.match(p) or HORIZON_NAME.match(p) for p in vocab.labels(col)):
            continue
        text = table.iloc[:, pos].astype(str).str.strip().str.rstrip("%").str.strip()
        yield pos, col, vocab.numbers(text.reset_index(drop=True)) == 0


def linked_zero_groups(tables: Sequence[tuple], min_cell: int) -> list[tuple[int, Finding]]:
    """``linked_zero_groups`` across tables and files (dpo34): a zero in one table whose
    group (the row's labels, matched as :func:`linked_share_counts` matches them) is counted
    in another table of the export by one count (or one total) of persons that is marked
    small ("<10") or lies in ``(0, min_cell)``. Inside one table :func:`_zeros_of_small`
    reads it. ``tables`` as :func:`linked_share_counts` takes them; returns (index into
    ``tables`` of the zero's table, finding).

    Limit: the match is on row labels only (:func:`_row_keys` with ``loose``: case,
    spacing, punctuation and a trailing total word ignored). A group labelled otherwise in
    the other table ("Turkey" / "Turkish", a code / its name), named in a column header, or
    counted only as a sum of rows is not linked; a zero beside it passes (dpo35)."""
    small_groups: dict[frozenset[str], list[tuple[int, Any, str]]] = {}
    zeros = []
    for ti, (_, _, table, tags, integer_counts, _) in enumerate(tables):
        if table.shape[0] == 0 or table.shape[1] == 0:
            continue
        coded, counts = _table_counts(table, TAG_COUNTS in tags, integer_counts)
        cols = [c for c in _zero_columns(coded, counts) if c[2].any()]
        keys = _row_keys(coded, [*counts, *(c[0] for c in cols)])
        loose = _row_keys(coded, [*counts, *(c[0] for c in cols)], loose=True)
        if cols:
            zeros.append((ti, keys, loose, cols))
        denom = counts if len(counts) == 1 else [
            p for p in counts if any(_group_total(x) for x in vocab.labels(coded.columns[p]))]
        if len(denom) != 1:
            continue
        raw = coded.iloc[:, denom[0]].astype(str).str.strip()
        small = raw.str.match(_SMALL_MARK).to_numpy() | _small(
            vocab.numbers(raw.reset_index(drop=True)), min_cell)
        once = pd.Series([k for k in keys if k is not None], dtype=object).value_counts()
        for i, (k, lk) in enumerate(zip(keys, loose, strict=True)):
            if small[i] and k is not None and lk and once.get(k, 0) == 1:
                small_groups.setdefault(lk, []).append((ti, table.columns[denom[0]],
                                                        " / ".join(sorted(k))))
    out = []
    for ti, keys, loose, cols in zeros:
        for _, col, zero in cols:
            hits: dict[tuple[int, Any], list[str]] = {}
            for i, (k, lk) in enumerate(zip(keys, loose, strict=True)):
                if not zero[i] or not lk or lk not in small_groups:
                    continue
                for ci, ccol, _ in small_groups[lk]:
                    if ci != ti:
                        hits.setdefault((ci, ccol), []).append(" / ".join(sorted(k)))
            for (ci, ccol), groups in hits.items():
                cfile, cwhere = tables[ci][0], tables[ci][1]
                if cfile.lower().endswith((".csv", ".tsv")):
                    cwhere = cwhere.replace("table 1", "").strip(", ")
                at = f"{cfile}" + (f", {cwhere}" if cwhere else "")
                out.append((ti, Finding(
                    tables[ti][0], tables[ti][1], "linked_zero_groups",
                    f"column {col!r} is 0 for the {plural(groups, 'group')} "
                    f"{'; '.join(groups[:5])}, whose "
                    f"persons are counted as fewer than {min_cell} in {at} (column {ccol!r}): "
                    "a zero of a small group tells of each of its persons that they did not "
                    "have the outcome; hide it (mia_helpers.disclosure.zeros_of_small_groups "
                    "with suppress(zeros=...)) or coarsen the groups")))
    return out


#: a column label that is a count of all persons of its row in words: "Newcomers",
#: "Residents", "Number of persons" (dpo30c: such a total beside a count equal to it passed
#: the ``whole_group`` rule, which read only :data:`TOTAL_NAME`)
_PERSONS_TOTAL_WORDS = re.compile(
    r"(?i)^(?:n_|number[ \t]+of[ \t]+|no\.?[ \t]+of[ \t]+|aantal[ \t]+|nombre[ \t]+de[ \t]+)?(?:"
    + "|".join(vocab.PERSON_NOUNS) + r")$")


def _group_total(label: str) -> bool:
    """Whether ``label`` names the count of all persons of a row for the ``whole_group``
    rule: :data:`TOTAL_NAME`, :data:`mia_helpers.disclosure_vocabulary.COUNT_LABEL_WORDS` or a
    plain noun of persons (:data:`_PERSONS_TOTAL_WORDS`), not one of the design's subsets
    (:func:`_design_label`: "Twins", "Controls")."""
    return bool(TOTAL_NAME.match(label) or vocab.COUNT_LABEL_WORDS.match(label)
                or (_PERSONS_TOTAL_WORDS.match(label) and not _design_label(label)))


def _total_subsets(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                   is_total: Any = None
                   ) -> Iterator[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]]:
    """Pairs of count columns of which the first is a total of persons (:data:`TOTAL_NAME`)
    and the second a subset of it (a count of persons, not :data:`NOT_SUBSET` or a total, at
    most the total in every row where both are published), as (total position, subset
    position, total values, subset values, rows where both are published)."""
    cols = table.columns
    is_total = is_total or TOTAL_NAME.match
    for a in counts:
        if not any(is_total(p) for p in vocab.labels(cols[a])):
            continue
        for b in counts:
            if b == a or any(NOT_SUBSET.match(p) or TOTAL_NAME.match(p)
                             for p in vocab.labels(cols[b])):
                continue
            x, y = nums_of[a], nums_of[b]
            both = ~np.isnan(x) & ~np.isnan(y)
            if not both.any() or (x[both] < y[both]).any():
                continue  # not a subset of the total
            yield a, b, x, y, both


#: subsets of a total that describe the analysis, not the persons (matched starters, their
#: twins or controls, the pool, those dropped or kept): all of them is no attribute of persons
_DESIGN_PART = re.compile(r"(?i)match|twin|control|pool|dropp|support|kept|fitted|used")
#: the words a label of the design is made of (dpo30c: a design word inside a label of an
#: attribute, "n_income_support", "n_dropped_out" of school, "n_refused", made the rule skip
#: a count of every member of a group): a label is of the design only if each of its words is
#: one of these, or a word naming a count or its persons
_DESIGN_WORD = re.compile(
    r"(?i)^(?:match\w*|twins?|controls?|pool(?:ed)?|dropp\w*|drop|support|common|kept|fitted|"
    r"used|on|in|the|of|n|no|nr|number|count|all|observed|obs|persons?|starters?|treated|"
    r"rows?|units?|newcomers?|residents?|school|leavers?|job|seekers?)$")


def _design_label(label: str) -> bool:
    """Whether a column label names a subset of the design (:data:`_DESIGN_PART`) and nothing
    else: every word of it is a design or count word (:data:`_DESIGN_WORD`), so that
    "n_matched" and "Dropped starters" are of the design and "n_income_support" is not."""
    words = [w for w in re.split(r"[\s_\-/()]+", label) if w]
    return (bool(_DESIGN_PART.search(label)) and bool(words)
            and all(_DESIGN_WORD.match(w) for w in words))
#: shares whose 100 % is no attribute of a group (a cumulative distribution's last row)
_NOT_GROUP_SHARE = re.compile(r"(?i)cumul")
#: a label of persons lacking an attribute ("n_no_contract", "without a job (%)", "Zonder
#: contract", "sans emploi", "ohne Vertrag", "not employed", "non-signers"): its zero is every
#: member of the group with the attribute, the whole group the rule refuses (dpo30c)
_NEGATED_LABEL = re.compile(
    r"(?i)(?:^|[\s_(/-])(?:no|not|non|without|never|zonder|geen|niet|nooit|sans|pas|jamais|"
    r"ohne|kein\w*|nicht|nie)(?:[\s_)/-]|$)|^non-?\w|^un(?:employed|treated)")


def _whole_groups(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                  min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``whole_group`` (dpo30b): a published count equal to its group's total, or a share of
    100 % of a group, tells of every member of the group that they have the attribute (class
    or group disclosure: Hundepool et al. 2012, ch. 5), whatever the group's size.

    Read where the table's structure gives the count and its total: a count column that is a
    subset of a total column of the same row (:func:`_total_subsets`: ``n_persons`` and
    ``n_contract``, "Persons" and "Events"; not a column of the design, :data:`_DESIGN_PART`:
    all starters matched is no attribute of theirs) equal to it and positive; or a share of
    persons (:func:`_share_columns`) beside the one count of persons of its table whose
    published rounding allows the whole group (numerator ``n``) and leaves at most
    ``min_cell - 1`` persons without (a row labelled as a total, :data:`TOTAL_LABEL`, is the
    whole table, not a group, and passes). A count of 0 (or a share of 0 %) passes: a zero
    count is no person, as the small-count rule has it. Remedy: hide the count and its share
    (``mia_helpers.disclosure.whole_group_hide``, ``suppress(hide=..., hide_rule=
    "complement")``), or coarsen the groups."""
    out: list[tuple[str, str]] = []
    cols = table.columns
    remedy = ("it tells of every person of the group that they have the attribute (class "
              "disclosure); hide the count and its share (mia_helpers.disclosure."
              "whole_group_hide with suppress(hide=..., hide_rule='complement')) or coarsen "
              "the groups")
    for a, b, x, y, both in _total_subsets(table, counts, nums_of, _group_total):
        if any(_design_label(p) for p in vocab.labels(cols[b])
               + vocab.labels(book_code(cols[b]))):
            continue
        whole = both & (x > 0) & (x == y)
        if whole.any():
            out.append(("whole_group",
                        f"column {cols[b]!r} equals its total {cols[a]!r} ("
                        f"{_rows_named(table.index, whole, lines)}): {remedy}"))
        if not any(NOT_SUBSET.match(p) or _NEGATED_LABEL.search(p)
                   for p in vocab.labels(cols[b])):
            out += _pinned_whole(table, a, b, x, min_cell, lines)
        # none of a group without the attribute: all of it with (dpo30c)
        none_without = both & (x > 0) & (y == 0)
        if none_without.any() and any(_NEGATED_LABEL.search(p) for p in vocab.labels(cols[b])):
            out.append(("whole_group",
                        f"column {cols[b]!r} counts persons without an attribute and is 0 "
                        f"beside its total {cols[a]!r} ("
                        f"{_rows_named(table.index, none_without, lines)}): every person of the "
                        f"group has it; {remedy}"))
    out += _event_whole_groups(table, counts, nums_of, min_cell, remedy, lines)
    # the share's group is counted in the table's one count of persons, or, where the table
    # has several counts (contracts, events beside persons), in its one total of persons
    # (dpo30c: "n_persons, n_contracts, pct_with_contract" with 100.0 % passed unread)
    base = counts if len(counts) == 1 else [
        c for c in counts if any(TOTAL_NAME.match(p) for p in vocab.labels(cols[c]))]
    if len(base) != 1:
        return out
    n = nums_of[base[0]]
    labelled = _label_arrays(table, counts)
    total_row = np.zeros(len(table), bool)
    for _, lab in labelled:
        total_row |= np.array([bool(TOTAL_LABEL.match(str(v))) for v in lab], dtype=bool)
    for _, col, vals, scale, decimals in _share_columns(table, counts):
        if any(_NOT_GROUP_SHARE.search(p) for p in vocab.labels(col)):
            continue
        half = 0.5 * 10.0 ** -decimals / scale
        with np.errstate(invalid="ignore"):
            lo = np.ceil(np.round(n * (vals / scale - half), 9))
            whole = (~np.isnan(vals) & ~np.isnan(n) & (n > 0) & ~total_row
                     & (vals / scale + half >= 1.0) & (n - lo < min_cell))
        if any(_NEGATED_LABEL.search(p) for p in vocab.labels(col)):
            # a share of 0 % without an attribute (within its rounding, leaving fewer than
            # min_cell without) is the whole group with it (dpo30c)
            with np.errstate(invalid="ignore"):
                hi = np.floor(np.round(n * (vals / scale + half), 9))
                none = (~np.isnan(vals) & ~np.isnan(n) & (n > 0) & ~total_row
                        & (vals / scale - half <= 0.0) & (hi < min_cell))
            if none.any():
                out.append(("whole_group",
                            f"column {col!r} is a share of 0 % of persons without an attribute "
                            f"in the group counted in {cols[base[0]]!r} ("
                            f"{_rows_named(table.index, none, lines)}): every person of the group "
                            f"has it, or fewer than {min_cell} lack it; {remedy}"))
            continue
        if whole.any():
            out.append(("whole_group",
                        f"column {col!r} is a share of 100 % of the group counted in "
                        f"{cols[base[0]]!r} ({_rows_named(table.index, whole, lines)}), or "
                        f"leaves {fewer_than(min_cell, 'person')} of it without: {remedy}"))
    return out


#: a total of persons of one event's risk set, by its code name (chapter 2's
#: ``n_persons_job``, published as "Persons at risk of a first job"), its persons with the
#: event (``n_entered_job``, ``n_events_job``) and their share (``job_pct``): the event is the
#: suffix, which pairs them (dpo38)
_EVENT_TOTAL = re.compile(r"(?i)^n_persons_([a-z]\w*)$")
_EVENT_PART = re.compile(r"(?i)^n_(?:entered|events)_([a-z]\w*)$")
_EVENT_SHARE = re.compile(r"(?i)^([a-z]\w*)_pct$")


def _pinned_whole(table: pd.DataFrame, a: int, b: int, total: np.ndarray, min_cell: int,
                  lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``whole_group`` (dpo38): a part (column position ``b``) marked ``x``, at least
    ``min_cell``, beside its total (position ``a``, values ``total``) of exactly ``min_cell``
    persons is the total: every person of the group has the attribute (chapter 2's 10 school
    leavers at risk beside first jobs ``x``; chapter 5's 12 Turkish newcomers beside first
    starts ``x`` at ``min_cell`` 12)."""
    cols = table.columns
    marked = table.iloc[:, b].astype(str).str.strip().str.lower().eq("x").to_numpy()
    pinned = marked & (total == min_cell)
    if not pinned.any():
        return []
    return [("whole_group",
             f"column {cols[b]!r} is marked x (at least {min_cell}) beside "
             f"{min_cell_count(min_cell, 'person')} "
             f"in {cols[a]!r} ({_rows_named(table.index, pinned, lines)}): so every one of them "
             "has the attribute; hide the total too (suppress(last_resort=...)), where no other "
             f"output bounds it at {min_cell}, or coarsen the groups")]


def _event_of(col: Any, pattern: re.Pattern) -> str | None:
    """The event suffix of a column whose label or book code (:func:`book_code`) matches
    ``pattern`` (:data:`_EVENT_TOTAL`, :data:`_EVENT_PART`, :data:`_EVENT_SHARE`), else
    None."""
    for p in vocab.labels(col) + vocab.labels(book_code(col)):
        m = pattern.match(p)
        if m:
            return m.group(1).lower()
    return None


def _event_whole_groups(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                        min_cell: int, remedy: str, lines: Sequence[int] | None = None
                        ) -> list[tuple[str, str]]:
    """``whole_group`` for a table of several risk sets (dpo38): the persons with an event
    equal to the persons at risk of it (``n_entered_<ev>`` and ``n_persons_<ev>``, chapter 2's
    "With a first job" beside "Persons at risk of a first job"), or their share
    (``<ev>_pct``) at 100 % within its rounding leaving fewer than ``min_cell`` without, read
    by the event the labels (or their book codes) name: such a table has no one total of
    persons, so :func:`_whole_groups` read neither (seed 33, 300 residents, ``min_cell`` 10:
    "Turkish (second generation) | 10 | 10 | 100.0" passed)."""
    out: list[tuple[str, str]] = []
    cols = table.columns
    totals = {ev: a for a in counts if (ev := _event_of(cols[a], _EVENT_TOTAL))}
    for b in counts:
        ev = _event_of(cols[b], _EVENT_PART)
        if ev is None or ev not in totals:
            continue
        a = totals[ev]
        x, y = nums_of[a], nums_of[b]
        whole = ~np.isnan(x) & ~np.isnan(y) & (x > 0) & (x == y)
        if whole.any():
            out.append(("whole_group",
                        f"column {cols[b]!r} equals the persons at risk {cols[a]!r} ("
                        f"{_rows_named(table.index, whole, lines)}): {remedy}"))
        out += _pinned_whole(table, a, b, x, min_cell, lines)
    for _, col, vals, scale, decimals in _share_columns(table, counts):
        ev = _event_of(col, _EVENT_SHARE)
        if ev is None or ev not in totals:
            continue
        n = nums_of[totals[ev]]
        half = 0.5 * 10.0 ** -decimals / scale
        with np.errstate(invalid="ignore"):
            lo = np.ceil(np.round(n * (vals / scale - half), 9))
            whole = (~np.isnan(vals) & ~np.isnan(n) & (n > 0)
                     & (vals / scale + half >= 1.0) & (n - lo < min_cell))
        if whole.any():
            out.append(("whole_group",
                        f"column {col!r} is a share of 100 % of the persons at risk "
                        f"{cols[totals[ev]]!r} ({_rows_named(table.index, whole, lines)}), or "
                        f"leaves {fewer_than(min_cell, 'person')} of them without: {remedy}"))
    return out


_SMALL_MARK = re.compile(r"^<\s*\d+$")


def _count_column(table: pd.DataFrame, counts: list[int]) -> int | None:
    """The position of a table's count of persons: its one count, or its one total
    (:data:`TOTAL_NAME`) among several (``counts``: the count columns' positions); None
    without exactly one such column. For :func:`_small_rows` and :func:`_intervals_of_small`."""
    base = counts if len(counts) == 1 else [
        c for c in counts if any(TOTAL_NAME.match(p) for p in vocab.labels(table.columns[c]))]
    return base[0] if len(base) == 1 else None


def _small_rows(table: pd.DataFrame, counts: list[int]) -> tuple[int, np.ndarray] | None:
    """The position of a table's count of persons (:func:`_count_column`) and the rows where
    it is marked small (``<12``), for :func:`_values_of_small`;
    None when the table has no such count or no row is marked."""
    base = _count_column(table, counts)
    if base is None:
        return None
    marked = table.iloc[:, base].astype(str).str.strip().str.match(_SMALL_MARK).to_numpy()
    return (base, marked) if marked.any() else None


def _shares_of_small(table: pd.DataFrame, counts: list[int],
                     lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``share_count`` (dpo30c): a share of persons published in a row whose count of persons
    (the table's one count, or its one total, :data:`TOTAL_NAME`) is marked small ("<12"):
    the share of a group of fewer than ``min_cell`` persons gives its size and numerator back
    (45.5 % of "<12" is 5 of 11; 0.0 % is none of them), so it is hidden with its count
    (``mia_helpers.disclosure.suppress``, ``shares=``). Since dpo53 also a share in a row
    whose count is hidden otherwise (``x``, ``..``): the count was hidden because a reader
    knows it nearly (within ``min_cell - 1`` of a published total, horizon or group), and a
    share of a nearly known denominator fits few of the counts left open, often one
    (Appendix C's ``published_effects``, seed 4250: a treated share of 0.1167 beside ``x``
    after 69 matched patients is 7 of 60 and of no other count from 60 to 69, so the 9 who
    left follow-up, which the horizon rule hid, were given back); the derived rule hides a
    share whose count is hidden, and the check cannot verify the share against the count. A
    share of 0 or of the whole fits every count and gives none back (dpo30c: 0.0 per cent
    beside ``x`` passes)."""
    cols = table.columns
    base = _count_column(table, counts)
    if base is None:
        return []
    text = table.iloc[:, base].astype(str).str.strip()
    small = text.str.match(_SMALL_MARK).to_numpy()
    hidden = text.str.fullmatch(r"(?i)x|\.\.").to_numpy()
    if not (small.any() or hidden.any()):
        return []
    out = []
    for _, col, vals, scale, _ in _share_columns(table, counts):
        bad = small & ~np.isnan(vals)
        if bad.any():
            out.append(("share_count",
                        f"column {col!r} publishes a share of a group whose count "
                        f"{cols[base]!r} is marked small ("
                        f"{_rows_named(table.index, bad, lines)}): a share of fewer than min_cell "
                        "persons gives their number and the numerator back (45.5 % of '<12' "
                        "is 5 of 11); hide the share with its count "
                        "(mia_helpers.disclosure.suppress, shares=)"))
        # 0 or the whole fits every count (and the whole group is whole_group's)
        bad = hidden & ~np.isnan(vals) & (vals != 0) & (vals != scale)
        if bad.any():
            out.append(("share_count",
                        f"column {col!r} publishes a share of a group whose count "
                        f"{cols[base]!r} is hidden ("
                        f"{_rows_named(table.index, bad, lines)}): a count is hidden where a "
                        "reader nearly knows it, and a share of a nearly known denominator "
                        "gives it back (11.67 % beside 'x' after 69 persons is 7 of 60, of no "
                        "other count from 60 to 69); hide the share with its count "
                        "(mia_helpers.disclosure.suppress, shares=)"))
    return out


#: the words of an interval's lower and upper end (dpo47, dpo48). Read alone or last in a
#: label ("lower", "lo", "RRR lower", "Matched (pp) upper", "lcl"): the strong words; read
#: only beside a word of an interval (:data:`_INTERVAL_WORDS`: "CI low", "conf.high",
#: "interval min", "lower bound"): the weak ones, "low", "high", "min", "max", which name
#: ordinary columns too ("Low income share (%)", "Max age", the education level "Low")
_END_WORDS = {"lower": frozenset({"lo", "lower", "lcl", "lcb", "ll"}),
              "upper": frozenset({"hi", "upper", "ucl", "ucb", "ul"})}
_WEAK_END_WORDS = {"lower": frozenset({"low", "min", "minimum"}),
                   "upper": frozenset({"high", "max", "maximum"})}
_INTERVAL_WORDS = frozenset({"ci", "cl", "cri", "interval", "intervals", "confidence", "conf",
                             "credible", "bound", "bounds", "limit", "limits"})
#: words of a ratio estimate whose weak end words name its interval's ends ("rrr_high", "RRR
#: low", "HR max"): the book's RRR columns were ``rrr_low``/``rrr_high`` until tidy48 named them
#: ``exp_ci_low``/``exp_ci_high``; exports made before, or by other tools, still use them
_RATIO_WORDS = frozenset({"rrr", "irr", "hr"})
#: words of a unit after an end word ("Lower (pp)", "upper %"): not what the column is
_UNIT_WORDS = frozenset({"pp", "pct", "percent"})
#: an end glued to its interval word: "cilow", "ci_lo" read as one word by some tools
_GLUED_END = re.compile(r"^(?:ci|cl|conf)(lo|low|lower|hi|high|upper)$")


def interval_end(label: Any) -> str | None:
    """``"lower"`` or ``"upper"`` where a column label names an interval's end, else None
    (dpo48; dpo47 read any "low", "high", "min" or "max" as one, so "Low income share (%)"
    beside "High income share (%)" was an interval and "Min share (%)" got the interval's
    message). An end is: a code the book labels as one (:data:`mia_helpers.labels.LABELS`:
    ``ci_low`` "CI lower", ``exp_ci_high`` "CI upper, exponentiated", ``rrr_low`` "RRR
    lower"); a strong end word (:data:`_END_WORDS`) alone or last but for a unit ("lower",
    "95% CI upper", "Matched (pp) lower", "hi"); or an end word, strong or weak, beside a word
    of an interval (:data:`_INTERVAL_WORDS`: "CI low", "conf.high", "Lower bound", "Upper
    confidence limit"). "Lower secondary (%)", "Low income share (%)", "Min share (%)", "Max
    age" and the education levels "Low" and "High" are no interval ends."""
    from mia_helpers.labels import LABELS

    for x in vocab.labels(label):
        said = LABELS.get(x)
        words = re.findall(r"[a-z]+", (said if isinstance(said, str) else x).casefold())
        glued = [m.group(1) for w in words if (m := _GLUED_END.match(w))]
        core = [w for w in words if w not in _UNIT_WORDS]
        interval = bool((_INTERVAL_WORDS | _RATIO_WORDS) & set(words))
        for side in ("lower", "upper"):
            strong, weak = _END_WORDS[side], _WEAK_END_WORDS[side]
            if any(g in strong | weak for g in glued) \
                    or (core and core[-1] in strong) \
                    or (interval and (strong | weak) & set(words)):
                return side
    return None


#: a column of whole intervals ("95% CI", "Matched (pp) [95 % interval]", "conf_int")
_INTERVAL_NAME = re.compile(r"(?i)(?:^|[\s_.(\[])(?:ci|interval|conf_?int|confidence)(?:$|[\s_.)\]])")
#: a cell that hides a count: the book's markers ``<10`` and ``x``, and the ``..`` of tables
#: of other offices
_HIDDEN_MARK = re.compile(r"^(?:<\s*\d+|x|\.\.)$", re.IGNORECASE)


def _interval_columns(table: pd.DataFrame) -> list[int]:
    """Positions of the columns of ``table`` that publish an interval's ends (dpo47): a column
    named as a whole interval (:data:`_INTERVAL_NAME`), and columns named as a lower end
    (:func:`interval_end`) where another is named as an upper end, so that a lone "Lower
    bound" is not read as one."""
    said = [[str(x) for x in (*vocab.labels(c), book_code(c))] for c in table.columns]
    low = [p for p, xs in enumerate(said) if any(interval_end(x) == "lower" for x in xs)]
    high = [p for p, xs in enumerate(said) if any(interval_end(x) == "upper" for x in xs)]
    ends = set(low) | set(high) if low and high else set()
    return sorted(ends | {p for p, xs in enumerate(said)
                          if any(_INTERVAL_NAME.search(x) for x in xs)})


def _intervals_of_small(table: pd.DataFrame, counts: list[int],
                        lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``interval_of_small`` and ``interval_without_count`` (dpo47). An interval's ends give
    back the size of its group: an exact (Clopper-Pearson) or a Wilson interval of a share is
    a function of the group's persons ``n`` and the numerator ``x`` (44.4 % of 9, 95 % Wilson
    18.9 to 73.3, is 4 of 9 and no other ``n`` to 2,000), and a linearized interval's width
    falls as ``1/sqrt(n)``. So an interval published in a row whose count of persons (the
    table's one count, or its one total, :func:`_count_column`) is marked small
    (``<10``), or hidden (``x``, ``..``) in a table of shares of persons, gives back what
    the marker hides: refused (``interval_of_small``), as a statistic of a row marked small
    is (``derived_of_small``), also where the share itself is hidden. An effect's interval
    beside hidden starters (a difference of two groups' shares, an odds ratio: the chapters'
    tables of effects print them beside ``x``) gives no one group's size and passes. A share
    of persons with its interval in a table without
    a count of persons gives back a group size that the check cannot set against
    ``min_cell``: refused (``interval_without_count``)."""
    ends = _interval_columns(table)
    if not ends:
        return []
    cols = table.columns
    shown = {p: table.iloc[:, p].astype(str).str.strip().reset_index(drop=True) for p in ends}
    shown = {p: (t.str.contains(r"\d", regex=True) & ~t.str.match(_HIDDEN_MARK)).to_numpy()
             for p, t in shown.items()}
    if not counts:  # dpo48: a share whose header gives its count has a count
        read = {h[0] for h in header_denominators(table, counts) if h[5] is not None}
        shares = [(col, vals) for pos, col, vals, _, _ in _share_columns(table, counts)
                  if pos not in read]
        bad = [(col, ~np.isnan(vals) & np.logical_or.reduce([shown[p] for p in ends]))
               for col, vals in shares]
        return [("interval_without_count",
                 f"column {col!r} publishes a share of persons with its interval "
                 f"({plural(ends, 'column')} "
                 f"{', '.join(repr(cols[p]) for p in ends)}; "
                 f"{_rows_named(table.index, rows, lines)}) and the table has no count of persons: "
                 "a share's interval is a function of its group's persons and numerator (a "
                 "Wilson or exact interval of 44.4 % gives back 4 of 9), so it publishes a "
                 "group size that export-check cannot set against min_cell; publish the "
                 "count of persons beside it (hidden where small: mia_helpers.disclosure."
                 "suppress, value_cols=) or leave the interval out")
                for col, rows in bad if rows.any()]
    base = _count_column(table, counts)
    if base is None:
        return []
    text = table.iloc[:, base].astype(str).str.strip()
    # beside a count hidden by secondary suppression (x), the intervals of a table of shares
    # only: an effect's interval (a difference of two groups' shares, or a model's odds
    # ratio), which the chapters print beside hidden starters, does not give back one group
    marked = text.str.match(_SMALL_MARK).to_numpy()
    if next(_share_columns(table, counts), None) is not None:
        marked = marked | text.str.match(_HIDDEN_MARK).to_numpy()
    hit = [p for p in ends if p != base and (marked & shown[p]).any()]
    if not hit:
        return []
    rows = marked & np.logical_or.reduce([shown[p] for p in hit])
    return [("interval_of_small",
             f"{plural(hit, 'column')} {', '.join(repr(cols[p]) for p in hit)} "
             f"{'publishes' if len(hit) == 1 else 'publish'} an interval in rows "
             f"whose count {cols[base]!r} is marked small or hidden ("
             f"{_rows_named(table.index, rows, lines)}): an interval's ends give back its group's "
             "size (a Wilson or exact interval of a share is a function of the persons and "
             "the numerator: 18.9 to 73.3 % is 4 of 9), so they undo the marker; hide the "
             "interval with its count (mia_helpers.disclosure.suppress, value_cols=)")]


#: a column of a statistic of a row's persons (dpo46): a mean, median, model estimate, rate
_STATISTIC_NAME = re.compile(
    r"mean|median|average|\bavg\b|\bsd\b|std|deviation|odds|ratio|hazard|coef|estimate|"
    r"\brate\b|\bper\b|gap|effect|\battp?\b|_pp\b|\(pp\)|gemiddeld|moyenne|mittel",
    re.IGNORECASE)


def _values_of_small(table: pd.DataFrame, counts: list[int],
                     lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``derived_of_small`` (dpo46): a mean, median, model estimate or other statistic of a
    row whose count of persons (the table's one count, or its one total, as
    :func:`_shares_of_small` reads it) is marked small (``<10``). :func:`_shares_of_small`
    refused a share there, but "Group | Persons | Mean age (years)" with ``<10`` persons and
    a mean of 34.5 passed, a statistic of fewer than ``min_cell`` persons (a mean of one
    person is that person's value) that the derived rule hides with its count. A value
    column is one named as a statistic (:data:`_STATISTIC_NAME`) or holding decimals; shares,
    counts, text and a row's horizon are not."""
    cols = table.columns
    small = _small_rows(table, counts)
    if small is None:
        return []
    base, marked = small
    shares = {c[0] for c in _share_columns(table, counts)}
    shares |= set(_interval_columns(table))  # dpo47: interval_of_small's
    out = []
    for pos, col in enumerate(cols):
        if pos in counts or pos in shares or any(_horizon_name(x) for x in vocab.labels(col)):
            continue
        text = table.iloc[:, pos].astype(str).str.strip().reset_index(drop=True)
        vals = vocab.numbers(text)
        named = any(_STATISTIC_NAME.search(str(x)) for x in
                    [*vocab.labels(col), book_code(col)])
        decimals = text[~np.isnan(vals)].str.contains(r"\d\.\d", regex=True).any()
        bad = marked & ~np.isnan(vals)
        if bad.any() and (named or decimals):
            out.append(("derived_of_small",
                        f"column {col!r} publishes a statistic of a group whose count "
                        f"{cols[base]!r} is marked small ("
                        f"{_rows_named(table.index, bad, lines)}): a mean, median or estimate of "
                        "fewer than min_cell persons (of one person, that person's value); "
                        "hide it with its count (mia_helpers.disclosure.suppress, value_cols=)"))
    return out


#: a column of the spread of a group's values (dpo47): a standard deviation or a variance
_SPREAD_NAME = re.compile(r"(?i)(?:^|[\s_(])(?:sd|s\.d\.|std|stdev|stddev|std_dev|"
                          r"standard[\s_]deviation|variance)(?:$|[\s_)])")
#: spreads that are no group's values: a standardized difference, a standard error, a
#: variance explained or inflated, a Monte Carlo standard error
_NOT_SPREAD = re.compile(r"(?i)diff|err|standardi[sz]|smd|explained|share|inflat|ratio|mc[_\s]se")


def _no_variation(table: pd.DataFrame, counts: list[int],
                  lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``no_variation`` (dpo47): a standard deviation or variance (:data:`_SPREAD_NAME`) that
    reads 0 says that every person of the row's group has the same value, and the mean or
    median beside it (or any one of them the reader knows) then gives each person's value: an
    attribute disclosure whatever the group's size, as a whole group is (Hundepool et al.
    2012, ch. 5). "Group | Persons | Mean age | SD age" with 40 persons and an SD of 0.0
    passed. Hide the spread with the group's statistics (``suppress(..., value_cols=)``) or
    coarsen the groups; a Monte Carlo summary's spreads (of replications) are not read."""
    if any(MC_SUMMARY.search(p) for c in table.columns for p in vocab.labels(c)):
        return []
    out = []
    for pos, col in enumerate(table.columns):
        said = [str(x) for x in (*vocab.labels(col), book_code(col))]
        if pos in counts or not any(_SPREAD_NAME.search(x) for x in said) \
                or any(_NOT_SPREAD.search(x) for x in said):
            continue
        vals = vocab.numbers(table.iloc[:, pos].astype(str).str.strip().reset_index(drop=True))
        zero = vals == 0
        if zero.any():
            out.append(("no_variation",
                        f"column {col!r} is 0 ({_rows_named(table.index, zero, lines)}): a "
                        "spread of 0 says that every person of the group has the same value, "
                        "which the group's mean or median (or one person's value known to a "
                        "reader) gives for each of them, whatever the group's size; hide the "
                        "spread with the group's statistics (mia_helpers.disclosure.suppress, "
                        "value_cols=) or coarsen the groups"))
    return out


def _zeros_of_small(table: pd.DataFrame, counts: list[int], min_cell: int,
                    lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``linked_zero_groups`` (dpo34): a zero (count, share, curve value, estimate) published
    in a row whose group of persons (the table's one count, or its one total of persons,
    :func:`_group_total`) is marked small ("<10") or is in ``(0, min_cell)``: "0" beside
    fewer than ``min_cell`` persons tells of each of them that they did not have the outcome
    (attribute disclosure; :func:`mia_helpers.disclosure.zeros_of_small_groups`). Columns
    that declare a number other than a value of the group (quarters, horizons, degrees of
    freedom, :func:`mia_helpers.disclosure_vocabulary.is_non_count_name`) are not read."""
    cols = table.columns
    base = counts if len(counts) == 1 else [
        c for c in counts if any(_group_total(p) for p in vocab.labels(cols[c]))]
    if len(base) != 1:
        return []
    raw = table.iloc[:, base[0]].astype(str).str.strip()
    n = vocab.numbers(raw.reset_index(drop=True))
    small = raw.str.match(_SMALL_MARK).to_numpy() | _small(n, min_cell)
    if not small.any():
        return []
    out = []
    for _, col, is_zero in _zero_columns(table, [base[0]]):
        zero = small & is_zero
        if zero.any():
            out.append(("linked_zero_groups",
                        f"column {col!r} is 0 in rows whose group {cols[base[0]]!r} has "
                        f"{fewer_than(min_cell, 'person')} ({_rows_named(table.index, zero, lines)}): a "
                        "zero of a small group tells of each of its persons that they did not "
                        "have the outcome; hide it (mia_helpers.disclosure."
                        "zeros_of_small_groups with suppress(zeros=...)) or coarsen the groups"))
    return out


def _horizon_frame(table: pd.DataFrame) -> tuple[object, np.ndarray, np.ndarray] | None:
    """The horizon of a table whose column or index level is named as one
    (:func:`_horizon_name`), for the horizon rule and ``curve_steps``: its label, its value
    per row (float64, NaN where no number) and each row's group (int per row: the rows
    sharing the values of the text columns, an index level's included, are one cohort or
    curve); None without a horizon. A column is taken before an index level (rev45: both
    rules found the horizon in their own copies of this code, and the horizon rule read a
    column's position in the frame with the index levels put before it, so beside a horizon
    index it took another column as the horizon)."""
    cols = table.columns
    hz = [p for p, c in enumerate(cols) if any(_horizon_name(x) for x in vocab.labels(c))]
    hz_index = [lv for lv, nm in enumerate(table.index.names)
                if nm is not None and _horizon_name(str(nm))]
    if not hz and not hz_index:
        return None
    t = table.reset_index(drop=not hz_index)
    shift = t.shape[1] - table.shape[1]  # index levels put before the columns
    hcol = t.columns[hz[0] + shift] if hz else t.columns[hz_index[0]]
    h = vocab.numbers(t[hcol].astype(str)) if not pd.api.types.is_numeric_dtype(t[hcol]) \
        else t[hcol].to_numpy(dtype=float)
    keys = [c for c in t.columns if c != hcol and _text_column(t[c])]
    gid = t.groupby(keys, sort=False).ngroup().to_numpy() if keys else np.zeros(len(t), int)
    return hcol, h, gid


#: a cumulative count of persons by horizon ("Cumulative entered", ``cum_entered``): its step
#: from one horizon to the next is the persons who entered between them (dpo52: 40 then 43
#: passed)
_CUMULATIVE_COUNT = re.compile(r"(?i)cumul|(?:^|[\s_])cum(?:[\s_]|$)")


def _differences(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                 min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """Small differences between a total and its subset, and between successive horizons."""
    out = []
    cols = table.columns
    for a, b, x, y, both in _total_subsets(table, counts, nums_of):
        small = both & _small(x - y, min_cell)
        if small.any():
            out.append(("difference", f"{cols[a]!r} minus {cols[b]!r} is in (0, {min_cell}) "
                        f"({_rows_named(table.index, small, lines)}): the difference is a count of "
                        "persons too; suppress one more cell"))
    horizon = _horizon_frame(table)
    if horizon is None:
        return out
    hcol, h, gid = horizon
    calendar = not any(HORIZON_NAME.match(x) for x in vocab.labels(hcol)) and any(
        CALENDAR_WORD.match(_loose_name(x)) for x in vocab.labels(hcol))
    for pos in counts:
        if not any(_cohort_name(p, calendar) or _CUMULATIVE_COUNT.search(p)
                   for p in vocab.labels(cols[pos])):
            continue
        v = nums_of[pos]
        bad, n_bad = [], 0
        for g in np.unique(gid):  # groups of an aggregate table
            rows = np.flatnonzero((gid == g) & ~np.isnan(h))
            rows = rows[np.argsort(h[rows], kind="stable")]
            pub = rows[~np.isnan(v[rows])]
            if len(pub) < 2:
                continue
            d = np.abs(np.diff(v[pub]))
            flagged = np.zeros(len(table), bool)
            flagged[pub[np.flatnonzero(_small(d, min_cell)) + 1]] = True
            if flagged.any():
                bad.append(_rows(table.index, flagged, lines))
                n_bad += int(flagged.sum())
        if bad:
            out.append(("horizon_difference",
                        f"column {cols[pos]!r} changes by {fewer_than(min_cell, 'person')} between "
                        f"successive {hcol!r} ({plural(n_bad, 'row')} {', '.join(bad[:5])}): the difference is the "
                        "number leaving the cohort; suppress or coarsen"))
    return out


def _numerator_range(n: np.ndarray, vals: np.ndarray, scale: float, decimals: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest whole numerator that a share ``vals`` (in units of ``scale``,
    rounded to ``decimals``) of ``n`` persons allows (NaN where either is missing)."""
    half = 0.5 * 10.0 ** -decimals / scale
    with np.errstate(invalid="ignore"):
        lo = np.ceil(np.round(n * (vals / scale - half), 9))
        hi = np.floor(np.round(n * (vals / scale + half), 9))
    return np.maximum(lo, 0), np.minimum(hi, n)


#: words that say what a label counts, not whom: left out when one label's words are read
#: as a refinement of another's (:func:`_nested_differences`)
_FILLER_WORDS = frozenset({"a", "an", "the", "of", "with", "who", "in", "into", "to", "n",
                           "number", "no", "count", "share", "pct", "percent", "proportion"})


def _label_words(label: Any) -> frozenset[str]:
    """The words of a column label as the book prints it (a code name through
    :data:`mia_helpers.labels.LABELS`), lower case, without :data:`_FILLER_WORDS`."""
    from mia_helpers.labels import LABELS

    words: set[str] = set()
    for x in vocab.labels(label):
        said = LABELS.get(x, x)
        words |= set(re.findall(r"[a-z]+", str(said if isinstance(said, str) else x)
                                .replace("_", " ").casefold()))
    return frozenset(words - _FILLER_WORDS)


def _nested_differences(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                        min_cell: int, lines: Sequence[int] | None = None
                        ) -> list[tuple[str, str]]:
    """``difference`` (dpo48) of two counts, or two shares of one count, whose labels say
    that one is part of the other: every word of the one ("Entered") is a word of the other
    ("Entered a stable job"), which is nowhere larger. Their difference counts the persons of
    the one who are not in the other (those who entered, but not a stable job), and 40 and
    39 of them, or 10.00 and 9.75 per cent of 400, is one person (both passed: only a total
    and its subset were read, :func:`_total_subsets`). Shares are read with the table's
    count of persons (:func:`_count_column`), within their rounding; a pair with a total of
    persons is :func:`_differences`'."""
    cols = table.columns
    series = [(p, nums_of[p], nums_of[p]) for p in counts
              if not any(TOTAL_NAME.match(x) for x in vocab.labels(cols[p]))]
    base = _count_column(table, counts)
    if base is not None:
        n = nums_of[base]
        series += [(p, *_numerator_range(n, vals, scale, decimals))
                   for p, _, vals, scale, decimals in _share_columns(table, counts)]
    words = {p: _label_words(cols[p]) for p, _, _ in series}
    out = []
    for a, alo, ahi in series:
        for b, blo, bhi in series:
            if a == b or not words[a] or not words[a] < words[b] \
                    or (a in counts) != (b in counts):
                continue
            both = ~np.isnan(alo) & ~np.isnan(blo)
            if not both.any() or (blo[both] > ahi[both]).any():
                continue  # not a part of it
            small = both & (alo - bhi >= 1) & (ahi - blo <= min_cell - 1)
            if small.any():
                out.append(("difference",
                            f"{cols[a]!r} minus {cols[b]!r} is {fewer_than(min_cell, 'person')} "
                            f"({_rows_named(table.index, small, lines)}): every word of the one "
                            "label is in the other, so the second is read as part of the "
                            "first, and their difference counts the persons of the first who "
                            "are not in the second; suppress one more cell, or coarsen"))
    return out + _nested_rows(table, counts, nums_of, min_cell, lines)


def _nested_rows(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                 min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """:func:`_nested_differences` across rows (dpo48): two rows of one table whose labels
    (each row's text labels, :func:`_label_arrays`, joined) say that one group is part of the
    other, every word of the one ("Starters", "All starters") a word of the other ("Starters
    who entered"), and whose count of persons in a column is nowhere larger: their
    difference counts the persons of the first group not in the second ("All starters 40,
    Starters who entered 37" passed, 3 persons; a total row and one part were not read
    below three rows)."""
    if not counts or len(table) < 2:
        return []
    arrays = [a for _, a in _label_arrays(table, counts)]
    if not arrays:
        return []
    # a row's "No" is a value, not "No. of" (chapter 5's feeder rows "Dutch level: No Dutch"
    # and "Dutch level: Basic" are two groups, not one part of the other)
    said = [" ".join(str(a[i]) for a in arrays) for i in range(len(table))]
    words = [(_label_words(x) - {"all", "total", "totals"})
             | ({"no"} if re.search(r"(?i)\bno\b(?!\.)", x) else set()) for x in said]
    out = []
    for p in counts:
        v = nums_of[p]
        bad = np.zeros(len(table), bool)
        pairs = []
        for i in range(len(table)):
            for j in range(len(table)):
                if i == j or not words[i] or not words[i] < words[j] or np.isnan(v[i]) \
                        or np.isnan(v[j]) or v[j] > v[i]:
                    continue
                if 0 < v[i] - v[j] < min_cell:
                    bad[j] = True
                    pairs.append(f"{' '.join(str(a[i]) for a in arrays)!r} minus "
                                 f"{' '.join(str(a[j]) for a in arrays)!r}")
        if bad.any():
            out.append(("difference",
                        f"column {table.columns[p]!r}: {'; '.join(pairs[:3])} is "
                        f"{fewer_than(min_cell, 'person')} ({_rows_named(table.index, bad, lines)}): "
                        "every word of the one row's label is in the other's, so the second "
                        "group is read as part of the first, and their difference counts "
                        "the persons of the first not in the second; suppress one more "
                        "cell, or coarsen"))
    return out


def _cohort_steps(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                  min_cell: int, lines: Sequence[int] | None = None) -> list[tuple[str, str]]:
    """``horizon_difference`` (dpo48) of the shares and counts of one cohort over successive
    horizons. Where the table's count of persons (its one count or one total,
    :func:`_count_column`) is the same at two successive horizons of a group of rows, the
    same persons are followed, and a share's numerators (share times count, within its
    rounding) or another count of them that changes by 1 to ``min_cell - 1`` between the two
    tells of so few persons: a cumulative share entered of 10.00 then 10.25 per cent of 400
    is one person's entry in that quarter (a step of a curve not named as one), and a count
    of entrants of 40 then 41 the same. Before, only the persons at risk were read over
    horizons (:func:`_differences`) and named curves (:func:`_curve_steps`). Counts named as
    the cohort (at risk) are the horizon rule's already, and rows whose count differs are
    other persons, not read here."""
    base = _count_column(table, counts)
    horizon = _horizon_frame(table) if base is not None else None
    if horizon is None:
        return []
    hcol, h, gid = horizon
    n = nums_of[base]
    cols = table.columns
    series = [(col, *_numerator_range(n, vals, scale, decimals))
              for _, col, vals, scale, decimals in _share_columns(table, counts)]
    series += [(cols[p], nums_of[p], nums_of[p]) for p in counts if p != base
               and not any(_cohort_name(x) for x in vocab.labels(cols[p]))]
    out = []
    for col, lo, hi in series:
        bad = np.zeros(len(table), bool)
        for g in np.unique(gid):
            rows = np.flatnonzero((gid == g) & ~np.isnan(h) & ~np.isnan(lo) & ~np.isnan(n))
            rows = rows[np.argsort(h[rows], kind="stable")]
            for i, j in zip(rows[:-1], rows[1:], strict=True):
                if n[i] != n[j] or h[i] == h[j]:
                    continue
                up = (lo[j] - hi[i] >= 1) and (hi[j] - lo[i] <= min_cell - 1)
                down = (lo[i] - hi[j] >= 1) and (hi[i] - lo[j] <= min_cell - 1)
                bad[j] |= bool(up or down)
        if bad.any():
            out.append(("horizon_difference",
                        f"column {col!r} changes by {fewer_than(min_cell, 'person')} between "
                        f"successive {hcol!r} of the same {cols[base]!r} ("
                        f"{_rows_named(table.index, bad, lines)}): the same persons followed, the "
                        "difference counts those who entered (or left) in between, as a "
                        "curve's step does; merge horizons until each change rests on "
                        f"{min_cell} persons (mia_helpers.disclosure.coarsen_steps), or "
                        "suppress"))
    return out


#: a column of a survival or cumulative-incidence curve (dpo45): "Survival", "Kaplan-Meier
#: survival", R's "surv", "Cumulative incidence (%)", "cuminc", "CIF", "Aalen-Johansen"
CURVE_NAME = re.compile(r"surviv|kaplan|\bkm\b|^surv$|cumulative[\s_-]*incidence|\bcum_?inc"
                        r"|\bcif\b|aalen", re.IGNORECASE)
_INCIDENCE = re.compile(r"incidence|cum_?inc|\bcif\b|aalen", re.IGNORECASE)


def _decimals(text: str) -> int:
    """Decimals of a printed number ("0.9833" -> 4, "5" -> 0)."""
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _monotone(v: np.ndarray, h: np.ndarray, gid: np.ndarray) -> int:
    """+1 where ``v`` never falls over the horizon ``h`` within each group ``gid`` and rises
    somewhere, -1 where it never rises and falls somewhere, 0 otherwise (NaN left out)."""
    ups = downs = 0
    for g in np.unique(gid):
        rows = np.flatnonzero((gid == g) & ~np.isnan(h) & ~np.isnan(v))
        d = np.diff(v[rows[np.argsort(h[rows], kind="stable")]])
        ups, downs = ups + int((d > 0).sum()), downs + int((d < 0).sum())
    return 0 if ups and downs else 1 if ups else -1 if downs else 0


def _unnamed_curves(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                    min_cell: int, lines: Sequence[int] | None = None
                    ) -> list[tuple[str, str]]:
    """``curve_steps`` (leak48) of a curve published under a name that is no curve's ("Still
    registered (%)", "Share entered (%)") beside a shrinking risk set: in a table over a
    horizon (:func:`_horizon_frame`), a share of persons (:func:`_share_columns`) that moves
    one way only over the horizon in every group, over at least two steps, beside a count
    of persons that never grows and falls somewhere, is read as a survival curve (falling)
    or a cumulative incidence (rising) with that count at risk, by :func:`_curve_steps`'
    rule: a step of 1 to ``min_cell - 1`` events is refused. A share of a cohort whose
    persons do not change is :func:`_cohort_steps`' (each step a difference of counts of one
    group); a column named as a curve is :func:`_curve_steps`' own. An ordinary share over
    a follow-up that shrinks by censoring (a share employed among the persons still
    observed) reads so too: its steps are refused only where, read as a curve, they rest on
    fewer than ``min_cell`` events (the book's executed chapters have none)."""
    if any(CURVE_NAME.search(x) for c in table.columns for x in vocab.labels(c)):
        return []
    horizon = _horizon_frame(table)
    if horizon is None:
        return []
    _, h, gid = horizon
    risk = [p for p in counts if _monotone(nums_of[p], h, gid) == -1]
    if not risk:
        return []
    curves: dict[int, bool] = {}
    for pos, _, vals, _, _ in _share_columns(table, counts):
        way = _monotone(vals, h, gid)
        steps = sum(int((np.diff(vals[np.flatnonzero((gid == g) & ~np.isnan(vals))]) != 0)
                        .sum()) for g in np.unique(gid))
        if way and steps >= 2:
            curves[pos] = way > 0
    if not curves:
        return []
    return [(rule, "read as a curve (a share moving one way over the horizon beside the "
                   f"shrinking count {table.columns[risk[0]]!r} at risk; leak48): " + said)
            for rule, said in _curve_steps(table, counts, nums_of, min_cell, lines,
                                           found=(curves, risk[0]))]


def _curve_steps(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                 min_cell: int, lines: Sequence[int] | None = None,
                 found: tuple[dict[int, bool], int] | None = None) -> list[tuple[str, str]]:
    """``curve_steps`` (dpo45): a survival or cumulative-incidence column over a horizon. With
    the persons at risk beside it (a cohort count, :func:`_cohort_name`), a step's events are
    the persons at risk times the step (``n (1 - S_k / S_(k-1))``, the larger of the two
    adjacent risk sets, within the printed rounding): refused where they are surely 1 to
    ``min_cell - 1``. Without the persons at risk its steps cannot be read, and it is
    refused (dpo46: "Quarter | Kaplan-Meier survival" with steps of 1/60 and 2/59 passed as a
    table without counts; what export-check cannot read it refuses): the finding names the
    column to add. A curve value published in a row whose persons at risk are marked small
    (``<10``) goes on where fewer than ``min_cell`` are at risk, and is refused too (dpo46;
    :func:`mia_helpers.disclosure.coarsen_steps` stops the curve there). Groups of rows (text
    columns) are curves of their own."""
    cols = table.columns
    curves = [p for p, c in enumerate(cols) if p not in counts
              and any(CURVE_NAME.search(x) for x in vocab.labels(c))] if found is None \
        else list(found[0])
    horizon = _horizon_frame(table) if curves else None
    if horizon is None:
        return []
    hcol, h, gid = horizon
    names = ", ".join(repr(cols[p]) for p in curves)
    risk = [p for p in counts if any(_cohort_name(x) for x in vocab.labels(cols[p]))] \
        if found is None else [found[1]]
    if not risk:  # dpo46: no events to read, refused (it passed, left to the output checker)
        return [("curve_steps",
                 f"{plural(curves, 'column')} {names} over {hcol!r} "
                 f"{'is' if len(curves) == 1 else 'are'} a survival or cumulative-incidence "
                 "curve without the persons at risk: export-check cannot read a step's "
                 f"events (the persons at risk times the step), so it cannot tell that each "
                 f"step rests on {min_cell} events or more, nor that the curve stops where "
                 f"fewer than {min_cell} are at risk; add a column of the persons at risk at "
                 f"each {hcol!r} (named 'At risk' or 'n_at_risk'), with the steps merged until "
                 f"each rests on {min_cell} events (mia_helpers.disclosure.coarsen_steps), or "
                 "leave the table out")]
    n_risk = nums_of[risk[0]]
    marked = table.iloc[:, risk[0]].astype(str).str.strip().str.match(_SMALL_MARK.pattern)
    bad = np.zeros(len(table), bool)
    for p in curves:  # dpo46: a value published where fewer than min_cell are at risk
        shown = vocab.numbers(table.iloc[:, p].astype(str).str.strip().str.rstrip("%")
                              .reset_index(drop=True))
        bad |= marked.to_numpy() & ~np.isnan(shown)
    if bad.any():
        return [("curve_steps",
                 f"{plural(curves, 'column')} {names}: the curve is published at "
                 f"{_rows_named(table.index, bad, lines)}, where {cols[risk[0]]!r} is marked small "
                 f"(fewer than {min_cell} at risk): its steps there rest on fewer than "
                 f"{min_cell} persons; stop the curve where fewer than {min_cell} are at risk "
                 "(mia_helpers.disclosure.coarsen_steps with at_risk=)")]
    for p in curves:
        text = table.iloc[:, p].astype(str).str.strip().str.rstrip("%").str.strip()
        v = vocab.numbers(text.reset_index(drop=True))
        half = np.array([0.5 * 10.0 ** -_decimals(x) for x in text])
        # dpo48: a label that declares per cent is per cent: "Cumulative incidence (%)" of
        # 0.00, 0.25, 0.50 was read as fractions (25 per cent steps) and passed at 1 of 400
        said = " ".join(vocab.labels(cols[p])).lower()
        scale = 100.0 if "%" in said or "percent" in said or "pct" in said \
            or np.nanmax(np.abs(v), initial=0) > 1.0 + 1e-9 else 1.0
        rising = found[0][p] if found is not None else bool(_INCIDENCE.search(str(cols[p])))
        surv_lo = (1 - (v + half) / scale) if rising else (v - half) / scale
        surv_hi = (1 - (v - half) / scale) if rising else (v + half) / scale
        for g in np.unique(gid):
            rows = np.flatnonzero((gid == g) & ~np.isnan(h) & ~np.isnan(v))
            rows = rows[np.argsort(h[rows], kind="stable")]
            # span_n: the largest risk set since the curve's last change (dpo46: a step merged
            # over held quarters took its events at those quarters' risk sets, and the risk
            # set of the quarter before the step alone read a merged step of 16 events of
            # 370 at risk as 7 of 160)
            prev_lo, prev_hi, prev_v, span_n = 1.0, 1.0, np.nan, np.nan
            for i in rows:
                n = np.nanmax([n_risk[i], span_n]) if not np.isnan(n_risk[i]) else np.nan
                if not np.isnan(n) and prev_lo > 0:
                    d_lo = n * (1 - min(surv_hi[i] / prev_lo, 1.0))
                    d_hi = n * (1 - max(surv_lo[i] / prev_hi, 0.0))
                    if np.ceil(d_lo - 1e-9) >= 1 and np.floor(d_hi + 1e-9) <= min_cell - 1:
                        bad[i] = True
                span_n = n_risk[i] if v[i] != prev_v else np.nanmax([n_risk[i], span_n])
                prev_lo, prev_hi, prev_v = surv_lo[i], surv_hi[i], v[i]
    if not bad.any():
        return []
    return [("curve_steps",
             f"{plural(curves, 'column')} {names}: the {plural(int(bad.sum()), 'step')} at "
             f"{_rows_named(table.index, bad, lines)} "
             f"{'rests' if int(bad.sum()) == 1 else 'rest'} on "
             f"1 to {min_cell - 1} events (the persons at risk, {cols[risk[0]]!r}, times the "
             f"step); merge steps until each rests on {min_cell} events "
             "(mia_helpers.disclosure.coarsen_steps)")]


#: a column of a minimum or maximum (dpo46), read on :func:`_loose_name`: the extreme word
#: first or last ("Min birth year", "Youngest age", "age_max"; not "(max 12)", a cap)
EXTREME_NAME = re.compile(r"^(min|max|minimum|maximum|youngest|oldest|earliest|latest|"
                          r"jongste|oudste|vroegste|laatste)(_|$)|_(min|max|minimum|maximum)$")
#: an extreme over covariates, estimates or runs, no person's value: "Largest |SMD| after",
#: a largest bias in Monte Carlo SE, Appendix A's "Coverage min" over horizons, a ratio,
#: share or gap
_EXTREME_OF_STATISTIC = re.compile(
    r"smd|bias|\bse\b|_se_|error|\bratio|gap|effect|estimate|differ|odds|coef|"
    r"p_?value|weight|coverage|width|monte|\bmc\b|\bci\b|interval|rmse|"
    r"power|\|", re.IGNORECASE)
#: the chapters' parameters named so (a table of runs may list them): a setting, no value
_EXTREME_PARAMETERS = frozenset({"min_cell", "max_quarter", "max_u_plot", "max_age"})
#: an extreme word of persons inside a label (dpo51: "Age of oldest", "Age of the youngest
#: (years)" passed, the word neither first nor last), read on :func:`_loose_name`
_EXTREME_INSIDE = re.compile(r"(?:^|_)(?:oldest|youngest|eldest|earliest|latest|jongste|oudste|"
                             r"vroegste|minimum|maximum)(?:_|$)")
#: an extreme word alone in a label's brackets (dpo51: "Age (max)", which :func:`_loose_name`
#: drops with the brackets, as it drops a cap's "(max 12)")
_EXTREME_BRACKET = re.compile(r"(?i)\(\s*(?:min|max|minimum|maximum|oldest|youngest|earliest|"
                              r"latest)\.?\s*\)")


def extreme_column(label: Any) -> bool:
    """Whether a column label names a minimum or maximum of persons' or groups' values
    (:data:`EXTREME_NAME`, dpo46), for :func:`_extremes`: not a setting
    (:data:`_EXTREME_PARAMETERS`) nor an extreme over covariates, estimates or runs
    (:data:`_EXTREME_OF_STATISTIC`), the book's own bounds ("Largest |SMD| after", "SE / SD
    of errors, min", "Coverage min"). dpo48: an extreme of shares, rates or means ("Min share
    (%)", "Max mean age") is no longer exempt: it is one group's value, of a group whose size
    the table does not give (a share of 100 % of a group of two tells of both persons), as a
    minimum of ages is one person's."""
    from mia_helpers.labels import LABELS

    # the label the book prints for a code name too ("max_abs_z": "Largest |bias| ...")
    names = [str(x) for x in vocab.labels(label)] + [str(book_code(label))] + [
        LABELS[x] for x in vocab.labels(label) if isinstance(LABELS.get(x), str)]
    if any(x in _EXTREME_PARAMETERS or _EXTREME_OF_STATISTIC.search(x) for x in names):
        return False
    return any(EXTREME_NAME.search(_loose_name(x)) or _EXTREME_INSIDE.search(_loose_name(x))
               or _EXTREME_BRACKET.search(x) for x in names)


def _extremes(table: pd.DataFrame, counts: list[int], lines: Sequence[int] | None = None
              ) -> list[tuple[str, str]]:
    """``extreme_value`` (dpo46): a column named as a minimum or maximum of the persons'
    values (:data:`EXTREME_NAME`) with a published number. Each is one person's value (the
    oldest, the youngest, the latest arrival), whom a reader who knows the group can single
    out whatever the group's size: "Group | Persons | Min birth year | Max birth year" with
    200 persons a group passed. Output-checking guidelines class maxima and minima as unsafe
    (Brandt et al. 2010); chapter 1 publishes a register's first and last quarter only as
    those by which, and from which, ``min_cell`` persons have rows. An extreme of a statistic
    (:data:`_EXTREME_OF_STATISTIC`) and the chapters' parameters pass. A row so labelled (a
    transposed table: "Statistic | Limburg | Antwerp" with a row "Oldest age", or the "max"
    row of pandas' ``describe``; the index or a first column of text labels, as
    :func:`_check_coded` reads a row of counts) is refused alike, in its columns whose labels
    name no statistic (dpo51: it passed)."""
    out = []
    first = table.shape[1] > 1 and not pd.api.types.is_numeric_dtype(table.iloc[:, 0]) \
        and bool(np.isnan(vocab.numbers(table.iloc[:, 0].astype(str))).all())
    labels = ([_cell_text(x) for x in table.iloc[:, 0]] if first
              else [] if isinstance(table.index, pd.RangeIndex) or table.index.nlevels > 1
              else [str(x).strip() for x in table.index])
    body = table.iloc[:, 1:] if first else table
    keep = [p for p, c in enumerate(body.columns) if not _EXTREME_OF_STATISTIC.search(str(c))]
    for i, label in enumerate(labels):
        if not keep or not extreme_column(label):
            continue
        row = vocab.numbers(body.iloc[i, keep].astype(str).reset_index(drop=True))
        if (~np.isnan(row)).any():
            cols = [str(body.columns[p]) for p, x in zip(keep, ~np.isnan(row), strict=True) if x]
            out.append(("extreme_value",
                        f"row {label!r} publishes a minimum or maximum (columns "
                        f"{', '.join(map(repr, cols[:5]))}{', ...' * (len(cols) > 5)}): each "
                        "is the value of one person (the youngest, the oldest, the first or "
                        "last), or of one group of a size not shown, whom a reader who knows "
                        "the group can single out, whatever the group's size; publish a value "
                        "that at least min_cell persons reach on either side (the min_cell-th "
                        "smallest or largest), or leave the row out"))
    for p, c in enumerate(table.columns):
        if not extreme_column(c):
            continue
        shown = ~np.isnan(vocab.numbers(table.iloc[:, p].astype(str).reset_index(drop=True)))
        if shown.any():
            out.append(("extreme_value",
                        f"column {c!r} publishes a minimum or maximum ("
                        f"{_rows_named(table.index, shown, lines)}): each is the value of one person "
                        "(the youngest, the oldest, the first or last), or of one group of a "
                        "size not shown (the highest share or mean), whom a reader who "
                        "knows the group can single out, whatever the group's size; publish a "
                        "value that at least min_cell persons reach on either side (the "
                        "min_cell-th smallest or largest, as chapter 1 gives a register's "
                        "first and last quarter), or leave the column out"))
    return out


def _label_arrays(table: pd.DataFrame, counts: list[int]) -> list[tuple[str, np.ndarray]]:
    """Row labels of a table: each named or unnamed index level (unless a RangeIndex) and each
    text column that is not a count, as (name, array of str)."""
    out = []
    if not isinstance(table.index, pd.RangeIndex):
        for lvl in range(table.index.nlevels):
            vals = table.index.get_level_values(lvl)
            out.append((f"index level {table.index.names[lvl] or lvl}",
                        np.array([str(v).strip() for v in vals], dtype=object)))
    for pos in range(table.shape[1]):
        if pos not in counts and _text_column(table.iloc[:, pos]):
            out.append((f"column {table.columns[pos]!r}",
                        np.array([_cell_text(v) for v in table.iloc[:, pos]], dtype=object)))
    return out


def _total_complements(table: pd.DataFrame, counts: list[int], nums_of: dict[int, np.ndarray],
                       min_cell: int, lines: Sequence[int] | None = None
                       ) -> list[tuple[str, str]]:
    """Cells recoverable from a total row: the total minus the published parts of a count
    column is the sum of the hidden parts plus any unpublished remainder; in (0, min_cell) it
    reveals a small number of persons, and at 0 beside parts marked hidden (``<10``, ``x``)
    it shows each of them to be 0 (dpo37b: 35 = 20 + 15 + ``<10`` gave the hidden zero of a
    small group, which prints ``<10`` as a small count does, back as 0).

    A total row is one whose label (index level or text column) reads all, total, overall or
    sum (:data:`TOTAL_LABEL`), within the groups of the other labels and of the non-count
    columns (quarters...), except a label with a value of its own in every row (a printed
    row index: it groups nothing; ec26); failing a label, a row equal to the sum of all the other rows in a
    fully published count column (then the total row of every count column)."""
    if len(table) < 3 or not counts:
        return []
    labels = _label_arrays(table, counts)
    extra_keys = [np.array([str(v) for v in table.iloc[:, p]], dtype=object)
                  for p, c in enumerate(table.columns)
                  if p not in counts and vocab.is_non_count_name(c)]
    candidates: list[tuple[np.ndarray, np.ndarray]] = []  # (is_total, group id)
    for li, (_, lab) in enumerate(labels):
        is_total = np.array([bool(TOTAL_LABEL.match(x)) for x in lab])
        if not is_total.any():
            continue
        # ec26: a key with a value of its own in every row (a printed row index 0, 1, 2...,
        # a Styler's row headings) leaves every row alone in its group, so a total label in a
        # data column beside it went unchecked; such a key groups nothing and is left out
        others = [a for lj, (_, a) in enumerate(labels) if lj != li] + extra_keys
        others = [a for a in others if len(set(a)) < len(a)]
        key = pd.DataFrame({i: a for i, a in enumerate(others)}) if others else None
        gid = key.groupby(list(key.columns), sort=False).ngroup().to_numpy() \
            if key is not None else np.zeros(len(table), int)
        candidates.append((is_total, gid))
    if not candidates:
        for p in counts:  # a row equal to the sum of the others
            v = nums_of[p]
            if np.isnan(v).any() or (v <= 0).all():
                continue
            hit = np.flatnonzero(np.isclose(v, v.sum() - v) & (v > 0))
            if len(hit) == 1:
                candidates.append((np.arange(len(v)) == hit[0], np.zeros(len(v), int)))
                break
    out, seen = [], set()
    for is_total, gid in candidates:
        for g in np.unique(gid):
            rows = np.flatnonzero(gid == g)
            tot = rows[is_total[rows]]
            parts = rows[~is_total[rows]]
            if len(tot) != 1 or len(parts) < 1:
                continue
            for p in counts:
                v = nums_of[p]
                t = v[tot[0]]
                if np.isnan(t) or t <= 0:
                    continue
                rem = t - np.nansum(v[parts])
                if (p, tot[0]) in seen:
                    continue
                hidden_mask = np.zeros(len(table), bool)
                hidden_mask[[i for i in parts if np.isnan(v[i])]] = True
                # dpo37b: 0 left for cells marked hidden ("<10", "x") shows each of them is 0
                raw = [_cell_text(x) for x in table.iloc[:, p]]  # NaN stays NaN in astype(str)
                marked = hidden_mask & np.array([bool(_SMALL_MARK.match(x)) or x.lower() == "x"
                                                 for x in raw], dtype=bool)
                if abs(rem) < 1e-9 and marked.any():
                    seen.add((p, tot[0]))
                    out.append(("complement",
                                f"column {table.columns[p]!r}: total row "
                                f"{_rows(table.index, np.arange(len(table)) == tot[0], lines)} "
                                f"({t:g}) minus the published parts is 0: the "
                                f"{plural(int(marked.sum()), 'cell')} marked hidden in "
                                f"{_rows_named(table.index, marked, lines)} "
                                f"{'is' if int(marked.sum()) == 1 else 'are'} 0 "
                                "(a hidden zero shown); suppress more cells (the total or "
                                "another part)"))
                    continue
                if not (0 < rem < min_cell):
                    continue
                seen.add((p, tot[0]))
                hidden = [_rows(table.index, hidden_mask, lines)] if hidden_mask.any() else []
                one = int(hidden_mask.sum()) == 1
                what = (f"the hidden {'cell' if one else 'cells'} in {plural(one, 'row')} "
                        f"{', '.join(hidden[:5])} {'comes to' if one else 'add up to'}"
                        if hidden else "the rows shown miss")
                out.append(("complement",
                            f"column {table.columns[p]!r}: total row "
                            f"{_rows(table.index, np.arange(len(table)) == tot[0], lines)} "
                            f"({t:g}) minus the published parts is {rem:g}: {what} "
                            f"{fewer_than(min_cell, 'person')}; suppress more cells (the total or another "
                            "part)"))
    return out


# --- HTML tables ----------------------------------------------------------------------------


#: a ``{samp}`` role of MyST (its text, group 1)
_SAMP_ROLE = re.compile(r"(?<!`)\{samp\}`([^`]{1,200})`")


class _TableParser(HTMLParser):
    """Collect every <table> as rows of (is_header_row, [(tag, text, colspan, rowspan)]).

    End tags that HTML lets an author omit are implied as a browser implies them: a ``<td>``
    or ``<th>`` ends the open cell, a ``<tr>`` (or ``<thead>``, ``<tbody>``, ``<tfoot>``) the
    open cell and row, a cell outside any row opens one, and a table still open at the end of
    the input is closed there. ``n_started`` counts the ``<table>`` start tags seen;
    ``lines`` holds the line (from 1) of each table's ``<table>`` tag and ``row_lines`` the
    line of each of its rows' ``<tr>`` (or first cell, where ``<tr>`` is omitted)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[bool, list[tuple[str, str, int, int]]]]] = []
        self._stack: list[dict] = []
        self.n_started = 0
        self.labels: list[str | None] = []  #: the book's "Table k (tbl-...)" of each table
        self.lines: list[int] = []
        self.row_lines: list[list[int]] = []
        self._last_id: str | None = None
        self._last_number: str | None = None

    @staticmethod
    def _end_cell(t: dict) -> None:
        if t["cell"] is not None and t["row"] is not None:
            c = t["cell"]
            # a {samp} role in an HTML cell is not rendered as one (raw HTML): the cell holds
            # its text, "{samp}`{3}`" the count 3 (ec29: it passed as text)
            text = _SAMP_ROLE.sub(lambda m: samp_text(m.group(1)), c[1]) if "samp" in c[1] \
                else c[1]
            t["row"][1].append((c[0], " ".join(text.split()), c[2], c[3]))
        t["cell"] = None

    def _end_row(self, t: dict) -> None:
        self._end_cell(t)
        if t["row"] is not None:
            t["rows"].append(t["row"])
            t["row_lines"].append(t["row_line"])
        t["row"] = None

    def _end_table(self) -> None:
        t = self._stack.pop()
        self._end_row(t)
        self.tables.append(t["rows"])
        self.labels.append(t["label"])
        self.lines.append(t["line"])
        self.row_lines.append(t["row_lines"])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.n_started += 1
            label = ", ".join(x for x in (self._last_number and f"book Table {self._last_number}",
                                          self._last_id) if x) or None
            self._last_id = self._last_number = None
            self._stack.append({"rows": [], "thead": False, "row": None, "cell": None,
                                "label": label, "line": self.getpos()[0], "row_lines": [],
                                "row_line": None})
            return
        if not self._stack:
            if (a.get("id") or "").startswith("tbl-"):  # the runner's anchor of a book table
                self._last_id = a["id"]
            return
        t = self._stack[-1]
        if tag in ("thead", "tbody", "tfoot"):
            self._end_row(t)
            t["thead"] = tag == "thead"
        elif tag == "tr":
            self._end_row(t)
            t["row"], t["row_line"] = (t["thead"], []), self.getpos()[0]
        elif tag in ("td", "th"):
            self._end_cell(t)
            if t["row"] is None:
                t["row"], t["row_line"] = (t["thead"], []), self.getpos()[0]

            def span(k: str) -> int:
                try:
                    return max(1, int(a.get(k) or 1))
                except ValueError:
                    return 1
            t["cell"] = [tag, "", span("colspan"), span("rowspan")]

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        t = self._stack[-1]
        if tag in ("td", "th"):
            self._end_cell(t)
        elif tag == "tr":
            self._end_row(t)
        elif tag in ("thead", "tbody", "tfoot"):
            self._end_row(t)
            t["thead"] = False
        elif tag == "table":
            self._end_table()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"][1] += data
        elif not self._stack and (m := re.fullmatch(r"\s*Table\s+([\w.]+?)\.\s*", data)):
            self._last_number = m.group(1)  # "**Table 3.**" above the table

    def close(self) -> None:
        super().close()
        while self._stack:  # </table> omitted: the table ends with the input
            self._end_table()


_NOT_MARKUP = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>",
                         re.S | re.I)


def _html_tables_checked(html: str, file_lines: bool = False
                         ) -> tuple[list[pd.DataFrame], list[str]]:
    """:func:`html_tables` and the problems of reading them: ``<table`` tags in the markup
    (comments, scripts and styles aside) that the parser did not see as tables. With
    ``file_lines`` (``html`` is a whole file), each table carries the line of its ``<table>``
    tag in ``attrs["line"]`` and of each body row in ``attrs["row_lines"]``, which findings
    name (ec24: an HTML file's findings gave no line)."""
    p = _TableParser()
    p.feed(html)
    p.close()
    tagged = len(re.findall(r"<table\b", _NOT_MARKUP.sub(" ", html), re.I))
    problems = []
    if tagged != p.n_started:
        problems.append(f"the markup has {counted(tagged, '<table> tag')} but the HTML parser "
                        f"read {counted(p.n_started, 'table')}: the file cannot be checked as "
                        "published")
    if not file_lines:
        return _frames(p.tables, p.labels), problems
    return _frames(p.tables, p.labels, p.lines, p.row_lines), problems


def _grid(rows: list[list[tuple[str, str, int, int]]]) -> list[list[tuple[str, str]]]:
    """Expand colspan/rowspan into a rectangular grid of (tag, text)."""
    grid: list[list[tuple[str, str]]] = []
    pending: dict[int, tuple[int, tuple[str, str]]] = {}  # column -> (rows left, cell)
    for cells in rows:
        row: list[tuple[str, str]] = []
        it = iter(cells)
        col = 0
        while True:
            if col in pending:
                left, cell = pending[col]
                row.append(cell)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, cell)
                col += 1
                continue
            nxt = next(it, None)
            if nxt is None:
                break
            tag, text, cs, rs = nxt
            for _ in range(cs):
                row.append((tag, text))
                if rs > 1:
                    pending[col] = (rs - 1, (tag, text))
                col += 1
        grid.append(row)
    return grid


def html_tables(html: str) -> list[pd.DataFrame]:
    """The tables of an HTML fragment as DataFrames of text (header rows -> column labels,
    leading ``<th>`` cells of body rows -> index). Markers and numbers stay as text."""
    p = _TableParser()
    p.feed(html)
    p.close()
    return _frames(p.tables, p.labels)


def _frames(tables: list[list[tuple[bool, list[tuple[str, str, int, int]]]]],
            labels: list[str | None] | None = None, lines: list[int] | None = None,
            row_lines: list[list[int]] | None = None) -> list[pd.DataFrame]:
    """DataFrames of text of the tables collected by :class:`_TableParser`; ``labels`` (the
    book's table number and name) go to each frame's ``attrs["label"]``, ``lines`` (each
    table's line) to ``attrs["line"]`` and ``row_lines`` (each row's line) to
    ``attrs["row_lines"]``, one per body row."""
    out = []
    for ti, rows in enumerate(tables):
        header = [[c for c in cells] for is_head, cells in rows if is_head]
        body = [[c for c in cells] for is_head, cells in rows if not is_head]
        at = [ln for (is_head, _), ln in zip(rows, row_lines[ti], strict=True) if not is_head] \
            if row_lines is not None else []
        if not header and body and all(c[0] == "th" for c in body[0]):
            header, body, at = [body[0]], body[1:], at[1:]  # a table without <thead>
        hgrid, bgrid = _grid(header), _grid(body)
        if not bgrid:
            continue
        width = max(len(r) for r in bgrid)
        n_index = min(next((i for i, c in enumerate(r) if c[0] != "th"), len(r)) for r in bgrid)
        n_index = min(n_index, width - 1) if width > 1 else 0
        hgrid = [r + [("th", "")] * (width - len(r)) for r in hgrid]
        bgrid = [r + [("td", "")] * (width - len(r)) for r in bgrid]
        cols = []
        for j in range(n_index, width):
            parts = tuple(r[j][1] for r in hgrid if r[j][1] != "")
            cols.append(parts if len(parts) > 1 else (parts[0] if parts else ""))
        index_names = [next((r[j][1] for r in hgrid if r[j][1] != ""), None) for j in range(n_index)]
        data = [[c[1] for c in r[n_index:]] for r in bgrid]
        df = pd.DataFrame(data, dtype=object)
        df.columns = pd.Index(cols, tupleize_cols=False, dtype=object)  # tuples = header levels
        if n_index:
            idx = [[r[j][1] for r in bgrid] for j in range(n_index)]
            df.index = pd.MultiIndex.from_arrays(idx, names=index_names) if n_index > 1 \
                else pd.Index(idx[0], name=index_names[0])
        if labels and labels[ti]:
            df.attrs["label"] = labels[ti]
        if lines is not None:
            df.attrs["line"] = lines[ti]
        if row_lines is not None and len(at) == len(df):
            df.attrs["row_lines"] = at
        out.append(df)
    return out


# --- text tables ----------------------------------------------------------------------------

#: the footer pandas prints under a Series: its index's frequency (a date or period index),
#: its name, its length (where cut short) and its dtype; an unnamed Series
#: (``groupby(...).size()``) has no name and a date index's a frequency (text51: neither was
#: read, and a count of 3 passed)
_SERIES_FOOTER = re.compile(r"^(?:Freq:\s*[^,\s]+,\s*)?(?:Name:\s*(.*?),\s*)?(Length: \d+,\s*)?"
                            r"dtype:\s*\S+\s*$")


_DELIM_CELL = re.compile(r"^\s*:?-+:?\s*$")
#: MyST directives that hold a table in a form other than a pipe table
_OTHER_TABLE_DIRECTIVE = re.compile(r"\{(list-table|csv-table|table-data|datatable)\}")
_TABLE_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{table\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def _pipe_cells(line: str) -> list[str]:
    """Cells of one GFM pipe-table row (outer pipes optional, ``\\|`` is a literal pipe)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]
    # a cell that is one {samp} role of a number or a marker holds that value, as Sphinx shows
    # it ("{samp}`{3}`" a count of 3; ec29); a role in a text cell stays a marked example
    return [samp_text(m.group(1)) if (m := _SAMP_ROLE.fullmatch(c))
            and _NUMBER_TEXT.fullmatch(samp_text(m.group(1))) else c for c in cells]


def _is_delimiter_row(line: str) -> bool:
    """A GFM delimiter row (``|---|:--:|``, ``--- | ---``): at least one pipe, dashes only."""
    if "|" not in line or "-" not in line:
        return False
    return all(_DELIM_CELL.match(c) for c in _pipe_cells(line))


def _pipe_tables(lines: list[str]) -> tuple[list[pd.DataFrame], list[str], set[int]]:
    """GFM pipe tables among ``lines``: (tables, problems, indices of the lines they use).

    A table is a header row, a delimiter row with as many cells, and the rows that follow up
    to a blank line or a line without a pipe. A header whose width differs from the delimiter
    row, or a body row wider than the header, is a problem (the table cannot be read as the
    reader sees it); narrower rows are padded with empty cells as GFM renders them."""
    tables: list[pd.DataFrame] = []
    problems: list[str] = []
    used: set[int] = set()
    for i in range(1, len(lines)):
        if i in used or not _is_delimiter_row(lines[i]) or "|" not in lines[i - 1] \
                or not lines[i - 1].strip() or (i - 1) in used:
            continue
        header, width = _pipe_cells(lines[i - 1]), len(_pipe_cells(lines[i]))
        j = i + 1
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:
            j += 1
        used.update(range(i - 1, j))
        rows = [_pipe_cells(ln) for ln in lines[i + 1: j]]
        if len(header) != width:
            problems.append(f"pipe table at line {i} has {counted(header, 'header cell')} but "
                            f"{width} in its delimiter row")
            continue
        wide = [i + 2 + k for k, r in enumerate(rows) if len(r) > width]
        if wide:
            problems.append(f"pipe table at line {i}: {plural(wide, 'row')} at "
                            f"{plural(wide, 'line')} {wide[:3]} "
                            f"{'has' if len(wide) == 1 else 'have'} more cells than its "
                            f"{counted(width, 'column')}")
            continue
        rows = [r + [""] * (width - len(r)) for r in rows]
        if rows:
            t = pd.DataFrame(rows, columns=header, dtype=object)
            t.attrs["header_line"] = i  # the header's line among ``lines``, from 1
            tables.append(t)
    # two or more consecutive lines that start with a pipe and belong to no table read above
    run = 0
    for k, ln in enumerate([*lines, ""]):
        if k < len(lines) and k not in used and ln.lstrip().startswith("|"):
            run += 1
            continue
        if run >= 2:
            problems.append(f"lines {k - run + 1}-{k} look like a table (rows starting with "
                            "'|') but are not a pipe table (a header, a delimiter row such as "
                            "|---|---|, then rows)")
        run = 0
    return tables, problems, used


#: a vertical rule of a box-drawn table: ASCII and Unicode box drawing (tabulate's "grid",
#: "fancy_grid", "rounded_grid", "simple_outline"; rich's tables; a Markdown grid table)
_BOX_VERTICAL = "|│┃║"
#: a horizontal rule of such a table: only rule characters and spaces, one dash or more
_BOX_RULE = re.compile(r"^\s*[+|│┃║─━═┄┅┈┉=\-:┌┐└┘├┤┬┴┼╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫╔╗╚╝╠╣╦╩╬"
                       r"╭╮╯╰┏┓┗┛┣┫┳┻╋┡┩╇┠┨┯┷┿┍┑┕┙┝┥]*[─━═┄┅┈┉=\-][+|│┃║─━═┄┅┈┉=\-:┌┐└┘├"
                       r"┤┬┴┼╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫╔╗╚╝╠╣╦╩╬╭╮╯╰┏┓┗┛┣┫┳┻╋┡┩╇┠┨┯┷┿┍┑┕┙┝┥]*\s*$")


def _box_tables_as_pipes(text: str) -> str:
    """``text`` with each box-drawn table (:data:`_BOX_RULE` lines around rows between
    vertical rules, :data:`_BOX_VERTICAL`) written as a pipe table, so the pipe-table reader
    reads it (dpo52: a Markdown grid table, tabulate's "grid" and "fancy_grid" and rich's
    tables, printed or in Markdown, passed unread with a count of 3). Each line between
    vertical rules is a row (a cell written over two lines is two rows, each read), the
    first the header. The table keeps its lines' count (blank lines after it), so later
    line numbers hold. Other text is returned as it is."""
    lines = text.split("\n")
    out = list(lines)

    def row(ln: str) -> bool:
        return len(ln) > 1 and ln[0] in _BOX_VERTICAL and ln[-1] in _BOX_VERTICAL \
            and not _BOX_RULE.match(ln)

    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and lines[j].strip() and (
                _BOX_RULE.match(lines[j]) or row(lines[j].strip())):
            j += 1
        block = [ln.strip() for ln in lines[k:j]]
        rows = [[c.strip() for c in re.split(f"[{_BOX_VERTICAL}]", ln[1:-1])]
                for ln in block if row(ln)]
        boxed = any(_BOX_RULE.match(ln) and re.search(r"[^|:\-\s]", ln) for ln in block)
        if boxed and len(rows) >= 2 and len({len(r) for r in rows}) == 1:
            pipes = ["| " + " | ".join(rows[0]) + " |",
                     "|" + "|".join("---" for _ in rows[0]) + "|",
                     *("| " + " | ".join(r) + " |" for r in rows[1:])]
            out[k:j] = pipes + [""] * (j - k - len(pipes))
        k = max(j, k + 1)
    return "\n".join(out)


def markdown_tables(text: str) -> tuple[list[pd.DataFrame], list[str]]:
    """The tables of Markdown (a ``.md`` file, a markdown cell, a ``text/markdown`` output such
    as a chapter table glued as a MyST ``{table}``) and what looks like a table but cannot be
    read.

    Parameters
    ----------
    text : str
        Markdown / MyST source.

    Returns
    -------
    tables : list of DataFrame
        GFM pipe tables (outer pipes optional; inside MyST ``{table}`` directives too), raw
        HTML tables (:func:`html_tables`) and the ``to_string`` layouts inside plain code fences
        (:func:`text_tables`), as text.
    problems : list of str
        Table-like content that is not read: rows starting with ``|`` outside a pipe table, a
        pipe table whose rows are wider than its header, a ``{table}`` directive without a pipe
        table, ``{list-table}`` / ``{csv-table}`` directives, HTML tables the parser does not
        see. A caller must refuse the output when this is not empty.
    """
    tables: list[pd.DataFrame] = []
    problems: list[str] = []
    text = _box_tables_as_pipes(text)  # dpo52: grid and box-drawn tables
    for m in _TABLE_DIRECTIVE.finditer(text):  # the book's tables, by their :name:
        body = m.group("body").split("\n")
        if not any(_is_delimiter_row(ln) for ln in body):
            problems.append("a MyST {table} directive without a pipe table in it")
            continue
        found, bad, _ = _pipe_tables(body)
        name = re.search(r"^:name:[ \t]*(\S+)", m.group("body"), re.M)
        before = text.count("\n", 0, m.start("body"))
        for t in found:
            line = before + t.attrs.pop("header_line")
            if name:  # the book's table, named by its label
                t.attrs["label"] = name.group(1)
            else:
                t.attrs["line"] = line
            t.attrs["order"] = line
        tables += found
        problems += bad
    rest = _TABLE_DIRECTIVE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    rest_lines = rest.split("\n")
    found, bad, used = _pipe_tables(rest_lines)
    for t in found:
        t.attrs["line"] = t.attrs.pop("header_line")
    tables += found
    problems += bad
    # outside fences, directives, pipe tables and HTML: a DataFrame's to_string layout pasted
    # as text (ec23: "0   a   4   0.31" under its header passed unread)
    rest = "\n".join("" if k in used else ln for k, ln in enumerate(rest_lines))
    rest = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), rest)
    rest = re.sub(r"<table\b.*?</table\s*>", lambda m: "\n" * m.group(0).count("\n"), rest,
                  flags=re.S | re.I)
    found, bad = _loose_text_tables(rest)
    tables += found
    problems += bad
    tables += delimited_tables(text)  # a CSV pasted, in a fence or not (ec28)
    tables_tex, bad_tex = latex_in_text(text)  # dpo50: to_latex() pasted, a math array
    tables += tables_tex
    problems += bad_tex
    text_for_html = text
    for m in _OTHER_TABLE_DIRECTIVE.finditer(text):
        problems.append(f"a MyST {{{m.group(1)}}} directive: export-check reads pipe tables "
                        "only; publish the table as a pipe table (labels.table_markdown)")
    if "<table" in text_for_html.lower():
        found, bad = _html_tables_checked(text_for_html)
        starts = [text.count("\n", 0, m.start()) + 1
                  for m in re.finditer(r"<table\b", text_for_html, re.I)]
        if len(starts) == len(found):  # one table per tag (none nested): each at its line
            for t, ln in zip(found, starts, strict=True):
                t.attrs["line"] = ln
        tables += found
        problems += bad
    for m in _FENCE.finditer(text):
        if m.group(2).lower() in ("", "text", "python", "pycon", "console", "output"):
            for t in text_tables(m.group(3)):
                t.attrs.pop("header_line", None)
                t.attrs["line"] = text.count("\n", 0, m.start(3)) + 1  # the block's first line
                tables.append(t)
    # numbered in the order of the text, each with its line (late23: a note's HTML table was
    # "table 1" and its fenced table, above it, "table 3", neither with a line)
    tables.sort(key=lambda t: t.attrs.pop("order", t.attrs.get("line", len(text))))
    return tables, problems


#: a printed table's ``attrs`` key: why parts of it cannot be read (text49), refused by
#: :func:`_check` as ``unreadable_table``
TEXT_PROBLEMS = "unread_layout"
_FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*(\w*)[ \t]*\n(.*?)^\1[ \t]*$", re.M | re.S)
_NUMBER_FIELD = re.compile(r"[+-]?\d[\d,.]*\s*%?|<\s*\d+")


def _spaced_row(line: str) -> bool:
    """A line of a printed table: two or more fields separated by runs of two or more spaces,
    one of them a number (or a marker such as ``<10``) on its own; prose with two spaces
    after a sentence has no such field."""
    fields = re.split(r" {2,}|\t+", line.strip())
    return len(fields) >= 2 and any(_NUMBER_FIELD.fullmatch(f) for f in fields)


def _aligned_layout(lines: list[str]) -> bool:
    """Whether ``lines`` (a header, then rows) are a DataFrame's ``to_string`` layout: every
    column right-aligned under its header (each row has a character at the column's last
    position and none right after it); a row with text before the first column only is the
    index's name."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", lines[0])]
    if len(spans) < 2 and not (spans and spans[0][0] > 0):
        return False
    for ln in lines[1:]:
        if not ln[spans[0][0]:].strip():
            continue  # the index's name under the header
        for _, e in spans:
            if len(ln) < e or ln[e - 1] == " " or (len(ln) > e and ln[e] != " "):
                return False
    return True


def _loose_text_tables(text: str) -> tuple[list[pd.DataFrame], list[str]]:
    """Printed tables in running Markdown text (outside code fences): blocks of two or more
    lines that are a DataFrame's ``to_string`` layout (:func:`_aligned_layout`) are read by
    :func:`text_tables`, each with the line (from 1) of its header in ``attrs["line"]``. A block
    with two or more lines of fields separated by two or more spaces, one of them with a number
    as a field of its own (:func:`_spaced_row`), that is not aligned so (a header of two levels,
    left-aligned columns) is a problem: it looks like a table but cannot be read by its
    columns."""
    tables: list[pd.DataFrame] = []
    problems: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        j = k
        while j < len(lines) and lines[j].strip():
            j += 1
        block = [ln.rstrip() for ln in lines[k:j]]
        spaced = [ln for ln in block if len(re.split(r" {2,}|\t+", ln.strip())) >= 2]
        numeric = any(re.search(r"(?<![\w.])\d", ln) for ln in block[1:])
        if len(block) >= 2 and numeric and _aligned_layout(block):
            for t in text_tables("\n".join(block)):
                t.attrs["line"] = k + 1
                tables.append(t)
        elif len(spaced) >= 2 and any(_spaced_row(ln) for ln in spaced):
            problems.append(f"lines {k + 1}-{j} look like a printed table (fields separated by "
                            "spaces) but are not a DataFrame's to_string layout (columns "
                            "right-aligned under their header)")
        k = j
    return tables, problems


def delimited_tables(text: str) -> list[pd.DataFrame]:
    """Tables written as delimited text inside other text: a CSV printed (``print(t.to_csv())``)
    or pasted into Markdown, two lines or more that split on one delimiter (comma, semicolon
    or tab) into the same number of short fields (at least two, of at most four words each),
    a header without numbers and a number among the other fields. Read as a CSV file is (ec28:
    "region,n_persons / Antwerp,3" in a Markdown file or printed output passed unread); each
    table's ``line`` is its header's (from 1)."""
    lines = text.split("\n")
    out: list[pd.DataFrame] = []
    k = 0
    while k < len(lines):
        best = None
        for delim in (",", ";", "\t"):
            if delim not in lines[k]:
                continue
            rows, j = [], k
            while j < len(lines) and delim in lines[j]:
                try:
                    row = next(csv.reader([lines[j].strip()], delimiter=delim))
                except (csv.Error, StopIteration):
                    break
                if rows and len(row) != len(rows[0]):
                    break
                rows.append([c.strip() for c in row])
                j += 1
            if len(rows) >= 2 and len(rows[0]) >= 2 and all(
                    len(c.split()) <= 4 and len(c) <= 60 for r in rows for c in r) \
                    and all(np.isnan(vocab.numbers(pd.Series(rows[0], dtype=object)))) \
                    and any(not np.isnan(v) for r in rows[1:]
                            for v in vocab.numbers(pd.Series(r, dtype=object))):
                best = (rows, j) if best is None or j > best[1] else best
        if best is None:
            k += 1
            continue
        rows, j = best
        t = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
        t.attrs["line"] = k + 1
        out.append(t)
        k = j
    return out


def _repeats_words(header: str, row: str) -> bool:
    """Whether ``row`` holds at least half of ``header``'s words at the same positions: two
    lines of one template, such as two warnings of the model fits that differ in a name and a
    number, not a header over its values (a table's values are not its columns' names).
    fresh50: chapter 4 printed two not-identified warnings of equal length ("... term
    'dutch_level[none]' has one group only where it is 1 ..." and the same of
    'origin[eastern_eu]'); their words ending over the same words were read as columns, and a
    column "one" holding the count 1 failed the chapter's own export."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", header)]
    same = sum(row[s:e] == header[s:e] and (s == 0 or row[s - 1:s] in ("", " "))
               and row[e:e + 1] in ("", " ") for s, e in words)
    return 2 * same >= len(words)


def _header_columns(header: str, rows: list[str], indexed: bool = False,
                    doubts: list[str] | None = None) -> list[tuple[int, int, str]]:
    """The columns of a DataFrame's ``to_string`` layout as (start, end, name) of ``header``:
    pandas' fixed-width layout, each column's values right-aligned under its name. Names are
    the header's runs of words separated by single spaces; a run is split after a word where
    a column's values end and none runs on (no row has a character right after it). pandas
    separates a column from the next by one space where the next column's name is as wide as
    its values (``"  n share_employed"`` over ``"<10   x"``); read as one name, its counts and
    shares ran together and a share was not read (leak48). A name of several words ("Share
    entered (%)") over narrower values is not split: no value ends under its inner words.

    A word's end splits a run where a number or a marker (:data:`_RUN_TOKEN`) ends under it
    in some row, or where every row ends a value under it (a character at the word's last
    position, a space after it) or is blank under the whole word (an empty value): text
    columns one space apart ("region count" over "Total   203"; text49: read as one column,
    the row labels were lost and a hidden count a total row gives back passed). Only where a
    row ends where the header does (the last column right-aligned, as pandas prints it; lines
    of prose rarely do), or where the rows all end at most at one word's end before the
    header's end: the columns after it are empty in every row (text49: "n_persons share_pct" over
    counts, an empty last column, was one column named as a share, and a count of 3 passed).
    A block whose rows repeat its first line is no table (chapter 4 prints a warning twice:
    its words ending over the same words were read as columns of counts), nor one whose rows
    each repeat half of its words in place (:func:`_repeats_words`: two warnings of one
    template).

    A word's end is no column's end where a row's number runs on past it after one space, a
    space as thousands separator ("1 234" under "New starters now", the "1" under "starters":
    text50, read as two columns, "1" was a count of its own): where the table is ``indexed``
    (:func:`_printed_index`) pandas prints each value with a leading space, so two columns'
    values are two spaces apart or more and the number is one (a date or a duration has no
    leading space, but is no part of such a number: text51); without the index they may be
    one space apart, and "New starters" over 1 and "now" over 234 print the same characters.
    The run is then split, as before, and the doubt added to ``doubts`` (the table is
    refused)."""
    runs = [(mm.start(), mm.end(), mm.group()) for mm in re.finditer(r"\S+(?: \S+)*", header)]
    if not runs or any(r.strip() == header.strip() for r in rows):
        return runs  # a line printed twice (a warning) is no header over its rows
    if rows and all(_repeats_words(header, r) for r in rows):
        return runs  # lines of one template (two warnings of the fits): prose, no header
    width = len(header.rstrip())
    reach = max((len(r.rstrip()) for r in rows), default=0)
    empty_tail: list[tuple[int, int, str]] = []
    if 0 < reach < width and header[reach - 1] != " " and header[reach] == " ":
        # the columns after ``reach`` are empty in every row: the runs up to it are read, the
        # rest (cut at ``reach`` where one space separates it) are the empty columns' names
        cut = [r for r in runs if r[0] < reach < r[1]]
        empty_tail = [(reach + 1, e, header[reach + 1:e]) for _, e, _ in cut] + \
            [r for r in runs if r[0] > reach]
        runs = [r for r in runs if r[1] <= reach] + [(b, reach, header[b:reach])
                                                      for b, _, _ in cut]
    elif reach != width:
        return runs  # rows not right-aligned with it

    def value_ends(r: str, e: int) -> bool:  # a number or marker ends at e (the left column's)
        m = re.search(r"\S+$", r[:e]) if len(r) >= e and r[e - 1] != " " else None
        return bool(m) and bool(re.fullmatch(_RUN_TOKEN, m.group(), re.IGNORECASE))

    def all_end(s: int, e: int) -> bool:  # every row ends a value at e or is blank over s:e
        ends = [len(r) >= e and r[e - 1] != " " for r in rows]
        return any(ends) and all(x or not r[s:e].strip() for x, r in zip(ends, rows,
                                                                         strict=True))

    out = []
    for s0, e0, _ in runs:
        words = [(w.start() + s0, w.end() + s0) for w in re.finditer(r"\S+", header[s0:e0])]
        start = words[0][0]
        for (ws, e), (nxt, _) in zip(words, words[1:], strict=False):
            if any(m.start() < e < m.end() for r in rows for m in _SPACED_VALUE.finditer(r)):
                continue  # a date with its time, a duration, under the name's space (dpo52)
            if not any(len(r) > e and r[e] != " " for r in rows) and \
                    (any(value_ends(r, e) for r in rows) or all_end(ws, e)):
                spaced = _spaced_thousands(rows, e)
                if spaced and indexed:
                    continue  # one number, "1 234" (text50)
                if spaced and doubts is not None:
                    doubts.append(
                        f"a printed table's column {header[start:e0]!r} holds a number with a "
                        f"space as thousands separator ({spaced!r}) and no index is printed "
                        "before it in every row: it cannot be told from two columns one space "
                        f"apart ({header[start:e]!r} and {header[nxt:e0]!r}), so a small "
                        "count cannot be told; print the table with its index (a label in "
                        "every row), or its numbers without a space (f'{n:,}' or unformatted)")
                out.append((start, e, header[start:e]))
                start = nxt
        out.append((start, e0, header[start:e0]))
    return out + empty_tail


#: a printed value with a space inside: a datetime with its time ("2008-01-01 00:00:00") or
#: a duration ("3 days", "3 days 04:00:00"); a column ends at no space inside it (dpo52: a
#: first column "Day of start" over such values was read as two columns, "Day" and "of
#: start", split where the date ends)
_SPACED_VALUE = re.compile(r"(?<!\S)(?:\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                           r"(?:[+-]\d\d:\d\d)?|-?\d+ days?(?: [+-]?\d\d:\d\d:\d\d(?:\.\d+)?)?)"
                           r"(?!\S)")
#: a number with spaces as thousands separators ("1 234", "-12 345.5", "1 234 567")
_SPACED_NUMBER = re.compile(r"[-+]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?%?")


def _spaced_thousands(rows: list[str], e: int) -> str | None:
    """A row's number that a space as thousands separator runs on past position ``e`` (a
    character at ``e - 1``, one space at ``e`` and a digit after it: "1 234" with its "1" at
    ``e - 1``), where every row running on past ``e`` after one space is such a number; else
    None (text50)."""
    found = None
    for r in rows:
        if len(r) > e + 1 and r[e - 1] != " " and r[e] == " " and r[e + 1] != " ":
            a = len(r[:e]) - len(r[:e].split(" ")[-1])
            b = e + 1 + len(r[e + 1:].split("  ")[0].rstrip())
            m = _SPACED_NUMBER.fullmatch(r[a:b].strip())
            if not m:
                return None
            found = found or m.group()
    return found


def _columns_name_end(header: str, rows: list[str]) -> int | None:
    """The end of a columns-axis name (``df.columns.name``) at the start of a printed
    table's ``header``, or None. pandas prints it over the index, left-aligned as the index's
    labels are, one space or more before the first column (text50: read as a column, "Share
    (%) n_persons" was one name and "what" took the index's labels as its values). Read so
    only where the rows are pandas' layout (one of them ends where the header does), every
    row starts with a label at the line's start that ends before the first column's name
    (the first word after the name), and not every label ends where the name does: a first
    column printed without the index starts at the line's start only where its values are
    as wide as its name, and ends them all there (so no name is read where all the rows'
    labels end at one header word's end: "region n persons" over "Brugge  3" printed
    without the index had read "region n" as the name and "persons" as the column; nor where
    they run on after one space into the next column's values, as a Period or a label
    "2008 Q1" does, printed with no leading space: text51, "quarter   n" over
    "2008-01 200" was read as the name and both columns were dropped, a count of 3 with
    them). Labels
    that are numbers (a left-aligned
    column of counts written by hand reads alike) are read so only below a line holding the
    index's name alone (a word: pandas prints it where the index is named, a crosstab), and
    only numbers of 1000 or more (years, codes: no count of fewer than ``min_cell`` persons,
    whatever ``min_cell`` below 1000). Where the
    rows allow names of several lengths, the shortest is taken, but not before a word in
    brackets (a unit: "Share (%)"); a longer name read into the first column's is left to
    :func:`_run_together_names`, which refuses it where the reading matters."""
    if not header[:1].strip() or not rows or \
            max(len(r.rstrip()) for r in rows) != len(header.rstrip()):
        return None
    heads = [re.match(r"\S+(?: \S+)*", r) for r in rows]
    if any(h is None for h in heads):
        return None  # a row starts with a blank (a MultiIndex's inner level; no label)
    words = [(w.start(), w.end()) for w in re.finditer(r"\S+", header)]
    if any(all(re.fullmatch(r"\S+(?: \S+)*", r[:e]) and r[e:e + 1] in ("", " ") for r in rows)
           for _, e in words):
        return None  # a first column's values, all as wide as its name (no index printed)
    named = rows[0].strip() == heads[0].group() and np.isnan(  # the index's name alone
        vocab.numbers(pd.Series([heads[0].group()], dtype=object))).all()
    labels = [h.group() for h in heads[1:]] if named else [h.group() for h in heads]
    nums = vocab.numbers(pd.Series(labels, dtype=object))
    if not np.isnan(nums).all() and not (named and (nums[~np.isnan(nums)] >= 1000).all()):
        return None  # numbers at the rows' start may be a column's counts
    for (_, e), (nxt, _) in zip(words, words[1:], strict=False):
        if header[nxt] in "([":
            continue  # a unit ("Share (%)") belongs to the name before it
        if all(h.end() < nxt for h in heads) and not all(h.end() == e for h in heads):
            return e  # the shortest name the rows allow (a longer one may be the column's)
    return None


#: a cell pandas prints with no leading space, so one space after the index or the column
#: before it: a date, a date and time (with its offset) or a duration (text51)
_NO_LEAD_CELL = re.compile(r"(?:\d{4}-\d\d-\d\d(?: \d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                           r"(?:[+-]\d\d:\d\d)?)?|-?\d+ days?(?: [+-]?\d\d:\d\d:\d\d(?:\.\d+)?)?"
                           r"|NaT)(?= |$)")


def _index_gutters(rows: list[str], end: int) -> list[tuple[int, int]]:
    """The runs (start, end) of positions before ``end`` blank in every row of a printed table
    that may separate its printed index from its first column's values, left to right: two
    positions wide or more (pandas prints the index two spaces or more before a column's
    values), or one where every row's text after it is a date or a duration (printed with no
    leading space, one space after the index: "0 2008-01-01"), with text before it in some
    row and after it, before ``end``, in some row (text51)."""
    blank = [all(len(r) <= p or r[p] == " " for r in rows) for p in range(end)]
    out = []
    for m in re.finditer(r"1+", "".join("1" if b else "0" for b in blank)):
        a, b = m.start(), m.end()
        if a == 0 or b == end or not any(r[b:end].strip() for r in rows):
            continue
        if b - a >= 2 or all(not r[b:end].strip() or _NO_LEAD_CELL.match(r, b) for r in rows):
            out.append((a, b))
    return out


def _first_column_cut(rows: list[str], end: int) -> int | None:
    """Where a printed table's rows (``rows``, its first column ending at ``end``) are cut
    into the index (before) and the first column's value (after), or None where no index is
    printed (text51). The index is read where a gutter (:func:`_index_gutters`) has text
    before it in every row (the leftmost such: an index of several levels has one space
    between them), or where one has a number or a marker (:data:`_RUN_TOKEN`) after it with
    a label before it (an index label "" leaves a row blank before it: the counts are still
    the first column's). Else the whole text before ``end`` is the first column's value: a
    label printed with ``index=False`` may hold two spaces ("All  origins", "Group  2"),
    which had been cut as an index "All" and a value "origins" (the total row was lost and
    the count it gives back passed) or a count of 2."""
    gutters = _index_gutters(rows, end)
    for a, _ in gutters:
        if all(r[:a].strip() for r in rows):
            return a
    for a, b in reversed(gutters):
        if any(r[:a].strip() and re.fullmatch(_RUN_TOKEN, r[b:end].strip(), re.IGNORECASE)
               for r in rows):
            return a
    return None


def _printed_index(header: str, rows: list[str]) -> bool:
    """Whether a printed table shows its index: every row starts with a label at the line's
    start that ends one space or more before the header's first name (the first column
    starts after the index's width). Printed without the index, the first column's widest
    cell starts at the line's start and runs under its name (text50). An index of several
    levels printed sparsified (rows starting blank, at an inner level's label) or one before
    a column of dates (one space apart) is printed where a gutter
    (:func:`_index_gutters`) before the first name has text before it in every row
    (text51: a MultiIndex over "1 234" under "New starters now" was refused)."""
    first = re.search(r"\S", header)
    if first is None or not rows:
        return False
    heads = [re.match(r"\S+(?: \S+)*", r) for r in rows]
    if all(h is not None and h.end() < first.start() for h in heads):
        return True
    end = min(re.match(r"\s*\S+(?: \S+)*", header).end(), max(len(r) for r in rows))
    return any(a < first.start() and all(r[:a].strip() for r in rows)
               for a, _ in _index_gutters(rows, end))


def _header_levels(header: str, rows: list[str]) -> list[str]:
    """Problems (``unreadable_table``) of a printed table with a header of several lines, as
    pandas prints a DataFrame whose columns have several levels (a MultiIndex: "Antwerp
    Ghent" over "n share  n share"; text49): its first lines hold no number or marker, the
    longest of them ends where a row does and reaches the first line's end, and each of its
    words ends where the values below it end (right-aligned over them; a code listing, the
    corpus check found, does not). Read by its first line, the lower levels were a row and each group's
    columns one column of text ("1.5     3"): a count of 3 passed. The columns of the lower
    levels cannot be told from the upper ones' by position (an upper label spans several
    columns), so such a table is refused."""
    lead = 0
    while lead < len(rows) and not any(re.fullmatch(_RUN_TOKEN, tok, re.IGNORECASE)
                                       for tok in rows[lead].split()):
        lead += 1
    if lead == 0 or lead == len(rows):
        return []
    last = max(rows[:lead], key=lambda r: len(r.rstrip()))  # (the index's names: shorter)
    width = len(last.rstrip())
    if width < len(header.rstrip()) or not any(len(r.rstrip()) == width for r in rows[lead:]):
        return []
    for w in re.finditer(r"\S+", last):  # each name right-aligned over its values (or blanks)
        ends = [len(r) >= w.end() and r[w.end() - 1] != " " and r[w.end():w.end() + 1].strip()
                == "" for r in rows[lead:]]
        if not any(ends) or not all(x or not r[w.start():w.end()].strip()
                                    for x, r in zip(ends, rows[lead:], strict=True)):
            return []
    return [f"a printed table with a header of {lead + 1} lines (a DataFrame whose columns have "
            "several levels, a MultiIndex): its columns cannot be read by their names, so a "
            "small count cannot be told; flatten the columns first (t.columns = [' '.join(map("
            "str, c)) for c in t.columns]) or print each group apart"]


def _index_levels(heads: list[str]) -> pd.MultiIndex | None:
    """The row labels of a printed table whose index has several levels (a MultiIndex), from
    each row's text before its first value (``heads``): pandas prints an outer level's label
    only on the first row of its group (sparsified) and pads each level to one width, so a
    row starting with spaces starts at an inner level, and the rows that start at once hold
    a space just before it. Each level's label is read at its position, an omitted one is the
    row's above (text49: "Ghent" stood for ("Ghent", "Total"), "men" for ("Ghent", "men"),
    so a total row and its parts were not found and a hidden count a total gives back
    passed). None where no row starts at an inner level so."""
    full = [h for h in heads if h[:1].strip()]
    starts = sorted({len(h) - len(h.lstrip()) for h in heads if h.strip() and not h[:1].strip()})
    starts = [p for p in starts if full and all(len(h) <= p or h[p - 1] == " " for h in full)]
    if not starts:
        return None
    cuts = [0, *starts]
    labels: list[list[str]] = []
    for h in heads:
        row = [h[a:b].strip() for a, b in zip(cuts, [*cuts[1:], max(len(h), cuts[-1]) + 1],
                                              strict=True)]
        k = 0
        while labels and k < len(row) - 1 and not row[k]:
            row[k] = labels[-1][k]  # the label above, omitted (sparsified)
            k += 1
        labels.append(row)
    return pd.MultiIndex.from_tuples([tuple(r) for r in labels])


def _run_together_names(header: str, columns: list[tuple[int, int, str]], rows: list[str],
                        frame: pd.DataFrame) -> list[str]:
    """Problems (``unreadable_table``) of a printed table's names that may run an empty
    column into the next (text49). pandas separates a column from the next by one space where
    the next column's name is as wide as its values; where the first is empty in every row,
    nothing in the rows tells its name from the first words of the next column's, and a name
    of several words over narrower values ("Share entered (%)") looks the same. Where the
    reading matters it is refused: a column whose whole name is not read as a count of
    persons (:func:`_table_counts`: "Employed (%) count") but whose last words alone, after
    words over no value in any row, would be ("count" over 3 and 200): read as one name, a
    count of 3 passed as a percentage."""
    out = []
    for k, (s, e, name) in enumerate(columns):
        vals = frame.iloc[:, k]
        if _table_counts(pd.DataFrame({name: vals}), False, True)[1]:
            continue
        for w in list(re.finditer(r"\S+", name))[:-1]:
            we = s + w.end()
            if any(r[s:we + 1].strip() for r in rows):
                break  # a value reaches under this word: it is the column's name
            rest = header[we + 1:e].strip()
            if _table_counts(pd.DataFrame({rest: vals}), False, True)[1]:
                out.append(f"a printed table's column {name!r} may be an empty column "
                           f"{header[s:we]!r} one space before a column of counts {rest!r} "
                           "(pandas prints them so): export-check cannot tell which, so it "
                           "cannot tell a small count; print the table with columns further "
                           "apart (DataFrame.to_string(col_space=12)) or drop the empty column")
                break
    return out


#: the line pandas prints under a categorical Series' footer: its categories, "Categories (3,
#: int64): [3, 40, 150]" ("[3 < 40 < 150]" if ordered; long lists cut with "..." and wrapped)
_CATEGORIES = re.compile(r"^Categories \(\d+, [^)]*\): \[(.*)\]\s*$", re.S)


def _categories_footer(lines: list[str]) -> tuple[list[str], list[str]]:
    """A printed block's lines without the categories pandas lists under a categorical
    Series' footer (:data:`_CATEGORIES`, and its wrapped lines), and those categories as
    printed (quotes taken off, "..." left out); ``lines`` unchanged and no categories for
    any other block. dpo52: the categories line stood under the footer, so the Series was
    not read as one and a count of 3 (a categorical of counts, "Name: Persons, dtype:
    category") passed."""
    for k in range(len(lines) - 1, 0, -1):
        if lines[k].startswith("Categories ("):
            m = _CATEGORIES.match(" ".join(x.strip() for x in lines[k:]))
            if not m or not _SERIES_FOOTER.match(lines[k - 1]):
                break
            cats = [c.strip().strip("'\"") for c in re.split(r",|<", m.group(1))]
            return lines[:k], [c for c in cats if c and c != "..."]
        if not lines[k][:1].isspace():
            break
    return lines, []


def text_tables(text: str) -> list[pd.DataFrame]:
    """Tables printed as text: a DataFrame's ``to_string`` layout (columns right-aligned under
    their header; its index cut from the first column where a gutter blank in every row
    separates them, :func:`_first_column_cut`), a Series with pandas' footer (``Name:``,
    ``Freq:`` or the ``dtype:`` alone), or a Markdown pipe table."""
    all_lines = _box_tables_as_pipes(text).split("\n")  # dpo52: grid and box-drawn tables
    out, _, used = _pipe_tables(all_lines)
    text = "\n".join("" if k in used else ln for k, ln in enumerate(all_lines))
    blocks = re.split(r"\n\s*\n", text.strip("\n"))
    for block in blocks:
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        if len(lines) < 2:
            continue
        lines, categories = _categories_footer(lines)
        m = _SERIES_FOOTER.match(lines[-1])
        if m:
            body = lines[:-1]
            if len(body) >= 2 and len({len(ln) for ln in body[1:]}) == 1 and \
                    len(body[0]) < len(body[1]):
                body = body[1:]  # the index levels' names, over the values' right-aligned ends
            rows = [re.split(r"\s{2,}", ln.strip()) for ln in body]
            keep = [k for k, r in enumerate(rows) if len(r) >= 2]
            if keep:
                multi = _index_levels([body[k][: len(body[k]) - len(rows[k][-1])] for k in keep])
                s = pd.Series([rows[k][-1] for k in keep], dtype=object,
                              name=m.group(1) or "unnamed Series",
                              index=[" ".join(rows[k][:-1]) for k in keep] if multi is None
                              else multi)  # a MultiIndex sparsified, as a DataFrame's (text51)
                out.append(s.to_frame())
            if categories:  # the values of a categorical Series, listed apart (dpo52)
                out.append(pd.Series(categories, dtype=object, name=s.name,
                                     index=[f"category {k + 1}" for k in range(len(categories))]
                                     ).to_frame())
            continue
        header = lines[0]
        named = _columns_name_end(header, lines[1:])
        if named:  # the columns' name over the index is no column (text50)
            header = " " * named + header[named:]
        spans = [(mm.start(), mm.end(), mm.group()) for mm in re.finditer(r"\S+(?: \S+)*", header)]
        if not spans:
            continue
        data_lines = [ln for ln in lines[1:] if not (ln.strip() and ln[: spans[0][0]].strip() and
                                                      not ln[spans[0][0]:].strip())]
        levels = _header_levels(header, data_lines)
        doubts: list[str] = []
        spans = _header_columns(header, data_lines,
                                bool(named) or _printed_index(header, data_lines), doubts)
        ends = [e for _, e, _ in spans]
        names = [g for _, _, g in spans]
        rows, index, heads = [], [], []
        cut = _first_column_cut([ln for ln in data_lines if len(ln) >= ends[0]], ends[0])
        for ln in data_lines:
            if len(ln) < ends[0]:
                continue  # reaches no column (a row with an empty last value does: leak48)
            ln = ln.ljust(ends[-1])
            first = ["", ln[: ends[0]].strip()] if cut is None else \
                [ln[:cut], ln[cut: ends[0]].strip()]  # (index, value; text51)
            if len(ln) > ends[0] and ln[ends[0] - 1] == " ":  # the first column's value is empty
                first = [ln[: ends[0]], ""]  # (right-aligned, it would end at ends[0]; text49)
            vals = [first[-1]] + [ln[ends[k - 1]: ends[k]].strip() for k in range(1, len(ends))]
            rows.append(vals)
            index.append(" ".join(re.split(r"\s{2,}", first[0].strip())))  # all its fields (a
            heads.append(first[0].rstrip())  # MultiIndex unsparsified)
        if rows:
            multi = _index_levels(heads)
            frame = pd.DataFrame(rows, columns=names, dtype=object,
                                 index=index if multi is None else multi)
            unread = levels + doubts + _run_together_names(header, spans, data_lines, frame)
            if unread:
                frame.attrs[TEXT_PROBLEMS] = unread  # refused by _check (unreadable_table)
            out.append(frame)
    return out + delimited_tables("\n".join(all_lines))


def _text_id_headers(text: str) -> list[str]:
    """Identifier names in a printed table header (a line of identifier-like words, followed by
    a line starting with a row number). A line that itself starts with a row number is a row,
    not a header (trial22: Appendix C's table of the panel's columns printed the row
    ``0  id  int64``, read as a header naming a column ``id``)."""
    lines = text.split("\n")
    found = []
    for a, b in zip(lines, lines[1:], strict=False):
        toks = a.split()
        nxt = b.split()
        if len(toks) >= 2 and all(re.fullmatch(r"\w+", t) for t in toks) and nxt and \
                not re.fullmatch(r"\d+", toks[0]) and re.fullmatch(r"\d+", nxt[0]):
            found += [t for t in toks if ID_NAME.match(t)]
    return found


# --- JSON -----------------------------------------------------------------------------------


#: a table's ``attrs`` key: the columns a chart names as counts of persons (ec29)
CHART_COUNTS = "chart_person_counts"
#: Plotly's typed arrays (``{"dtype": "i1", "bdata": "AygA"}``, written by Plotly 6 for
#: numpy data): base64 of little-endian numbers of these types
_TYPED_DTYPES = frozenset({"i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"})
#: Plotly traces that draw the values they carry (one per person) rather than counts
_PLOTLY_RAW = frozenset({"histogram", "histogram2d", "histogram2dcontour", "box", "violin",
                         "splom", "parcoords", "parcats", "densitymapbox", "densitymap"})
#: Vega-Lite and Vega operations that count or summarise records in the renderer
_VEGA_AGGREGATE = frozenset({"aggregate", "joinaggregate", "bin", "density", "kde",
                             "quantile", "regression", "loess", "window", "countpattern",
                             "pivot", "fold"})
#: a field or axis that names persons or a count ("starters", "Number of persons", "n",
#: "aantal", "personen"); not when it names a share or another unit ("Share of persons (%)")
_CHART_COUNT_WORD = re.compile(
    r"(?<![\w-])(?:" + "|".join((*vocab.COUNT_NOUNS, "counts?", "number", "aantal",
                                    "nombre", "n", "freq(?:uency)?", "effectif"))
    + r")(?![\w-])", re.IGNORECASE)


def _typed_array(x: Any) -> list | None:
    """The numbers of a Plotly typed array (``dtype``, ``bdata`` base64, optional ``shape``)
    as a (nested) list, or None when it cannot be decoded."""
    import base64
    import binascii

    dtype, data, shape = x.get("dtype"), x.get("bdata"), x.get("shape")
    if dtype not in _TYPED_DTYPES or not isinstance(data, str):
        return None
    try:
        arr = np.frombuffer(base64.b64decode(data, validate=True), dtype="<" + dtype)
        if shape is not None:
            dims = ([int(v) for v in str(shape).split(",")] if isinstance(shape, str | int)
                    else [int(v) for v in shape])
            arr = arr.reshape(dims)
    except (binascii.Error, ValueError, TypeError):
        return None
    return arr.tolist()


def _title_text(x: Any) -> str:
    """A chart title as text (Vega-Lite and Plotly write a string or ``{"text": ...}``)."""
    if isinstance(x, dict):
        x = x.get("text", "")
    if isinstance(x, list):
        x = " ".join(map(str, x))
    return str(x) if x is not None else ""


def _names_persons(text: str) -> bool:
    """Whether a chart's field name, axis title or trace name says its numbers count persons
    (:data:`_CHART_COUNT_WORD`) and declares no other unit (a share, a percentage, quarters)."""
    # a Plotly template's placeholders ("%{y} persons") are not a percentage
    text = re.sub(r"%\{[^}]*\}|<[^>]*>", " ", str(text)).replace("_", " ")
    return bool(_CHART_COUNT_WORD.search(text)) and not (
        declared_not_persons(text) or _SHARE_NAME.search(text)
        or _NOT_PERSON_SHARE.search(text) or vocab.is_non_count_name(text.replace(" ", "_")))


def chart_data(obj: Any, where: str = "") -> tuple[Any, list[tuple[str, str]]]:
    """A JSON value with its charts made readable (ec29): Plotly's typed arrays decoded, and
    the records of a Vega or Vega-Lite spec (``"data": {"values": [...]}``) and the arrays of
    a Plotly trace marked where the chart names their numbers as counts of persons (a field
    named so, ``starters``, ``n``, ``count``, ``personen``, or a field or trace whose axis or
    name does: ``attrs[CHART_COUNTS]`` of the tables :func:`json_tables` makes). Returns (the
    value, problems as (where, detail)): a typed array that cannot be decoded, a Vega spec
    that counts or summarises its records in the renderer (``aggregate``, ``bin``,
    ``density``...: its records are persons', not counts) and a Plotly trace that draws the
    values it carries (histogram, box, violin...). Values are copied, not changed."""
    problems: list[tuple[str, str]] = []
    person_fields: set[str] = set()

    def fields_of(spec: Any) -> None:  # encodings whose field or title names persons
        if isinstance(spec, dict):
            enc = spec.get("encoding")
            if isinstance(enc, dict):
                for ch in enc.values():
                    if isinstance(ch, dict) and isinstance(ch.get("field"), str):
                        title = _title_text(ch.get("title")) or _title_text(
                            (ch.get("axis") or {}).get("title") if isinstance(
                                ch.get("axis"), dict) else "")
                        if _names_persons(ch["field"]) or (title and _names_persons(title)):
                            person_fields.add(ch["field"])
            for v in spec.values():
                fields_of(v)
        elif isinstance(spec, list):
            for v in spec:
                fields_of(v)

    fields_of(obj)

    def aggregates(x: Any, path: str) -> list[str]:
        out = []
        if isinstance(x, dict):
            for k, v in x.items():
                hit = ((k in _VEGA_AGGREGATE and k != "fold" and v not in (None, False, "binned"))
                       or (k == "type" and isinstance(v, str) and v in _VEGA_AGGREGATE
                           and "transform" in path)
                       or (k == "op" and v in ("count", "distinct", "valid", "sum")))
                if hit:
                    out.append(f"{path}.{k}" if path else k)
                out += aggregates(v, f"{path}.{k}" if path else k)
        elif isinstance(x, list):
            for i, v in enumerate(x):
                out += aggregates(v, f"{path}[{i}]")
        return out

    def has_values(x: Any) -> bool:
        if isinstance(x, dict):
            if isinstance(x.get("values"), list | str | dict):
                return True
            return any(has_values(v) for v in x.values())
        return isinstance(x, list) and any(has_values(v) for v in x)

    if isinstance(obj, dict) and ("vega" in str(obj.get("$schema", "")).lower()
                                  or ("mark" in obj and ("encoding" in obj or "data" in obj))
                                  or isinstance(obj.get("marks"), list)):
        ops = aggregates({k: v for k, v in obj.items() if k not in ("data", "datasets")},
                         "") + aggregates(obj.get("data"), "data")
        if ops and has_values(obj):
            problems.append((where, "the chart counts or summarises the records it carries in "
                             f"the renderer ({', '.join(ops[:3])}): its records are persons' "
                             "values, not counts, and the counts it draws are not in the file; "
                             "chart counts computed (and suppressed) by the chapter, or export "
                             "the figure through the chapter runner"))
    layout = obj.get("layout") if isinstance(obj, dict) and isinstance(obj.get("layout"),
                                                                        dict) else {}

    def axis_title(axis: Any) -> str:
        return _title_text(axis.get("title")) if isinstance(axis, dict) else ""

    def walk(x: Any, path: str, in_values: bool = False) -> Any:
        if in_values and isinstance(x, str) and path.endswith("values"):
            # inline data as text ("format": {"type": "csv"}): its records (ec29: passed)
            try:
                rows = list(csv.reader(io.StringIO(x), delimiter="\t" if "\t" in
                                       x.split("\n")[0] else ","))
            except csv.Error:
                rows = []
            rows = [r for r in rows if r]
            parsed = _json_or_none(x)
            if isinstance(parsed, list):
                x = parsed
            elif len(rows) >= 2 and len({len(r) for r in rows}) == 1 and len(rows[0]) > 1:
                x = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
            else:
                problems.append((where, f"{path}: inline chart data as text that is neither "
                                 "JSON nor a CSV with a header: what cannot be read cannot be "
                                 "checked; give the records as a list"))
                return []
        if isinstance(x, dict):
            if "bdata" in x and "dtype" in x:
                arr = _typed_array(x)
                if arr is None:
                    problems.append((where, f"{path}: a typed array (dtype {x.get('dtype')!r}) "
                                     "that cannot be decoded: what cannot be read cannot be "
                                     "checked; write the figure with plain lists "
                                     "(fig.to_json(engine='json') of numbers as lists)"))
                    return []
                return arr
            # records under "values", or under a Vega-Lite "datasets" entry (ec29)
            out = {k: walk(v, f"{path}.{k}" if path else str(k),
                           k == "values" or path.endswith("datasets"))
                   for k, v in x.items()}
            kind = x.get("type")
            trace = isinstance(kind, str) and any(k in x for k in ("x", "y", "z", "values",
                                                                   "r", "lat"))
            if trace and kind in _PLOTLY_RAW:
                problems.append((where, f"{path}: a Plotly {kind!r} trace draws the values it "
                                 "carries, one per person: person-level data may not leave; "
                                 "chart counts computed (and suppressed) by the chapter"))
            if trace:
                named = [_title_text(x.get("name")), _title_text(x.get("hovertemplate"))]
                horiz = x.get("orientation") == "h"
                value_axis = "x" if horiz else "y"
                ax = layout.get(f"{value_axis}axis{str(x.get(value_axis + 'axis', ''))[1:]}")
                named.append(axis_title(ax))
                keys = {value_axis, "z", "values", "r"} & set(x)
                if any(t and _names_persons(t) for t in named):
                    out["\0" + CHART_COUNTS] = sorted(keys)
            return out
        if isinstance(x, list):
            vals = [walk(v, f"{path}[{i}]") for i, v in enumerate(x)]
            if in_values and vals and all(isinstance(v, dict) for v in vals):
                fields = {k for v in vals for k in v if isinstance(k, str)}
                marked = sorted(f for f in fields if f in person_fields or _names_persons(f))
                if marked:
                    vals.append({"\0" + CHART_COUNTS: marked})
            return vals
        return x

    return walk(obj, ""), problems


def _chart_marks(x: Any) -> tuple[Any, list[str]]:
    """``x`` without the marks :func:`chart_data` adds, and the marked column names."""
    key = "\0" + CHART_COUNTS
    if isinstance(x, dict) and key in x:
        return {k: v for k, v in x.items() if k != key}, list(x[key])
    if isinstance(x, list) and x and isinstance(x[-1], dict) and set(x[-1]) == {key}:
        return x[:-1], list(x[-1][key])
    return x, []


def json_tables(obj: Any) -> Iterator[pd.DataFrame]:
    """Tables inside a JSON value: lists of records, ``{"columns", "data"}`` (split layout),
    dicts of equal-length lists, and the scalar entries of any dict (as a one-row table).
    Charts are read as :func:`chart_data` makes them readable: Plotly's typed arrays decoded,
    the columns a chart names as counts of persons marked (``attrs[CHART_COUNTS]``)."""
    yield from _json_tables(chart_data(obj)[0])


#: keys of a JSON object that name its table's columns (dpo31)
_HEADER_KEYS = ("columns", "fields", "header", "headers", "names", "colnames")


def _rows_of(v: Any) -> list[list] | None:
    """``v`` as rows of a table: a non-empty list of lists of scalars, all of one length (at
    least two); else None."""
    if not (isinstance(v, list) and v and all(isinstance(r, list) for r in v)):
        return None
    if len({len(r) for r in v}) != 1 or len(v[0]) < 2:
        return None
    if any(isinstance(x, dict | list) for r in v for x in r):
        return None
    return v


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _column_objects(obj: dict[str, dict]) -> bool:
    """Whether a JSON object of objects with the same keys is a table by columns (pandas'
    ``orient="columns"``: its keys column names, the inner keys row labels), not by rows
    (``orient="index"``, read row by row; a manifest's files with their hash and size): each
    inner object holds values of one kind (numbers, or text), as a column does, and an outer
    key names a count, share or other unit, or no inner key does."""
    def named(keys: Iterable) -> bool:
        return any(isinstance(k, str) and (vocab.is_count_name(k) or vocab.is_non_count_name(k))
                   for k in keys)

    def one_kind(v: dict) -> bool:
        return len({"number" if _is_number(x) else type(x).__name__ for x in v.values()
                    if x is not None}) <= 1
    inner = next(iter(obj.values()))
    return all(one_kind(v) for v in obj.values()) and (named(obj) or not named(inner))


def _json_tables(obj: Any) -> Iterator[pd.DataFrame]:
    obj, marked = _chart_marks(obj)

    def mark(t: pd.DataFrame) -> pd.DataFrame:
        if marked:
            t.attrs[CHART_COUNTS] = [c for c in marked if c in t.columns]
        return t

    if isinstance(obj, list):
        if obj and all(isinstance(x, dict) for x in obj):
            yield mark(pd.DataFrame.from_records(obj))
        rows = _rows_of(obj)
        if rows is not None and len(rows) > 1 and all(isinstance(h, str) for h in rows[0]):
            # dpo31: a table written as a list of rows, its header first ([["origin",
            # "n_persons"], ["a", 3]]), passed unread
            yield mark(pd.DataFrame(rows[1:], columns=rows[0]))
        elif rows is not None and all(isinstance(r[0], str) for r in rows) and any(
                _is_number(x) for r in rows for x in r[1:]):
            # dpo50: labelled rows without a header (to_json(orient="values")) passed unread:
            # read, whole numbers as counts, and refused, as what its numbers are is not said
            t = pd.DataFrame(rows)
            t.attrs[TEXT_PROBLEMS] = ["rows of a label and numbers without a header (as "
                                      "to_json(orient='values') writes them): what each "
                                      "column counts is not said"]
            yield mark(t)
        for x in obj:
            if isinstance(x, dict | list):
                yield from _json_tables(x)
        return
    if not isinstance(obj, dict):
        return
    inner = [v for v in obj.values() if isinstance(v, dict)]
    if inner and len(inner) == len(obj) and len({frozenset(v) for v in inner}) == 1 \
            and not any(isinstance(x, dict | list) for v in inner for x in v.values()) \
            and _column_objects(obj):
        # dpo50: pandas' default to_json layout, each column an object keyed by the row
        # labels ({"persons": {"A": 40, "B": 3}}), was read as one-row tables of scalars
        yield mark(pd.DataFrame(obj))
    read_rows: set[str] = set()  # lists read as a table's rows here, not again on their own
    if isinstance(obj.get("columns"), list) and isinstance(obj.get("data"), list):
        try:
            yield pd.DataFrame(obj["data"], columns=obj["columns"],
                               index=obj.get("index") if isinstance(obj.get("index"), list)
                               else None)
            read_rows.add("data")
        except (ValueError, TypeError):
            pass
    head = next((obj[k] for k in _HEADER_KEYS if isinstance(obj.get(k), list)
                 and obj[k] and all(isinstance(h, str) for h in obj[k])), None)
    if head is not None:  # dpo31: {"columns": [...], "values": [[...], ...]} passed unread
        for k, v in obj.items():
            rows = _rows_of(v) if k != "data" else None  # "data": the split layout, above
            if rows is not None and all(len(r) == len(head) for r in rows):
                yield mark(pd.DataFrame(rows, columns=head))
                read_rows.add(k)
    lists = {k: v for k, v in obj.items() if isinstance(v, list) and
             not any(isinstance(x, dict | list) for x in v)}
    if len(lists) >= 2 and len({len(v) for v in lists.values()}) == 1:
        yield mark(pd.DataFrame(lists))
    elif marked or (isinstance(obj.get("type"), str) and lists):
        # a trace's arrays one by one: one array of counts ("y" without "x", a pie's
        # "values"), or arrays of unequal lengths (ec29: a "y" longer than its "x" passed)
        for k in (lists if isinstance(obj.get("type"), str) else marked):
            if k in lists:
                yield mark(pd.DataFrame({k: lists[k]}))
    scalars = {k: v for k, v in obj.items() if not isinstance(v, dict | list)}
    if scalars:
        yield pd.DataFrame([scalars])
    for k, v in obj.items():
        if isinstance(v, list) and k in lists and (len(lists) >= 2 or k in marked
                                                   or isinstance(obj.get("type"), str)):
            continue
        if isinstance(v, dict | list) and k not in read_rows:
            # session 47: rows read under their header above were read again on their own,
            # headerless (dpo50's to_json(orient="values") rule), one finding twice
            yield from _json_tables(v)


# --- LaTeX tables and free text -------------------------------------------------------------


#: a LaTeX table: ``tabular`` (``DataFrame.to_latex``) or a math ``array`` (MathJax shows it)
_LATEX_TABLE = re.compile(r"\\begin\{(tabular|array)\}(\{[^}]*\})?(.*?)\\end\{\1\}", re.S)


def latex_tables(text: str) -> list[pd.DataFrame]:
    """``tabular`` environments of LaTeX output (``DataFrame.to_latex``, Styler) and math
    ``array`` environments (dpo50) as text tables: the first row is the header, rules
    (``\\toprule``, ``\\hline``...) are skipped."""
    out = []
    for m in _LATEX_TABLE.finditer(text):
        body = re.sub(r"\\(toprule|midrule|bottomrule|hline|cline\{[^}]*\})", "", m.group(3))
        rows = [[c.strip() for c in r.split("&")] for r in re.split(r"\\\\", body) if r.strip()]
        rows = [[re.sub(r"\\textbf\{(.*?)\}|\\(\w+)\{(.*?)\}", lambda mm: mm.group(1) or
                        mm.group(3) or "", c).replace("\\", "") for c in r] for r in rows]
        if len(rows) < 2 or len({len(r) for r in rows}) != 1:
            continue
        df = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
        if rows[0][0] == "":
            df = df.set_index(df.columns[0])
            df.index.name = None
        out.append(df)
    return out


def latex_in_text(text: str) -> tuple[list[pd.DataFrame], list[str]]:
    """The LaTeX tables of Markdown or a page's text (:func:`latex_tables`) and, for each that
    cannot be read, why (dpo50: ``to_latex()`` pasted into Markdown, or a math ``array`` that
    MathJax shows, passed as prose)."""
    if "\\begin{" not in text:
        return [], []
    found = _LATEX_TABLE.findall(text)
    tables = latex_tables(text)
    bad = [f"{counted(len(found) - len(tables), 'LaTeX table')} (tabular or array) that "
           "cannot be read as rows of one width"] if len(tables) < len(found) else []
    return tables, bad


def _national_numbers(text: str) -> list[str]:
    """National numbers (formatted, or 11 digits with a valid check) in free text."""
    found = NN_TEXT.findall(text)
    cand = NN_DIGITS.findall(text)
    if cand:
        n = vocab.national_number_like(pd.Series(cand))
        if n:
            found += [c for c in cand if vocab.national_number_like(pd.Series([c]))]
    return found


class _OutputText(HTMLParser):
    """Text of the ``<pre>`` blocks of an HTML page that belong to outputs (an ancestor whose
    class names an output or that carries a ``data-mime-type``; all of them on a page without
    notebook structure), and whether the page looks like a rendered notebook."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.pre = 0
        self.blocks: list[tuple[bool, str]] = []
        self.block_lines: list[int] = []  #: the line (from 1) of each block's ``<pre>``
        self.notebook = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").lower()
        if "jp-cell" in cls or "input_area" in cls or "jp-inputarea" in cls:
            self.notebook = True
        # a class naming an output ("jp-OutputArea", "output_area"); not nbconvert's mark of a
        # cell without outputs ("jp-mod-noOutputs"), whose code input is no output (ec25)
        is_out = any("output" in c and "nooutput" not in c for c in cls.split()) \
            or "data-mime-type" in a
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.stack.append(is_out or (bool(self.stack) and self.stack[-1]))
        if tag == "pre":
            self.pre += 1
            self.blocks.append((bool(self.stack) and self.stack[-1], ""))
            self.block_lines.append(self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag not in ("br", "img", "meta", "link", "input", "hr") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.pre and self.blocks:
            out, txt = self.blocks[-1]
            self.blocks[-1] = (out, txt + data)


#: attributes whose text a reader reads or hears with the page: an image's alternative text, a
#: tooltip, an accessible name (rev25: '<img alt="3 persons entered">' passed)
_SAID_ATTRS = ("alt", "title", "aria-label", "aria-description", "summary")
_SAID_ATTR = re.compile(r"""\b(?:alt|title|aria-label|aria-description|summary)[ \t]*=[ \t]*"""
                        r"""(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


class _MarkdownCellText(HTMLParser):
    """Text of the rendered markdown cells of a notebook's HTML (an ancestor whose class is
    ``jp-MarkdownCell`` or ``text_cell_render``) and of its HTML, Markdown and SVG outputs
    (``data-mime-type``), outside ``<pre>``, ``<table>``, ``<script>``
    and ``<style>``, each piece on its line of the file (:attr:`text`). The runner's glued
    values named in ``flagged`` (already refused as glued counts) are left out, so that one
    small count is not reported twice."""

    _SKIP = ("pre", "table", "script", "style")
    #: outputs whose rendered text is prose too (dpo24: an HTML output's paragraph passed)
    _PROSE_OUTPUTS = ("text/html", "text/markdown", "image/svg+xml")
    _VOID = ("br", "img", "meta", "link", "input", "hr", "col", "source", "wbr")

    def __init__(self, flagged: Iterable[str] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in a markdown cell, skipped)
        self.skip = 0
        self.flagged = set(flagged)
        self.pieces: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        said = [v for k, v in attrs if k in _SAID_ATTRS and v]  # alt, title, aria-label
        if said:  # anywhere on the page: a figure's alt text is read with it (rev25)
            self.pieces.append((self.getpos()[0], " ".join(said)))
        if tag in self._VOID:
            return
        cls = (a.get("class") or "").lower().split()
        inside = ("jp-markdowncell" in cls or "text_cell_render" in cls
                  or a.get("data-mime-type") in self._PROSE_OUTPUTS
                  or bool(self.stack and self.stack[-1][1]))
        skipped = tag in self._SKIP or ("mia-glue" in cls and a.get("data-glue") in self.flagged)
        self.stack.append((tag, inside, skipped))
        self.skip += skipped

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        while self.stack:  # close up to the matching tag (end tags an author omitted)
            t, _, skipped = self.stack.pop()
            self.skip -= skipped
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.skip:
            self.pieces.append((self.getpos()[0], data))

    @property
    def text(self) -> str:
        """The pieces, each starting on its line of the file (lines from 1)."""
        out, line = [], 1
        for ln, data in self.pieces:
            if ln > line:
                out.append("\n" * (ln - line))
                line = ln
            out.append(" " + data)
            line += data.count("\n")
        return "".join(out)


# --- files ----------------------------------------------------------------------------------


def _src(x: Any) -> str:
    return "".join(x) if isinstance(x, list) else str(x or "")


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """``findings`` without repeats: one table of an output read twice (its HTML and its
    Markdown or text) gives one finding, the first, which names the rows' output lines."""
    seen, out = set(), []
    for f in findings:
        key = (f.file, f.where.split(", table")[0], f.rule,
               re.sub(r" (?:at output lines? [\d, .]+|\(output line \d+\))", "", f.detail))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass
class _Context:
    """Settings of one scan and the record of every output checked."""

    min_cell: int = DEFAULT_MIN_CELL
    id_min_rows: int = ID_MIN_ROWS
    id_min_value: int = ID_MIN_VALUE
    outputs: list = field(default_factory=list)  # record entries
    dof_threshold: int = DEFAULT_DOF_THRESHOLD
    #: (file as shown, where) of each PNG or JPEG figure, whose drawn text is not read (ec26)
    figures: list = field(default_factory=list)
    #: (file as shown, where, SHA-256 of its base64 data) of each PNG or JPEG figure, or of its
    #: drawing (:func:`_svg_digest`) of each SVG figure (dpo47), for the comparison with
    #: earlier exports (:func:`released_figures`; dpo46)
    figure_data: list = field(default_factory=list)
    #: (file as shown, where, phrase) of each example marked as one (:func:`strip_examples`)
    #: that would state a small count (ec27)
    examples: list = field(default_factory=list)
    #: (file as shown, table's where, table, tags, integer_counts, record entry) of every table
    #: checked, for the shares whose count is in another table (:func:`linked_share_counts`)
    tables: list = field(default_factory=list)


#: what a text is and the remedy for a small count stated in it, by the kind of text
TEXT_REMEDY: dict[str, tuple[str, str]] = {
    "printed": ("printed text", "a warning's, message's or displayed text's counts are "
                "published with the notebook (run the chapter with "
                "mia_helpers.disclosure.protect_warnings, or print or glue "
                "redact_small_counts(text))"),
    "markdown": ("the Markdown text", "write the marker <{m} or 'fewer than {m}' instead of "
                 "the number (mia_helpers.disclosure.redact_small_counts does it for a "
                 "generated text), or leave the file out"),
    "prose": ("the markdown cell", "glue a suppressed value (e.g. the marker <{m}) instead "
              "of writing the number in the prose"),
    "json": ("a text value", "write the marker <{m} instead of the number, or leave the file "
             "out"),
    "html": ("the page's text", "write the marker <{m} or 'fewer than {m}' instead of the "
             "number, or leave the file out"),
    "metadata": ("the metadata's text", "the metadata is published with the notebook: write "
                 "the marker <{m} or 'fewer than {m}' instead of the number, or remove the "
                 "entry (e.g. with nbstripout or jupyter nbconvert --ClearMetadataPreprocessor)"),
    "figure": ("the figure's drawn text (titles, axis and tick labels, legends, annotations)",
               "draw the marker <{m} or 'fewer than {m}' instead of the number "
               "(mia_helpers.disclosure.redact_small_counts does it for a generated label), "
               "or leave the text out of the figure"),
    "hidden": ("the page's unshown text (a comment, a script, an attribute)", "it leaves with "
               "the page: write the marker <{m} instead of the number, or remove it"),
    "name": ("the file or folder name", "rename it without the number (or with the marker "
             "<{m}), or leave it out"),
    "table": ("a table's text (a column or row label, or a text cell)", "write the marker "
              "<{m} or 'fewer than {m}' instead of the number, or leave the text out"),
    "code": ("the cell's code (its comments and strings)", "the code cells are published "
             "with the notebook and its HTML: write the marker <{m} or 'fewer than {m}' "
             "instead of the number, or leave the comment out"),
}


#: warnings that :func:`mia_helpers.disclosure.protect_warnings` rewrites, refused where a text
#: still holds them raw: (the rewriting function of :mod:`mia_helpers.disclosure`, the rule,
#: what the text states). A model's separation over person-periods: its trials are no count of
#: persons, and "no events where it is 1" is every one of them (dpo25: "0 events in 24 trials"
#: were one school leaver's quarters); the horizons at which an effect's sides show no
#: variation (dpo31).
_WARNING_REDACTIONS = (
    ("withhold_separation_counts", "small_count",
     "states a separation's direction or its events and trials over person-periods (e.g. 'no "
     "events where it is 1 (0 events in 24 trials)'), or the outcome none of a term's rows "
     "have ('none of its rows have that outcome', dpo32), which may rest on fewer persons "
     "than min_cell"),
    ("withhold_flat_horizons", "whole_group",
     "lists the horizons at which the treated or the controls of an effect show no variation "
     "(cumulative incidence 0 or 1): at each, all or none of them had the outcome, of a step "
     "whose matched starters may be fewer than min_cell (dpo31)"),
)


def code_text(source: str) -> str:
    """The comments and string literals of a code cell's ``source``, each on its line (other
    code blanked, so line numbers are the cell's, counted from 1): the text a reader reads in
    the published code (ec25: ``# only 3 persons in Antwerp`` in a code cell passed). The code
    itself is not read as text: ``n = 4`` assigns a parameter. Source that Python's tokenizer
    cannot read (IPython magics, an unterminated string) falls back to everything after a
    ``#`` on each line, and every quoted stretch, which reads more rather than less."""
    n_lines = source.count("\n") + 1
    lines = [""] * n_lines
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _TEXT_TOKENS:
                for i, part in enumerate(tok.string.split("\n")):
                    row = tok.start[0] - 1 + i
                    if 0 <= row < n_lines:
                        lines[row] += " " + part
    except (tokenize.TokenError, SyntaxError):
        for i, line in enumerate(source.split("\n")):
            pieces = re.findall(r"#.*$|\"[^\"]*\"|'[^']*'", line)
            lines[i] = " ".join(pieces)
    # a number in an f-string's braces is printed as the number (rev25: f"{3} persons")
    return re.sub(r"\{[ \t]*(\d+)[ \t]*\}", r"\1", "\n".join(lines))


#: the tokens whose text a reader reads as text: comments and strings (and, from Python 3.12,
#: the literal parts of f-strings, which the tokenizer no longer gives as one string)
_TEXT_TOKENS = tuple(getattr(tokenize, t) for t in ("COMMENT", "STRING", "FSTRING_MIDDLE")
                     if hasattr(tokenize, t))


_HTML_NOT_PROSE = re.compile(r"<(script|style|pre|table)\b.*?</\1\s*>", re.S | re.I)


def html_prose(html: str) -> str:
    """The text of an HTML page outside its scripts, styles, ``<pre>`` blocks and table cells
    (those are read as printed output and as tables; a table's caption is read here), tags
    replaced by spaces and the text of
    their ``alt``, ``title`` and ``aria-label`` attributes (rev25: an image's alternative text
    is read with the page), character references resolved; newlines are kept, so line numbers
    are the file's. Each run of whitespace (``&nbsp;`` included) is then one space, or its
    newlines alone: nested tags around a glued number ("fewer than  <span><b>3</b></span>
    persons") left it more than the phrase reader's two spaces from its words (close25).
    pandas' footer under a table that shows all its rows is no text
    (:func:`_html_frame_footers`, text50)."""
    import html as html_module

    def blank(m: re.Match) -> str:
        if not m.re.groups or m.group(1).lower() != "table":
            return "\n" * m.group(0).count("\n")
        # a table's cells are read as a table, but its caption and its tags' alt, title and
        # summary text only here (ec29: "<caption>3 persons</caption>" and an image's alt
        # text in a cell of a hand-written page passed)
        parts = re.split(r"(<caption\b[^>]*>.*?</caption\s*>)", m.group(0), flags=re.S | re.I)
        return "".join(p if k % 2 else re.sub(r"(?:(?<=>)|^)[^<]+", lambda t: "\n" * t.group(
            0).count("\n") or " ", p) for k, p in enumerate(parts))

    def said(m: re.Match) -> str:  # a tag: its alt, title and aria-label text (rev25)
        words = " ".join(a or b for a, b in _SAID_ATTR.findall(m.group(0)))
        # one space for a tag without such text, as before: a glued number's span must not
        # widen "fewer than <span>3</span> persons" past the reader's two spaces
        return (f" {words} " if words else " ") + "\n" * m.group(0).count("\n")

    text = _HTML_NOT_PROSE.sub(blank, _html_frame_footers(html))
    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    text = re.sub(r"<[^>]*>", said, text)
    return re.sub(r"\s+", _one_space, html_module.unescape(text))


def _one_space(m: re.Match) -> str:
    """A run of whitespace as :func:`html_prose` keeps it: its newlines, or one space."""
    return "\n" * m.group(0).count("\n") or " "


def _vague_note(phrase: str) -> str:
    """What a finding adds after a phrase of a vague count ("a few persons": ec26), whose
    number cannot be read; "" for any other phrase (and for "a couple", which is 2)."""
    m = VAGUE_COUNT.fullmatch(phrase) or VAGUE_ACT.fullmatch(phrase)
    if m is None or re.match(r"a\s+(couple|pair)\b", m.group("word"), re.I):
        return ""
    return " (a vague word for a small count: its number cannot be read)"


#: an example marked as one: the ``{samp}`` role (Sphinx's "sample" literal) in MyST
#: Markdown, and the ``<code class="samp ...">`` it renders to in HTML (ec27)
_EXAMPLE = re.compile(r"(?<!`)\{samp\}`(?P<md>[^`]{1,200})`"
                      r"|<code\b[^>]*\bclass=[\"'](?:[^\"']*\s)?samp[\s\"']"
                      r"[^>]*>(?P<html>.*?)</code\s*>", re.S | re.I)


#: an HTML table of a page or of Markdown's raw HTML, whose cells Sphinx does not parse as
#: MyST: a ``{samp}`` role there is no example but text of the table (ec29)
_HTML_TABLE = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.S | re.I)


def samp_text(text: str) -> str:
    """The text a ``{samp}`` role shows: ``{x}`` (a variable part, emphasised) reads ``x``,
    ``\\{`` and ``\\}`` read ``{`` and ``}``, as Sphinx renders it."""
    out = re.sub(r"(?<!\\)\{([^{}]*)(?<!\\)\}", r"\1", text)
    return out.replace("\\{", "{").replace("\\}", "}")


def strip_examples(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without its marked examples, and (line from 1, text) of each example.

    A page that explains the rules quotes what they refuse ("3 treated", "a few persons"):
    ``book/disclosure.md`` marks each such example with the ``{samp}`` role, which Sphinx
    renders as a literal sample (monospace, ``<code class="samp ...">``). The check does not
    read a marked example as a statement of the page (its place keeps its newlines, so line
    numbers stay the file's); :func:`scan` lists each one that would state a small count for
    the output checker (:attr:`ScanResult.examples`, status ``review``), so a count cannot
    leave unseen behind the mark (ec27). A national number is never an example: a marked text
    holding one is read as it stands."""
    import html as html_module

    found: list[tuple[int, str]] = []
    in_tables = [t.span() for t in _HTML_TABLE.finditer(text)] if "<" in text else []

    def blank(m: re.Match) -> str:
        # the text the role shows: "{samp}`n = {4}`" reads "n = 4" (ec28: the braces of
        # a variable part hid the count from the reader)
        inner = samp_text(m.group("md")) if m.group("md") is not None else re.sub(
            r"<[^>]*>", "", m.group("html"))
        if m.group("md") is not None and any(a <= m.start() < b for a, b in in_tables):
            return inner  # in raw HTML a role is not rendered: its text is the table's (ec29)
        if _national_numbers(html_module.unescape(inner)):
            return m.group(0)
        found.append((text.count("\n", 0, m.start()) + 1,
                      re.sub(r"\s+", " ", html_module.unescape(inner)).strip()))
        return " example " + "\n" * m.group(0).count("\n")

    return _EXAMPLE.sub(blank, text), found


def _examples_read(ctx: _Context, name: str, text: str, where: str = "") -> str:
    """``text`` without its marked examples (:func:`strip_examples`); each example that would
    state a count of persons in (0, min_cell), or a separation's events and trials, is listed
    in ``ctx.examples``."""
    if "samp" not in text:
        return text
    from mia_helpers.disclosure import withhold_separation_counts

    out, found = strip_examples(text)
    for ln, phrase in found:
        if small_count_matches(phrase, ctx.min_cell) \
                or withhold_separation_counts(phrase) != phrase:
            ctx.examples.append((name, (f"{where}, " if where else "") + f"line {ln}", phrase))
    return out


#: the footer pandas prints under a frame cut short ("[2 rows x 30 columns]", text50)
_FRAME_FOOTER = re.compile(r"^\[(\d+) rows x (\d+) columns\][ \t]*$", re.M)
#: the same under its HTML (``<p>2 rows × 30 columns</p>`` right after the table)
_HTML_FRAME_FOOTER = re.compile(
    r"(<table\b(?:(?!<table\b).)*?</table\s*>\s*)<p>\s*(\d+) rows\s*(?:×|&times;|&#215;|x)"
    r"\s*(\d+) columns\s*</p>", re.S | re.I)


def _shows_all(tables: list[pd.DataFrame], rows: int, columns: int) -> bool:
    """Whether ``tables`` are one table of ``rows`` rows, none of them cut ("..." in every
    cell: pandas' mark of rows left out), and of ``columns`` columns or fewer shown beside
    a column "..." (pandas' mark of columns left out)."""
    if len(tables) != 1 or len(tables[0]) != rows:
        return False
    t = tables[0]
    cut = t.astype(str).apply(lambda c: c.str.strip().isin(["...", ".."])).all(axis=1)
    shown = [c for c in t.columns if str(c).strip() != "..."]
    return not cut.any() and (len(shown) == columns == len(t.columns)
                              or (len(shown) < columns and len(shown) < len(t.columns)))


def _frame_footers(text: str) -> str:
    """``text`` without the footers pandas prints under a frame cut short in its columns
    ("[2 rows x 30 columns]", its lines kept empty) where the table just above shows all the
    rows the footer counts (:func:`_shows_all`): it then states nothing the table does not,
    and was read as a count of rows, a count of persons in text (text50: a frame of 2 rows
    was a small count). A footer under a table cut short in its rows, or under none, is
    read."""
    def keep(m: re.Match) -> str:
        above = re.split(r"\n[ \t]*\n|^[ \t]*(?:`{3,}|~{3,}).*$", text[:m.start()].rstrip(),
                         flags=re.M)[-1]  # the block above, in a Markdown fence or not
        return "" if _shows_all(text_tables(above), int(m.group(1)), int(m.group(2))) \
            else m.group(0)

    return _FRAME_FOOTER.sub(keep, text) if "columns]" in text else text


def _html_frame_footers(html: str) -> str:
    """``html`` without pandas' footer ``<p>2 rows × 30 columns</p>`` right after a table
    that shows all the rows it counts (:func:`_frame_footers`, text50)."""
    def keep(m: re.Match) -> str:
        return m.group(1) if _shows_all(html_tables(m.group(1)), int(m.group(2)),
                                        int(m.group(3))) else m.group(0)

    return _HTML_FRAME_FOOTER.sub(keep, html) if "columns" in html else html


def complements_in_text(text: str, min_cell: int) -> list[tuple[int, str]]:
    """Where ``text`` states a count of persons of a stated whole that leaves fewer than
    ``min_cell`` of it out (dpo52): "37 of the 40 starters", "37 out of 40 persons",
    "thirty-seven of the forty starters" tell of 3 without, as "all but 3" does; it passed
    (only the part was read). (line number counted from 1, phrase) for each phrase of
    :func:`mia_helpers.disclosure.small_count_matches`' form "N of M persons" whose
    M - N lies in (0, ``min_cell``). Since dpo53 ``mia_helpers.disclosure.redact_small_counts``
    (and so ``protect_warnings``) rewrites these as the marker states them, "all but <10 of
    the 40 starters", which is not read again here (a number after "<" is a marker's)."""
    from mia_helpers import disclosure

    plain = disclosure._math_plain(disclosure._plain_spacing(text))
    out = []
    for m in disclosure._count_matches(plain):
        names = m.re.groupindex
        whole = "m_det" if "m_det" in names and m.group("m_det") else \
            "m" if "m" in names and m.group("m") else None
        if not whole or "n" not in names or not m.group("n") \
                or plain[max(0, m.start("n") - 1):m.start("n")] == "<" \
                or disclosure._no_complement(m):  # dpo54: "37.5 of the 40 starters"
            continue
        try:  # dpo55: "2.000 von 2.003 Teilnehmern" groups thousands
            left = disclosure._value(m, whole) - disclosure._value(m, "n")
        except ValueError:
            continue
        if 0 < left < min_cell:
            out.append((plain.count("\n", 0, m.start()) + 1, m.group(0)))
    return out


def _text_counts(ctx: _Context, name: str, where: str, texts: list[str],
                 text_kind: str) -> list[Finding]:
    """The ``small_count`` finding of ``texts`` (one, naming each phrase and its lines), or
    none: counts of persons in ``(0, min_cell)`` stated in text
    (:func:`mia_helpers.disclosure.small_count_matches`), with the remedy of ``text_kind``
    (:data:`TEXT_REMEDY`)."""
    lines_of: dict[str, list[int]] = {}  # phrase -> the lines (from 1) stating it
    left = set()  # phrases whose whole minus their count is small (dpo52)
    for text in texts:
        rest = complements_in_text(_frame_footers(text), ctx.min_cell)
        left.update(x for _, x in rest)
        for ln, x in [*small_count_matches(_frame_footers(text), ctx.min_cell), *rest]:
            lines_of.setdefault(x, [])
            if "\n" in text and ln not in lines_of[x]:
                lines_of[x].append(ln)
    if not lines_of:
        return []
    hits = [repr(x) + (f" (line{'s' * (len(v) > 1)} {', '.join(map(str, v[:5]))}"
                       f"{', ...' * (len(v) > 5)})" if v else "")
            + _vague_note(x) + (" (the whole minus the count)" if x in left else "")
            for x, v in lines_of.items()]
    shown = ", ".join(hits[:5]) + (", ..." if len(hits) > 5 else "")
    what, remedy = TEXT_REMEDY[text_kind]
    return [Finding(name, where, "small_count",
                    f"{what} states {counted(hits, 'count')} of persons in (0, "
                    f"{ctx.min_cell}): "
                    f"{shown}; {remedy.format(m=ctx.min_cell)}")]


def _code_findings(ctx: _Context, name: str, where: str, source: str,
                   tags: set[str] = frozenset()) -> list[Finding]:
    """Findings of a code cell's ``source`` (or a rendered notebook's code input): small
    counts of persons and national numbers in its comments and strings (:func:`code_text`).
    The code is published with the notebook, but it is not an output: an entry is added to
    the checking record only when it fails. A cell tagged ``not-person-counts`` is exempt
    from the count rule, as its outputs are."""
    text = code_text(source)
    if not text.strip():
        return []
    found = [] if TAG_EXEMPT in tags else _text_counts(ctx, name, where, [text], "code")
    found += [Finding(name, where, "national_number", f"text holds a national number "
                      f"({nn[:2]}...)") for nn in sorted(set(_national_numbers(text)))]
    if found:
        ctx.outputs.append({"file": name, "where": where, "tables": 0, "status": "fail",
                            "exception": [f"{f.rule}: {f.detail}" for f in found]})
    return found


def table_texts(t: pd.DataFrame) -> list[str]:
    """The text of a table that is not a number: its column and row labels (each level of a
    header or index, and their names) and its text cells, each distinct text once, in order.
    A table's header and labels are published as much as its cells, and a CSV's text cell
    ("only three persons entered") or header ("share (n = 4)") states a count as prose does
    (ec28: they passed; only a Markdown file's pipe tables were read as text, with the file)."""
    out: dict[str, None] = {}

    def add(v: Any) -> None:
        if isinstance(v, tuple):
            for x in v:
                add(x)
        elif isinstance(v, str) and v.strip() and not _NUMBER_TEXT.fullmatch(v):
            # a marked example ({samp}) is read as in the text around the table, where it
            # is listed for review (strip_examples)
            out.setdefault(strip_examples(v)[0] if "samp" in v else v)

    for axis in (t.columns, t.index):
        for n in axis.names:
            add(n)
        if isinstance(axis, pd.MultiIndex) or not pd.api.types.is_numeric_dtype(axis):
            for v in axis:
                add(v)
    for c in range(t.shape[1]):
        col = t.iloc[:, c]
        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            for v in col:  # cells may hold lists or dicts (a JSON record): text only
                add(v)
    return list(out)


#: a cell that is a number or a marker only ("12", "<10", "1,234", "0.25", "x"): no text to read
_NUMBER_TEXT = re.compile(r"\s*[<>≤≥]?\s*[-+]?[\d.,]*\d[\d.,]*\s*%?\s*|\s*[x–-]\s*")


_ALL_WORDS = (r"(?:all|every[ \t]+one[ \t]+of|each[ \t]+of|alle|tous[ \t]+les|toutes[ \t]+les|"
              r"s[äa]e?mtliche)")
_PERSONS_AFTER = (r"(?:(?:the|de|het|les|des|die|der)[ \t]+)?(?:(?!(?:for|of|among|in|per|by|with|"
                  r"from|to|on|voor|van|bij|pour|parmi|par|f[üu]r|bei|unter)\b)[\w'-]+[ \t]+)"
                  r"{0,2}?(?:"
                  + "|".join(vocab.PERSON_NOUNS) + r")(?![\w-])")
#: a whole group stated in words (dpo30c): "all 31 asylum newcomers", "alle 31 nieuwkomers",
#: "tous les 31 demandeurs d'emploi", "100.0 % of the 31 newcomers", "100 % van de
#: werkzoekenden": of a group that it counts (or names), every member did what the sentence
#: says, the class disclosure ``whole_group`` refuses in a table
WHOLE_GROUP_TEXT = re.compile(
    rf"(?i)(?<![\w-]){_ALL_WORDS}[ \t]+(?:(?:the|de|het|die|der)[ \t]+)?\d[\d,.]*[ \t]+"
    rf"{_PERSONS_AFTER}"
    r"|(?<![\w.,])100(?:[.,]0+)?[ \t]*(?:%|per[ \t]?cent|procent|pour[ \t]?cent|prozent)"
    rf"[ \t]+(?:of|van|des|de|du|der|von)[ \t]+(?:(?:all|alle|tous)[ \t]+)?"
    rf"(?:\d[\d,.]*[ \t]+)?{_PERSONS_AFTER}")


#: what the design does to a whole group, said after it ("all 69 transplanted patients found
#: a patient still waiting within the caliper", "all 126 starters were matched"): no attribute
#: of the persons, as the design's subsets pass in a table (:data:`_DESIGN_PART`)
_DESIGN_CLAUSE = re.compile(r"(?i)^[^.;:]{0,80}?(?:match|twin|control|pool|caliper|common "
                            r"support|on support|found a|in the risk set|at risk|followed|"
                            r"dropped|excluded|censored|simulated|generated|drawn|sampled)")


#: a verb in the past (or a perfect) that says what a whole group did or had: "signed",
#: "started", "had", "were", "has left" (not the present of a definition, "every person has an
#: attribute")
_PAST_FORM = (r"(?:had|was|were|did|got|left|found|took|began|went|made|held|lost|kept|quit|"
              r"won|gave|fell|rose|became|been|[a-z]{2,}ed)(?![\w-])")
_PAST_VERB = (r"(?:(?:also|then|later|eventually|ever|already|still|actually|indeed|both)[ \t]+)?"
              r"(?P<verb>" + _PAST_FORM + r"|ha(?:s|ve)[ \t]+(?:(?:also|already|all)[ \t]+)?"
              + _PAST_FORM + r")")
#: nouns of persons whose whole group the design makes (twins, controls, cases, subjects) or
#: that name model terms too ("every control estimated"): not read without a number
_DESIGN_NOUNS = re.compile(r"(?i)^(?:controls?|twins?|cases?|subjects?)$")
#: a whole group stated without its number (dpo31: "every asylum newcomer signed", "all
#: asylum newcomers had a contract", "all of them entered", "everyone in the group signed"):
#: the same class disclosure as :data:`WHOLE_GROUP_TEXT`, whatever the group's size, told by
#: a verb in the past after the group (a definition in the present, "every newcomer is
#: followed", is not read as a finding). "None of them", "no newcomer", "nobody" are not
#: read: a zero is no person, as a zero count in a table (only a zero *without* the
#: attribute is refused there, ``_whole_groups``)
WHOLE_GROUP_WORDS = re.compile(
    r"(?i)(?<![\w-])(?:(?:every|each|all)[ \t]+"
    r"(?:(?:of[ \t]+)?(?:the|these|those|its|their|this|that|our)[ \t]+)?"
    r"(?:(?!(?:of|for|among|in|per|by|with|from|to|on|who|that|which|and|or)\b)[\w'-]+[ \t]+)"
    r"{0,3}?(?P<noun>" + "|".join(vocab.PERSON_NOUNS) + r")(?![\w-])"
    r"|(?:all|each|every[ \t]+one)[ \t]+of[ \t]+them|they[ \t]+all"
    r"|every(?:one|body)(?:[ \t]+(?:in|of|among)[ \t]+"
    r"(?:[\w'-]+[ \t]+){0,3}?(?:group|cohort|cell|sample|ground|origin|class))?"
    r")[ \t]+" + _PAST_VERB
    # Dutch (Flemish registers): "alle asielnieuwkomers tekenden", "elke nieuwkomer heeft
    # getekend"; a verb in the past (-de(n), -te(n)) or a perfect (ge-...)
    + r"|(?<![\w-])(?:alle|elke|iedere)[ \t]+(?:(?:de|het|deze|die)[ \t]+)?"
    r"(?:(?!(?:van|voor|in|met|uit|die|dat|en|of)\b)[\w'-]+[ \t]+){0,3}?"
    r"(?:[\w-]*(?:" + "|".join(vocab.DUTCH_PERSON_NOUNS) + r"))(?![\w-])[ \t]+"
    r"(?P<nlverb>hadden|had|waren|was|kregen|kreeg|begonnen|begon|vonden|vond|gingen|ging|"
    r"[a-z]{2,}(?:den|ten|de|te)|(?:hebben|heeft|zijn|is)[ \t]+(?:al[ \t]+)?ge[a-z]+)"
    r"(?![\w-])")


def whole_groups_in_text(texts: Iterable[str]) -> set[str]:
    """The whole groups ``texts`` state (:data:`WHOLE_GROUP_TEXT`, and without a number
    :data:`WHOLE_GROUP_WORDS`), but not those whose clause says what the design did to them
    (:data:`_DESIGN_CLAUSE`: all starters matched, all patients found a control, no starter
    was dropped): the ``whole_group`` rule of text (dpo30c, dpo31)."""
    found = set()
    for t in texts:
        spans = [m.span() for m in WHOLE_GROUP_TEXT.finditer(t)
                 if not _DESIGN_CLAUSE.match(t[m.end():]) and not found.add(m.group(0))]
        found |= {m.group(0) for m in WHOLE_GROUP_WORDS.finditer(t)
                  if not _DESIGN_CLAUSE.match(t[m.start("verb" if m.group("verb")
                                                        else "nlverb"):])
                  and not (m.group("noun") and _DESIGN_NOUNS.match(m.group("noun")))
                  and not any(a < m.end() and m.start() < b for a, b in spans)}
    return found


_EXTREME_NOUNS = "|".join((*vocab.PERSON_NOUNS, "arrivals?", "registrations?", "entry",
                            "entries", "starts?", "inflows?", "spells?"))
#: an extreme of persons' values stated in text (dpo51): the word (``oldest``, ``youngest``,
#: ``eldest``, ``earliest``, ``latest``, ``first``, ``last``, the Dutch ``oudste``,
#: ``jongste``, ``vroegste``, or a minimum or maximum of an age, birth year, arrival, wage or
#: income), after a worded ordinal too ("second-oldest": mend51, the hyphen hid it), the
#: clause up to a verb, colon or bracket (``rest``), and the number it states (not a share,
#: "20 %", nor a ratio, "3 times")
EXTREME_TEXT = re.compile(
    r"(?i)(?<![\w-])(?:(?P<ordinal>second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"next)[ \t]*-?[ \t]*(?=oldest|youngest|eldest|earliest|latest|first|last))?"
    r"(?P<word>oldest|youngest|eldest|earliest|latest|oudste|jongste|vroegste|first|last|"
    r"(?:minimum|maximum|min\.?|max\.?|highest|lowest)[ \t]+(?:age|birth[ \t]+year|"
    r"year[ \t]+of[ \t]+birth|arrival|wage|income|earnings))(?![\w-])"
    r"(?P<rest>[^.;!?\n]{0,120}?)"
    r"(?:(?<![\w-])(?:was|were|is|are|aged|turned|reached|born|arrived|came|started|entered|"
    r"registered|left|was[ \t]+born)(?![\w-])(?:[ \t]+(?:in|at|aged|age|only|just|about|"
    r"around|already|still))*[ \t]*|[ \t]*[:=][ \t]*|[ \t]*\([ \t]*)"
    r"(?P<value>\d[\d,]*(?:\.\d+)?(?:[ \t]*Q[1-4])?)"
    r"(?![\d.,]*[ \t]*(?:%|‰|per[ \t]?(?:cent|mille)|percent|pp\b|percentage|times|×))")
#: after the word, a noun that the extreme is of (up to two words between, "latest IBO
#: starter"): needed for ``earliest`` and ``latest`` (not "the latest quarter"), and for a
#: minimum or maximum anywhere in its clause (not "a maximum age of 30" for a rule)
_EXTREME_OF_PERSONS = re.compile(
    r"(?i)^[ \t]+(?:(?!(?:of|the|a|an|in|among|was|were|is|are)\b)[^\W\d_][\w-]*[ \t]+){0,2}"
    rf"(?:{_EXTREME_NOUNS})\b")
_PERSONS_IN = re.compile(rf"(?i)\b(?:{_EXTREME_NOUNS})\b")
#: after the word, a band of values rather than one person's ("the oldest age group")
_EXTREME_BAND = re.compile(r"(?i)^[ \t]+(?:[^\W\d_][\w-]*[ \t]+){0,2}?(?:groups?|bands?|"
                           r"cohorts?|categor(?:y|ies)|class(?:es)?|brackets?|quartiles?|"
                           r"terciles?|quintiles?|deciles?)\b")
#: before the word, an ordinal number: the book's bound, "the 10th-latest school leaver"
_ORDINAL_BEFORE = re.compile(r"(?i)\d+(?:st|nd|rd|th|e|ste|de)[ \t-]*$")


#: a range of persons' values stated in text (mend51): its ends are the youngest's and the
#: oldest's values ("ages ranged from 18 to 64", "born between 1950 and 1990", "aged 19-63",
#: "wages from 1,200 to 4,800"): the word of an age, a birth year, a wage, an income or
#: earnings, up to a verb of range and ``from``/``between`` (and "of the starters" between),
#: then two numbers joined by "to", "and" or a dash (not shares, "20-30 %")
_RANGE_WORDS = (r"ages?|aged|born|birth[ \t]+years?|years?[ \t]+of[ \t]+birth|wages?|"
                r"incomes?|earnings")
_RANGE_VERBS = (r"ranged|range[sd]?|ran|varied|var(?:y|ies)|spanned|spans?|went|lay|lie|lies|"
                r"stretched|extended|was|were|is|are|from|between|in|all|only")
RANGE_TEXT = re.compile(
    r"(?i)(?P<be>(?<![\w-])(?:was|were|is|are|been)[ \t]+(?:(?:all|only|both)[ \t]+)?"
    r"|[,(:][ \t]*)?"
    rf"(?<![\w-])(?P<word>{_RANGE_WORDS})(?![\w-])"
    rf"(?P<rest>(?:[ \t]+(?:(?:{_RANGE_VERBS})(?![\w-])|(?:of|among|for)[ \t]+(?:[\w'\u2019-]+[ \t]+)"
    rf"{{0,3}}?[\w'\u2019-]+(?=[ \t]+(?:{_RANGE_VERBS})(?![\w-])|[ \t]*:))){{0,5}}"
    r"[ \t]*:?)[ \t]+(?P<low>\d[\d,]*(?:\.\d+)?)[ \t]*(?:-|\u2013|\u2014|to|and|until|through)"
    r"[ \t]*(?P<high>\d[\d,]*(?:\.\d+)?)(?![\d.,]*[ \t]*(?:%|\u2030|per[ \t]?(?:cent|mille)|"
    r"percent|pp\b|percentage|times|\u00d7))")
#: between a range's word and its numbers, a verb that states it of the persons ("ages
#: ranged from", "the age of the starters was"), or a colon
_RANGE_STATED = re.compile(r"(?i)(?<![\w-])(?:ranged|ranges?|ran|varied|var(?:y|ies)|spanned|"
                           r"spans?|went|lay|lies?|stretched|extended|was|were|is|are)"
                           r"(?![\w-])|:")
#: a clause's word that names persons besides the nouns: "their ages ranged from 18 to 64"
_PERSON_WORDS = re.compile(rf"(?i)\b(?:{_EXTREME_NOUNS}|they|their|them|whom|whose|who|he|"
                           r"she|his|her)\b")
#: a clause that states a rule of selection, not the persons' values: "jobseekers aged 18 to
#: 64 are in scope", "restricted to residents born between 1950 and 1990"
_SELECTION_CLAUSE = re.compile(r"(?i)\b(?:restrict\w*|select\w*|eligib\w*|in[ \t]+scope|"
                               r"defin\w*|criteri\w*|condition\w*|sampled|simulated|"
                               r"generated|drawn|must|may|should|allowed|only[ \t]+if)\b")
#: where a sentence (or clause) ends: not the point of a decimal number
_CLAUSE_END = re.compile(r"[.!?;](?!\d)|\n")


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (up to ``.``, ``!``, ``?``, ``;`` or a line end, not a decimal
    point) around ``text[start:end]`` starts and ends: offsets into ``text``."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def extremes_in_text(texts: Iterable[str]) -> list[tuple[int | None, str]]:
    """The extremes of persons' values that ``texts`` state (:data:`EXTREME_TEXT`; dpo51),
    as (line from 1 where a text has several, else None; phrase): "the oldest of the 4 IBO
    starters in Limburg was 58", "the youngest IBO starter was aged 19", "the earliest
    arrival among the starters came in 2009", "the maximum age of the starters is 64". Each
    is one person's value, whom a reader who knows the group can single out whatever the
    group's size, as ``extreme_value`` refuses a column of them. Not: ``earliest`` or
    ``latest`` of no person, arrival or start ("the window's latest quarter is 2016Q4"), a
    minimum or maximum whose clause names no persons ("a maximum age of 30"), a band ("the
    oldest age group"), a share or ratio ("the youngest were 20 % more likely"), nor the
    book's bound after an ordinal number ("the 10th-latest school leaver").

    mend51: also "the first starter" and "the last starter" with their value (as
    ``earliest`` and ``latest``: of a person, arrival or start), a worded ordinal ("the
    second-oldest starter was 58", which the hyphen hid), and a range of persons' values
    (:data:`RANGE_TEXT`: "their ages ranged from 18 to 64", "were born between 1950 and
    1990", "the starters, aged 19-63, ..."), whose ends are the youngest's and the oldest's,
    where its sentence names persons (a noun of persons or "they", "their", "who"...), it
    is stated of them (after "was", "were", a comma or bracket, or with a verb of range or
    a colon: "ages ranged", "age range of the starters:"), and the sentence states no rule
    of selection ("in scope", "eligible", "defined"...). Not: "quarters 1 to 12" or
    "2005-2016" (no age, birth year, wage or income), a band naming a group ("starters aged
    25-34 entered more often"), a share ("20-30 %")."""
    out: list[tuple[int | None, str]] = []
    for text in texts:
        found: list[tuple[int, int | None, str]] = []  # in the order of the text
        for m in EXTREME_TEXT.finditer(text):
            word, after = m.group("word").lower(), text[m.end("word"):]
            if _ORDINAL_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            if _EXTREME_BAND.match(after):
                continue
            if word in ("earliest", "latest", "vroegste", "first", "last") and not \
                    _EXTREME_OF_PERSONS.match(after):
                continue
            if " " in word and not _PERSONS_IN.search(m.group(0)):
                continue
            line = text.count("\n", 0, m.start()) + 1 if "\n" in text else None
            phrase = re.sub(r"\s+", " ", m.group(0)).strip()
            found.append((m.start(), line, phrase))
        for m in RANGE_TEXT.finditer(text):  # mend51: a range gives both extremes
            a, b = _clause_around(text, m.start(), m.end())
            if not _PERSON_WORDS.search(text[a:b]) or _SELECTION_CLAUSE.search(text[a:b]):
                continue
            # stated of the persons ("were aged 19-63", "ages ranged from", "Aged 19-63,
            # the starters"), not a band naming a group ("starters aged 25-34 entered more")
            opens = not text[a:m.start()].strip()
            if not (m.group("be") or opens or _RANGE_STATED.search(m.group("rest"))):
                continue
            line = text.count("\n", 0, m.start()) + 1 if "\n" in text else None
            phrase = re.sub(r"\s+", " ", m.group(0)).strip(" \t,(:")
            found.append((m.start(), line, phrase))
        for _, line, phrase in sorted(found):
            if (line, phrase) not in out:
                out.append((line, phrase))
    return out


_WHOLE_NUMBER = r"(\d{1,3}(?:[,\u202f\u00a0]\d{3})+|\d+)"
_SHARE_NUMBER = r"(\d+(?:[.,]\d+)?)"
#: a cell that gives a count with its share or its total (dpo52): "3 (7.5%)", "3 (7.5)",
#: "7.5% (3)", "3/40", "3 of 40"; groups: count, share (per cent), total
_COUNT_WITH_SHARE = (
    re.compile(rf"^{_WHOLE_NUMBER}\s*\(\s*{_SHARE_NUMBER}\s*%?\s*\)$"),
    re.compile(rf"^{_SHARE_NUMBER}\s*%\s*\(\s*(?:n\s*=\s*)?{_WHOLE_NUMBER}\s*\)$", re.I),
    re.compile(rf"^{_WHOLE_NUMBER}\s*(?:/|\bof\b|\bvan\b|\bsur\b)\s*{_WHOLE_NUMBER}$", re.I),
)


#: a column label of dates or scores, whose "1/4" or "2008 (1)" is no count (dpo52)
_NOT_COUNT_WITH_SHARE = re.compile(r"(?i)\b(?:dates?|datum|day|dag|jour|month|maand|mois|"
                                   r"score|grade|version|page)\b")
#: a label declaring a count beside its share: "n (%)", "Count (%)", "Number (%)" (dpo52)
_COUNT_BESIDE_SHARE = re.compile(r"(?i)(?:^|[\s_(])(?:n|count|number|aantal|persons)(?:$|[\s_)])")


def _count_with_share(cell: str) -> tuple[float, float | None, int, float | None] | None:
    """(count, share in per cent or None, the share's decimals, total or None) of a cell of
    :data:`_COUNT_WITH_SHARE`, else None."""
    x = cell.strip()
    for kind, pattern in enumerate(_COUNT_WITH_SHARE):
        m = pattern.match(x)
        if not m:
            continue
        whole = [float(re.sub(r"[,\u202f\u00a0]", "", g)) for g in m.groups()]
        if kind == 2:
            return whole[0], None, 0, whole[1]
        n, share_text = (m.group(1), m.group(2)) if kind == 0 else (m.group(2), m.group(1))
        share = float(share_text.replace(",", "."))
        return (float(re.sub(r"[,\u202f\u00a0]", "", n)), share,
                len(share_text.replace(",", ".").partition(".")[2]), None)
    return None


def _split_count_cells(table: pd.DataFrame, min_cell: int
                       ) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """A table whose text columns give counts with their shares or totals ("Entered" over
    "3 (7.5%)", "7.5% (3)", "3/40"; dpo52: such a column was read as labels, and its counts
    passed) with each such column's counts in its place (read as counts by every rule), and
    the findings of the persons each cell leaves out of its total (``complement``: the total
    given, or the one its share implies, minus the count; "37 (92.5%)" tells of 40 persons,
    3 of them without) when that lies in (0, ``min_cell``) for some total the share's
    rounding allows. A column is read so when every cell but markers and blanks is of this
    form. Other tables are returned as they are."""
    out, found = table, []
    for pos in range(table.shape[1]):
        s, label = table.iloc[:, pos], str(table.columns[pos])
        if pd.api.types.is_numeric_dtype(s.dtype) or vocab.is_non_count_name(table.columns[pos]) \
                or _NOT_COUNT_WITH_SHARE.search(label) or (
                    declared_not_persons(table.columns[pos])
                    and not _COUNT_BESIDE_SHARE.search(label)):
            continue
        text = [_cell_text(x) for x in s]
        read = [_count_with_share(x) if x and not MARKER.match(x) else None for x in text]
        if not any(read) or any(r is None and x and not MARKER.match(x)
                                for r, x in zip(read, text, strict=True)):
            continue
        if out is table:
            out = table.copy()
        out.isetitem(pos, pd.Series([f"{r[0]:g}" if r else x for r, x in zip(read, text,
                                                                             strict=True)],
                                    index=table.index, dtype=object))
        small = np.zeros(len(table), bool)
        few = np.array([r is not None and 0 < r[0] < min_cell for r in read])
        if few.any() and declared_not_persons(table.columns[pos]):  # "n (%)": else unread
            found.append(("small_count", f"column {table.columns[pos]!r} gives counts with "
                          f"their share ({_rows_named(table.index, few)}) in (0, {min_cell}); "
                          "suppress them (mia_helpers.disclosure.suppress)"))
        for i, r in enumerate(read):
            if r is None:
                continue
            n, share, dec, total = r
            if total is not None:
                lo = hi = total - n
            elif share and 0 < share < 100:
                half = 0.5 * 10.0 ** -dec
                lo = n * 100 / min(share + half, 100) - n
                hi = n * 100 / max(share - half, 1e-9) - n
            else:
                continue
            small[i] = any(lo - 1e-9 <= k <= hi + 1e-9 for k in range(1, min_cell))
        if small.any():
            col = table.columns[pos]
            found.append(("complement", f"column {col!r} gives counts with their share or "
                          f"total ({_rows_named(table.index, small)}): the total they imply "
                          f"minus the count leaves {fewer_than(min_cell, 'person')} outside "
                          "it; hide the cell (count and share), or publish neither share nor "
                          "total beside it"))
    return out, found


def _check(ctx: _Context, name: str, where: str, tables: list[pd.DataFrame], texts: list[str],
           tags: set[str] = frozenset(), integer_counts: bool = True,
           problems: list[str] = (), nn_only: list[str] = (), first_table: int = 1,
           text_kind: str = "printed") -> list[Finding]:
    """Findings of one output: its ``tables``, the ``texts`` printed with it (national numbers,
    identifier headers of printed tables), ``nn_only`` texts (markup with its tags removed,
    whose tables were read by their structure: national numbers only) and ``problems`` (what
    looked like a table but could not be read). ``text_kind`` is what the texts are, for the
    remedy of a small count stated in them (:data:`TEXT_REMEDY`: ``printed`` output, a
    ``markdown`` file, a notebook's ``prose`` (markdown cells), ``json``)."""
    found: list[Finding] = [
        Finding(name, where, "unreadable_table",
                f"{why}: what cannot be read cannot be checked, so it may not leave; publish "
                "the table as a pipe table, a complete HTML table or a CSV file")
        for why in [*problems, *(p for t in tables for p in t.attrs.get(TEXT_PROBLEMS, ()))]]
    seen: list[tuple] = []
    for ti, t in enumerate(tables, start=first_table):
        label = t.attrs.get("label") if isinstance(t.attrs, dict) else None
        line = t.attrs.get("line") if isinstance(t.attrs, dict) else None
        w = f"table {ti}" + (f" ({label})" if label else "") + (f" at line {line}" if line
                                                                  else "")
        w = f"{where}, {w}" if where else w
        if TAG_EXEMPT not in tags:  # dpo52: counts with their shares in one text cell
            t, parts = _split_count_cells(t, ctx.min_cell)
            found += [Finding(name, w, rule, detail) for rule, detail in parts]
        for rule, detail in check_table(t, ctx.min_cell, TAG_COUNTS in tags, TAG_EXEMPT in tags,
                                        ctx.id_min_rows, ctx.id_min_value, integer_counts,
                                        ctx.dof_threshold):
            found.append(Finding(name, w, rule, detail))
        if effects_rows(t):
            # dpo45: refused whatever its visible counts (it passed when none was small)
            found.append(Finding(name, w, "uncontrolled_output", UNCONTROLLED_EFFECTS))
        if TAG_EXEMPT not in tags:
            seen.append((name, w, t, tags, integer_counts))
        # its labels and text cells are read as text (ec28), unless the texts read below
        # hold them: Markdown's tables are read with its text, a JSON file's with its whole
        # text, and a printed table with the printed text
        if TAG_EXEMPT not in tags and text_kind not in ("markdown", "prose", "json"):
            found += _text_counts(ctx, name, w, [x for x in table_texts(t)
                                                 if not any(x in y for y in texts)], "table")
    if TAG_EXEMPT not in tags:
        found += _text_counts(ctx, name, where, texts, text_kind)
        # texts that protect_warnings rewrites, still in their raw form (see _WARNING_REDACTIONS)
        from mia_helpers import disclosure

        for redact, rule, says in _WARNING_REDACTIONS:
            if any(getattr(disclosure, redact)(t) != t for t in texts):
                what, _ = TEXT_REMEDY[text_kind]
                found.append(Finding(name, where, rule,
                                     f"{what} {says}; print mia_helpers.disclosure.{redact}(text) "
                                     "(protect_warnings does it for warnings)"))
        extremes = extremes_in_text(texts)
        if extremes:  # dpo51: an extreme stated in text passed
            what, _ = TEXT_REMEDY[text_kind]
            shown = ", ".join(repr(x) + (f" (line {ln})" if ln else "")
                              for ln, x in extremes[:5]) + (", ..." if len(extremes) > 5 else "")
            found.append(Finding(name, where, "extreme_value",
                                 f"{what} states {counted(extremes, 'extreme')} of persons' "
                                 f"values ({shown}): each is the value of one person (the "
                                 "oldest, the youngest, the first or last), whom a reader who "
                                 "knows the group can single out, whatever the group's size; "
                                 "state a value that at least min_cell persons reach on "
                                 "either side (the min_cell-th smallest or largest), or leave "
                                 "it out"))
        whole = sorted(whole_groups_in_text(texts))
        if whole:
            what, _ = TEXT_REMEDY[text_kind]
            found.append(Finding(name, where, "whole_group",
                                 f"{what} states a whole group ({'; '.join(whole[:3])}): every "
                                 "person of the group did what it says (class disclosure, "
                                 "whatever the group's size; dpo30c); state it without the "
                                 "whole group (a share hidden as in the table, or no count)"))
    for text in [*texts, *nn_only]:
        for nn in sorted(set(_national_numbers(text))):
            found.append(Finding(name, where, "national_number",
                                 f"text holds a national number ({nn[:2]}...)"))
        if text in texts and not any(f.rule == "person_id_column" for f in found):
            for ident in sorted(set(_text_id_headers(text))):
                found.append(Finding(name, where, "person_id_column",
                                     f"printed table has a column {ident!r}"))
    found = _dedupe(found)
    entry = {"file": name, "where": where, "tables": len(tables),
             "status": "fail" if found else "pass",
             "exception": [f"{f.rule}: {f.detail}" for f in found]}
    ctx.outputs.append(entry)
    ctx.tables += [(*x, entry) for x in seen]
    return found


GLUE_PREFIX = "application/papermill.record/"  # myst-nb's glue(..., display=False) mimetypes
GLUE_ROLE = re.compile(r"\{glue(?::(any|text|md)?)?\}`([^`]+)`")
_NP_INT = re.compile(r"^(?:np\.|numpy\.)?u?int\d*\((-?\d+)\)$")


def glued_values(nb: dict) -> dict[str, tuple[dict, int]]:
    """The values a notebook glued with myst-nb's ``glue``: name -> (mime bundle with the glue
    prefix ``application/papermill.record/`` removed, index of the code cell). Outputs are
    recognised as myst-nb does (``myst_nb.ext.glue.extract_glue_data_cell``): by their
    ``metadata.scrapbook.name``; the last value of a name wins."""
    out: dict[str, tuple[dict, int]] = {}
    for ci, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs") or []:
            sb = (o.get("metadata") or {}).get("scrapbook")
            if not isinstance(sb, dict) or "name" not in sb:
                continue
            prefix = len(sb.get("mime_prefix") or "")
            out[str(sb["name"])] = ({k[prefix:]: v for k, v in (o.get("data") or {}).items()},
                                    ci)
    return out


_NP_FLOAT = re.compile(r"^(?:np\.|numpy\.)?float\d*\((-?\d+)\.0*\)$")


def _glued_int(text: str) -> int | None:
    """The integer a glued ``text/plain`` shows (``4``, ``np.int64(4)``), or None; a whole
    float (``4.0``, ``np.float64(4.0)``, which ``{glue:text}`name:.0f``` shows as 4) and a
    string of digits (``'4'``) are that integer too (dpo50: they passed)."""
    text = text.strip()
    m = _NP_INT.match(text) or _NP_FLOAT.match(text)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"""(['"]?)(-?\d+)(?:\.0*)?\1""", text)
    return int(m.group(2)) if m and not (m.group(1) and "." in text) else None


def _glued_count_name(name: str) -> bool:
    """A glue name names a count of persons when it, or its tail after a prefix such as
    ``ch4_``, is a count name of :mod:`mia_helpers.disclosure_vocabulary` (``ibo5_all_n``,
    ``ch3_n_spells``, ``n_treated``); a non-count name (``n_quarters``, ``..._year``) is not."""
    parts = name.split("_")
    tails = ["_".join(parts[i:]) for i in range(len(parts))]
    if any(vocab.NOT_PERSON_COUNT.match(t) for t in tails):
        return False
    return any(vocab.is_count_name(t) for t in tails)


def _own_threshold(name: str, where: str, run: int, min_cell: int, what: str, said: str
                   ) -> list[Finding]:
    """The finding of an output that states its own ``min_cell`` (``said``: where), as
    :func:`_threshold_below_run` reads a run manifest's: a notebook run outside the chapter
    runner (papermill alone, or the book built with its parameter cell edited) has no
    manifest, and at 5 checked at 10 it passed wherever no count it shows lay in 5 to 9
    (dpo50)."""
    if run == min_cell:
        return []
    if run > min_cell:
        return [Finding(name, where, "min_cell_below_run",
                        f"{what} ran with min_cell={run} ({said}) but the check uses "
                        f"min_cell={min_cell}: cells "
                        f"of {min_cell} to {min_cell_count(run - 1, 'person')} would pass; "
                        f"check it at the run's threshold (export-check --min-cell {run})")]
    return [Finding(name, where, "min_cell_above_run",
                    f"{what} ran with min_cell={run} ({said}) but the check uses "
                    f"min_cell={min_cell}: its "
                    "disclosure control (the steps of its curves, its secondary suppression, "
                    f"its dominance rules) ran at {run}, which the outputs do not show; run "
                    f"the chapter again with -p min_cell {min_cell}")]


def _notebook_thresholds(nb: dict, glued: dict[str, tuple[dict, int]]) -> list[tuple[int, str]]:
    """The ``min_cell`` values an executed notebook states: papermill's parameters in its
    metadata and the glued ``par_min_cell`` of the chapters' prose (dpo50)."""
    out = []
    run = (((nb.get("metadata") or {}).get("papermill") or {}).get("parameters") or {}
           ).get("min_cell") if isinstance(nb.get("metadata"), dict) else None
    if isinstance(run, int) and not isinstance(run, bool):
        out.append((run, "papermill's parameters in its metadata"))
    if THRESHOLD_GLUE in glued:
        v = _glued_int(_src(glued[THRESHOLD_GLUE][0].get("text/plain")))
        if v is not None and v not in {r for r, _ in out}:
            out.append((v, f"its glued {THRESHOLD_GLUE!r}"))
    return out


#: the glue name under which the chapters state their ``min_cell`` in the prose
THRESHOLD_GLUE = "par_min_cell"


GLUE_SPAN = re.compile(r'<span class="mia-glue" data-glue="([^"]+)">([^<]*)</span>')


def resolve_glue(markdown: str, values: dict[str, tuple[dict, int]], mark: bool = False) -> str:
    """Markdown with myst-nb glue roles (``{glue}`name```, ``{glue:text}`name:.1f```,
    ``{glue:md}`name```) replaced by the glued value, formatted as myst-nb formats it
    (``myst_nb.core.variables.format_plain_text``: the format spec after the last colon).
    Roles of names not glued in the notebook, or with a value that cannot be formatted, are
    left as they are. ``mark=True`` wraps each inline value in
    ``<span class="mia-glue" data-glue="name">`` (the runner's HTML), so that export-check
    can check a glued count in a rendering exported without its notebook."""
    import html as _html

    from myst_nb.core.variables import format_plain_text

    def sub(m: re.Match) -> str:
        kind, content = m.group(1) or "any", m.group(2)
        key, spec = content, ""
        if kind == "text" and ":" in content:
            key, spec = content.rsplit(":", 1)
        if "::" in key or key not in values:
            return m.group(0)
        bundle = values[key][0]
        if kind == "md" and "text/markdown" in bundle:
            return _src(bundle["text/markdown"])
        if "text/plain" not in bundle:
            return m.group(0)
        try:
            text = format_plain_text(_src(bundle["text/plain"]), spec or ("s" if kind == "text"
                                                                           else ""))
        except (ValueError, TypeError):
            return m.group(0)
        if not mark:
            return text
        return (f'<span class="mia-glue" data-glue="{_html.escape(key, quote=True)}">'
                f"{_html.escape(text, quote=False)}</span>")

    return GLUE_ROLE.sub(sub, markdown)


FAILED_MARK = "An Exception was encountered at"  # papermill's banner in a failed notebook


def _failed_run(nb: dict) -> str | None:
    """Why a notebook is a failed (partial) run, or None."""
    if ((nb.get("metadata") or {}).get("papermill") or {}).get("exception"):
        return "papermill recorded an exception"
    for ci, cell in enumerate(nb.get("cells", [])):
        if any(o.get("output_type") == "error" for o in cell.get("outputs") or []):
            return f"cell {ci + 1} raised an error"
        if FAILED_MARK in _src(cell.get("source")):
            return "papermill's exception banner"
    return None


#: output mimetypes the check reads (``*json`` ones are walked as JSON, widget views aside)
READ_MIMES = frozenset({"text/plain", "text/html", "text/markdown", "text/latex",
                        "image/svg+xml"})
#: figures, which cannot be read and pass as the book's figures do (module docstring), listed
#: for the output checker (:attr:`ScanResult.figures`)
FIGURE_MIMES = frozenset({"image/png", "image/jpeg"})
#: what the checking record and the summary say of a figure whose text is not read (ec26)
FIGURE_REVIEW = ("figure_text: a PNG or JPEG figure: export-check does not read the text drawn "
                 "in it (titles, axis labels, legends, notes), which can state a count; the "
                 "output checker reads it before release")
#: what the checking record says of a marked example that would state a small count (ec27)
EXAMPLE_REVIEW = ("example: {!r} is marked as an example ({{samp}}, <code class=\"samp\">), "
                  "so it is not read as a count; the output checker confirms that it is one "
                  "(a rule's illustration), not a result, before release")
#: an image inside a page, as a data URI (the runner's HTML embeds its figures so): PNG, JPEG,
#: or any other (GIF, WebP, an SVG as a data URI, which the page's text does not hold)
_IMAGE_URI = re.compile(r"data:image/[\w.+-]+[;,]", re.IGNORECASE)
#: notebook output types; any other is refused
OUTPUT_TYPES = frozenset({"stream", "error", "display_data", "execute_result"})
_HTML_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption\s*>", re.S | re.I)


def _unread_parts(nb: dict, name: str) -> list[Finding]:
    """What a notebook carries that the check cannot read (dpo24: each passed unchecked): an
    output of another mimetype (``text/csv``, ``text/x-rst``, a widget view) or output type,
    a cell's attachments, and the widget state in the notebook's metadata."""
    found: list[Finding] = []
    remedy = ("what cannot be read cannot be checked, so it may not leave; display it as a "
              "table or text (Markdown, HTML, plain text) or a PNG figure, or leave it out")
    if "widgets" in (nb.get("metadata") or {}):
        found.append(Finding(name, "notebook metadata", "unreadable",
                             f"the notebook stores widget state ('widgets'): {remedy}"))
    for ci, cell in enumerate(nb.get("cells") or []):
        if cell.get("attachments"):
            found.append(Finding(name, f"cell {ci + 1}", "unreadable",
                                 f"the cell carries attachments "
                                 f"({', '.join(sorted(map(str, cell['attachments'])))}): "
                                 f"{remedy}"))
        for oi, output in enumerate(cell.get("outputs") or []):
            kind = output.get("output_type")
            where = f"cell {ci + 1}, output {oi + 1}"
            if kind not in OUTPUT_TYPES:
                found.append(Finding(name, where, "unreadable",
                                     f"output of type {kind!r}: {remedy}"))
                continue
            mimes = [k[len(GLUE_PREFIX):] if k.startswith(GLUE_PREFIX) else k
                     for k in (output.get("data") or {})]
            bad = sorted(m for m in mimes if m not in READ_MIMES | FIGURE_MIMES
                         and not (m.endswith("json") and "widget" not in m))
            if bad:
                found.append(Finding(name, where, "unreadable",
                                     f"output of mimetype {', '.join(map(repr, bad))}: "
                                     f"{remedy}"))
    return found


def _metadata_text(meta: Any) -> list[str]:
    """The text values of a notebook's or cell's ``metadata`` (nested dicts and lists; numbers
    and the keys are not read: ``"residents": 5000`` is a parameter)."""
    if isinstance(meta, str):
        return [meta]
    if isinstance(meta, dict):
        return [t for v in meta.values() for t in _metadata_text(v)]
    if isinstance(meta, list):
        return [t for v in meta for t in _metadata_text(v)]
    return []


def _image_digest(data: str) -> str:
    """SHA-256 of an image's base64 text, whitespace removed: the same figure in a notebook
    and in its HTML (a data URI) has the same digest, and so has the same figure drawn by two
    runs from the same data (matplotlib's PNG carries no date)."""
    return hashlib.sha256(re.sub(r"\s+", "", data).encode("ascii", "replace")).hexdigest()


#: what an SVG figure holds besides its drawing: the XML declaration and doctype (nbconvert
#: drops them when it puts the figure inline in a page), comments, and ``<metadata>``
#: (matplotlib writes the drawing's date there)
_SVG_NOT_DRAWING = re.compile(r"<\?xml\b.*?\?>|<!DOCTYPE\b[^>]*>|<!--.*?-->"
                              r"|<metadata\b.*?</metadata\s*>", re.S | re.I)
#: an SVG figure put inline in a page (nbconvert writes a notebook's ``image/svg+xml`` so)
_INLINE_SVG = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)


def _svg_digest(svg: str) -> str:
    """SHA-256 of an SVG figure's drawing (:data:`_SVG_NOT_DRAWING` and whitespace removed),
    for the comparison with earlier exports (:func:`released_figures`; dpo47: an SVG figure
    was not compared, and two drawings of one curve passed together whatever they differed
    by): the same figure in a notebook and inline in its HTML has the same digest."""
    text = re.sub(r"\s+", "", _SVG_NOT_DRAWING.sub("", svg))
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def _figure_findings(ctx: _Context, name: str, where: str, meta: Any,
                     tags: set[str] = frozenset(), data: str | None = None) -> list[Finding]:
    """Findings of one PNG or JPEG figure at ``where``: the text drawn in it, kept by the
    kernel in ``meta`` (:data:`mia_helpers.figure_text.FIGURE_TEXT_KEY`: titles, axis and
    tick labels, legends, annotations), is read with the rules of printed text, one drawn
    text at a time (ec27); a figure without it (or with it in another layout) is listed for
    the output checker (:attr:`ScanResult.figures`, status ``review``; ec26)."""
    if data is not None:
        ctx.figure_data.append((name, where, _image_digest(data)))
    texts = read_figure_text(meta)
    if texts is None:
        ctx.figures.append((name, where))
        return []
    found = _check(ctx, name, f"{where}, figure text", [], texts, tags, text_kind="figure")
    ctx.outputs[-1]["type"] = "figure"
    return found


def _notebook_findings(nb: dict, name: str, ctx: _Context) -> tuple[list[Finding], int]:
    findings: list[Finding] = []
    n_tables = 0
    why = _failed_run(nb)
    if why:
        findings.append(Finding(name, "", "failed_run",
                                f"the chapter did not complete ({why}): a partial run may not "
                                "leave; fix the chapter and run it again"))
    glued = glued_values(nb)
    shown = dict(glued)  # the values the prose is read with (dpo50), less those refused here
    for key, (bundle, ci) in glued.items():
        cell = nb["cells"][ci]
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        v = _glued_int(_src(bundle.get("text/plain")))
        if v is None or TAG_EXEMPT in tags or not (TAG_COUNTS in tags or _glued_count_name(key)):
            continue
        if 0 < v < ctx.min_cell:
            shown.pop(key)
            findings.append(Finding(name, f"cell {ci + 1}", "small_count",
                                    f"glued value {key!r} = {v} is a count of persons in (0, "
                                    f"{ctx.min_cell}) that the prose publishes; glue a "
                                    "suppressed value (e.g. the marker) instead"))
    for run, said in _notebook_thresholds(nb, glued):
        findings += _own_threshold(name, "", run, ctx.min_cell, "the notebook", said)
    findings += _unread_parts(nb, name)
    # rev25: the notebook's and its cells' metadata leave with the .ipynb (a title "3 persons
    # entered in Antwerp" passed); their text values are read as text
    findings += _text_counts(ctx, name, "notebook metadata",
                             _metadata_text(nb.get("metadata")), "metadata")
    for ci, cell in enumerate(nb.get("cells", [])):
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        if TAG_EXEMPT not in tags:
            findings += _text_counts(ctx, name, f"cell {ci + 1}, metadata",
                                     _metadata_text(cell.get("metadata")), "metadata")
        if cell.get("cell_type") in ("markdown", "raw"):  # dpo24: a raw cell is published too
            src = _src(cell.get("source"))
            tables, bad = markdown_tables(src)
            here = f"cell {ci + 1} ({cell.get('cell_type')})"
            # dpo50: the prose as the book shows it, glued values in place ("{glue}`x` persons"
            # read "x persons" and passed); a glued table is read as its output, not again
            prose = resolve_glue(src, {k: v for k, v in shown.items()
                                       if "text/markdown" not in v[0]}) if shown else src
            found = _check(ctx, name, here, tables, [_examples_read(ctx, name, prose, here)],
                           problems=bad, text_kind="prose")
            n_tables += len(tables)
            findings += found + _script_findings(name, here, src)
            continue
        if cell.get("cell_type") != "code":
            continue
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        ec = cell.get("execution_count")
        here = f"cell {ci + 1}" + (f" [In {ec}]" if ec else "")
        findings += _code_findings(ctx, name, f"{here}, source", _src(cell.get("source")), tags)
        for oi, output in enumerate(cell.get("outputs") or []):
            tables: list[pd.DataFrame] = []
            texts: list[str] = []  # parsed for text tables and scanned for identifiers
            free: list[str] = []  # scanned for identifiers only
            kind = output.get("output_type")
            if kind == "stream":  # stdout and stderr
                texts.append(_src(output.get("text")))
            elif kind == "error":
                free.append("\n".join([str(output.get("evalue", ""))] +
                                      [re.sub(r"\x1b\[[0-9;]*m", "", _src(x))
                                       for x in output.get("traceback") or []]))
            # glued outputs (glue(..., display=False): the tables, figures and values that the
            # book pastes into its pages) carry their mimetypes behind GLUE_PREFIX: they are
            # published as much as shown outputs, so they are checked the same way
            data = {(k[len(GLUE_PREFIX):] if k.startswith(GLUE_PREFIX) else k): v
                    for k, v in (output.get("data") or {}).items()}
            problems: list[str] = []
            html = _src(data.get("text/html"))
            if "<table" in html.lower():
                found_html, bad = _html_tables_checked(html, file_lines=True)
                for t in found_html:  # rows by the lines of the output's HTML (ec25); the
                    t.attrs.pop("line", None)  # table by its number in the output, as before
                    if "row_lines" in t.attrs:
                        t.attrs["row_lines"] = _Lines(t.attrs["row_lines"], "output line")
                tables += found_html
                problems += bad
            markup: list[str] = []  # tables read by structure: national numbers only
            if html:
                findings += _script_findings(name, f"{here}, output {oi + 1}", html)
                findings += embedded_data_findings(name, f"{here}, output {oi + 1}", html)
                markup.append(re.sub(r"<[^>]+>", " ", html))
                # dpo24: the text around and above an HTML output's tables (a paragraph, a
                # table's caption) is published as much as a printed line
                free.append(html_prose(html))
                free += [html_prose(c) for c in _HTML_CAPTION.findall(html)]
            if "image/svg+xml" in data:  # an SVG figure's text elements are text
                free.append(html_prose(_src(data["image/svg+xml"])))
                glued_svg = ((output.get("metadata") or {}).get("scrapbook") or {}).get("name")
                ctx.figure_data.append((name, f"{here}, output {oi + 1}"  # dpo47: --released
                                        + (f" (glued {glued_svg})" if glued_svg else ""),
                                        _svg_digest(_src(data["image/svg+xml"]))))
            if "text/markdown" in data:
                md = _src(data["text/markdown"])
                found_md, bad = markdown_tables(md)
                tables += found_md
                problems += bad
                free.append(md)  # its prose too: a glued Markdown sentence is published text
            if "text/latex" in data:
                tables += latex_tables(_src(data["text/latex"]))
                free.append(_src(data["text/latex"]))
            if "text/plain" in data:
                if tables or "text/markdown" in data:
                    free.append(_src(data["text/plain"]))  # the same table, already parsed
                else:
                    texts.append(_src(data["text/plain"]))
            for text in texts:
                tables += text_tables(text)
                problems += _pipe_tables(text.split("\n"))[1]
            meta = output.get("metadata") if isinstance(output.get("metadata"), dict) else {}
            glued = (meta.get("scrapbook") or {}).get("name")
            if FIGURE_MIMES & set(data):
                mime = sorted(FIGURE_MIMES & set(data))[0]
                findings += _figure_findings(ctx, name, f"{here}, output {oi + 1}"
                                             + (f" (glued {glued})" if glued else ""),
                                             meta.get(FIGURE_TEXT_KEY), tags,
                                             _src(data[mime]))
            # the output's other metadata leaves with the notebook too: its text is read (a
            # figure's drawn text, read above, aside; anywhere else that key is text as well)
            read = bool(FIGURE_MIMES & set(data)) \
                and read_figure_text(meta.get(FIGURE_TEXT_KEY)) is not None
            findings += _text_counts(ctx, name, f"{here}, output {oi + 1}, metadata",
                                     _metadata_text({k: v for k, v in meta.items()
                                                     if not (read and k == FIGURE_TEXT_KEY)}),
                                     "metadata") if TAG_EXEMPT not in tags else []
            for t in tables if glued else []:
                t.attrs.setdefault("label", f"glued {glued}")
            texts += free
            for mime, value in data.items():
                if mime.endswith("json") and "widget" not in mime:
                    obj = value if not isinstance(value, str) else _json_or_none(value)
                    tables += list(json_tables(obj))
                    findings += [Finding(name, f"{here}, output {oi + 1} ({mime})"
                                         + (f", {w}" if w else ""), "chart_data", d)
                                 for w, d in chart_data(obj)[1]]
            n_tables += len(tables)
            findings += _check(ctx, name, f"{here}, output {oi + 1}", tables, texts, tags,
                               problems=problems, nn_only=markup)
    return _dedupe(findings), n_tables


def scan_notebook(path: str | Path, min_cell: int = DEFAULT_MIN_CELL,
                  id_min_rows: int = ID_MIN_ROWS, id_min_value: int = ID_MIN_VALUE,
                  display: str | None = None) -> tuple[list[Finding], int]:
    """Check every output of an executed notebook; return (findings, number of tables seen).

    Raises nothing for a file that is unreadable or not a notebook (no list of cells; the
    ValueError is caught): it is one finding, ``unreadable``, with 0 tables seen."""
    path = Path(path)
    name = display or str(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
    except (OSError, ValueError) as err:
        return [Finding(name, "", "unreadable", f"not a notebook: {err}")], 0
    ctx = _Context(min_cell, id_min_rows, id_min_value)
    return _notebook_findings(nb, name, ctx)


#: columns of the ``effects`` command's CSV (mia_helpers.cli.effects), not disclosure-controlled
EFFECTS_CSV_COLUMNS = frozenset({"measure", "estimand", "quarter_since_start", "estimator",
                                 "att_pp", "n_treated", "point_identified", "interval"})
#: the columns by which a table is the ``effects`` command's rows with some columns dropped
#: (dpo46: without ``estimand``, ``estimator`` and ``interval`` they passed with large
#: counts): these three beside one of :data:`EFFECTS_OWN_COLUMNS`, which the command writes
#: and the chapters' protected tables of effects (``quarter_since_start``, ``att_pp``,
#: ``n_treated``, ``estimand``, ``estimator``) do not hold
EFFECTS_CORE_COLUMNS = frozenset({"quarter_since_start", "att_pp", "n_treated"})
EFFECTS_OWN_COLUMNS = frozenset({"point_identified", "interval", "ci_level", "se", "df"})
#: why a table with :data:`EFFECTS_CSV_COLUMNS` is refused, in whatever file (dpo45: the CSV
#: was refused only beside another finding, so one whose counts were all large, or one
#: horizon's, passed with effects resting on two starters who entered)
UNCONTROLLED_EFFECTS = (
    "these are the rows of 'python -m mia_helpers effects', which are not disclosure-"
    "controlled (every horizon's n_treated and every effect unsuppressed, also where it rests "
    "on fewer than min_cell starters or twins who entered or did not, which no column "
    "shows): they are for use inside the secure environment, whatever their counts; take "
    "out the activation_effects chapter's tables instead")


#: the values by which a column is one the ``effects`` command writes, whatever its name
#: (dpo47), as it writes them (lower case, code names; the chapters and Appendix A print
#: labels, "Matched", "Now versus later"): its estimators (both on each horizon), its
#: estimands and its interval methods
EFFECTS_ESTIMATORS = frozenset({"naive", "matched"})
EFFECTS_ESTIMANDS = frozenset({"now_vs_later", "now_vs_never"})
EFFECTS_METHODS = frozenset({"linearized", "bootstrap"})


def effects_rows(table: pd.DataFrame) -> bool:
    """Whether ``table`` is the ``effects`` command's rows (``uncontrolled_output``): by its
    columns' names (:data:`EFFECTS_CSV_COLUMNS`, or :data:`EFFECTS_CORE_COLUMNS` beside one of
    :data:`EFFECTS_OWN_COLUMNS`: dpo45, dpo46), or, the names changed, by what its columns
    hold (dpo47: with every column renamed the rows passed), as the command writes it and no
    chapter table prints it: a column of both estimators (:data:`EFFECTS_ESTIMATORS`: the
    command writes the naive and the matched estimate of each horizon), a column of interval
    methods (:data:`EFFECTS_METHODS`, its ``interval``) beside one of estimands
    (:data:`EFFECTS_ESTIMANDS`), or a column of 0.95 (its ``ci_level``) beside one of True
    and False (its ``point_identified``). Values are compared as written (Appendix A's
    Monte Carlo tables print "Matched" and "Naive", and "linearized" beside "Now versus
    later"). Beside a column named as a count of persons ("Starters", ``n_treated``; dpo48:
    relabelled rows passed), the values are read whatever their case or label
    (:func:`_effects_code`: "Naive"/"Matched", "Now versus later", "Linearized"). A column
    of the estimands' code values beside a count is not enough: Appendix C prints its
    protected effects so (``now_vs_later`` beside starters hidden as ``x``). A table
    of one row is not read by its values: the command writes two rows (naive and matched) of
    each horizon, and a run manifest's parameters (``estimand``, ``interval``) are one row."""
    names = {str(c) for c in table.columns}
    if EFFECTS_CSV_COLUMNS <= names or (EFFECTS_CORE_COLUMNS <= names
                                        and EFFECTS_OWN_COLUMNS & names):
        return True
    if len(table) < 2:
        return False
    held = [{_cell_text(x) for x in table.iloc[:, p]} - {""} for p in range(table.shape[1])]

    def has(test: Callable[[set], bool]) -> bool:
        return any(v and test(v) for v in held)

    if (has(lambda v: v == EFFECTS_ESTIMATORS)
            or (has(lambda v: v <= EFFECTS_METHODS) and has(lambda v: v <= EFFECTS_ESTIMANDS))
            or (has(lambda v: v == {"0.95"}) and has(lambda v: v <= {"True", "False"}))):
        return True
    # dpo48: the values relabelled too ("Naive"/"Matched", "Now versus later", "Linearized")
    # beside a column named as a count of persons ("Starters", "n_treated"): the command's
    # rows; Appendix A's Monte Carlo tables print the same labels beside replications, no
    # persons, and the chapters' tables of effects print the estimators as columns
    if not any(vocab.is_count_name(c) or vocab.is_count_name(book_code(c))
               for c in table.columns):
        return False
    coded = [{_effects_code(x) for x in v} for v in held]
    return (any(v == EFFECTS_ESTIMATORS for v in coded)
            or (any(v and v <= EFFECTS_METHODS for v in coded)
                and any(v and v <= EFFECTS_ESTIMANDS for v in coded)))


def _effects_code(text: str) -> str:
    """A cell of the ``effects`` command's rows as the command writes it, whatever its case or
    label: "Matched", "MATCHED" -> ``matched``; "Now versus later" (:data:`mia_helpers.labels.
    LABELS`) -> ``now_vs_later`` (dpo48)."""
    from mia_helpers.labels import LABELS

    folded = re.sub(r"\s+", " ", text).strip().casefold()
    back = {str(v).casefold(): k for k, v in LABELS.items()
            if k in EFFECTS_ESTIMATORS | EFFECTS_ESTIMANDS | EFFECTS_METHODS}
    return back.get(folded, folded.replace(" ", "_"))


def _delimiter_hint(header: list[str], delim: str) -> str:
    """A remedy for rows of another width than the header when the header holds another
    common delimiter: a semicolon CSV with decimal commas (``share;n`` then ``10,5;40``, as a
    European spreadsheet writes it) was refused as "rows [2, 3] do not have the header's 1
    fields", naming neither the delimiter nor what to do (user36). "" when the header gives
    no sign of another delimiter."""
    text = delim.join(header)
    for other, name in ((";", "';'"), ("\t", "tab"), (",", "','")):
        if other != delim and other in text and len(text.split(other)) > len(header):
            return (f"; the header looks delimited by {name}: write the file again "
                    "delimited by ',' as .csv or by tab as .tsv (a decimal comma is then "
                    "quoted or written as a point)")
    return ""


def _read_csv_strict(path: Path) -> pd.DataFrame:
    """Read a CSV/TSV as text; raise ValueError unless every row has the header's width."""
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError("empty file")
    delim = "\t" if path.suffix.lower() == ".tsv" else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    rows = [r for r in rows if r]
    width = len(rows[0])
    bad = [i + 1 for i, r in enumerate(rows) if len(r) != width]
    if bad:
        raise ValueError(f"{plural(bad, 'row')} {', '.join(map(str, bad[:5]))}"
                         f"{', ...' if len(bad) > 5 else ''} "
                         f"{'does' if len(bad) == 1 else 'do'} not have the header's "
                         f"{counted(width, 'field')}"
                         + _delimiter_hint(rows[0], delim))
    # dpo50: any common delimiter but the file's own, in a .tsv too (pandas' to_csv writes
    # commas into a .tsv by default: one column of "B,3" passed unread) and '|'
    others = [n for o, n in ((",", "','"), ("\t", "tab"), (";", "';'"), ("|", "'|'"))
              if o != delim and any(o in r[0] for r in rows)]
    if width < 2 and len(rows) > 1 and others:
        raise ValueError(f"one column only holding {' and '.join(others)}: wrong delimiter "
                         "(use ',' for .csv, tab for .tsv)")
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def scan_csv(path: str | Path, min_cell: int = DEFAULT_MIN_CELL, id_min_rows: int = ID_MIN_ROWS,
             id_min_value: int = ID_MIN_VALUE, display: str | None = None,
             ctx: _Context | None = None) -> list[Finding]:
    """Check one CSV (or TSV) file; row numbers in the findings are file line numbers."""
    path = Path(path)
    name = display or str(path)
    ctx = ctx or _Context(min_cell, id_min_rows, id_min_value)
    try:
        df = _read_csv_strict(path)
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as err:
        return [Finding(name, "", "unreadable", f"cannot read as CSV cleanly: {err}")]
    df.index = pd.RangeIndex(2, len(df) + 2, name="line")
    found = [Finding(f.file, f.where.replace("table 1", "").strip(", "), f.rule,
                     _csv_detail(f.detail))
             for f in _check(ctx, name, "", [df], [])]
    return found


def _csv_detail(detail: str) -> str:
    """A finding of a CSV's table with its rows named by file line: "(rows 3)" and "(row 3)"
    read "(lines 3)" and "(line 3)" (:func:`_rows_named`)."""
    return detail.replace("(rows ", "(lines ").replace("(row ", "(line ")


def _record_layout(obj: Any) -> str | None:
    """Which known record a parsed JSON file is (this tool's, disclosure's, the runner's
    manifest), or None."""
    if not isinstance(obj, dict):
        return None
    if obj.get("tool") == RECORD_TOOL and set(obj) <= {"tool", "version", "min_cell", "root",
                                                      "timestamp", "status", "results",
                                                      "file_hashes", "scope"}:
        return "export-check record"
    if str(obj.get("version", "")).startswith("mia_helpers.disclosure") and set(obj) == {
            "version", "results"}:
        return "disclosure record"
    return None


def _record_kind(path: Path) -> str | None:
    """:func:`_record_layout` of the JSON file ``path`` ("export-check record", "disclosure
    record"), or None for a file that is no known record or not JSON."""
    try:
        return _record_layout(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _is_record_file(path: Path) -> bool:
    """Whether a JSON file is one of the known checking records (not an output)."""
    try:
        return _record_layout(json.loads(path.read_text(encoding="utf-8"))) is not None
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def _failed_tables(obj: dict, name: str) -> list[Finding]:
    """Tables that :mod:`mia_helpers.disclosure`'s record marks ``fail``, and tables whose entry
    lists ``narrowed`` hidden small counts (status ``review``: a reader of the run's tables
    bounds them more tightly than ``[1, min_cell - 1]``, e.g. dpo24's Sub-Saharan IBO persons
    of chapter 3, ``<13`` but at most 5). Refused since narrow24, when the default book (seed
    2005, ``min_cell`` 10, chapters 1-6, A, B) and dpo24's seed-3737 runs of chapters 2 and 3
    came to list none."""
    out = []
    results = obj.get("results") if isinstance(obj.get("results"), dict) else {}
    if not isinstance(obj.get("results"), dict) or not all(
            isinstance(e, dict) for e in results.values()):  # rev24: a list read as empty
        out.append(Finding(name, "", "disclosure_record",
                           "the disclosure record's 'results' is not an object of table "
                           "entries as the runner writes it (perhaps edited by hand): the "
                           "output checker cannot see what was hidden, nor which tables are "
                           "marked 'fail' or list narrowed counts; re-run the chapter"))
    for key, entry in results.items():
        if isinstance(entry, dict) and entry.get("status") == "fail":
            summary = str(entry.get("summary", ""))
            why = (f" ({summary})" if summary.startswith("fail") else
                   f" (but its summary reads {summary!r}: the record is inconsistent, perhaps "
                   "edited by hand; re-run the chapter)")
            out.append(Finding(name, f"entry {key}", "disclosure_record",
                               f"the disclosure record marks table {entry.get('output', key)!r} "
                               f"'fail'{why}: a hidden small count of it can be recovered "
                               "whatever else the table hides (the relations to other tables "
                               "give it back), so the run may not leave as it is and "
                               "suppressing more cells of it does not help; leave the run out "
                               "of the export, or take the record to the output checker, who "
                               "decides whether that count may leave"))
        narrowed = entry.get("narrowed") if isinstance(entry, dict) else None
        if (isinstance(entry, dict) and not narrowed
                and "; narrowed" in str(entry.get("summary", ""))):
            # rev24: the list dropped or emptied, the summary left as written
            narrowed = ["(the entry's list is empty but its summary reads "
                        f"{str(entry.get('summary'))!r}: the record is inconsistent, perhaps "
                        "edited by hand; re-run the chapter)"]
        if narrowed and entry.get("status") != "fail":
            cells = ", ".join(str(c) for c in (narrowed if isinstance(narrowed, list)
                                               else [narrowed]))
            out.append(Finding(name, f"entry {key}", "disclosure_record",
                               f"the disclosure record lists hidden small counts of table "
                               f"{entry.get('output', key)!r} as narrowed ({cells}; rows "
                               "counted from 1): a reader of the run's tables bounds each "
                               "more tightly than its marker's [1, min_cell - 1], from totals "
                               "the reader knows (often a table published before it), and no "
                               "further cell of that table can widen it. Remedy: have the "
                               "table holding those totals take part in the suppression (withhold the total, as "
                               "chapter 3's composition table does for the RRR table: "
                               "competing.composition_withheld), re-run the chapter, or take "
                               "the record to the output checker, who decides whether the "
                               "narrowed counts may leave; the run may not leave as it is"))
    return out


def _is_notebook(obj: Any) -> bool:
    """Whether a parsed JSON value is a Jupyter notebook (nbformat 4: ``cells`` and
    ``nbformat``), whatever the file's name."""
    return isinstance(obj, dict) and isinstance(obj.get("cells"), list) and "nbformat" in obj


def _plain_build_hashes(obj: Any, name: str) -> list[Finding]:
    """A run manifest that publishes the plain SHA-256 or size of a panel build file
    (:data:`mia_helpers.manifest.BUILD_FILES`), as manifests written before dpo24 did: the
    reader rebuilds ``exclusion_log.csv`` from chapter 1's exclusion table and tries its
    hidden counts against the hash."""
    from mia_helpers.manifest import BUILD_FILES

    files = ((obj.get("data") or {}).get("files") if isinstance(obj, dict)
             and isinstance(obj.get("data"), dict) else None)
    if not isinstance(files, dict):
        return []
    def what(entry: dict) -> str:
        return " and ".join(k for k in ("sha256", "bytes") if k in entry)

    return [Finding(name, f"data.files[{n!r}]", "plain_hash",
                    f"the manifest publishes the plain {what(files[n])} of {n}, whose "
                    "content the run's tables publish but for the hidden "
                    "counts: trying those against it gives them back; run the chapter again "
                    "(this version keys the digest with the data)")
            for n in BUILD_FILES if isinstance(files.get(n), dict)
            and ({"sha256", "bytes"} & set(files[n]))]


#: keys of a data file's entry that tell its size or rows (rev25: only ``bytes`` was read; a
#: manifest written by hand or another tool says "size" or "rows")
_SIZE_KEYS = frozenset({"bytes", "size", "nbytes", "size_bytes", "file_size", "filesize",
                        "length", "rows", "n_rows", "nrows", "num_rows", "row_count",
                        "n_records", "records"})


def _data_sizes(obj: Any, name: str) -> list[Finding]:
    """A run manifest (``manifest_version``) that publishes the byte size of a data file
    (``data.files``, or a data file among ``inputs``), as manifests written before ec25 did:
    a small file's size tells how many rows it holds (a register of 3 rows is a Parquet file
    of a few kilobytes, and the manifest records the writer's version), a count the chapters
    hide as ``<min_cell``. The SHA-256 stays: it identifies the file and gives nothing back of
    data a reader cannot rebuild (persons' pseudonymised rows)."""
    from mia_helpers.manifest import BUILD_FILES  # their plain size is a plain_hash finding

    if not isinstance(obj, dict):
        return []
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    if "manifest_version" not in obj and not isinstance(data.get("files"), dict):
        return []  # rev25: a manifest without its version but with data.files is read too
    places = [("data.files", data.get("files"), False), ("inputs", obj.get("inputs"), True)]
    out = []
    for where, files, only_data in places:
        if not isinstance(files, dict):
            continue
        sized = sorted(str(n) for n, e in files.items() if isinstance(e, dict)
                       and _SIZE_KEYS & {str(k).lower() for k in e}
                       and n not in BUILD_FILES and (not only_data or Path(str(n)).suffix.lower() in
                            DATA_SUFFIXES | {".csv", ".tsv", ".txt"}))
        if sized:
            out.append(Finding(name, where, "data_size",
                               "the manifest publishes the size or rows of "
                               f"{counted(sized, 'data file')} "
                               f"({', '.join(sized[:5])}{', ...' * (len(sized) > 5)}):"
                               " a small file's size tells how many rows it holds; run the "
                               "chapter again (this version records hashes only)"))
    return out


def _json_strings(obj: Any) -> list[str]:
    """The strings (keys and values) of a JSON value that hold a line break or a tab, which
    its JSON text writes as escapes ("drie\\npersonen")."""
    if isinstance(obj, str):
        return [obj] if ("\n" in obj or "\t" in obj or "\r" in obj) else []
    if isinstance(obj, dict):
        return [x for k, v in obj.items() for x in _json_strings(k) + _json_strings(v)]
    if isinstance(obj, list):
        return [x for v in obj for x in _json_strings(v)]
    return []


def scan_json(path: Path, name: str, ctx: _Context) -> tuple[list[Finding], int]:
    """Check one JSON file: a notebook (by its layout) as a notebook, a known record by its
    layout, anything else by its tables and text. Returns (findings, tables seen); a file that
    does not parse is ``unreadable``."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as err:
        return [Finding(name, "", "unreadable", f"cannot read as JSON: {err}")], 0
    if _is_notebook(obj):  # an executed notebook saved or renamed as .json
        return _notebook_findings(obj, name, ctx)
    if _record_layout(obj) == "disclosure record":
        return _failed_tables(obj, name), 0
    if _record_layout(obj):
        return [], 0
    tables = list(json_tables(obj))
    found = _plain_build_hashes(obj, name) + _data_sizes(obj, name)
    found += [Finding(name, w, "chart_data", d) for w, d in chart_data(obj)[1]]
    for ti, t in enumerate(tables):
        one_row_scalars = len(t) == 1
        found += _check(ctx, name, "", [t], [], integer_counts=not one_row_scalars,
                        first_table=ti + 1, text_kind="json")  # its text: read below
    # its text as written, accents and all (ec29: "\u00e9\u00e9n persoon" of json.dumps'
    # ASCII escapes passed), and each string that holds a line break or tab as text
    texts = [json.dumps(obj, ensure_ascii=False)] + _json_strings(obj)
    found += _check(ctx, name, "", [], texts, text_kind="json")
    return _dedupe(found), len(tables)


def _image_where(text: str, m: re.Match) -> str:
    """Where an image of :data:`_IMAGE_URI` stands in a page, for the list of figures whose
    text is not read (ec26): its line (from 1) and its tag's ``alt`` and ``id``, as the
    runner writes them ("image at line 4886 (Figure 1, fig-effects-support)")."""
    tag = text[text.rfind("<", 0, m.start()):m.start()]
    tag = "" if ">" in tag or "<" not in tag else tag  # inside a tag, or none (Markdown)
    if tag:  # the whole tag: the runner writes alt after src
        tag += text[m.start():text.find(">", m.start()) + 1 or len(text)]
    named = [v for k in ("alt", "id") for v in
             re.findall(rf"""\b{k}[ \t]*=[ \t]*["']([^"'<>]{{1,80}})["']""", tag)[:1]]
    return (f"image at line {text.count(chr(10), 0, m.start()) + 1}"
            + (f" ({', '.join(named)})" if named else ""))


class _ImgTags(HTMLParser):
    """The start tags of a page, as a browser reads them: (start offset, end offset,
    attributes) of each tag that has an attribute :data:`mia_helpers.figure_text.HTML_ATTR`
    (quoted either way, its JSON escaped or not: nbconvert rewrites the runner's tag)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        for line in text.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.tags: list[tuple[int, int, dict[str, str | None]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if HTML_ATTR in found:
            line, col = self.getpos()
            start = self.starts[line - 1] + col
            self.tags.append((start, start + len(self.get_starttag_text() or ""), found))

    handle_startendtag = handle_starttag


class _HiddenText(HTMLParser):
    """The text a page carries but does not show (ec28: each passed unread): its comments,
    the bodies of its scripts, and the values of attributes other than those of layout and
    links (``data-*``, a ``<meta>``'s ``content``...; ``alt``, ``title`` and ``aria-label``
    are read with the prose, a figure's drawn text with the figure). Each in :attr:`texts`."""

    #: attributes that hold layout, links, identifiers or what is read elsewhere
    _SKIP = frozenset({"class", "style", "id", "src", "href", "type", "tabindex", "lang",
                       "charset", "data-mime-type", "data-type", "data-glue", "rel", "width",
                       "height", "colspan", "rowspan", "align", "valign", "role", "xmlns",
                       "crossorigin", "integrity", "dir", "for", HTML_ATTR, *_SAID_ATTRS})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.script = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [v for k, v in attrs if v and k.lower() not in self._SKIP
                       and not k.lower().startswith("aria-")]
        self.script += tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script:
            self.script -= 1

    def handle_data(self, data: str) -> None:
        if self.script and data.strip():
            self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        if data.strip():
            self.texts.append(data)


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_NUM_JS = r"""["']?[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?["']?"""
#: what a chart's data look like in a script (ec28b): an array of two or more numbers (Plotly's
#: ``"y": [3, 40, 55]``, Chart.js, D3), an array of records with numbers (Vega's ``"values":
#: [{"x": 1, "n": 3}, ...]``), and the binary arrays of Plotly (``"bdata"``) and Bokeh
#: (``"__ndarray__"``)
_SCRIPT_DATA = (
    (re.compile(r"\[\s*" + _NUM_JS + r"(?:\s*,\s*" + _NUM_JS + r")+\s*,?\s*\]"),
     "an array of numbers"),
    (re.compile(r"\[\s*\{[^{}\[\]]*?:\s*" + _NUM_JS + r"\s*[,}][^{}\[\]]*?\}?\s*,\s*\{"),
     "an array of records with numbers"),
    (re.compile(r"""["']bdata["']\s*:"""), "a binary-encoded array (Plotly's bdata)"),
    (re.compile(r"__ndarray__"), "a binary-encoded array (Bokeh's __ndarray__)"),
)
SCRIPT_REMEDY = ("a chart's data travel with the page, and export-check cannot tell which of "
                 "its numbers are counts of persons; export the figure as a PNG through the "
                 "chapter runner (python -m mia_helpers chapter NAME ... --out DIR, which keeps "
                 "the figure's drawn text for this check) or publish its data as a CSV table "
                 "that export-check reads, and remove the script")


def script_data(html: str) -> list[tuple[int, str, str]]:
    """The scripts of an HTML page (or of the HTML in a Markdown file or a notebook's output)
    whose text carries chart data (:data:`_SCRIPT_DATA`: a Plotly, Vega, Chart.js or Bokeh
    figure's arrays), as (line of the ``<script>`` tag, what was found, an excerpt). The
    runner's scripts (MathJax's configuration, its module script) carry none."""
    out = []
    for m in _SCRIPT.finditer(html):
        body = m.group(2)
        for pattern, what in _SCRIPT_DATA:
            hit = pattern.search(body)
            if hit:
                excerpt = re.sub(r"\s+", " ", hit.group(0))
                out.append((html.count("\n", 0, m.start()) + 1, what,
                            excerpt[:40] + ("..." if len(excerpt) > 40 else "")))
                break
    return out


#: data embedded in a page as a data URI that is no image nor font (dpo31: an ``<iframe
#: src="data:text/html;base64,...">`` holding a table of 3 persons, or a download link
#: ``href="data:text/csv,..."``, passed unread): base64 or percent-encoded text the check
#: does not decode
_DATA_URI = re.compile(r"(?<![\w.-])data:(?!image/|font/|application/(?:x-)?font)"
                       r"(?P<type>[\w.+-]+/[\w.+-]+)?(?:;[\w.+=-]+)*,", re.IGNORECASE)


def embedded_data_findings(name: str, where: str, text: str) -> list[Finding]:
    """``unreadable`` findings of the data URIs of a page (:data:`_DATA_URI`: text, a table, a
    page or a file embedded as ``data:...``, other than an image, read as a figure, and a
    font): what cannot be read cannot be checked, so it may not leave (dpo31)."""
    out = []
    for m in _DATA_URI.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        out.append(Finding(name, f"{where}, line {line}" if where else f"line {line}",
                           "unreadable",
                           f"embedded data ({m.group(0)[:40]}...; type "
                           f"{m.group('type') or 'none'}) is not read: what cannot be read "
                           "cannot be checked, so it may not leave; publish it as a CSV, "
                           "Markdown or HTML table beside the page, or remove it"))
    return out


def _script_findings(name: str, where: str, html: str) -> list[Finding]:
    """``script_data`` findings of the scripts of ``html`` that carry chart data (ec28b: a
    hand-written page's Plotly figure was read only as prose)."""
    return [Finding(name, f"{where}, script at line {line}" if where else
                    f"script at line {line}", "script_data",
                    f"the script carries chart data ({what}: {excerpt}): {SCRIPT_REMEDY}")
            for line, what, excerpt in script_data(html)]


def _page_figures(ctx: _Context, name: str, text: str) -> list[Finding]:
    """Findings of the images of an HTML or Markdown page (:data:`_IMAGE_URI`): an image whose
    tag keeps the figure's drawn text (:data:`mia_helpers.figure_text.HTML_ATTR`, written by
    the chapter runner's HTML; ec27) is read as a notebook's figure is
    (:func:`_figure_findings`); any other is listed for review. The icons of nbconvert's
    template in the ``<head>`` of the runner's page (CSS data URIs, about a hundred) are no
    figures of the run and are not listed (the outputs are in the ``<body>``, and a runner's
    page edited after the run is refused as ``edited_output``)."""
    tags = _ImgTags(text).tags if HTML_ATTR in text else []
    head_end = text.find("</head>") if RUNNER_HTML_MARK in text else -1
    found: list[Finding] = []
    for m in _IMAGE_URI.finditer(text):
        if m.start() < head_end:
            continue
        kept = next((attrs[HTML_ATTR] for a, b, attrs in tags if a < m.start() < b), None)
        end = re.search(r"[\"')>]", text[m.end():])
        uri = text[m.end():m.end() + end.start() if end else len(text)]
        found += _figure_findings(ctx, name, _image_where(text, m), kept,
                                  data=uri.split(",", 1)[-1])
    for m in _INLINE_SVG.finditer(text):  # dpo47: an inline SVG figure, for --released
        if m.start() > head_end:
            ctx.figure_data.append((name, f"SVG figure at line "
                                    f"{text.count(chr(10), 0, m.start()) + 1}",
                                    _svg_digest(m.group(0))))
    return found


def scan_html(path: Path, name: str, ctx: _Context) -> tuple[list[Finding], int]:
    """Check one rendered HTML page (``name`` as reported): its tables and output text by the
    rules of ``ctx``, its glued counts of persons, and whether it renders a run that did not
    complete. Returns the findings and the number of tables read; a file that cannot be read
    as UTF-8 HTML is an ``unreadable`` finding (it is refused, never passed)."""
    try:
        html = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Finding(name, "", "unreadable", f"cannot read as HTML: {err}")], 0
    if FAILED_MARK in html:
        return [Finding(name, "", "failed_run", "rendering of a chapter that did not complete: "
                        "a partial run may not leave")], 0
    tables, problems = _html_tables_checked(html, file_lines=True)
    found_figures = _page_figures(ctx, name, html)
    found_figures += _script_findings(name, "", html) + embedded_data_findings(name, "", html)
    found_figures += _text_counts(ctx, name, "unshown text", _HiddenText(html).texts,
                                  "hidden")
    p = _OutputText()
    p.feed(html)
    p.close()
    texts = [t for out, t in p.blocks if out or not p.notebook]
    for t in texts:
        tables += text_tables(t)
    found_tex, bad_tex = latex_in_text(html_prose(html))  # dpo50: a LaTeX table in its text
    tables += found_tex
    problems = [*problems, *bad_tex]
    plain = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S | re.I)
    found = _check(ctx, name, "", tables, texts, problems=problems,
                   nn_only=[re.sub(r"<[^>]+>", " ", plain)]) + found_figures
    if p.notebook:  # the code cells' input (ec25: their comments were not read)
        inputs = [(code, line) for (out, code), line in zip(p.blocks, p.block_lines,
                                                             strict=True) if not out]
        for k, (code, line) in enumerate(inputs, start=1):  # its lines: from the <pre> tag's
            found += _code_findings(ctx, name, f"code input {k} at file line {line}", code)
    if not p.notebook:  # a hand-written page: its prose states counts as Markdown does (late23)
        found += _check(ctx, name, "", [], [html_prose(_examples_read(ctx, name, html))],
                        text_kind="html")
    flagged = []
    for v in {_glued_int(text) for key, text in GLUE_SPAN.findall(html) if key == THRESHOLD_GLUE}:
        if v is not None:  # dpo50: the page states the threshold it ran at
            found += _own_threshold(name, "prose", v, ctx.min_cell, "the page",
                                    f"its glued {THRESHOLD_GLUE!r}")
    for key, text in GLUE_SPAN.findall(html):  # glued values of the runner's rendering
        v = _glued_int(text.replace(",", ""))
        if v is not None and 0 < v < ctx.min_cell and _glued_count_name(key):
            flagged.append(key)
            found.append(Finding(name, "prose", "small_count",
                                 f"glued value {key!r} = {v} is a count of persons in (0, "
                                 f"{ctx.min_cell}) that the prose publishes"))
    if p.notebook:  # a rendered notebook: the prose of its markdown cells, glued values shown
        cells = _MarkdownCellText(flagged)
        # a marked example (<code class="samp">, as the runner writes a {samp} role) is read
        # as in the notebook: listed for review, not as the page's statement (ec28)
        cells.feed(_examples_read(ctx, name, html, "prose"))
        cells.close()
        found += _check(ctx, name, "prose", [], [_examples_read(ctx, name, cells.text, "prose")],
                        text_kind="prose")
    return found, len(tables)


def scan_markdown(path: Path, name: str, ctx: _Context) -> tuple[list[Finding], int]:
    """Check one Markdown file (``name`` as reported): its pipe tables and its text by the
    rules of ``ctx``. Returns the findings and the number of tables read; a file that cannot
    be read as UTF-8 text is an ``unreadable`` finding (refused, never passed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [Finding(name, "", "unreadable", f"cannot read as Markdown: {err}")], 0
    tables, problems = markdown_tables(text)
    found_figures = _page_figures(ctx, name, text) + _script_findings(name, "", text)
    found_figures += embedded_data_findings(name, "", text)
    return _check(ctx, name, "", tables, [_examples_read(ctx, name, text)], problems=problems,
                  text_kind="markdown") + found_figures, len(tables)


@dataclass
class ScanResult:
    """What :func:`scan` looked at and what it found."""

    findings: list[Finding]
    notebooks: int = 0
    tables: int = 0
    csv_files: int = 0
    files: int = 0
    checked: int = 0  #: files whose content was read and checked (not refused, not a record)
    assets: int = 0  #: files of the run's MathJax copy, identical to the local one (static_asset)
    #: checking records found (not counted in ``files``): (path as shown, what it is),
    #: :func:`scan`
    records: list = field(default_factory=list)
    outputs: list = field(default_factory=list)
    #: (file as shown, where) of every PNG or JPEG figure: its drawn text (titles, axis
    #: labels, legends, notes) cannot be read, so the output checker reads it (ec26;
    #: :data:`FIGURE_REVIEW`). Listed, not refused: the book's figures are drawn from
    #: suppressed data, and a figure's data the check reads is kept in a table
    figures: list = field(default_factory=list)
    #: (file as shown, where, phrase) of every marked example that would state a small count
    #: (:func:`strip_examples`): not refused, listed for the output checker (ec27)
    examples: list = field(default_factory=list)
    #: (file as shown, table's where, table, tags, integer_counts) of every table checked, for
    #: the comparison with earlier exports (:func:`released_differences`; dpo32)
    table_data: list = field(default_factory=list)
    #: (file as shown, where, digest) of every PNG, JPEG or SVG figure, for the same comparison
    #: (:func:`released_figures`; dpo46)
    figure_data: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the scan found nothing: the run folder may leave."""
        return not self.findings


#: smallest threshold export-check accepts: with 1 no count lies in (0, min_cell), so the count
#: rules could never fail and a pass would certify nothing
MIN_CELL_FLOOR = 2


def _check_min_cell(min_cell: object, where: str = "export_check.scan",
                    name: str = "min_cell") -> int:
    """``min_cell`` as an int, or ``ValueError`` naming ``where``, ``name`` and the value:
    the package's one rule (:func:`mia_helpers.disclosure.check_min_cell`: a whole number,
    10.0 read as 10) with the floor :data:`MIN_CELL_FLOOR`."""
    from mia_helpers.disclosure import check_min_cell  # here: keeps the imports above as they are

    return check_min_cell(min_cell, where, floor=MIN_CELL_FLOOR, name=name,
                          why="with 1 no count lies in (0, min_cell), so the check would pass "
                              "anything")


#: chapters whose notebook protects no table (the runner writes no disclosure record for them)
NO_RECORD_CHAPTERS = frozenset({"B_reproducibility"})


def _edited_outputs(manifests: list[tuple[Path, dict]], base: Path) -> list[Finding]:
    """``edited_output``: a file of a chapter run folder whose SHA-256 differs from the one
    the runner stored in the folder's ``manifest.json`` (key ``outputs``: the notebook, its
    HTML and the disclosure record, hashed after they were written). user25: a notebook whose
    table was edited by hand passed whenever the edit left no small count, though it no
    longer showed what the chapter computed and its record had checked."""
    out = []
    for m, man in manifests:
        written = man.get("outputs")
        if not isinstance(written, dict):
            # dpo46: read as a run made before the runner stored its outputs' hashes, a
            # manifest whose 'outputs' were removed let an edited notebook pass; dpo47: and
            # an edited HTML rendering beside it alone (any notebook or page of the folder)
            if any(p.is_file() and p.suffix.lower() in (".ipynb", ".html", ".htm")
                   for p in m.parent.iterdir()):
                out.append(Finding(
                    str(m.relative_to(base)), "outputs", "edited_output",
                    "the run's manifest.json records no SHA-256 of the outputs the chapter "
                    "runner wrote ('outputs', written by every run since user25: the "
                    "manifest was edited, or is an older version's), so an output edited by "
                    "hand cannot be told; run the chapter again with python -m mia_helpers "
                    "chapter into an empty --out folder and export the folder as written"))
            continue
        for name, entry in sorted(written.items()):
            p = m.parent / str(name)
            stored = entry.get("sha256") if isinstance(entry, dict) else None
            now = _file_hash(p)
            if now is not None and stored is None:  # dpo46: a hash removed by hand
                out.append(Finding(
                    str(p.relative_to(base)), "", "edited_output",
                    "the run's manifest.json lists it among the outputs without its SHA-256 "
                    "(the runner stores one for each): whether it was edited by hand cannot "
                    "be told; run the chapter again into an empty --out folder and export "
                    "the folder as written"))
                continue
            if stored is None or now is None or now["sha256"] == stored:
                continue
            out.append(Finding(
                str(p.relative_to(base)), "", "edited_output",
                "changed since the chapter runner wrote it (the run's manifest.json stores "
                "its SHA-256): an output edited by hand no longer shows what the chapter "
                "computed and its disclosure record checked; never edit outputs by hand: run "
                "the chapter again into an empty --out folder and export the folder as written"))
    return out


def _unrecorded_outputs(files: list[Path], manifests: list[tuple[Path, dict]], base: Path,
                        records: set[str]) -> list[Finding]:
    """``unrecorded_output`` (dpo46): a file in a chapter run folder (or a sub-folder of it)
    whose ``manifest.json`` stores the hashes of the runner's outputs (``outputs``) that is
    neither one of them, nor the manifest, a checking record (``records``, as shown) or a
    file of the run's MathJax copy (:func:`static_asset`). The runner writes nothing else,
    so it was put there after the run: an effects table saved from the notebook and edited
    (167 starters made 168) passed, checked on its content as if the run had made it, though
    no hash tells whether it still shows what the run computed. A file in a deeper run folder
    belongs to that run."""
    runs = {m.parent: man.get("outputs") for m, man in manifests
            if isinstance(man.get("outputs"), dict)}
    out = []
    known: dict[Path, bool] = {}  # folder -> holds the runner's manifest (read once)

    def is_run(f: Path) -> bool:
        if f not in known:
            known[f] = (f / "manifest.json").is_file() and _run_manifest(f) is not None
        return known[f]

    for p in files:
        shown = str(p.relative_to(base))
        owner = next((f for f in p.parents if (f == base or base in f.parents)
                      and is_run(f)), None)  # a run folder inside the checked folder
        if owner not in runs or shown in records or static_asset(p, shown):
            continue
        if p.parent == owner and (p.name == "manifest.json" or p.name in runs[owner]):
            continue
        out.append(Finding(
            shown, "", "unrecorded_output",
            f"a file in the chapter run folder {owner.name} that the run's manifest.json does "
            "not list among the outputs the runner wrote ('outputs', with their SHA-256): it "
            "was put there after the run, so whether it still shows what the chapter computed "
            "and its disclosure record checked cannot be told (a table saved from the "
            "notebook and edited by hand passed on its content); export the run folder as "
            "the runner wrote it, and a table of your own from a folder of its own, checked "
            "as a hand-made output"))
    return out


def _run_manifests(files: list[Path]) -> Iterator[tuple[Path, dict]]:
    """The chapter runner's manifests among ``files`` (``manifest.json`` holding a JSON object
    with ``manifest_version``) with their content; one that does not parse is skipped here
    (:func:`scan_json` reports it ``unreadable``)."""
    for m in files:
        if m.name == "manifest.json" and (man := _run_manifest(m.parent)) is not None:
            yield m, man


def _missing_records(files: list[Path], manifests: list[tuple[Path, dict]], base: Path
                     ) -> list[Finding]:
    """A chapter run folder (the runner's ``manifest.json`` beside an executed notebook) without
    the ``disclosure_record.json`` its suppression calls write: refused, because the output
    checker cannot see what the chapter suppressed, and a deleted record could hide a table
    marked ``fail``. Chapters that protect no table (:data:`NO_RECORD_CHAPTERS`) are exempt."""
    out = []
    for m, man in manifests:
        stems = {Path(str(k)).stem for k in man.get("inputs") or {}} if isinstance(
            man.get("inputs"), dict) else set()
        # the chapter's outputs: notebooks, and its HTML rendering (dpo22: a run folder whose
        # notebook and record were left out passed with its HTML alone)
        outputs = [p for p in files if p.parent == m.parent and p.stem not in NO_RECORD_CHAPTERS
                   and (p.suffix == ".ipynb" or (p.suffix.lower() in (".html", ".htm")
                                                 and p.stem in stems))]
        record = m.parent / "disclosure_record.json"
        shown = str(m.parent.relative_to(base) / "disclosure_record.json")
        if not outputs:
            continue
        if not record.is_file():
            out.append(Finding(
                shown, "", "disclosure_record",
                f"the chapter run folder holds {outputs[0].name} and its manifest.json but no "
                "disclosure_record.json (the record of what the chapter suppressed, written by "
                "the runner): the output checker cannot review the suppression, and a removed "
                "record may hide a table marked 'fail'; run the chapter again with python -m "
                "mia_helpers chapter and export the whole folder"))
        elif (layout := _record_file_layout(record)) == "unreadable":
            continue  # scan_json reports it
        elif layout != "disclosure record":
            # dpo22: '{}' written over the record passed (checked as an ordinary JSON output)
            out.append(Finding(
                shown, "", "disclosure_record",
                "disclosure_record.json is not the runner's disclosure record (no 'version' "
                "'mia_helpers.disclosure ...' with its 'results'): the output checker cannot "
                "see what the chapter suppressed, nor whether a table is marked 'fail'; run the "
                "chapter again with python -m mia_helpers chapter and export the whole folder"))
    return out


def _record_file_layout(path: Path) -> str | None:
    """:func:`_record_layout` of a JSON file; ``"unreadable"`` when it does not parse."""
    try:
        return _record_layout(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, UnicodeDecodeError):
        return "unreadable"


def _threshold_below_run(manifests: list[tuple[Path, dict]], base: Path, min_cell: int
                         ) -> list[Finding]:
    """A chapter run folder whose ``manifest.json`` records a ``min_cell`` parameter above the
    check's: refused, because cells between the two thresholds would pass a check the run's
    own disclosure control is stricter than (seed 2005, 3,000 residents, 1,500 newcomers, run
    with min_cell 20, checked by default at 10 and reported OK). One below the check's
    (``min_cell_above_run``, dpo45) is refused too: its curves' steps, secondary suppression
    and dominance rules ran at the lower threshold, which the outputs do not show (a figure
    is a PNG), so it passed wherever no count it shows fell between the two thresholds."""
    out = []
    for m, man in manifests:
        run = (man.get("parameters") or {}).get("min_cell")
        if isinstance(run, int) and not isinstance(run, bool) and run > min_cell:
            out.append(Finding(
                str(m.relative_to(base)), "parameters", "min_cell_below_run",
                f"the chapter ran with min_cell={run} but the check uses min_cell={min_cell}: "
                f"cells of {min_cell} to {min_cell_count(run - 1, 'person')} would pass; check the folder at the "
                f"run's threshold (export-check --min-cell {run})"))
        elif isinstance(run, int) and not isinstance(run, bool) and run < min_cell:
            # dpo45: such a run passed wherever no count it shows lay in run to min_cell - 1
            out.append(Finding(
                str(m.relative_to(base)), "parameters", "min_cell_above_run",
                f"the chapter ran with min_cell={run} but the check uses min_cell={min_cell}: "
                "its disclosure control (the steps of its curves, merged until each rests on "
                f"{min_cell_count(run, 'event')}, its secondary suppression, its dominance "
                f"rules) ran at {run}, "
                "and a figure's steps or a narrowed hidden count cannot be seen in the outputs; "
                f"run the chapter again with -p min_cell {min_cell}"))
    return out


def _hint_run_threshold(findings: list[Finding], manifests: list[tuple[Path, dict]],
                        base: Path, min_cell: int) -> list[Finding]:
    """Findings that advise suppression in a run folder whose ``manifest.json`` records a
    ``min_cell`` parameter below the check's get the remedy that fits: run the chapter again at
    the check's threshold. A chapter run with ``-p min_cell 5`` and checked at 10 was told to
    "suppress them (mia_helpers.disclosure.suppress)", which sends the analyst into the
    notebook's code (newuser22). The findings themselves, and so the verdict, are unchanged."""
    low = {}
    for m, man in manifests:
        run = (man.get("parameters") or {}).get("min_cell")
        if isinstance(run, int) and not isinstance(run, bool) and run < min_cell:
            low[m.parent.relative_to(base)] = run
    if not low:
        return findings
    out = []
    for f in findings:
        run = low.get(Path(f.file).parent)
        # user25: a warning's small count ("run the chapter with protect_warnings") too
        if run is not None and ("suppress" in f.detail or f.rule == "small_count"):
            f = replace(f, detail=(
                f"{f.detail}; this run's manifest.json records min_cell={run}, below the "
                f"check's {min_cell}: run the chapter again with -p min_cell {min_cell}"))
        out.append(f)
    return out


def _there_here(keys: Sequence[str], there: Mapping, here: Mapping) -> str:
    """The parameters ``keys`` that differ between another run (``there``) and this one
    (``here``), as the parameter-variation Findings word them: "k: 0.1 there, 0.3 here; ..."."""
    return "; ".join(f"{k}: {there.get(k)!r} there, {here.get(k)!r} here" for k in keys)


def _variant_runs(manifests: list[tuple[Path, dict]]) -> dict[Path, tuple[str, Path, dict, dict]]:
    """The runs :func:`_parameter_variation` refuses: of the runs of one chapter on the same
    data (:func:`_same_run_data`: the manifest's ``inputs`` and ``data.fingerprint``) with
    parameters, the first in sorted order stays and each later one with other parameters is
    refused. Per refused run: its chapter, the first run, and both runs' parameters. The one
    rule that decides which runs count: the comparisons across chapters
    (:func:`_counted_runs`) leave these runs out (xcheck43)."""
    runs: dict[tuple, list[tuple[Path, dict]]] = {}
    for m, man in manifests:
        if (key := _same_run_data(man)) is not None and isinstance(man.get("parameters"), dict):
            runs.setdefault(key, []).append((m, man["parameters"]))
    out = {}
    for (chapter, _), group in runs.items():
        group.sort(key=lambda x: str(x[0]))
        first, p0 = group[0]
        for m, p in group[1:]:
            if any(p0.get(k) != p.get(k) for k in {*p0, *p}):
                out[m] = (", ".join(chapter), first, p0, p)
    return out


def _counted_runs(manifests: list[tuple[Path, dict]]) -> list[tuple[Path, dict]]:
    """The runs the comparisons across chapters count (:func:`_extract_parameter_variation`,
    :func:`_shared_parameter_variation`): every run but those :func:`_parameter_variation`
    refuses (:func:`_variant_runs`), which leave the export whatever else they disagree
    with. xcheck43: chapter 5 at ``caliper`` 0.1 was refused against two later chapter 4 runs
    at 0.3 that were refused themselves, beside the chapter 4 run at 0.1 that stays; and
    chapter 5 at ``min_cell`` 5 passed beside chapter 4 at 10, its reference being two refused
    chapter 4 runs at 5."""
    variants = _variant_runs(manifests)
    return [(m, man) for m, man in manifests if m not in variants]


def _parameter_variation(manifests: list[tuple[Path, dict]], base: Path) -> list[Finding]:
    """Two or more runs of one chapter on the same data (the manifest's ``inputs``, its
    notebook, and ``data.fingerprint``) with different parameters, exported together: refused,
    because each run protects itself only. Set against each other, their outputs can give a
    difference of fewer than ``min_cell`` persons that neither shows (chapter 3 at ``horizon``
    8 and 9, seed 2005, 2,000 residents, ``min_cell`` 20: Other non-EU first generation's
    cumulative basic-training inflow read 15.24 % and 15.75 %, a step of one or two spells,
    and the natives' vocational 4.11 % and 4.16 %). Export one run per chapter and data, or
    let the output checker compare them. Runs without a data fingerprint or parameters are
    not compared. Which runs are refused is :func:`_variant_runs`' rule, which the
    comparisons across chapters share (:func:`_counted_runs`)."""
    out = []
    for m, (chapter, first, p0, p) in sorted(_variant_runs(manifests).items(),
                                             key=lambda x: str(x[0])):
        diff = sorted(k for k in {*p0, *p} if p0.get(k) != p.get(k))
        what = _there_here(diff, p0, p)
        out.append(Finding(
            str(m.relative_to(base)), "parameters", "parameter_variation",
            f"a second run of {chapter} on the same data as "
            f"{first.relative_to(base)} with other parameters ({what}): each run protects "
            "only itself, and set against each other their outputs can give differences of "
            "fewer than min_cell persons (a cumulative-incidence step between two "
            "horizons); export one run per chapter and data, or have the output checker "
            "compare them"))
    return out


#: the register files whose hashes tell one extract from another in :func:`_data_variation`
#: (the panel and exclusion log are built from them, and differ with the window)
REGISTER_FILES = ("persons.parquet", "ksz_positions.parquet", "vdab_registrations.parquet",
                  "vdab_measures.parquet", "abb_inburgering.parquet", "wse_permits.parquet")


def _data_variation(manifests: list[tuple[Path, dict]], base: Path) -> list[Finding]:
    """Runs on an own ``data_dir`` (a real extract) whose registers differ, exported together:
    refused. The chapters publish some cells twice (chapter 1's persons by origin and
    generation, chapter 5's counts of newcomers by origin), and the same cell from two
    versions of an extract differs by the persons added or removed between them. user37:
    chapter 1 on an extract and chapter 5 on the same extract without three newcomer women
    (a corrected delivery re-adapted into the same folder between runs) showed 103 and 101
    Maghreb, 110 and 109 Sub-Saharan and 88 and 87 other non-EU newcomers, and the export
    passed. Registers are compared by the SHA-256 of :data:`REGISTER_FILES` in the
    manifests' ``data.files``; runs without ``data_dir`` (synthetic data) or without those
    hashes are not compared. Runs on two extracts exported apart are not seen here, and
    ``--released`` does not cover them either (:func:`released_differences` compares a cell
    only with the same cell of the same table; dpo37b)."""
    groups: dict[tuple, list[Path]] = {}
    for m, man in manifests:
        data = man.get("data") if isinstance(man.get("data"), dict) else {}
        params = man.get("parameters") if isinstance(man.get("parameters"), dict) else {}
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        if not params.get("data_dir") or not files:
            continue
        key = tuple((f, (files.get(f) or {}).get("sha256") if isinstance(files.get(f), dict)
                     else None) for f in REGISTER_FILES)
        if all(h is None for _, h in key):
            continue
        groups.setdefault(key, []).append(m)
    if len(groups) < 2:
        return []
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(min(kv[1]))))
    first_key, first_runs = ordered[0]
    first = min(first_runs).relative_to(base)
    out = []
    for key, runs in ordered[1:]:
        differ = [f for (f, h), (_, h0) in zip(key, first_key, strict=True) if h != h0]
        for m in sorted(runs):
            out.append(Finding(
                str(m.relative_to(base)), "data", "data_variation",
                f"a run on other data than {first} (registers that differ: "
                f"{', '.join(differ)}): cells the chapters publish twice (persons by origin in "
                "chapters 1 and 5) then differ by the persons added or removed between the "
                "two extracts, possibly fewer than min_cell; what to do: run every chapter of "
                "the export on one extract. Exporting each extract's runs apart with "
                "--released EARLIER_EXPORT does not protect these cells: it compares a cell "
                "only with the same cell of the same table (file and place, or caption and "
                "column labels; released_difference), not chapter 1's persons by origin with "
                "chapter 5's newcomers by origin; such pairs are then the output checker's "
                "to compare (dpo37b)"))
    return out


#: the parameters every run on one extract in an export must share
#: (:func:`_extract_parameter_variation`): the observation window, which sets the persons and
#: person-quarters of every table, and the threshold, which sets the cells hidden
EXTRACT_PARAMETERS = ("window_start", "window_end", "min_cell")


def _register_key(man: dict) -> tuple | None:
    """The extract a run manifest read: the SHA-256 of each of :data:`REGISTER_FILES` in its
    ``data.files`` (None for a register without one), or None when it records none of them.
    The panel and the exclusion log are left out: they are rebuilt for each window."""
    data = man.get("data") if isinstance(man.get("data"), dict) else {}
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    key = tuple((f, (files.get(f) or {}).get("sha256") if isinstance(files.get(f), dict)
                 else None) for f in REGISTER_FILES)
    return None if all(h is None for _, h in key) else key


def _same_value(name: str, value: Any) -> Any:
    """A parameter's value as :func:`_extract_parameter_variation` compares it: a quarter of
    the window by its index (``"2005Q1"`` and ``" 2005q1"`` are one quarter), other values as
    recorded."""
    if name.startswith("window_") and isinstance(value, str):
        from mia_helpers.quarters import to_index

        try:
            return to_index(value.upper())
        except ValueError:
            return value
    return value


def _same_run_data(man: dict) -> tuple | None:
    """What :func:`_parameter_variation` groups runs by: the chapter (``inputs``) and the data
    fingerprint; None without them."""
    data = man.get("data") if isinstance(man.get("data"), dict) else {}
    inputs = man.get("inputs")
    if not data.get("fingerprint") or not isinstance(inputs, dict) or not inputs:
        return None
    return tuple(sorted(inputs)), str(data["fingerprint"])


def _extract_parameter_variation(manifests: list[tuple[Path, dict]], base: Path
                                 ) -> list[Finding]:
    """Runs of any chapters on one extract (the same SHA-256 of the six registers,
    :func:`_register_key`) whose :data:`EXTRACT_PARAMETERS` differ, exported together:
    refused. Each run protects only its own cells at its own threshold and window, while the
    chapters publish some cells of the same persons (persons by origin in chapters 1 and 5, job
    starts in chapters 1 and 2): chapter 1 at ``min_cell`` 10 hides a group of 7 persons that
    chapter 2 at ``min_cell`` 5 shows, and the same cell over two windows differs by the
    persons of the quarters between them, possibly fewer than ``min_cell`` (user38: only runs
    of one chapter were compared, ``parameter_variation``, and a run with another window did
    not even count as one on the same data, its rebuilt panel giving another fingerprint).

    The reference is the setting most runs of the extract share (ties: the highest
    ``min_cell``, so that the remedy never lowers a threshold, then the one whose first
    manifest sorts first); each run with another setting is refused, naming the reference run,
    the parameter and both values. Runs on synthetic data are compared as runs on an extract
    (a rehearsal is refused as the real export would be). Only the runs
    :func:`_parameter_variation` keeps are counted (:func:`_counted_runs`; xcheck43): a run of
    one chapter and data fingerprint that it refuses leaves the export anyway, and neither
    sets the reference nor is refused twice. Parameters named alike in some
    chapters only (``stable_quarters``, ``caliper``, ``k``, ``max_quarter``, ``estimand``) are
    compared by :func:`_shared_parameter_variation` (xcheck39)."""
    groups: dict[tuple, list[tuple[Path, dict]]] = {}
    same: dict[Path, tuple | None] = {}
    for m, man in _counted_runs(manifests):
        params = man.get("parameters")
        key = _register_key(man)
        if key is None or not isinstance(params, dict):
            continue
        groups.setdefault(key, []).append((m, params))
        same[m] = _same_run_data(man)
    out = []
    for group in groups.values():
        group.sort(key=lambda x: str(x[0]))

        def setting(params: dict) -> tuple:
            return tuple(_same_value(k, params.get(k)) for k in EXTRACT_PARAMETERS)

        counts: dict[tuple, int] = {}
        for _, params in group:
            counts[setting(params)] = counts.get(setting(params), 0) + 1
        # the most common setting; of equally common ones the highest min_cell (a remedy
        # never lowers a threshold), then the first
        mc = EXTRACT_PARAMETERS.index("min_cell")
        ref_setting = max(counts, key=lambda s: (
            counts[s], s[mc] if isinstance(s[mc], int) and not isinstance(s[mc], bool) else 0))
        ref, ref_params = next((m, p) for m, p in group if setting(p) == ref_setting)
        for m, params in group:
            shown = str(m.relative_to(base))
            if setting(params) == ref_setting or (
                    same[m] is not None and same[m] == same[ref]):
                continue  # the same chapter and data as the reference: parameter_variation
            diff = [k for k in EXTRACT_PARAMETERS
                    if _same_value(k, params.get(k)) != _same_value(k, ref_params.get(k))]
            what = _there_here(diff, ref_params, params)
            out.append(Finding(
                shown, "parameters", "extract_parameter_variation",
                f"a run on the same extract (the same six registers) as {ref.relative_to(base)} "
                f"with another {' and '.join(diff)} ({what}): each run protects only its own "
                "cells, and the chapters publish cells of the same persons (persons by origin "
                "in chapters 1 and 5, job starts in chapters 1 and 2), so a cell hidden at one "
                "threshold and shown at the other, or the same cell over two windows, gives a "
                "count or difference of fewer than min_cell persons; what to do: run every "
                "chapter of the export on the extract with one window_start, window_end and "
                f"min_cell (here {', '.join(f'-p {k} {ref_params.get(k)}' for k in diff)}), "
                "or leave this run out of the export"))
    return out


#: parameters named alike in two or more chapters' parameter cells that change the persons or
#: the hidden cells of published tables, and so must agree across the chapters run on one
#: extract (:func:`_shared_parameter_variation`; xcheck39), each with what it changes
SHARED_PARAMETERS: dict[str, str] = {
    "stable_quarters": (
        "defines the stable job whose entries chapters 1, 2 and 6 count (chapter 6 refits "
        "chapter 2's models and reads its tables together), so a count of entrants at two "
        "definitions differs by the persons whose job lasted between them"),
    "caliper": (
        "decides which starters find a statistical twin, so the matched starters of one "
        "measure in chapters 4, 5 and 6 and Appendix A differ by the starters whose nearest "
        "twin lies between the two calipers"),
    "k": (
        "sets the twins per starter, so the twins (counted in persons) behind one measure's "
        "effect, and with them the counts the effect tables hide (few twins who entered or "
        "did not), differ between the chapters"),
    "max_quarter": (
        "sets the horizons of the effect tables and with them which counts each run hides "
        "(chapter 6 hides a count where chapter 4's or 5's table at its own max_quarter hid "
        "it), so a count one chapter hides another can show beside its neighbouring horizon"),
    "estimand": (
        "sets which counts the effect tables hide (the entrants on either side are counted "
        "per estimand, and chapter 6 hides what chapters 4 and 5 hid at now_vs_later), so a "
        "count one chapter hides another can show"),
    "max_age": (
        "censors chapter 2's school leavers at an age (chapter 6 refits chapter 2's models "
        "without an age limit), so the persons and entries of the two chapters differ by the "
        "school leavers and entries beyond that age"),
    "arrival_quarters": (
        "keeps the newcomers of a cohort window in chapter 5 (chapter 6 estimates chapter 5's "
        "IBO effect and feeder odds ratio on every newcomer), so the newcomers of the two "
        "chapters differ by those who arrived outside the window; a cohort window equal to "
        "the observation window is no exception, since an extract holds newcomers who "
        "arrived before the window start (and before 2005Q1, which no arrival_quarters "
        "reaches), whom every newcomer keeps and the cohort window drops"),
    "residence_grounds": (
        "keeps the newcomers of some residence grounds in chapter 5 (chapter 6 estimates "
        "chapter 5's IBO effect and feeder odds ratio on every newcomer), so the newcomers of "
        "the two chapters differ by those of the other grounds"),
    "measures": (
        "sets the measures chapter 3 counts as outcomes of their own, the rest pooled as "
        "\"other measure\"; a spell whose first start holds two measures in one quarter (a "
        "real extract can register them, and the panel keeps both) counts under the first "
        "kept measure in code order, pooled ones last, so a measure's first inflows differ "
        "with the measures chosen (chapter 3 at [workplace_learning_ibo] counts under IBO "
        "the spells that at all nine count under basic or vocational training), and chapter "
        "6 counts chapter 3's IBO inflow of low-link jobseekers at all nine; compared between "
        "chapters 3 and 6 only (chapters 4 and 5 estimate each chosen measure on its own)"),
    "grouping": (
        "groups chapter 3's measures into outcomes; a spell whose first start holds two "
        "measures in one quarter counts under the first outcome in code order, so IBO's first "
        "inflows differ between groupings that put IBO with another measure or a measure "
        "starting with it into an outcome before IBO's, and chapter 6 counts chapter 3's IBO "
        "inflow of low-link jobseekers at \"codes\" (compared by what a grouping makes of "
        "IBO's inflows: \"types\" agrees with \"codes\" as long as IBO stays its own type "
        "and the types keep the codes' order before it); compared between chapters 3 and 6 only"),
}
#: parameters of :data:`SHARED_PARAMETERS` compared only between the runs of some chapters
#: (short names, :data:`mia_helpers.chapters.CHAPTERS`): a run of another chapter neither
#: agrees nor disagrees. ``measures`` of chapters 4 and 5 chooses which measures are
#: estimated, each on its own (``TreatmentSpec.measure``: the first start of that measure in
#: the spell, whatever else starts), and the chapters' defaults differ by design (dpo40)
SHARED_CHAPTERS: dict[str, frozenset[str]] = {
    "measures": frozenset({"activation_inflow", "conclusions"}),
    "grouping": frozenset({"activation_inflow", "conclusions"}),  # only these two take it
}
#: parameters named alike in two or more chapters' parameter cells that are not compared
#: across chapters, each with why no published population or cell changes with it
#: (xcheck39; a test holds every shared name in this, :data:`SHARED_PARAMETERS` or
#: :data:`EXTRACT_PARAMETERS`)
NOT_COMPARED: dict[str, str] = {
    "data_dir": "names the extract's folder; the extract is told by its registers' SHA-256",
    "seed": ("seeds the synthetic data (another seed is another extract) and, in chapters 4, "
             "5, 6 and A, the bootstrap draws and Monte Carlo replications: intervals, no count"),
    "residents": "sizes the synthetic data: another size is another extract",
    "newcomers": "sizes the synthetic data: another size is another extract",
    "link": ("the hazard models' link (chapters 2 and 6): every model is fitted on the same "
             "person-periods, persons and events; only the ratios change"),
    "blocks": ("the covariates added in the nested models (chapters 2 and 6): the models share "
               "the person-periods, persons and events; only estimates change"),
    "level": "the confidence level: interval bounds, no count",
    "interval": "how intervals are computed (linearized or bootstrap): no count",
    "bootstrap": "the bootstrap replications of the intervals: no count",
}


def _shared_value(name: str, value: Any) -> Any:
    """A shared parameter's value as :func:`_shared_parameter_variation` compares it
    (``arrival_quarters`` as recorded: a cohort window equal to the observation window is not
    None, every newcomer, which keeps those who arrived before the window start; xcheck43,
    on the small synthetic registers with the panel built over 2008Q1-2016Q4, 750 newcomers
    at None and 542 at [12, 47]):
    ``stable_quarters`` as the set of stable-job definitions a run uses (chapter 1 compares a
    list of them, chapters 2 and 6 use one), ``residence_grounds`` and ``measures`` as sets
    (``measures`` None as all nine measures, which chapter 3 then keeps), numbers as floats
    (``3`` and ``3.0`` agree), text as stripped lower case."""
    if name == "stable_quarters":
        vals = value if isinstance(value, list) else [value]
        try:
            return frozenset(float(v) for v in vals)
        except (TypeError, ValueError):
            return frozenset(map(str, vals))
    if name == "residence_grounds" and isinstance(value, list):  # a set of grounds (review40)
        return tuple(sorted(str(v).strip().lower() for v in value))
    if name == "measures":  # chapter 3's outcomes: a set, None all nine (dpo40)
        from mia_helpers import codes

        return tuple(sorted(codes.MEASURES if value is None else
                            ([value] if isinstance(value, str) else map(str, value))))
    if name == "grouping":  # what it makes of IBO's first inflows, the cells chapter 6 reads
        return _ibo_outcome(value)
    if _is_number(value):
        return float(value)
    return value.strip().lower() if isinstance(value, str) else value


def _ibo_outcome(grouping: Any) -> Any:
    """What chapter 3's ``grouping`` makes of IBO's first inflows, the cells chapter 6 reads
    (:func:`mia_helpers.conclusions.inflow_rows`, at all nine measures): the measures pooled
    with IBO into its outcome, and those whose outcome comes before it. A spell ends at its
    first measure start, whatever the grouping; of two measures starting in that quarter it
    counts under the first outcome in :func:`mia_helpers.competing.competing_data`'s order, so
    two groupings that agree on these two sets count the same IBO spells and persons
    (xcheck43: ``"codes"`` and ``"types"`` agree while :data:`mia_helpers.codes.MEASURE_TYPES`
    keeps IBO its own type and the types before it in code order). A value
    :func:`~mia_helpers.competing.measure_groups` refuses is compared as recorded."""
    from mia_helpers import competing as cr

    ibo = "workplace_learning_ibo"
    try:
        mapping = cr.measure_groups(grouping)
    except (TypeError, ValueError):
        return json.dumps(grouping, sort_keys=True, default=str)
    labels = cr._outcome_labels(mapping)
    at = labels.index(mapping[ibo])
    return (tuple(sorted(m for m, g in mapping.items() if g == mapping[ibo])),
            tuple(sorted(m for m, g in mapping.items() if labels.index(g) < at)))


def _shared_agree(name: str, a: Any, b: Any) -> bool:
    """Whether two runs' values of a shared parameter agree: equal, or for
    ``stable_quarters`` one set of definitions inside the other (chapter 1 at ``[4, 8]``
    publishes the definition chapter 2 uses at 4)."""
    x, y = _shared_value(name, a), _shared_value(name, b)
    if isinstance(x, frozenset) and isinstance(y, frozenset):
        return x <= y or y <= x
    return x == y


def _run_settings(man: dict) -> dict:
    """The values a run used: its ``parameters``, and the ``settings`` a chapter uses without
    a parameter of that name (Appendix A matches at chapter 4's caliper, ``k`` and
    ``max_quarter``; :data:`mia_helpers.chapters.FIXED_SETTINGS`), parameters first. A value
    the manifest's ``settings`` lack is not there: it is not read at today's
    :data:`~mia_helpers.chapters.FIXED_SETTINGS` (review40 did, xcheck43 no longer: what an
    older version fixed cannot be told from the manifest), and such a manifest is refused
    (:func:`_missing_settings`). A parameter of :data:`SHARED_CHAPTERS` is left out of the
    runs of other chapters (chapter 4's ``measures``: dpo40), which so are not compared."""
    shorts = _chapters_of(man)
    settings = man["settings"] if isinstance(man.get("settings"), dict) else {}
    params = man.get("parameters") if isinstance(man.get("parameters"), dict) else {}
    used = {**settings, **params}
    return {k: v for k, v in used.items()
            if k not in SHARED_CHAPTERS or SHARED_CHAPTERS[k].intersection(shorts)}


def _chapters_of(man: dict) -> list[str]:
    """A run's chapters as short names (:data:`mia_helpers.chapters.CHAPTERS`; "" for a
    notebook that is none of them), from its manifest's ``inputs``."""
    from mia_helpers.chapters import CHAPTERS

    stems = {Path(v).stem: k for k, v in CHAPTERS.items()}
    inputs = man.get("inputs") if isinstance(man.get("inputs"), dict) else {}
    return [stems.get(Path(str(k)).stem, "") for k in inputs]


def _unrecorded_settings(man: dict) -> list[str]:
    """The values a run's chapter fixes without a parameter
    (:data:`mia_helpers.chapters.FIXED_SETTINGS`) that its manifest's ``settings`` do not
    record: all of them in a manifest written before xcheck39, chapter 6's ``max_age``,
    ``arrival_quarters`` and ``residence_grounds`` in one of xcheck39, its ``measures`` in
    one before dpo40."""
    from mia_helpers.chapters import FIXED_SETTINGS

    settings = man["settings"] if isinstance(man.get("settings"), dict) else {}
    return [n for short in _chapters_of(man) for n in FIXED_SETTINGS.get(short, {})
            if n not in settings]


def _fixed_equal(a: Any, b: Any) -> bool:
    """Whether a recorded setting is the value a chapter fixes: numbers as floats (``3`` and
    ``3.0`` agree), anything else by its canonical JSON (``"types"`` is not ``"codes"``, though
    the two agree on chapter 3's IBO inflow: chapter 6 never records ``"types"``)."""
    if all(_is_number(x) for x in (a, b)):
        return float(a) == float(b)
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True,
                                                                   default=str)


def _edited_settings(man: dict) -> list[tuple[str, Any, Any]]:
    """The values a run's chapter fixes without a parameter
    (:data:`mia_helpers.chapters.FIXED_SETTINGS`) that its manifest records otherwise under
    ``settings``: (name, value recorded, value this version fixes). The runner writes the
    fixed values themselves, so another value was edited by hand or written by another
    version (dpo46: refused whatever the other runs use, :func:`_missing_settings`)."""
    from mia_helpers.chapters import FIXED_SETTINGS

    settings = man["settings"] if isinstance(man.get("settings"), dict) else {}
    params = man.get("parameters") if isinstance(man.get("parameters"), dict) else {}
    return [(n, settings[n], v) for short in _chapters_of(man)
            for n, v in FIXED_SETTINGS.get(short, {}).items()
            if n in settings and n not in params and not _fixed_equal(settings[n], v)]


def _these_values(n: int) -> str:
    """'these values' for ``n`` > 1, else 'this value' (the values a chapter fixes, named in
    :func:`_missing_settings` and :func:`_released_shared_variation`)."""
    return "these values" if n > 1 else "this value"


def _rerun_remedy(man: dict, short: str, whose: str = "this") -> str:
    """The remedy that runs the chapter of ``man`` again with this version: its notebook's
    name and the command (``python -m mia_helpers chapter <short>``, with the parameters
    ``whose`` manifest records, into a new ``--out`` folder); one text for
    :func:`_settings_remedy` and :func:`_shared_todo`, which add what follows."""
    return (f"run {_chapter_of(man)} again with this version of mia_helpers (python -m "
            f"mia_helpers chapter {short}, with the parameters {whose} manifest.json records, "
            "into a new --out folder)")


def _settings_remedy(man: dict) -> str:
    """What to do about a run whose manifest lacks settings (:func:`_missing_settings`): the
    command that runs its chapter again (:func:`_rerun_remedy`)."""
    shorts = [s for s in _chapters_of(man) if s] or ["<chapter>"]
    return (f"{_rerun_remedy(man, shorts[0])}, whose manifest records them, and export that "
            "run instead of this one")


#: what to do beside a released run whose manifest cannot tell a value its chapter used (it
#: lacks it, or records one this version's chapter does not fix):
#: :func:`_released_shared_variation`, :func:`_shared_finding`. mend44: it also offered "have
#: the output checker confirm from the released run's code the value it used", which nothing
#: can record (export-check has no option or file for it, and the run stays refused)
RELEASED_REMEDY = ("leave this run out of the export (the released run cannot be run again, "
                   "and export-check takes no value confirmed by hand in place of what its "
                   "manifest records)")


def _missing_settings(manifests: list[tuple[Path, dict]], base: Path) -> list[Finding]:
    """A run of a chapter that fixes values without a parameter (chapter 6, Appendix A:
    :data:`mia_helpers.chapters.FIXED_SETTINGS`) whose ``manifest.json`` does not record
    them under ``settings`` (a manifest written by an older version): refused
    (``missing_settings``; xcheck43). The comparison of shared parameters across the
    chapters on one extract needs them, and what an older version fixed cannot be told
    from its manifest; review40 read such a manifest at today's values, silently. Each is
    named with the values it lacks and the remedy: run the chapter again with this
    version."""
    out = []
    for m, man in manifests:
        if missing := _unrecorded_settings(man):
            chapter = _chapter_of(man)
            out.append(Finding(
                str(m.relative_to(base)), "settings", "missing_settings",
                f"the manifest.json of this {chapter} run does not record "
                f"{', '.join(missing)} under 'settings' (it was written by an older version "
                f"of mia_helpers): {chapter} uses "
                f"{_these_values(len(missing))} without a parameter, and "
                "export-check compares them with the parameters of the same name of the other "
                "chapters run on the extract (extract_parameter_variation); what the older "
                "version used cannot be told from the manifest, and is not assumed; what to "
                f"do: {_settings_remedy(man)}"))
        # dpo46: a recorded value other than the one this version fixes was refused only
        # where it disagreed with another run (try43); edited to another run's value it
        # passed (Appendix A's caliper edited to chapter 4's 0.1, though it matched at 0.2).
        # A run the rules of incomplete runs refuse is left to them.
        if (edited := _edited_settings(man)) and isinstance(man.get("parameters"), dict) \
                and man["parameters"] and _register_key(man) is not None:
            chapter = _chapter_of(man)
            shorts = [s for s in _chapters_of(man) if s] or ["<chapter>"]
            out.append(Finding(
                str(m.relative_to(base)), "settings", "edited_settings",
                f"the manifest.json of this {chapter} run records "
                + "; ".join(f"{n} {v!r}" for n, v, _ in edited)
                + " under 'settings', where this version's "
                f"{chapter} uses " + "; ".join(f"{n} {t!r}" for n, _, t in edited)
                + " without a parameter (the runner records the values it used): the "
                "manifest was edited by hand, or written by another version, so what the run "
                "used cannot be told from it, and export-check would compare a value the run "
                "did not use with the other chapters' on the extract (a value edited to "
                "theirs passed, though the run's tables were made at another); what to do: "
                f"{_rerun_remedy(man, shorts[0])}, and export that run instead of this one"))
    return out


def _chapter_of(man: dict) -> str:
    """A run's chapter as its manifest's ``inputs`` name it (the notebook's stem)."""
    inputs = man.get("inputs") if isinstance(man.get("inputs"), dict) else {}
    names = sorted(Path(str(k)).stem for k in inputs)
    return ", ".join(names) or "a run"


def _cli_value(value: Any) -> str:
    """A parameter's value as ``-p NAME VALUE`` takes it on a shell's command line."""
    if isinstance(value, str):
        return value
    return f'"{json.dumps(value)}"' if isinstance(value, list) else json.dumps(value)


#: the most runs an ``extract_parameter_variation`` message names one by one; the rest are
#: counted, with their values (xmsg40: an export of many runs stays readable)
SHOWN_RUNS = 4


def _runs_text(runs: list[tuple[Path | str, dict]], name: str | None = None) -> str:
    """Runs as a message names them: each its chapter and folder (and value of ``name``),
    at most :data:`SHOWN_RUNS` of them, the rest counted (xmsg40)."""
    def one(shown: Path | str, man: dict) -> str:
        if shown == "":  # the run of the finding itself
            return "this run"
        at = f"{_run_settings(man)[name]!r} in " if name else ""
        return f"{at}{_chapter_of(man)} ({shown})"

    parts = [one(*r) for r in runs[:SHOWN_RUNS]]
    rest = runs[SHOWN_RUNS:]
    if rest:
        values = sorted({repr(_run_settings(man)[name]) for _, man in rest}) if name else []
        parts.append(f"{len(rest)} more run{'s' if len(rest) > 1 else ''}"
                     + (f" (at {' or '.join(values)})" if values else ""))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _shared_message(name: str, others: list[tuple[Path | str, dict]], here: dict) -> str:
    """The detail of one shared parameter in which a run on one extract disagrees with other
    runs (``others``: each disagreeing run as shown and its manifest; xmsg40: every one, not
    only the first): their values, chapters and folders, this run's value, and what the
    parameter changes."""
    v = _run_settings(here)[name]
    return (f"{name}: {_runs_text(others, name)}, {v!r} here in {_chapter_of(here)}; "
            f"{name} {SHARED_PARAMETERS[name]}")


def _shared_remedy(name: str, there: dict, here: dict) -> str:
    """The ``-p NAME VALUE`` that makes ``here`` agree with ``there``: the other run's value,
    or, for ``stable_quarters`` when that run compares a list of definitions and this one uses
    one, one of them, or, when this run compares a list (chapter 1 takes no single value), its
    list with the other run's definition added (a list of another parameter, chapter 3's
    ``measures`` or chapter 5's ``residence_grounds``, is one value: dpo40); for
    a chapter that fixes the value without a parameter (``settings``), the other run's
    ``-p`` to its value."""
    v0, v = _run_settings(there)[name], _run_settings(here)[name]
    if name not in (here.get("parameters") or {}):  # fixed by the chapter: the others move
        return (f"-p {name} {_cli_value(v)} for {_chapter_of(there)}, since "
                f"{_chapter_of(here)} has no {name} parameter and uses {v!r}")
    if name != "stable_quarters":  # a list of one value, not of definitions (dpo40)
        return f"-p {name} {_cli_value(v0)}"
    if isinstance(v0, list) and not isinstance(v, list) and v0:
        return f"-p {name} {_cli_value(v0[0])} (or another of {v0})"
    if isinstance(v, list) and not isinstance(v0, list):  # chapter 1 takes a list (review40)
        try:
            both = sorted({*v, v0}, key=float)
        except (TypeError, ValueError):
            both = [*v, v0]
        return f"-p {name} {_cli_value(both)} (a list that holds {v0!r})"
    return f"-p {name} {_cli_value(v0)}"


def _fixed_today(man: dict, name: str) -> tuple[Any, str] | None:
    """The value of ``name`` that this version's chapter of ``man`` fixes without a parameter
    (:data:`mia_helpers.chapters.FIXED_SETTINGS`) and the chapter's short name, or None when
    its chapter does not fix ``name``. A manifest recording another value under ``settings``
    was edited or written by another version; its value is not one to move other runs to
    (try43: an edited chapter 6 ``grouping`` "bogus" told chapter 3 to run at
    ``-p grouping bogus``, which the chapter refuses)."""
    from mia_helpers.chapters import FIXED_SETTINGS

    for short in _chapters_of(man):
        if name in FIXED_SETTINGS.get(short, {}):
            return FIXED_SETTINGS[short][name], short
    return None


def _shared_plan(name: str, kept: list[tuple[Path, dict]], refused: list[tuple[Path, dict]],
                 ) -> tuple[tuple[Path, dict] | None, list[tuple[Path, dict, str]]]:
    """How the runs of one extract that have ``name`` come to agree in one step (xmsg40):
    the reference run whose value every run takes, and each run that must move with its
    ``-p`` (:func:`_shared_remedy`); or (None, []) when no value can be set (two chapters that
    fix the value without a parameter disagree), and then leaving the ``refused`` runs out
    is the remedy. The reference is a run that fixes the value (it cannot move), else a kept
    run: of ``stable_quarters`` one of one definition, else chapter 1's shortest list, which
    every kept list holds."""
    runs = kept + refused

    def fixed(man: dict) -> bool:
        return name not in (man.get("parameters") or {})

    fixers = [r for r in runs if fixed(r[1])]
    if fixers:
        ref = fixers[0]
        if any(not _shared_agree(name, _run_settings(ref[1])[name], _run_settings(f[1])[name])
               for f in fixers):
            return None, []
    else:
        def size(r: tuple[Path, dict]) -> tuple[bool, int]:
            v = _run_settings(r[1])[name]
            return isinstance(v, list), len(v) if isinstance(v, list) else 0

        ref = sorted(kept, key=size)[0]
    there = _run_settings(ref[1])[name]
    moves = [(m, man, _shared_remedy(name, ref[1], man)) for m, man in runs
             if not fixed(man) and not _shared_agree(name, there, _run_settings(man)[name])]
    return ref, moves


def _shared_todo(name: str, m: Path, plan: tuple, refused: list[tuple[Path, dict]],
                 base: Path) -> str:
    """What the finding of run ``m`` tells to do about ``name`` so that every run of the
    extract agrees at once (xmsg40): the one value and every run to set to it (not only this
    one), or the runs to leave out (every run refused for ``name``)."""
    ref, moves = plan
    mans = {r: man for r, man in refused}

    def shown(r: Path) -> Path | str:
        return "" if r == m else r.relative_to(base)

    out = [r for r, _ in refused if r != m]
    leave = "leave this run out of the export" + (
        f", and with it {_runs_text([(shown(r), mans[r]) for r in out])}" if out else "")
    if ref is None:
        return (f"no one {name} can be set, since chapters without a {name} parameter use "
                f"different values; {leave}")
    by_remedy: dict[str, list[tuple[Path | str, dict]]] = {}
    for r, man, remedy in sorted(moves, key=lambda x: x[0] != m):  # this run first
        by_remedy.setdefault(remedy, []).append((shown(r), man))
    v = _run_settings(ref[1])[name]
    today = _fixed_today(ref[1], name)
    if today is not None and not _shared_agree(name, v, today[0]):  # edited, or another version's
        chapter, where = _chapter_of(ref[1]), shown(ref[0]) or "this one"
        rerun = (f"{_rerun_remedy(ref[1], today[1], 'its')} and export that run instead of "
                 f"{where}: its manifest records {name} {v!r}, which this version's {chapter} "
                 f"does not use (it uses {today[0]!r}; the manifest was edited, or written by "
                 "another version)")
        off = [(shown(r), man) for r, man, _ in sorted(moves, key=lambda x: x[0] != m)
               if not _shared_agree(name, today[0], _run_settings(man)[name])]
        if off:
            rerun += (f"; then -p {name} {_cli_value(today[0])} for {_runs_text(off)}")
        return f"{rerun}, or {leave}"
    if [r for named in by_remedy.values() for r, _ in named] == [""]:  # this run alone
        sets = list(by_remedy)
    elif name in (ref[1].get("parameters") or {}):
        sets = [f"{remedy} for {_runs_text(named)}" for remedy, named in by_remedy.items()]
    else:  # fixed by a chapter: the chapters to move, then their folders
        sets = []
        for remedy, named in by_remedy.items():
            chapters = sorted({_chapter_of(man) for _, man in named})
            folders = [str(r) for r, _ in named[:SHOWN_RUNS]] + (
                [f"{len(named) - SHOWN_RUNS} more"] if len(named) > SHOWN_RUNS else [])
            sets.append(f"{remedy} for {' and '.join(chapters)}, since {_chapter_of(ref[1])} "
                        f"has no {name} parameter and uses {v!r} (run{'s' if len(named) > 1 else ''}: "
                        f"{', '.join(f or 'this run' for f in folders)})")
    return (f"run every chapter of the export that has {name} on this extract with one value "
            f"(here {'; '.join(sets)}), or {leave}")


def _shared_finding(shown: str, diffs: list[tuple[str, list[tuple[Path | str, dict]], dict]],
                    released: bool = False, todos: Sequence[str] = ()) -> Finding:
    """One ``extract_parameter_variation`` finding of a run whose shared parameters
    (``diffs``: name, the other runs it disagrees with as shown and their manifests, this
    run's manifest) disagree; ``todos`` what to do per parameter (:func:`_shared_todo`),
    else (a released run) the first other run's value; beside a released run whose manifest
    records a fixed value this version's chapter does not fix (:func:`_fixed_today`: edited,
    or another version's), no ``-p`` but leaving this run out (try43)."""
    names = [d[0] for d in diffs]
    whats = "; ".join(_shared_message(*d) for d in diffs)
    other = "a released run of other chapters" if released else "other chapters"
    fixed = [n for n, _, here in diffs if n not in (here.get("parameters") or {})]
    stale = []  # a released run's fixed value this version's chapter does not fix (try43)
    for n, there, _ in diffs if released else ():
        today = _fixed_today(there[0][1], n)
        if today is not None and not _shared_agree(n, v := _run_settings(there[0][1])[n],
                                                   today[0]):
            stale.append(f"{n} {v!r}, which this version's {_chapter_of(there[0][1])} does "
                         f"not use (it uses {today[0]!r})")
    if todos:
        todo = "; ".join(todos)
    elif stale:
        todo = (f"the released run's manifest records {'; '.join(stale)}: it was edited, or "
                "written by another version, so no value set here can be trusted to agree "
                f"with what it used; {RELEASED_REMEDY}")
    elif released and fixed:  # review40: the released run cannot change, this one has no -p
        todo = (f"{_chapter_of(diffs[0][2])} has no {' or '.join(fixed)} parameter and the "
                "released run is out, so nothing can make them agree: leave this run out of "
                "the export")
    else:
        remedy = ", ".join(_shared_remedy(n, there[0][1], here) for n, there, here in diffs)
        todo = (f"run every chapter of the export that has {' or '.join(names)} on this "
                f"extract with one value (here {remedy}), or leave this run out of the export")
    return Finding(
        shown, "parameters", "extract_parameter_variation",
        f"a run on the same extract (the same six registers) as {other} with another "
        f"{' and '.join(names)} ({whats}): set against each other the two chapters' tables "
        f"can give a count or difference of fewer than min_cell persons; what to do: {todo}")


def _shared_parameter_variation(manifests: list[tuple[Path, dict]], base: Path
                                ) -> list[Finding]:
    """Runs of different chapters on one extract (:func:`_register_key`) whose parameters
    named alike in several chapters (:data:`SHARED_PARAMETERS`: ``stable_quarters``,
    ``caliper``, ``k``, ``max_quarter``, ``estimand``; and ``max_age``, ``arrival_quarters``
    and ``residence_grounds`` of chapters 2 and 5, which chapter 6 fixes at None, review40;
    and chapter 3's ``measures``, which chapter 6 fixes at None, all nine, dpo40, and its
    ``grouping``, which chapter 6 fixes at ``"codes"``, compared by what it makes of IBO's
    first inflows, :func:`_ibo_outcome`, xcheck43) disagree, exported together: refused (``extract_parameter_variation``; xcheck39). Each of them changes the persons or the
    hidden cells of tables that several chapters publish of the same persons: chapter 4 at
    ``caliper`` 0.1 and chapter 5 at 0.3 publish the matched starters of one measure, and
    their difference is the starters whose nearest twin lies between the two calipers,
    possibly fewer than ``min_cell``. So do chapter 3 at ``measures``
    ``[workplace_learning_ibo]`` and chapter 6: a spell whose first start holds IBO and basic
    training in one quarter (a real extract can register both; the panel keeps both) counts
    under IBO in chapter 3, which pools basic training last as "other measure", and under
    basic training in chapter 6, which counts chapter 3's IBO inflow of low-link jobseekers
    at all nine measures (dpo40). Only runs that record the parameter are compared (a
    chapter without it neither agrees nor disagrees; ``measures`` only between chapters 3
    and 6, :data:`SHARED_CHAPTERS`: chapters 4 and 5 estimate each chosen measure on its
    own), with the values a chapter fixes without
    a parameter (``settings``: Appendix A matches at chapter 4's defaults). Values agree when
    equal (numbers as numbers), ``stable_quarters`` also when one run's definitions hold the
    other's (chapter 1 compares ``[4, 8]``, chapters 2 and 6 use 4).

    Per parameter the runs are taken in order of how many others they agree with (ties: the
    first manifest), and each that disagrees with one taken before it is refused, naming
    every run it disagrees with (chapter, value, folder; xmsg40: only the first was named),
    what the parameter changes and what to do (:func:`_shared_todo`): the one value every run
    takes (:func:`_shared_plan`: a chapter's fixed value, else the kept one) and every run
    to set to it, or the runs to leave out; so the setting most runs share is kept unless a
    chapter without the parameter fixes another. Only the runs :func:`_parameter_variation`
    keeps are counted (:func:`_counted_runs`; xcheck43: a run was refused against later runs
    of one chapter that it refuses, and told to move away from the run that stays); a pair
    of the same chapter and data fingerprint is its own.

    Not compared, because no published population or cell changes with them
    (:data:`NOT_COMPARED`): ``data_dir``, ``seed``, ``residents`` and ``newcomers`` name the
    data (the extract is told by its registers, and synthetic data of another seed or size
    are another extract; the seed of chapters 4, 5, 6 and A also draws bootstrap replications:
    intervals only), ``link``, ``blocks`` and ``level`` (chapters 2 and 6: every model is
    fitted on the same person-periods, persons and events), ``interval`` and ``bootstrap``
    (how intervals are computed). ``measures`` was listed among them (each measure's table
    counting the same persons whichever others are chosen): that holds on the synthetic data,
    which start at most one measure a quarter, not on an extract that starts two (dpo40).
    Plotting options (``max_u_plot``, ``n_sim``) and other parameters of one
    chapter only are :func:`_parameter_variation`'s. Appendix C runs on public data without
    registers and is never on an extract."""
    groups: dict[tuple, list[tuple[Path, dict]]] = {}
    for m, man in _counted_runs(manifests):
        if (key := _register_key(man)) is not None and isinstance(man.get("parameters"), dict):
            groups.setdefault(key, []).append((m, man))
    refused: dict[Path, list[tuple[str, list[tuple[Path | str, dict]], dict, str]]] = {}
    for group in groups.values():
        group.sort(key=lambda x: str(x[0]))
        for name in SHARED_PARAMETERS:
            runs = [(m, man) for m, man in group if name in _run_settings(man)]

            def agree(a: dict, b: dict, name: str = name) -> bool:
                return _shared_agree(name, _run_settings(a)[name], _run_settings(b)[name])

            def apart(a: dict, b: dict) -> bool:  # disagree, and not parameter_variation's
                return not agree(a, b) and not (
                    _same_run_data(a) is not None and _same_run_data(a) == _same_run_data(b))

            order = sorted(runs, key=lambda r: -sum(agree(r[1], o[1]) for o in runs))
            kept: list[tuple[Path, dict]] = []
            out: list[tuple[Path, dict]] = []
            for m, man in order:
                # a run of one definition is named before chapter 1's list of them
                named = sorted(kept, key=lambda k: isinstance(_run_settings(k[1])[name], list))
                if any(apart(k[1], man) for k in named):
                    out.append((m, man))
                else:
                    kept.append((m, man))
            if not out:
                continue
            plan = _shared_plan(name, kept, out)
            for m, man in out:  # every run it disagrees with, the kept ones first (xmsg40)
                named = sorted(kept, key=lambda k: isinstance(_run_settings(k[1])[name], list))
                others = [(o.relative_to(base), oman) for o, oman in named + out
                          if o != m and apart(oman, man)]
                refused.setdefault(m, []).append(
                    (name, others, man, _shared_todo(name, m, plan, out, base)))
    return [_shared_finding(str(m.relative_to(base)), [d[:3] for d in diffs],
                            todos=[d[3] for d in diffs])
            for m, diffs in sorted(refused.items())]


def _released_manifests(released: Sequence[str | Path]) -> Iterator[tuple[Path, dict]]:
    """The run manifests (path, content) of the earlier exports ``released`` (their
    ``manifest.json`` files, in sorted order per folder; the folders were checked by
    :func:`scan` before it started): one reader for :func:`_released_variation`,
    :func:`_released_extract_variation` and :func:`_released_shared_variation`."""
    for folder in map(Path, released):
        yield from _run_manifests(sorted(p for p in folder.rglob("manifest.json")
                                         if p.is_file()))


def _released_extract_variation(manifests: list[tuple[Path, dict]], base: Path,
                                released: Sequence[str | Path]) -> list[Finding]:
    """:func:`_extract_parameter_variation` of this export's runs against the runs of earlier
    exports (``released`` folders, their ``manifest.json`` files only): a run of any chapter
    here on the extract of a released run, with another window or ``min_cell``, is refused,
    naming the released run (user38: chapter 1 released at ``min_cell`` 10 and chapter 2
    exported later at 5 on the same extract). A run of the released run's chapter on the same
    data fingerprint is left to :func:`_released_variation`."""
    earlier = []
    for e, eman in _released_manifests(released):
        params = eman.get("parameters")
        if (key := _register_key(eman)) is not None and isinstance(params, dict):
            earlier.append((e, key, params, _run_key(eman)))
    out = []
    for m, man in manifests:
        params = man.get("parameters")
        if (key := _register_key(man)) is None or not isinstance(params, dict):
            continue
        mine = _run_key(man)
        for e, ekey, eparams, erun in earlier:
            diff = [k for k in EXTRACT_PARAMETERS
                    if _same_value(k, params.get(k)) != _same_value(k, eparams.get(k))]
            if ekey != key or not diff or (mine is not None and erun is not None
                                           and mine[0] == erun[0]):
                continue
            what = _there_here(diff, eparams, params)
            out.append(Finding(
                str(m.relative_to(base)), "parameters", "extract_parameter_variation",
                f"a run on the same extract (the same six registers) as the released run {e} "
                f"with another {' and '.join(diff)} ({what}): the chapters publish cells of "
                "the same persons, so a cell hidden at one threshold and shown at the other, "
                "or the same cell over two windows, gives a count or difference of fewer than "
                "min_cell persons; what to do: run this chapter with the released run's "
                f"{', '.join(f'-p {k} {eparams.get(k)}' for k in diff)}, or have the output "
                "checker compare the two"))
            break  # one released run named is enough
    return out


def _released_shared_variation(manifests: list[tuple[Path, dict]], base: Path,
                               released: Sequence[str | Path]) -> list[Finding]:
    """:func:`_shared_parameter_variation` of this export's runs against the runs of earlier
    exports (``released`` folders, their ``manifest.json`` files only): a run here on the
    extract of a released run of another chapter whose value of a parameter of
    :data:`SHARED_PARAMETERS` disagrees is refused, naming the released run (chapter 4
    released at ``caliper`` 0.2 and chapter 5 exported later at 0.3 on the same extract). A
    run of a chapter that fixes the value without a parameter (Appendix A, chapter 6:
    ``settings``) is told to leave itself out, not to run the released chapter again
    (review40). A run of the released run's chapter on the same data fingerprint is left to
    :func:`_released_variation`. A released run whose manifest does not record a value its
    chapter fixes (:func:`_unrecorded_settings`, an older version's manifest) that a run here
    sets is not read at today's value: the run here is refused (``missing_settings``;
    xcheck43), since the released value cannot be told."""
    earlier = [(e, key, eman) for e, eman in _released_manifests(released)
               if (key := _register_key(eman)) is not None
               and isinstance(eman.get("parameters"), dict)]
    out = []
    for m, man in manifests:
        if (key := _register_key(man)) is None or not isinstance(man.get("parameters"), dict):
            continue
        mine, here = _run_key(man), _run_settings(man)
        for e, ekey, eman in earlier:
            erun = _run_key(eman)
            if ekey != key or (mine is not None and erun is not None and mine[0] == erun[0]):
                continue
            chapter = _chapter_of(eman)
            unknown = [n for n in _unrecorded_settings(eman) if n in here]
            # dpo46: released at an edited value equal to ours
            edited = [(n, v, t) for n, v, t in _edited_settings(eman) if n in here
                      and _shared_agree(n, v, here[n])]  # disagreeing: extract_parameter_variation
            if unknown:
                out.append(Finding(
                    str(m.relative_to(base)), "settings", "missing_settings",
                    f"the released run {e} of {chapter}, on the same extract (the same six "
                    f"registers), does not record {', '.join(unknown)} under 'settings' (its "
                    "manifest.json was written by an older version of mia_helpers): "
                    f"{chapter} uses {_these_values(len(unknown))} without a parameter, and what "
                    "the older version used cannot be told from the manifest, so this run's "
                    f"{', '.join(f'{n} {here[n]!r}' for n in unknown)} cannot be compared with it "
                    f"(extract_parameter_variation); what to do: {RELEASED_REMEDY}"))
            if edited:
                out.append(Finding(
                    str(m.relative_to(base)), "settings", "edited_settings",
                    f"the released run {e} of {chapter}, on the same extract (the same six "
                    "registers), records " + "; ".join(f"{n} {v!r}" for n, v, _ in edited)
                    + f" under 'settings', where this version's {chapter} uses "
                    + "; ".join(f"{n} {t!r}" for n, _, t in edited) + " without a parameter: its "
                    "manifest was edited by hand, or written by another version, so this run's "
                    + ", ".join(f"{n} {here[n]!r}" for n, _, _ in edited) + " agrees with a value "
                    "the released run may not have used (extract_parameter_variation); what to "
                    f"do: {RELEASED_REMEDY}"))
        diffs = []
        for name in SHARED_PARAMETERS:
            if name not in here:
                continue
            for e, ekey, eman in earlier:
                erun, there = _run_key(eman), _run_settings(eman)
                if ekey != key or name not in there or _shared_agree(
                        name, there[name], here[name]) or (
                        mine is not None and erun is not None and mine[0] == erun[0]):
                    continue
                diffs.append((name, [(f"the released run {e}", eman)], man))
                break  # one released run named per parameter is enough
        if diffs:
            out.append(_shared_finding(str(m.relative_to(base)), diffs, released=True))
    return out


def _run_key(man: dict) -> tuple[tuple, dict] | None:
    """A run manifest's chapter and data (the file names of its ``inputs``, wherever the
    repository was checked out, and ``data.fingerprint``) and its parameters; None without
    them."""
    data = man.get("data") if isinstance(man.get("data"), dict) else {}
    fp, params, inputs = data.get("fingerprint"), man.get("parameters"), man.get("inputs")
    if not fp or not isinstance(params, dict) or not isinstance(inputs, dict) or not inputs:
        return None
    return (tuple(sorted(Path(str(k)).name for k in inputs)), str(fp)), params


def _released_variation(manifests: list[tuple[Path, dict]], base: Path,
                        released: Sequence[str | Path]) -> list[Finding]:
    """:func:`_parameter_variation` of this export's runs against the runs of earlier exports
    (``released`` folders, their ``manifest.json`` files only)."""
    earlier: list[tuple[Path, tuple, dict]] = []
    for e, eman in _released_manifests(released):
        if (k := _run_key(eman)) is not None:
            earlier.append((e, *k))
    out = []
    for m, man in manifests:
        if (k := _run_key(man)) is None:
            continue
        key, params = k
        for e, ekey, eparams in earlier:
            diff = sorted(x for x in {*params, *eparams} if params.get(x) != eparams.get(x))
            if ekey != key or not diff:
                continue
            what = _there_here(diff, eparams, params)
            out.append(Finding(
                str(m.relative_to(base)), "parameters", "parameter_variation",
                f"a run of {', '.join(key[0])} on the same data as the released run {e} with "
                f"other parameters ({what}): each run protects only itself, and set against "
                "the released outputs this run's can give differences of fewer than min_cell "
                "persons (another threshold hides other cells); export the released run's "
                "parameters again, or have the output checker compare the two"))
    return out


def _table_key(file: str, where: str, table: pd.DataFrame) -> tuple[tuple, tuple]:
    """Two keys under which a table of one export is looked for in another (dpo32): its file's
    name and its place in the file (``where`` without a Markdown line number, which moves with
    the prose), and its file's name, caption and column labels (for a table whose output
    moved: a run that prints one warning more numbers the outputs after it anew)."""
    label = table.attrs.get("label") if isinstance(table.attrs, dict) else None
    return ((Path(file).name, re.sub(r" at line \d+", "", where)),
            (Path(file).name, str(label), tuple(map(str, table.columns))))


def _cell_keys(table: pd.DataFrame, counts: list[int]
               ) -> tuple[dict[tuple, int], tuple[bool, ...]]:
    """:func:`_cell_rows`, and per place of the row keys whether it is a label (True) or a
    number of a non-count column of whole numbers (False: a horizon, a quarter, a year;
    dpo52). A table without labels has its rows by position and no places."""
    arrays = [a for _, a in _label_arrays(table, counts)]
    kinds = [True] * len(arrays)
    shares = {c[0] for c in _share_columns(table, counts)}
    for pos in range(table.shape[1]):
        if pos in counts or pos in shares or not vocab.is_integer_column(table.iloc[:, pos]):
            continue
        x = vocab.numbers(table.iloc[:, pos])
        if len(x) and not np.isnan(x).any():
            arrays.append(np.array([f"{v:g}" for v in x], dtype=object))
            kinds.append(False)
    if not arrays:
        return {(i,): i for i in range(len(table))}, ()
    keys = [tuple(str(a[i]) for a in arrays) for i in range(len(table))]
    seen = pd.Series(keys, dtype=object).value_counts()
    return {k: i for i, k in enumerate(keys) if seen[k] == 1}, tuple(kinds)


def _cell_rows(table: pd.DataFrame, counts: list[int]) -> dict[tuple, int]:
    """Each row of ``table`` by its labels (:func:`_label_arrays`, and the non-count columns
    of whole numbers, a horizon or a quarter), as label tuple -> row position; rows whose
    labels repeat are left out (which of them is which is not known). A table without
    labels is read by row position."""
    return _cell_keys(table, counts)[0]


def _share_numerators(table: pd.DataFrame, counts: list[int], min_cell: int
                      ) -> dict[Any, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each share column of ``table`` with one denominator of persons (as
    :func:`_share_counts` finds it): column label -> (denominator, lowest and highest
    numerator that the share's rounding allows), NaN where a value is hidden."""
    spells = [c for c in counts if any(NOT_SUBSET.match(p) for p in vocab.labels(table.columns[c]))]
    base = counts if len(counts) == 1 else [] if spells else [
        c for c in counts if any(TOTAL_NAME.match(p) for p in vocab.labels(table.columns[c]))]
    if len(base) != 1:
        return {}
    n = vocab.numbers(table.iloc[:, base[0]])
    out = {}
    for _, col, vals, scale, decimals in _share_columns(table, counts):
        half = 0.5 * 10.0 ** -decimals / scale
        with np.errstate(invalid="ignore"):
            lo = np.maximum(np.ceil(np.round(n * (vals / scale - half), 9)), 0)
            hi = np.minimum(np.floor(np.round(n * (vals / scale + half), 9)), n)
        out[col] = (n, lo, hi)
    return out


def released_differences(tables: Sequence[tuple], released: Sequence[str | Path],
                         min_cell: int, id_min_rows: int = ID_MIN_ROWS,
                         id_min_value: int = ID_MIN_VALUE,
                         dof_threshold: int = DEFAULT_DOF_THRESHOLD,
                         figures: Sequence[tuple] = ()) -> list[Finding]:
    """``released_difference`` (dpo32): a cell of this export set against the same cell of an
    earlier export. Each run protects only itself: a second run of a chapter on data with a
    few persons fewer, or a window shifted by a quarter, publishes counts that differ from the
    released ones by the persons that changed, who may be fewer than ``min_cell``. A table is
    the same table when its file's name and its place in the file are the same (or, failing
    that, its file's name, caption and column labels, :func:`_table_key`); a cell is the same
    cell when its column label and its row's labels are (:func:`_cell_rows`; a table without
    labels by row position). Refused: a count of persons whose difference d is ``0 < |d| <
    min_cell``, and a share of persons (with its one denominator in its table) whose
    numerator, or complement, differs by such a d for every numerator the two shares'
    rounding allows. A hidden cell (a marker) in either export is not compared: its
    difference is not published (hidden counts are protected by the secondary suppression of
    each run, not here).

    ``tables`` holds (file, where, table, tags, integer_counts) of this export
    (:attr:`ScanResult.table_data`); each ``released`` folder is scanned as :func:`scan` does
    (its findings are not reported again). Returns one finding per table, naming the file,
    the cells and the earlier folder.

    ``figures`` holds (file, where, digest) of this export's PNG and JPEG figures
    (:attr:`ScanResult.figure_data`), compared by :func:`released_figures` (dpo46)."""
    out: list[Finding] = []
    for folder in map(Path, released):
        earlier = scan(folder, min_cell, id_min_rows, id_min_value, dof_threshold,
                       record=Path(folder) / RECORD_NAME)
        old = earlier.table_data
        out += released_figures(figures, earlier.figure_data, folder, min_cell)
        by_place: dict[tuple, list] = {}
        by_cols: dict[tuple, list] = {}
        by_labels: dict[tuple, list] = {}
        for o in old:
            if TAG_EXEMPT in o[3]:
                continue
            place, cols = _table_key(o[0], o[1], o[2])
            by_place.setdefault(place, []).append(o)
            by_cols.setdefault(cols, []).append(o)
            by_labels.setdefault(_loose_table_key(o[2]), []).append(o)
        for file, where, table, tags, integer_counts in tables:
            if TAG_EXEMPT in tags or table.shape[0] == 0:
                continue
            place, cols = _table_key(file, where, table)
            match = [o for o in by_place.get(place, [])
                     if tuple(map(str, o[2].columns)) == cols[2]] or by_cols.get(cols, []) \
                or by_labels.get(_loose_table_key(table), [])  # dpo50: renamed, respelled
            if len(match) != 1:
                continue
            hits = _cell_differences(table, match[0][2], TAG_COUNTS in tags, integer_counts,
                                     min_cell)
            if hits:
                more = f" and {len(hits) - 8} more" if len(hits) > 8 else ""
                if file.lower().endswith((".csv", ".tsv")):  # a CSV's one table
                    where = where.replace("table 1", "").strip(", ")
                out.append(Finding(
                    file, where, "released_difference",
                    f"against the earlier export {folder} ({match[0][0]}, {match[0][1]}): "
                    f"{'; '.join(hits[:8])}{more}: each difference is a count of "
                    f"{fewer_than(min_cell, 'person')} (the persons that the other data, window or "
                    "parameters changed), published by the two exports together. Do not "
                    "release this run beside the earlier one, or hide these cells in both "
                    "(one run with the earlier one's data and parameters, or cells that "
                    f"differ by 0 or at least {min_cell})"))
    return out


def released_figures(figures: Sequence[tuple], old: Sequence[tuple], folder: Path,
                     min_cell: int) -> list[Finding]:
    """``released_figure`` (dpo46): a PNG, JPEG or SVG figure (SVG: dpo47, it passed
    unread) of a file that the earlier export
    ``folder`` holds too (the same file name but for its suffix: the same chapter's notebook
    or its HTML) that is
    not, byte for byte, one of that file's figures there. A figure's data (its points, bars,
    curve steps) cannot be read, so the difference between two drawings of it, a step or bar
    moved by the few persons the other extract, window or parameters added or dropped,
    cannot be set against ``min_cell`` as a table's cells are (:func:`released_differences`
    compared tables only, and two runs' curves passed whatever they differed by). The same
    figure drawn from the same data is the same PNG, and passes; a file the earlier export
    does not hold is not compared, as its tables are not. One finding per file, naming its
    figures."""
    there: dict[str, set[str]] = {}
    for file, _, digest in old:  # by stem: a notebook and its HTML hold the same figures
        there.setdefault(Path(file).stem, set()).add(digest)
    moved: dict[str, list[str]] = {}
    for file, where, digest in figures:
        known = there.get(Path(file).stem)
        if known is not None and digest not in known:
            moved.setdefault(file, []).append(where)
    out = []
    for file, wheres in moved.items():
        more = f" and {len(wheres) - 5} more" if len(wheres) > 5 else ""
        out.append(Finding(
            file, "; ".join(wheres[:5]) + more, "released_figure",
            f"against the earlier export {folder}: {counted(wheres, 'figure')} of this file "
            f"{'differs' if len(wheres) == 1 else 'differ'} "
            f"from every figure of its {Path(file).stem} there. export-check cannot read a "
            "figure's data (its points, bars, curve steps), so it cannot tell whether the "
            f"two drawings differ by {fewer_than(min_cell, 'person')} somewhere (a step or bar "
            "moved by the persons that the other data, window or parameters changed), which "
            "the two exports would publish together. Do not release this run beside the "
            "earlier one (release it only where it draws the same figures: the same data and "
            "parameters), or have the output checker compare the figures' data by hand (an "
            "SVG is compared without its <metadata> and whitespace; matplotlib draws random "
            "ids into it unless rcParams['svg.hashsalt'] is set, so draw it as a PNG)"))
    return out


_COUNT_NAME_AFFIX = re.compile(r"^(?:n|nr|no|number of|count of|aantal)\s+|\s+(?:n|count|number)$")
_TOTAL_ROW = {"all", "total", "totals", "overall", "sum", "totaal", "alle", "grand total"}


def _linked_column(label: Any) -> str:
    """A count column's name as :func:`linked_differences` matches it across tables (dpo50):
    its code name by the book's label map in any case ("Persons", "persons" and "PERSONS"
    are ``n_persons``), then case, punctuation and a count word before or after it ignored
    ("Number of persons", "n persons", "Persons (n)" read "persons")."""
    code = book_code(label)
    if code == label and isinstance(label, str):
        folded = {t.casefold(): c for t, c in (_BOOK_CODES or {}).items()}
        code = folded.get(label.strip().casefold(), label)
    t = re.sub(r"[\W_]+", " ", str(code).casefold()).strip()
    return _COUNT_NAME_AFFIX.sub("", t).strip() or t


#: a label that begins with a total word and names a part, not the whole ("All other origins",
#: "Total else", "Alle andere"): no total row for :func:`_linked_row`
_NOT_TOTAL_ROW = re.compile(r"\b(?:other|others|else|rest|remaining|remainder|overige|overigen|"
                            r"andere|anderen|autre|autres)\b")


def _total_row_label(text: str) -> bool:
    """Whether a row label, folded as :func:`_linked_row` folds it, names a total row: a total
    word alone ("All", "Total", "Overall") or first (dpo52: "All origins", "Total persons",
    "Alle herkomsten" in one file beside "Total" in another were two groups), unless the label
    names a remainder ("All other origins", :data:`_NOT_TOTAL_ROW`)."""
    return text in _TOTAL_ROW or bool(TOTAL_LABEL.match(text) and not _NOT_TOTAL_ROW.search(text))


def _linked_row(key: tuple) -> tuple:
    """A row's labels as :func:`linked_differences` matches them (dpo50): case, punctuation
    and spacing ignored, and a total row ("All", "Total", "Overall", "All origins";
    :func:`_total_row_label`) read "total"."""
    import unicodedata

    out = []
    for x in key:
        t = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", str(x)).casefold()).strip()
        out.append("total" if _total_row_label(t) else t or str(x))
    return tuple(out)


#: a column label that names no group when a transposed table is read with its rows as
#: columns (:func:`_untransposed`): pandas' generic headers and a value column
_GENERIC_HEADER = re.compile(r"(?i)^(?:unnamed:?\s*\d*|values?|)$")

#: a column label that is a number (a year, a horizon) or a quarter ("2008Q1", "2008-Q1")
_NUMBER_HEADER = re.compile(r"(?i)^(?:\d+(?:\.\d+)?|\d{4}[\s_-]?q[1-4])$")


def _numbered_headers(groups: list[str]) -> bool:
    """Whether column labels are pandas' positions (0, 1, 2, ... or 1, 2, 3, ... of a table
    read without a header) rather than years, quarters or horizons that name groups."""
    return groups in ([str(i) for i in range(len(groups))],
                      [str(i) for i in range(1, len(groups) + 1)])


def _untransposed(table: pd.DataFrame) -> pd.DataFrame | None:
    """A table whose rows are its counts and whose columns are its groups, read with its rows
    as columns (dpo51), for :func:`linked_differences`: ",Maghreb,Turkish / Persons,117,300"
    as "group | Persons" with rows Maghreb and Turkish. A row is a count of persons when its
    label (the index, or a first column of text labels, as :func:`_check_coded` reads them)
    names one, as ``small_count`` reads such a row; the table is read so when its row labels
    are distinct and its column labels name groups (not pandas' "Unnamed: 1" or positions,
    a "Value" column or a count; dpo52: years, quarters and horizons as headers,
    "Year,2008,2009 / Persons,117,300", name groups and are read). Returns None for any other
    table; the frame returned has the groups as its first column, named as the rows' labels
    were ("group" without a name), and the count rows as columns, every other row left out
    (not read as counts)."""
    first = table.shape[1] > 1 and not pd.api.types.is_numeric_dtype(table.iloc[:, 0]) \
        and bool(np.isnan(vocab.numbers(table.iloc[:, 0].astype(str))).all())
    if first:
        labels, body = [_cell_text(x) for x in table.iloc[:, 0]], table.iloc[:, 1:]
        name = table.columns[0]
    elif not isinstance(table.index, pd.RangeIndex) and table.index.nlevels == 1:
        labels, body, name = [str(x).strip() for x in table.index], table, table.index.name
    else:
        return None
    rows = [i for i, x in enumerate(labels)
            if (vocab.is_count_name(x) or vocab.is_count_name(book_code(x))
                or _NUMBER_OF_PERSONS.match(x)) and not declared_not_persons(x)]
    groups = [str(c).strip() for c in body.columns]
    if (not rows or len(set(labels)) < len(labels) or len(set(groups)) < len(groups)
            or isinstance(body.columns, pd.RangeIndex) or _numbered_headers(groups)
            or any(_GENERIC_HEADER.match(g) or vocab.is_count_name(g)
                   or vocab.is_count_name(book_code(g)) for g in groups)):
        return None
    name = "group" if name is None or _GENERIC_HEADER.match(str(name)) \
        or _NUMBER_HEADER.match(str(name)) else str(name)
    out = pd.DataFrame({labels[i]: body.iloc[i].astype(str).to_numpy(dtype=object)
                        for i in rows})
    out.insert(0, name, np.array(groups, dtype=object))
    return out


#: the count column of a cross table read long (:func:`_long_counts`): its cells count the
#: persons of a row's group in a column's group, under no name of their own, so they are
#: compared with every count column of the export (dpo52)
_ANY_COUNT = "any count of persons"


def _long_counts(coded: pd.DataFrame, counts: list[int]
                 ) -> tuple[pd.DataFrame, dict[tuple, int], tuple[bool, ...]] | None:
    """A cross table of counts read long (dpo52): rows of groups and two or more count
    columns that name groups, not counts ("Origin | 2008 | 2009", "Province | Men | Women";
    :func:`count_columns` reads their whole numbers as counts), as one row per cell, its
    row's labels and its column's label as its key, and the cell under :data:`_ANY_COUNT`.
    So :func:`linked_differences` matches a cell with its twin in a long table ("Origin |
    Year | Persons") and :func:`_linked_parts` sums a row's cells as the parts of a total
    given elsewhere (Limburg's 57 persons in one file, 30 men and 24 women as columns in
    another). None for any other table. Returns the long frame (its last column the counts),
    its rows by key (:func:`_cell_rows`) and the kinds of the key's places
    (:func:`_cell_keys`: a number header is a number)."""
    if len(counts) < 2 or any(vocab.is_count_name(c) for c in coded.columns[counts]):
        return None
    rows, kinds = _cell_keys(coded, counts)
    if not kinds or len(rows) != len(coded):
        return None
    heads = [_cell_text(c) for c in coded.columns[counts]]
    if len(set(heads)) < len(heads) or _numbered_headers(heads):
        return None
    number = all(_NUMBER_HEADER.match(h) and not re.search(r"(?i)q", h) for h in heads)
    head_key = [f"{float(h):g}" if number else h for h in heads]
    keys, values = [], []
    for k, i in sorted(rows.items(), key=lambda x: x[1]):
        for p, h in zip(counts, head_key, strict=True):
            keys.append((*k, h))
            values.append(coded.iloc[i, p])
    long = pd.DataFrame({_ANY_COUNT: pd.Series(values, dtype=object)})
    return long, {k: i for i, k in enumerate(keys)}, (*kinds, not number)


def _linked_tables(tables: Sequence[tuple]
                   ) -> Iterator[tuple[int, pd.DataFrame, list[int], dict[tuple, int],
                                       tuple[bool, ...]]]:
    """The tables :func:`linked_differences` compares: (index into ``tables``, the table
    with the book's code names for its columns, its count columns, its rows by their labels,
    :func:`_cell_rows`, and the kinds of the labels' places, :func:`_cell_keys`); a
    transposed table also read with its rows as columns (:func:`_untransposed`, dpo51), its
    count rows as its counts, and a cross table also read long (:func:`_long_counts`,
    dpo52), under the same index. Tables without row labels are left out (their rows cannot
    be matched), but for a table of one row, read as a total row (dpo52)."""
    for ti, (_, _, table, tags, integer_counts, *_) in enumerate(tables):
        if TAG_EXEMPT in tags or table.shape[0] == 0:
            continue
        readings = [_table_counts(table, TAG_COUNTS in tags, integer_counts)]
        wide = _untransposed(table)
        if wide is not None:
            readings.append((_coded(wide)[0], list(range(1, wide.shape[1]))))
        for coded, counts in readings:
            rows, kinds = _cell_keys(coded, counts)
            if kinds:
                yield ti, coded, counts, rows, kinds
            elif len(coded) == 1 and counts:
                yield ti, coded, counts, {("total",): 0}, (True,)
            long = _long_counts(coded, counts) if kinds else None
            if long is not None:
                yield ti, long[0], [0], long[1], long[2]


def _count_names(frames: list[tuple]) -> Callable[[Any], list[str]]:
    """The names under which :func:`linked_differences` files a count column's cells
    (:func:`_linked_column`): its own, or for a cross table's cells (:data:`_ANY_COUNT`)
    every count column's name of the export (dpo52)."""
    names = sorted({_linked_column(coded.columns[p]) for _, coded, counts, *_ in frames
                    for p in counts if coded.columns[p] != _ANY_COUNT})

    def of(col: Any) -> list[str]:
        return names if col == _ANY_COUNT else [_linked_column(col)]
    return of


def _linked_parts(frames: list[tuple[int, pd.DataFrame, list[int], dict[tuple, int],
                                     tuple[bool, ...]]],
                  min_cell: int) -> dict[tuple[int, int], list[str]]:
    """The totals-minus-parts of :func:`linked_differences` (dpo51): a group's count of
    persons in one table (the row labelled so, or a total row, "All", "Total", "All
    origins") minus the sum of its parts in another table of the export (the rows whose
    labels are the group's and one label more, "Limburg / Men" and "Limburg / Women" under
    Limburg; under a total row, every row of a table of one label), in the same count column
    (:func:`_linked_column`), that is ``0 < d < min_cell``: 57 Limburg persons in one file
    and 30 men and 24 women in another give 3 persons, who may be the parts that table hides
    or leaves out. A part that is itself a total row is no part; hidden parts (markers)
    count 0, so the difference is what they hide (as ``complement`` reads a total row within
    one table). The rows of a horizon, quarter or year (a column of whole numbers) are parts
    too (dpo52: they passed): of the same horizon's total, summed over the horizons, and, as
    refusing is the rule when unsure, of a total that gives no horizon at all (57 starters
    in one file, the origins at horizon 0 in another adding up to 54). The cells of a cross
    table read long (:func:`_long_counts`) are a row's parts too, and a table of one row is
    a total (dpo52). Returns (index of the total's table, index of the parts' table) -> the
    hits, as :func:`linked_differences` words them."""
    names_of = _count_names(frames)

    def split(key: tuple, kinds: tuple[bool, ...]) -> tuple[tuple, tuple]:
        return (tuple(x for x, lab in zip(key, kinds, strict=True) if lab),
                tuple(x for x, lab in zip(key, kinds, strict=True) if not lab))

    totals: dict[tuple, list[tuple[int, float, tuple, str, tuple]]] = {}
    for ti, coded, counts, rows, kinds in frames:
        for p in counts:
            v = vocab.numbers(coded.iloc[:, p])
            for k, i in rows.items():
                if np.isnan(v[i]):
                    continue
                loose = _linked_row(k)
                labels, nums = split(loose, kinds)
                labels = tuple(x for x in labels if x != "total")
                for col in names_of(coded.columns[p]):
                    totals.setdefault((col, labels), []).append(
                        (ti, v[i], k, str(coded.columns[p]), nums))
    out: dict[tuple[int, int], list[str]] = {}
    for tj, coded, counts, rows, kinds in frames:
        if len(rows) != len(coded):
            continue  # a row repeated: which is which is not known
        for p in counts:
            v = vocab.numbers(coded.iloc[:, p])
            for j in range(len(kinds)):
                parts: dict[tuple, list[tuple[int, tuple]]] = {}
                for k, i in rows.items():
                    loose = _linked_row(k)
                    if "total" not in loose:
                        parts.setdefault(loose[:j] + loose[j + 1:], []).append((i, k))
                sub = kinds[:j] + kinds[j + 1:]
                for group, members in parts.items():
                    labels, nums = split(group, sub)
                    whole = float(np.nansum(v[[i for i, _ in members]]))
                    seen = set()
                    for col in names_of(coded.columns[p]):
                        for ti, t, k, shown, t_nums in totals.get((col, labels), []):
                            d = t - whole
                            if (ti == tj or not 0 < d < min_cell
                                    or (t_nums and nums and t_nums != nums)
                                    or (ti, k, shown) in seen):
                                continue
                            seen.add((ti, k, shown))
                            names = ", ".join(repr(" / ".join(m)) for _, m in members[:4])
                            names += f" and {len(members) - 4} more" * (len(members) > 4)
                            out.setdefault((ti, tj), []).append(
                                f"row {' / '.join(k)!r}, column {shown!r}: {t:g} there, its "
                                f"parts here ({names}) add up to {whole:g} (difference {d:g})")
    return out


def linked_differences(tables: Sequence[tuple], min_cell: int) -> list[tuple[int, Finding]]:
    """``linked_difference`` (dpo46): a count of persons that two tables of one export
    publish under the same column label and the same row labels (:func:`_cell_rows`), whose
    values differ by ``0 < |d| < min_cell``. The two are the same group counted twice, with
    another filter, horizon or definition (an analyst's table made again with one more
    filter beside the first; "Origin | Persons" with Maghreb 120 in one file and 117 in
    another passed), and their difference counts the few persons between them, as
    :func:`released_differences` refuses across exports. A transposed table (its groups as
    columns, a row of persons) is matched with its rows as columns (:func:`_untransposed`;
    dpo51: it passed beside its twin). So is a group's count in one table against the sum of
    its parts in another (:func:`_linked_parts`; dpo51: Limburg's 57 persons in one file, 30
    men and 24 women in another, passed). Tables without row labels are not
    compared (their rows cannot be matched). ``tables`` as :attr:`_Context.tables`; returns
    (index of the later table, finding) per table, naming the first other table it differs
    from."""
    frames = list(_linked_tables(tables))
    names_of = _count_names(frames)
    cells: dict[tuple, list[tuple[int, float]]] = {}
    for ti, coded, counts, rows, _ in frames:
        loose = pd.Series([_linked_row(k) for k in rows], dtype=object).value_counts()
        for p in counts:
            v = vocab.numbers(coded.iloc[:, p])
            for k, i in rows.items():  # dpo50: labels in any case and spelling
                if not np.isnan(v[i]) and loose[_linked_row(k)] == 1:
                    for col in names_of(coded.columns[p]):
                        cells.setdefault((col, _linked_row(k)), []).append(
                            (ti, v[i], k, str(coded.columns[p])))
    pairs: dict[tuple[int, int], list[str]] = {}
    for vals in cells.values():
        for (ta, a, _, _), (tb, b, k, col) in itertools.combinations(vals, 2):
            if ta != tb and 0 < abs(a - b) < min_cell:
                pairs.setdefault((ta, tb), []).append(
                    f"row {' / '.join(k)!r}, column {col!r}: {a:g} there, {b:g} here "
                    f"(difference {abs(a - b):g})")
    for (ta, tb), hits in _linked_parts(frames, min_cell).items():
        pairs.setdefault((tb, ta) if (tb, ta) in pairs else (ta, tb), []).extend(hits)
    out, said = [], set()
    for (ta, tb), hits in pairs.items():
        if tb in said:  # one finding per table: the first other table it differs from
            continue
        said.add(tb)
        hits = list(dict.fromkeys(hits))  # a cross table's cell is filed under every name
        file, where = tables[tb][0], tables[tb][1]
        more = f" and {len(hits) - 8} more" if len(hits) > 8 else ""
        out.append((tb, Finding(
            file, where, "linked_difference",
            f"against {tables[ta][0]} ({tables[ta][1]}) of this export: {'; '.join(hits[:8])}"
            f"{more}: the same cell counted twice, or a total and its parts, and each "
            f"difference is a count of {fewer_than(min_cell, 'person')} (the persons another "
            "filter, horizon or definition adds or drops, or a total's persons not among its "
            "parts), published by the two tables together; export one of them, or hide these "
            f"cells in both (or let them differ by 0 or at least {min_cell})")))
    return out


def _loose_table_key(table: pd.DataFrame) -> tuple:
    """A table of an earlier export looked for in any file (dpo50: a CSV exported again under
    another name, or with its labels in another case, passed ``--released``): its caption
    and its column labels in any case and spelling (:func:`_linked_column`)."""
    label = table.attrs.get("label") if isinstance(table.attrs, dict) else None
    return (str(label), tuple(_linked_column(book_code(c)) for c in table.columns))


def _cell_differences(new: pd.DataFrame, old: pd.DataFrame, all_counts: bool,
                      integer_counts: bool, min_cell: int) -> list[str]:
    """The cells of :func:`released_differences`: each as "row / column: a there, b here
    (difference d)"; rows and columns matched by their labels in any case and spelling
    (:func:`_linked_row`, :func:`_linked_column`; dpo50)."""
    cn, counts_n = _table_counts(new, all_counts, integer_counts)
    co, counts_o = _table_counts(old, all_counts, integer_counts)
    rows_n, rows_o = _cell_rows(cn, counts_n), _cell_rows(co, counts_o)
    loose_o: dict[tuple, list[int]] = {}
    for k, j in rows_o.items():
        loose_o.setdefault(_linked_row(k), []).append(j)
    both = [(k, i, rows_o[k] if k in rows_o else loose_o[_linked_row(k)][0])
            for k, i in rows_n.items()
            if k in rows_o or len(loose_o.get(_linked_row(k), [])) == 1]
    cols_o: dict[str, int | None] = {}
    for p, c in enumerate(co.columns):
        key = _linked_column(c)
        cols_o[key] = None if key in cols_o else p  # two alike: neither is the cell
    hits = []
    for p in counts_n:
        q = cols_o.get(_linked_column(cn.columns[p]))
        if q is None or q not in counts_o:
            continue
        a, b = vocab.numbers(cn.iloc[:, p]), vocab.numbers(co.iloc[:, q])
        for k, i, j in both:
            d = a[i] - b[j]
            if not np.isnan(d) and 0 < abs(d) < min_cell:
                hits.append(f"row {' / '.join(k)!r}, column {cn.columns[p]!r}: {b[j]:g} "
                            f"there, {a[i]:g} here (difference {abs(d):g})")
    shares_o = _share_numerators(co, counts_o, min_cell)
    for col, (n1, lo1, hi1) in _share_numerators(cn, counts_n, min_cell).items():
        match = [v for c, v in shares_o.items() if _linked_column(c) == _linked_column(col)]
        if len(match) != 1:
            continue
        n0, lo0, hi0 = match[0]
        for k, i, j in both:
            if np.isnan([n1[i], lo1[i], hi1[i], n0[j], lo0[j], hi0[j]]).any():
                continue
            if hi1[i] < lo1[i] or hi0[j] < lo0[j]:
                continue
            # the numerator's and the complement's difference, over every numerator allowed
            for dlo, dhi, what in ((lo1[i] - hi0[j], hi1[i] - lo0[j], "numerator"),
                                   ((n1[i] - hi1[i]) - (n0[j] - lo0[j]),
                                    (n1[i] - lo1[i]) - (n0[j] - hi0[j]), "complement")):
                if (dlo >= 1 and dhi < min_cell) or (dhi <= -1 and dlo > -min_cell):
                    a, b = sorted((abs(dlo), abs(dhi)))
                    hits.append(f"row {' / '.join(k)!r}, share {col!r} of its count "
                                f"({n0[j]:g} there, {n1[i]:g} here): its {what} differs by "
                                + (f"{a:g}" if a == b else f"{a:g} to {b:g}"))
                    break
    return hits


def _run_manifest(folder: Path) -> dict | None:
    """The chapter runner's ``manifest.json`` of ``folder`` (its layout: ``manifest_version``),
    or None when there is none or it cannot be read."""
    try:
        man = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return man if isinstance(man, dict) and "manifest_version" in man else None


def _runner_notebook(p: Path) -> bool:
    """Whether ``p`` is a notebook executed by the chapter runner (papermill's metadata)."""
    try:
        nb = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("metadata"), dict) and (
        "papermill" in nb["metadata"])


#: the chapter runner's mark in the HTML it renders (mia_helpers.chapters.render_html)
RUNNER_HTML_MARK = 'content="mia_helpers chapter runner"'


def _runner_html(p: Path) -> bool:
    """Whether ``p`` is an HTML rendering of the chapter runner: its mark
    (:data:`RUNNER_HTML_MARK`), or, for renderings made before the mark, a chapter notebook's
    name with the run's local MathJax linked (``mathjax/MathJax.js``)."""
    from mia_helpers.chapters import CHAPTERS, RUN_MATHJAX

    try:
        text = p.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if RUNNER_HTML_MARK in text:
        return True
    return (p.stem in {Path(f).stem for f in CHAPTERS.values()}
            and f'src="{RUN_MATHJAX}/MathJax.js' in text)


def _incomplete_runs(files: list[Path], base: Path) -> list[Finding]:
    """Chapter run folders that are not as the runner left a finished run.

    ``incomplete_run``: a notebook executed by the chapter runner (papermill's metadata) and
    rendered by it (its HTML or the run's ``mathjax/`` beside it) in a folder without the
    runner's ``manifest.json``. (A notebook executed with papermill and not rendered, such as
    the test harness's, is checked on its content.) The runner removes the manifest of an
    earlier run when it starts and writes the new one last
    (:func:`mia_helpers.chapters.run_chapter`), so such a folder is an interrupted or failed
    run, or one whose manifest (and with it the check of its ``disclosure_record.json``,
    :func:`_missing_records`) was removed.

    Also ``incomplete_run``: a runner's notebook or HTML beside a manifest that records no
    ``inputs`` (the chapter), no ``parameters``, or, for a chapter with ``data_dir``, no
    hashes of the registers (``data.files``; edited: no comparison of runs could read it,
    and it passed; try43).

    ``stale_output``: a runner's notebook or its HTML rendering whose name is not the chapter
    the folder's manifest records (its ``inputs``): a left-over of an earlier run of another
    chapter into the same ``--out`` folder, whose suppression record was replaced."""
    out = []
    for p in files:
        if p.suffix.lower() not in (".ipynb", ".html", ".htm") or p.is_symlink():
            continue
        shown = str(p.relative_to(base))
        man = _run_manifest(p.parent)
        rendered = p.with_suffix(".html").exists() or (p.parent / "mathjax").is_dir()
        sibling = p.with_suffix(".ipynb")
        if (p.suffix.lower() in (".html", ".htm") and man is None and _runner_html(p)
                # a rendering of a notebook not executed by the runner is checked on its
                # content, as that notebook is
                and not (sibling.exists() and not _runner_notebook(sibling))):
            # dpo22: the runner's HTML copied out of its run folder passed on its content, so
            # a chapter whose record marks a table 'fail' could leave as HTML alone
            # user38: a failed run's HTML sits beside the record its cells wrote before the
            # failure, and the message said there was none
            if (p.parent / "disclosure_record.json").is_file():
                why = ("the chapter runner's HTML rendering in a folder with a "
                       "disclosure_record.json but without the run's manifest.json (the runner "
                       "writes it last): the run was interrupted or failed, or its manifest was "
                       "removed, so the record may cover only the cells run before it stopped "
                       "and cannot be tied to this HTML (the manifest stores the hashes of "
                       "both); run the chapter again with python -m mia_helpers chapter into an "
                       "empty --out folder and export the whole folder (notebook, HTML, "
                       "manifest.json, disclosure_record.json)")
            else:
                why = ("the chapter runner's HTML rendering in a folder without the run's "
                       "manifest.json and disclosure_record.json: the output checker cannot see "
                       "what the chapter suppressed, nor whether a table is marked 'fail'; "
                       "export the whole run folder (notebook, HTML, manifest.json, "
                       "disclosure_record.json)")
            out.append(Finding(shown, "", "incomplete_run", why))
            continue
        if p.suffix.lower() == ".ipynb" and man is None and rendered and _runner_notebook(p):
            out.append(Finding(
                shown, "", "incomplete_run",
                "a notebook of the chapter runner in a folder without its manifest.json (the "
                "runner writes it last): the run was interrupted or failed, or its manifest "
                "was removed; run the chapter again with python -m mia_helpers chapter into "
                "an empty --out folder and export the whole folder"))
        elif man is not None and (lacks := [k for k in ("inputs", "parameters")
                                             if not isinstance(man.get(k), dict)
                                             or not man[k]] + (
                # a chapter reading data records its registers' hashes (_register_key)
                ["registers' hashes (data.files)"] if isinstance(man.get("parameters"), dict)
                and "data_dir" in man["parameters"] and _register_key(man) is None
                else [])) and (
                _runner_html(p) if p.suffix.lower() != ".ipynb"
                else rendered and _runner_notebook(p)):
            # try43: without them no comparison of runs reads the run, and it passed silently
            out.append(Finding(
                shown, "", "incomplete_run",
                f"an output of the chapter runner whose {p.parent.name}/manifest.json records "
                f"no {' and no '.join(lacks)} (the runner always writes them: the manifest was "
                "edited or is not this run's): the comparisons of runs (parameter_variation, "
                "extract_parameter_variation, missing_settings) cannot read which chapter ran "
                "with which values; run the chapter again with python -m mia_helpers chapter "
                "into an empty --out folder and export the whole folder"))
        elif man is not None and isinstance(man.get("inputs"), dict):
            stems = {Path(str(k)).stem for k in man["inputs"]}
            runner = p.suffix.lower() != ".ipynb" or _runner_notebook(p)
            if stems and p.stem not in stems and runner and (
                    p.suffix.lower() == ".ipynb" or p.with_suffix(".ipynb").exists()
                    or (p.parent / "mathjax").is_dir()):
                out.append(Finding(
                    shown, "", "stale_output",
                    f"not an output of the run recorded by {p.parent.name}/manifest.json "
                    f"(which ran {', '.join(sorted(stems))}): a left-over of an earlier run "
                    "in the same folder, not covered by its disclosure record; run each "
                    "chapter into its own empty --out folder and export the folders as the "
                    "runner wrote them"))
    return out


def static_asset(p: Path, shown: str) -> bool:
    """Whether ``p`` is a file of the MathJax copy the chapter runner puts beside its HTML
    (:func:`mia_helpers.chapters.copy_mathjax`: ``<run>/mathjax/...``), byte for byte the
    file at the same place in this machine's MathJax (:func:`mia_helpers.chapters.mathjax_root`).
    Such a file is a published library, not an output, and passes; a changed or added file
    under ``mathjax/`` does not (it is then checked like any other file)."""
    from mia_helpers.chapters import RUN_MATHJAX, mathjax_root

    parts = Path(shown).parts
    if RUN_MATHJAX not in parts[:-1] or p.is_symlink():
        return False
    root = mathjax_root()
    if root is None:
        return False
    ref = root.joinpath(*parts[parts.index(RUN_MATHJAX) + 1:])
    try:
        return (ref.is_file() and ref.stat().st_size == p.stat().st_size
                and ref.read_bytes() == p.read_bytes())
    except OSError:
        return False


#: outputs read as text: an empty one is refused (CSV and JSON already fail to parse)
TEXT_OUTPUT_SUFFIXES = (".md", ".html", ".htm")


def _blank(p: Path) -> bool:
    """Whether ``p`` holds nothing but white space (an unreadable file is not blank here: its
    reader reports it)."""
    try:
        return p.stat().st_size == 0 or not p.read_bytes().strip()
    except OSError:
        return False


#: files ``adapt`` and the panel build write into (or beside) an extract folder, which never
#: leaves (README, "Running on real extracts", step 6); by name, in any export
EXTRACT_FILES = {
    "adapt_log.csv": "adapt's log of the rows read and written per register",
    "exclusion_log.csv": "the panel build's exclusion log (chapter 1 publishes it with its "
                         "small counts hidden)",
    "panel_meta.json": "the panel build's metadata (register file sizes, persons and rows)",
    "_COMPLETE.json": "the completion marker of an adapted or synthetic data folder",
    "_INCOMPLETE.json": "the marker of an interrupted adapt or synth",
    ".panel.parquet.lock": "the panel build's lock file",
}


def _extract_file(name: str, path: Path | None = None) -> str | None:
    """What ``name`` is when it is a file of an extract folder (:data:`EXTRACT_FILES`, or
    ``adapt``'s ``DIR.adapt_problems.csv``, which lists pseudonymised ids and values), else
    None. With ``path``, a CSV file under another name is known by its header line too
    (:func:`_extract_layout`; user51)."""
    if name.lower().endswith("adapt_problems.csv"):
        return ("adapt's list of problems of the raw extract, with pseudonymised ids and "
                "values")
    known = EXTRACT_FILES.get(name)
    if known is None and path is not None and name.lower().endswith((".csv", ".tsv")):
        return _extract_layout(path)
    return known


def _extract_layout(path: Path) -> str | None:
    """What a CSV file is when its header line is that of ``adapt``'s list of problems
    (:data:`mia_helpers.adapters.core.PROBLEM_COLUMNS`) or of its ``adapt_log.csv``
    (:data:`mia_helpers.adapters.core.LOG_KEY_COLUMNS`, the first of the columns adapt
    writes), whatever its name, else None. user51: ``extract.adapt_problems.csv`` copied into the export as
    ``problems.csv`` was read only as a table ("column 'number' holds 6 counts in (0, 10):
    suppress them"), and its pseudonymised ids ('X0000001 (1; personnes.parquet row 1)', in
    its values column) were not named; ``adapt_log.csv`` renamed passed."""
    from mia_helpers.adapters.core import LOG_KEY_COLUMNS, PROBLEM_COLUMNS

    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            header = f.readline().lstrip("\ufeff").strip()
    except OSError:
        return None
    cols = [c.strip().strip('"') for c in re.split(r"[,;\t]", header)]
    if cols == PROBLEM_COLUMNS:
        return (f"adapt's list of problems of the raw extract, with pseudonymised ids and "
                f"values (written as DIR.adapt_problems.csv; here named {path.name})")
    if cols[:len(LOG_KEY_COLUMNS)] == LOG_KEY_COLUMNS:  # dpo52: adapt's own constant
        return (f"adapt's log of the rows read and written per register (written as "
                f"adapt_log.csv; here named {path.name})")
    return None


def _scan_file(p: Path, shown: str, ctx: _Context, res: ScanResult) -> None:
    """Check one file of a scan, adding to ``res``."""
    suffix = p.suffix.lower()
    if not p.is_symlink() and (what := _extract_file(p.name, p)) is not None:
        # user38: adapt_problems.csv was refused as "small counts: suppress them", and an
        # exclusion log without small counts passed, though README step 6 keeps extract/ in;
        # a table among them is read as well (its findings say what else it would give away)
        res.findings.append(Finding(
            shown, "", "data_file",
            f"a file of the extract folder: {what}; it never leaves the secure environment "
            "(README, Running on real extracts, step 6): move it out of the export (what of "
            "it may leave, the chapters publish with small counts hidden)"))
        if suffix not in (".csv", ".tsv", ".json"):
            return
    if p.is_symlink():
        res.findings.append(Finding(shown, "", "unknown_file",
                                    "symbolic link: export the file itself"))
    elif suffix in TEXT_OUTPUT_SUFFIXES and _blank(p):
        # dpo22: an empty Markdown or HTML file passed as checked (CSV, JSON and notebooks were
        # refused): nothing in it was checked, and an empty output is an interrupted write
        res.findings.append(Finding(shown, "", "unreadable",
                                    "empty file: there is nothing to check (an interrupted or "
                                    "failed write?); export the output again, or leave the "
                                    "file out"))
    elif suffix in (".js", ".woff") and static_asset(p, shown):
        res.assets += 1
    elif suffix == ".ipynb":
        try:
            nb = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
                raise ValueError("no list of cells")
        except (OSError, ValueError, UnicodeDecodeError) as err:
            res.findings.append(Finding(shown, "", "unreadable", f"not a notebook: {err}"))
            return
        f, n = _notebook_findings(nb, shown, ctx)
        res.findings += f
        res.notebooks += 1
        res.tables += n
        res.checked += 1
    elif suffix in (".csv", ".tsv"):
        res.findings += scan_csv(p, display=shown, ctx=ctx)
        res.csv_files += 1
        res.tables += 1
        res.checked += 1
    elif suffix in (".html", ".htm"):
        f, n = scan_html(p, shown, ctx)
        res.findings += f
        res.tables += n
        res.checked += 1
    elif suffix == ".json":
        f, n = scan_json(p, shown, ctx)
        res.findings += f
        res.tables += n
        res.checked += not _is_record_file(p)
    elif suffix == ".md":
        f, n = scan_markdown(p, shown, ctx)
        res.findings += f
        res.tables += n
        res.checked += 1
    elif suffix in DATA_SUFFIXES:
        res.findings.append(Finding(shown, "", "data_file",
                                    "data files may not leave the secure environment"))
    elif "mathjax" in Path(shown).parts[:-1] and suffix in (".js", ".woff"):
        res.findings.append(Finding(
            shown, "", "unknown_file",
            "not byte for byte the file of this machine's MathJax copy (changed or added, or "
            "no local MathJax to compare with: `make mathjax`); render the run again with "
            "python -m mia_helpers chapter"))
    elif suffix in (".yaml", ".yml"):  # user37: README step 6's mapping.yaml put inside
        res.findings.append(Finding(
            shown, "", "unknown_file",
            f"cannot check a {suffix} file (the `adapt` mapping?): only notebooks, HTML, "
            "CSV/TSV, Markdown and JSON tables are checked; the mapping leaves beside the "
            "checked folder, not in it, and only when the data owner allows it (README, "
            "Running on real extracts, step 6): move it out of the folder and check again"))
    else:
        res.findings.append(Finding(
            shown, "", "unknown_file",
            f"cannot check a {suffix or 'file without an extension'}: only notebooks, "
            "HTML, CSV/TSV, Markdown and JSON tables may leave; what to do: a file that is "
            "no output (a note, a script, a system file such as .DS_Store or Thumbs.db, an "
            "editor's backup) does not belong in the export: move it out of the folder and "
            "check again; export a table in one of these formats, and write a note for the "
            "output checker as Markdown (.md), which is checked (user38)"))


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (resolved; a missing one compares by its path)."""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def _known_record(p: Path, shown: str, target: Path, min_cell: int, res: ScanResult) -> bool:
    """Whether ``p`` is a checking record (:func:`_record_layout`); if so, list it in
    ``res.records`` (and check it: a disclosure record's tables marked ``fail``, an earlier
    export-check record's staleness, see :func:`scan`) instead of counting it as an output."""
    if p.suffix.lower() != ".json" or p.is_symlink():
        return False
    layout = _record_file_layout(p)
    if layout == "disclosure record":
        res.findings += scan_json(p, shown, _Context(min_cell))[0]
        res.records.append((shown, "the run's disclosure record (checked for tables marked "
                                   "'fail' and for narrowed hidden counts)"))
        return True
    if layout != "export-check record":
        return False
    if _same_file(p, target):
        res.records.append((shown, "the previous check's record (this check replaces it)"))
        return True
    obj = json.loads(p.read_text(encoding="utf-8"))
    why = []
    if obj.get("status") != "pass":
        why.append(f"it says {obj.get('status')!r}")
    m = obj.get("min_cell")
    if not isinstance(m, int) or isinstance(m, bool) or m < min_cell:
        why.append(f"it was made at min_cell={m!r}, below this check's {min_cell}")
    results = obj.get("results")
    if not isinstance(results, dict):
        why.append("it has no 'results'")
        results = {}
    names = [f for e in results.values() if isinstance(e, dict)
             and isinstance(e.get("files"), list) for f in e["files"]]
    # a record names files relative to the folder it checked: its own, or its "root"
    where = [p.parent] + ([Path(str(obj["root"]))] if obj.get("root") else [])
    where += [w.parent for w in where[1:] if w.is_file()]
    hashes = obj.get("file_hashes")
    if not isinstance(hashes, dict):
        hashes = {}
        why.append("it stores no file hashes (written before export-check recorded them), so "
                   "a file changed since it was made cannot be told")
    names += list(hashes)

    def found(name: Any) -> Path | None:
        return next((w / str(name) for w in where if (w / str(name)).exists()), None)

    gone = sorted({str(f) for f in names if found(f) is None})
    if gone:
        why.append(f"it names {plural(gone, 'file')} no longer beside it ({', '.join(gone[:3])}"
                   f"{', ...' if len(gone) > 3 else ''})")
    changed = sorted(str(f) for f, h in hashes.items() if str(f) not in gone and (
        not isinstance(h, dict) or _file_hash(found(f)) != h))
    if changed:
        why.append(f"{plural(changed, 'file')} changed since it was made "
                   f"({', '.join(changed[:3])}{', ...' if len(changed) > 3 else ''}: "
                   f"{'its' if len(changed) == 1 else 'their'} SHA-256 differs from the "
                   "record's)")
    if why:
        res.findings.append(Finding(
            shown, "", "stale_record",
            f"an earlier export-check record that would leave with the export but does not "
            f"describe it ({'; '.join(why)}); delete it, or check its folder again with "
            f"export-check {p.parent} --min-cell {min_cell}"))
    res.records.append((shown, f"an earlier check's record ({obj.get('status')}, "
                               f"min_cell={m})"))
    return True


def _name_findings(ctx: _Context, paths: Sequence[Path], base: Path) -> list[Finding]:
    """``small_count`` findings of the names of ``paths`` (files and folders, relative to
    ``base``): a name leaves with the export and can state a count as prose does
    ("antwerp_only_3_persons_entered.csv", a folder "3 persons"; ec28: names were not read).
    Underscores read as spaces; each distinct name is read once, with the first path
    holding it; a chapter's notebook stem is read without its chapter number."""
    first: dict[str, str] = {}
    for p in paths:
        parts = p.relative_to(base).parts if p != base else (p.name,)
        for i, part in enumerate(parts):
            first.setdefault(part, str(Path(*parts[:i + 1])))
    from mia_helpers.chapters import CHAPTERS

    # a chapter's own notebook and rendering ("02_school_leaver_entry.html"): its number
    chapter_stems = {Path(f).stem for f in CHAPTERS.values()}
    found: list[Finding] = []
    for part, shown in first.items():
        stem = part.split(".", 1)[0]
        text = re.sub(r"_+", " ", stem.split("_", 1)[1] + part[len(stem):]
                      if stem in chapter_stems else part)
        found += _text_counts(ctx, shown, "its name", [text], "name")
    return found


def scan(root: str | Path, min_cell: int = DEFAULT_MIN_CELL, id_min_rows: int = ID_MIN_ROWS,
         id_min_value: int = ID_MIN_VALUE, dof_threshold: int = DEFAULT_DOF_THRESHOLD,
         released: Sequence[str | Path] = (), record: str | Path | None = None
         ) -> ScanResult:
    """Check every file under ``root`` (a folder, hidden sub-folders included, or one file);
    ``dof_threshold`` is the minimum residual degrees of freedom behind an estimate.

    Checking records are not outputs: they are listed in ``ScanResult.records`` and not
    counted in ``files`` (ec23: a second check of a folder counted the first check's record
    among its files). ``record`` is the record this check will write (default:
    :func:`default_record`, where ``export-check`` writes it): a previous record there is the
    previous check's, which this check replaces. The run's ``disclosure_record.json`` is
    listed as a record and checked (a table it marks ``fail`` is refused,
    ``disclosure_record``). Any other export-check record in the folder (a sub-folder checked
    on its own, or a record written with ``--record``) would leave with the export; it is
    listed when it passed at this check's ``min_cell`` or a higher one and every file it
    names is still there, and refused (``stale_record``) otherwise: the recipient would read
    a record that does not describe what leaves (delete it, or check that folder again).

    ``released``: folders of earlier exports (as they left). Their run manifests take part in
    the ``parameter_variation`` rule (their content is not checked again): a run here of a
    chapter that left earlier on the same data with other parameters is refused, a threshold
    or window included (dpo22, seed 7171: chapter 2 at ``min_cell`` 11 and 25 gave 42 and 38
    Maghreb intermediate-generation school leavers with a first and a first stable job, each
    hidden in the other run).

    Raises ``ValueError`` when ``root`` does not exist, a ``released`` entry is not a folder,
    or ``min_cell`` is not a whole number >= :data:`MIN_CELL_FLOOR`."""
    min_cell = _check_min_cell(min_cell)
    for folder in map(Path, released):  # before the scan, which may take a while
        if not folder.is_dir():
            raise ValueError(f"--released {folder}: not a folder (give the folder of an "
                             "earlier export as it left)")
    root = Path(root)
    if not root.exists():
        raise ValueError(f"nothing to check: {root} does not exist")
    if root.is_file():
        files, base, every = [root], root.parent, [root]
    else:
        every = sorted(root.rglob("*"))
        files = [p for p in every if p.is_file() or p.is_symlink()]
        base = root
    ctx = _Context(min_cell, id_min_rows, id_min_value, dof_threshold=dof_threshold)
    res = ScanResult([])
    # ec28: a named pipe, socket or device passed unseen (neither a file nor a folder); it is
    # not opened (reading a pipe blocks)
    for p in every:
        if not (p.is_symlink() or p.is_file() or p.is_dir()):
            res.files += 1
            res.findings.append(Finding(str(p.relative_to(base)), "", "unknown_file",
                                        "not a regular file (a named pipe, socket or device): "
                                        "export-check cannot read it; leave it out"))
    res.findings += _name_findings(ctx, every, base)
    target = Path(record) if record is not None else default_record(root)
    for p in files:
        shown = str(p.relative_to(base))
        try:
            if _known_record(p, shown, target, min_cell, res):
                continue
        except Exception:  # noqa: BLE001 - checked as an output below, which reports it
            pass
        res.files += 1
        try:
            _scan_file(p, shown, ctx, res)
        except Exception as err:  # noqa: BLE001 - what cannot be checked is refused
            res.findings.append(Finding(
                shown, "", "unreadable",
                f"export-check could not check this file ({type(err).__name__}: {err}); it "
                "is refused: export it as CSV, Markdown pipe tables or HTML tables, and "
                "report the file's layout as an export-check bug"))
    for ti, f in [*linked_share_counts(ctx.tables, min_cell),  # ec28b: a share, its count apart
                  *linked_zero_groups(ctx.tables, min_cell),  # dpo34: a zero, its group apart
                  *linked_differences(ctx.tables, min_cell),  # dpo46: one cell, two values
                  *unlinked_shares(ctx.tables)]:  # dpo47: a share counted nowhere
        if f.file.lower().endswith((".csv", ".tsv")):  # a CSV's one table, as scan_csv says
            f = replace(f, where=f.where.replace("table 1", "").strip(", "))
        res.findings.append(f)
        entry = ctx.tables[ti][-1]
        entry["status"] = "fail"
        entry["exception"].append(f"{f.rule}: {f.detail}")
    failed = {Path(f.file).with_suffix("") for f in res.findings
              if f.rule == "failed_run" and f.file.endswith(".ipynb")}
    for p in files:  # the runner's rendering of a failed notebook fails with it
        shown = Path(str(p.relative_to(base)))
        if p.suffix.lower() in (".html", ".htm") and shown.with_suffix("") in failed and not any(
                f.file == str(shown) and f.rule == "failed_run" for f in res.findings):
            res.findings.append(Finding(str(shown), "", "failed_run",
                                        "rendering of a notebook that did not complete"))
    manifests = list(_run_manifests(files))  # read once for the three rules of run folders
    res.findings += _missing_records(files, manifests, base)
    res.findings += _threshold_below_run(manifests, base, min_cell)
    res.findings = _hint_run_threshold(res.findings, manifests, base, min_cell)
    res.findings += _edited_outputs(manifests, base)
    res.findings += _parameter_variation(manifests, base)
    res.findings += _data_variation(manifests, base)
    res.findings += _extract_parameter_variation(manifests, base)
    res.findings += _shared_parameter_variation(manifests, base)
    res.findings += _missing_settings(manifests, base)
    res.findings += _released_variation(manifests, base, released)
    res.findings += _released_extract_variation(manifests, base, released)
    res.findings += _released_shared_variation(manifests, base, released)
    if root.is_dir():  # a run folder's rules; one file is checked on its content
        res.findings += _incomplete_runs(files, base)
        stale = {f.file for f in res.findings if f.rule == "stale_output"}  # said once
        res.findings += [f for f in _unrecorded_outputs(files, manifests, base,
                                                        {r[0] for r in res.records})
                         if f.file not in stale]
    if not res.checked:
        res.findings.append(Finding(
            str(root), "", "nothing_checked",
            f"no file that export-check reads ({counted(files, 'file')} found, none an executed "
            "notebook, HTML, CSV/TSV, Markdown or JSON output): nothing was checked, so "
            "nothing may be released; point export-check at the run folder"))
    res.outputs = ctx.outputs
    res.figures = ctx.figures
    res.examples = ctx.examples
    res.table_data = [x[:5] for x in ctx.tables]
    res.figure_data = ctx.figure_data
    if released:  # dpo32: this export's cells against the same cells of earlier exports
        res.findings += released_differences(res.table_data, released, min_cell, id_min_rows,
                                             id_min_value, dof_threshold,
                                             figures=res.figure_data)
    return res


def _file_hash(p: Path | None) -> dict[str, Any] | None:
    """SHA-256 and size of a file as a record stores them (None for a missing file)."""
    from mia_helpers.files import sha256_file

    if p is None or not p.is_file():
        return None
    return {"sha256": sha256_file(p), "bytes": p.stat().st_size}


def write_results(res: ScanResult, root: Path, min_cell: int, path: Path) -> Path:
    """Write the checking record of a scan as JSON (one entry per output, acro's
    ``results.json`` layout: uid, status, type, outcome/exception, timestamp), atomically.
    The checking records the scan found (:attr:`ScanResult.records`) get entries of type
    ``record`` (``fail`` when refused, e.g. ``stale_record``), except the record at ``path``
    that this one replaces. ``file_hashes`` holds the SHA-256 and size of every file of the
    checked folder (or of the one file checked) but this record, by its name relative to the
    folder, and ``scope`` what was checked (``"folder"``, or ``"file <name>: this file only,
    not its folder"`` for one file), so that a later check of a folder holding this one can tell a file changed since
    (``stale_record``; ec24: a sub-folder's passing record stored no hashes and a file
    changed after its check left under it).

    Returns ``path``. Raises OSError naming ``path`` (not a temporary file) when it cannot be
    written."""
    now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    results = {f"output_{i}": {"uid": f"output_{i}", "status": o["status"],
                               "type": o.get("type", "table"),
                               "files": [o["file"]], "where": o["where"], "tables": o["tables"],
                               "exception": o["exception"], "timestamp": now}
               for i, o in enumerate(res.outputs)}
    results.update({f"file_{i}": {"uid": f"file_{i}", "status": "fail", "type": "file",
                                  "files": [f.file], "where": f.where, "tables": 0,
                                  "exception": [f"{f.rule}: {f.detail}"], "timestamp": now}
                    for i, f in enumerate(x for x in res.findings
                                          if x.rule in ("unknown_file", "data_file", "unreadable"))})
    # ec26: figures whose drawn text is not read, for the output checker (acro's 'review')
    results.update({f"figure_{i}": {"uid": f"figure_{i}", "status": "review", "type": "figure",
                                    "files": [shown], "where": where, "tables": 0,
                                    "exception": [FIGURE_REVIEW], "timestamp": now}
                    for i, (shown, where) in enumerate(res.figures)})
    # ec27: marked examples that would state a small count, for the output checker
    results.update({f"example_{i}": {"uid": f"example_{i}", "status": "review",
                                     "type": "example", "files": [shown], "where": where,
                                     "tables": 0, "exception": [EXAMPLE_REVIEW.format(phrase)],
                                     "timestamp": now}
                    for i, (shown, where, phrase) in enumerate(res.examples)})
    # the checking records found beside the outputs (not outputs themselves), but not the one
    # this record replaces
    base = Path(root) if Path(root).is_dir() else Path(root).parent
    refused: dict[str, list[str]] = {}
    for f in res.findings:
        if f.rule in ("stale_record", "disclosure_record"):
            refused.setdefault(f.file, []).append(f"{f.rule}: {f.detail}")
    results.update({f"record_{i}": {"uid": f"record_{i}", "type": "record",
                                    "status": "fail" if shown in refused else "pass",
                                    "files": [shown], "where": what, "tables": 0,
                                    "exception": refused.get(shown, []), "timestamp": now}
                    for i, (shown, what) in enumerate(
                        r for r in res.records if not _same_file(base / r[0], path))})
    checked = sorted(p for p in base.rglob("*") if p.is_file()) if Path(root).is_dir() \
        else [Path(root)]
    hashes = {str(p.relative_to(base)): _file_hash(p) for p in checked
              if not _same_file(p, path)}
    scope = "folder" if Path(root).is_dir() else \
        f"file {Path(root).name}: this file only, not its folder"
    rec = {"tool": RECORD_TOOL, "version": 3, "min_cell": min_cell, "root": str(root),
           "scope": scope, "timestamp": now, "status": "pass" if res.ok else "fail", "results": results,
           "file_hashes": hashes}
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rec, fh, indent=1, default=str)
        os.replace(tmp, path)
    except OSError as err:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OSError(err.errno, f"cannot write the checking record ({err.strerror or err}); "
                      "give --record a file in a writable folder", str(path)) from None
    return path


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of ``python -m mia_helpers export-check`` to the parser ``p`` (used by
    :mod:`mia_helpers.cli.export_check`, which adds range checks to them): ``path``,
    ``--min-cell``, ``--id-min-rows``, ``--dof-threshold``, ``--released`` (repeatable) and
    ``--record``. Modifies ``p`` in place; raises nothing of its own (argparse's
    ``ArgumentError`` if ``p`` already has one of these options). The help texts do not repeat
    the defaults: the subcommand's formatter adds them from ``default=``
    (:class:`mia_helpers.cli._common.DefaultsHelpFormatter`; cox48)."""
    p.add_argument("path", type=Path, help="executed book, run folder or one file")
    p.add_argument("--min-cell", type=int, default=DEFAULT_MIN_CELL,
                   help="minimum persons behind a published count")
    p.add_argument("--id-min-rows", type=int, default=ID_MIN_ROWS,
                   help="distinct values from which a column can look like ids")
    p.add_argument("--dof-threshold", type=int, default=DEFAULT_DOF_THRESHOLD,
                   help="minimum residual degrees of freedom behind a published estimate "
                        "(acro's safe_dof_threshold)")
    p.add_argument("--released", type=Path, action="append", default=[], metavar="DIR",
                   help="folder of an earlier export as it left (repeatable): a run here of a "
                        "chapter released on the same data with other parameters (min_cell, "
                        "window, ...) is refused, and so is a table cell (same file, table, "
                        "column and row labels) whose count or share's numerator differs from "
                        "the earlier one by 0 < d < min-cell persons (released_difference)")
    p.add_argument("--record", type=Path, default=None,
                   help=f"write the checking record here (default: {RECORD_NAME} in the "
                        "checked folder; for one file, export_check_results.<file name>.json "
                        "beside it)")


def run_check(args: argparse.Namespace) -> int:
    """``export-check`` on parsed options (:func:`add_arguments`; used by
    :mod:`mia_helpers.cli.export_check`): :func:`scan`, print the findings and a summary to
    standard output, write the checking record (:func:`write_results`).

    Parameters
    ----------
    args : argparse.Namespace
        ``path`` (Path: executed book, run folder or one file), ``min_cell``,
        ``id_min_rows`` (int), ``record`` (Path or None: default :func:`default_record`,
        :data:`RECORD_NAME` in the checked folder, or a record named after the one checked
        file beside it); ``dof_threshold`` (int) and ``released`` (list of Path) when present.

    Returns
    -------
    int
        The exit status: 0 when the check passed, 1 otherwise.

    Raises
    ------
    ValueError
        For a ``min_cell`` that is not a whole number >= :data:`MIN_CELL_FLOOR`, and as
        :func:`scan` does.
    OSError
        When the checking record cannot be written (:func:`write_results`).
    ParameterError
        For a ``--record`` naming an existing file that is not an earlier record of
        export-check (an output or record of the run), before the check (fresh50).
    """
    args.min_cell = _check_min_cell(args.min_cell, "export-check", "--min-cell")
    target = args.record or default_record(args.path)
    # user38: a record that cannot be written failed only after the whole scan (minutes for
    # a book); what can be seen without writing is refused before it
    from mia_helpers.files import unwritable_reason

    blocked = (f"{target} is a folder" if target.is_dir() else unwritable_reason(target))
    if blocked is None and args.record is not None and target.is_file() and \
            _record_kind(target) != "export-check record":
        from mia_helpers.files import ParameterError

        # fresh50: --record naming the run's HTML wrote the record over it, status "pass"
        raise ParameterError(
            f"--record {target}: the file exists and is "
            f"{'a ' + str(_record_kind(target)) if _record_kind(target) else 'no record'} "
            "(an output or record of the run?), not an earlier record of export-check: writing "
            "the record there would replace it; nothing was checked: give --record a new file "
            f"name, or leave it out (default: {default_record(args.path)})")
    if blocked is not None:
        raise OSError(errno.EACCES, f"cannot write the checking record ({blocked}); nothing was "
                      "checked: give --record a file in a writable folder, or check a copy of "
                      "the folder in a writable place", str(target))
    if args.min_cell < DEFAULT_MIN_CELL:  # user51: "min_cell=5: OK", no word of the default
        print(f"note: --min-cell {args.min_cell} is below the default {DEFAULT_MIN_CELL}, the "
              "threshold of the book's disclosure control: counts of "
              f"{args.min_cell} to {DEFAULT_MIN_CELL - 1} persons pass; release the outputs "
              "only where the data owner's output rules allow a threshold of "
              f"{args.min_cell} (the checking record states it)", file=sys.stderr, flush=True)
    res = scan(args.path, args.min_cell, args.id_min_rows,
               dof_threshold=getattr(args, "dof_threshold", DEFAULT_DOF_THRESHOLD),
               released=getattr(args, "released", ()), record=target)
    try:
        for f in res.findings:
            print(f)
        sys.stdout.flush()
    except BrokenPipeError:  # `export-check DIR | head`: the record is written all the same
        _silence_stdout()
    record = write_results(res, args.path, args.min_cell, target)
    assets = f" ({res.assets} of them the run's copy of MathJax)" if res.assets else ""
    records = (f", {counted(res.records, 'checking record')} not counted" if res.records
               else "")
    summary = (f"export-check {args.path}: {counted(res.files, 'file')}{assets}, "
               f"{counted(res.notebooks, 'notebook')}, {counted(res.tables, 'table')}, "
               f"{counted(res.csv_files, 'CSV file')}{records}, "
               f"min_cell={args.min_cell}"
               # user36: a lowered threshold is said, not hidden behind "OK"
               + (f", dof_threshold={dof}" if (dof := getattr(args, "dof_threshold",
                                                             DEFAULT_DOF_THRESHOLD))
                  != DEFAULT_DOF_THRESHOLD else "") + ": ")
    try:
        print(summary + ("OK" if res.ok else f"FAILED ({counted(res.findings, 'problem')}; cells, "
                                             "outputs, tables, lines and rows are numbered from "
                                             "1, rows by their label where the table has one, "
                                             "CSV rows by file line)"))
        for shown, what in res.records:
            print(f"  record {shown}: {what}")
        if res.figures:  # ec26: said, not silently passed
            print(f"{counted(res.figures, 'figure')} (PNG, JPEG and other images) whose drawn text "
                  "(titles, axis labels, legends, notes) export-check does not read: the "
                  "output checker reads them before release (status 'review' in the checking "
                  "record):")
            for shown, where in res.figures:
                print(f"  figure {shown}: {where}")
        if res.examples:  # ec27: marked examples that would state a small count
            print(f"{counted(res.examples, 'marked example')} ({{samp}}) that would state a small "
                  "count, not read as counts: the output checker confirms each is an example "
                  "(status 'review' in the checking record):")
            for shown, where, phrase in res.examples:
                print(f"  example {shown}: {where}: {phrase!r}")
        print(f"checking record: {record}" + ("" if args.path.is_dir() else
                                              f" (of {args.path.name} only, not its folder)"))
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return 0 if res.ok else 1


def _silence_stdout() -> None:
    """Standard output to ``os.devnull`` once its reader has gone (the Python documentation's
    SIGPIPE note), so that the rest of the run and the flush at exit do not raise."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)

