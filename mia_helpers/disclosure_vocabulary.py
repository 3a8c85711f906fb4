"""One vocabulary of count, non-count and identifier columns for disclosure control.

Both :mod:`mia_helpers.disclosure` (which suppresses the tables the book makes) and
:mod:`mia_helpers.export_check` (which checks what ended up in the files) decide with these
names and content tests whether a column holds numbers of persons or identifies persons, so the
two can never disagree.

Rules (case-insensitive, applied to every level of a multi-level column label)
-------------------------------------------------------------------------------
- *Count of persons* by name: ``n``, ``count(s)``, ``persons``, ``n_*``, ``*_n``, ``*_count``,
  ``count_*``, ``persons_*``, ``*_persons``, ``events``, ``at_risk``, ``treated``,
  ``controls``, ``frequency``/``freq``, ``aantal*``, ``rows``, ``spells``, ``inflows``.
- *Not a count of persons* by name (a table declares a column so by naming it): replication and
  software counts ``n_boot*``, ``n_rep*``, ``n_sim*``, ``n_iter*``, ``n_draws``,
  ``n_quarters``, ``n_measures``, ``n_folds``, ``n_threads``, ``n_cores``, ``n_jobs``,
  ``n_terms``, ``n_bins``, ``n_params``; and positions on a scale: names containing a word
  ``quarter(s)``, ``year``, ``u``, ``horizon``, ``bin``, ``seed``, ``rank``, ``order``, ``df``,
  ``terms``, ``step``, ``age``, ``line``, ``version``, ``lag``, ``since``, ``scenario``,
  ``replications``, ``simulations``, ``iterations``, ``draws``, ``bootstrap``, and references
  into the book: ``chapter``, ``section``, ``equation``, ``figure``, ``appendix``. Columns
  of the package's own tables that count something else are declared by exact name in
  :data:`DECLARED_NOT_PERSONS` (``risk_sets``: periods).
- Zero-padded codes are labels, not numbers of persons: a text column whose numbers all have
  the same number of digits (two or more), at least one with a leading zero (``"02"``,
  ``"05"``, ``"12"``), is not an integer column (:func:`is_code_column`). Counts printed with
  varying widths (``5``, ``12``, ``100``) stay counts; a column *named* as a count is one
  whatever its layout.
- Every other column whose published values are all integers is a count of persons
  (:func:`is_integer_column`): export-check treats it as one unless the table declares
  otherwise (a non-count name above, or the notebook cell tag ``not-person-counts``).
- *Person identifier* by name: ``id``, ``person``, ``*person_id``, ``persoon_id``, ``pid``,
  ``individual_id``, ``pseudo_id``, ``client_id``, ``rrn``, ``insz``, ``ssin``,
  ``rijksregisternummer``, ``national_number``; by content (:func:`id_like`): Belgian national
  numbers (``YY.MM.DD-XXX.CC`` or 11 digits with a valid modulo-97 check), pseudonymisation
  tokens (one length >= 16, alphanumeric with digits), or many distinct large integers.
- *Counts stated in text* (printed output, prose; read by
  :func:`mia_helpers.disclosure.small_count_matches`): a number before a noun of
  :data:`COUNT_NOUNS` ("4 persons"), written in digits or as a word of :data:`NUMBER_WORDS`
  ("three persons", "Four entrants", "twenty-one starters", "one person", "a single patient";
  in Dutch and French too, "drie personen", "vijfentwintig werkzoekenden", "trois personnes",
  "vingt-cinq demandeurs d'emploi", "één persoon", but not the articles "een", "un", "une";
  ec29; and German, "drei Personen", "dreiundzwanzig Teilnehmer", "nur eine Person", but not
  the article "ein", "eine": ec30; a number named approximately as that number, "une dizaine
  de personnes" 10, "een tiental werkzoekenden" 10, "ein Dutzend Personen" 12:
  :data:`APPROX_WORDS`, ec30;
  a word only before a noun of persons, and "one" not as the generic article, "the rows of one
  person"); both numbers of "N of M" before a noun of :data:`PERSON_NOUNS`; a number after a
  count's label, in digits or words ("n = four"); an upper bound narrower than the marker
  ``<min_cell`` ("fewer than 3 persons", "at most 3 persons"; ec25; in Dutch, French and
  German by the same rule, "minder dan 3 personen", "au plus 3 personnes", "höchstens 3
  Personen", whose lower bounds, "meer dan 3", "plus de 3", "mindestens 3", are no counts:
  ec30). A noun followed by "per" or "for each" and a noun of
  :data:`RATIO_NOUNS` states a ratio of the design, not a count ("3 controls per starter").
  A dot grouping three digits is a thousands dot in a Dutch, French or German phrase ("2.000
  personen" is 2000) and a decimal point otherwise ("2.000 persons" is 2; dpo55:
  :func:`mia_helpers.disclosure._thousands_dot`).

References
----------
Brandt, M. et al. (2010). *Guidelines for the checking of output based on microdata research*.
ESSnet SDC (Eurostat). Section 3 (rules of thumb: frequencies, identifiers, microdata).
"""

from __future__ import annotations

import re
from collections.abc import Hashable

import numpy as np
import pandas as pd

from mia_helpers.words import counted

__all__ = [
    "COUNT_LABEL_WORDS",
    "COUNT_NAME",
    "COUNT_NOUNS",
    "DECLARED_NOT_PERSONS",
    "DUTCH_PERSON_NOUNS",
    "FRENCH_PERSON_NOUNS",
    "ID_NAME",
    "NON_COUNT_NAME",
    "NOT_PERSON_COUNT",
    "NUMBER_WORD",
    "NUMBER_WORDS",
    "APPROX_WORDS",
    "GERMAN_PERSON_NOUNS",
    "OTHER_PERSON_NOUNS",
    "PERSON_NOUNS",
    "RANGE_WORDS",
    "RATIO_NOUNS",
    "PERSON_LEVEL_COLUMNS",
    "SINGLE_WORDS",
    "id_like",
    "is_code_column",
    "is_count_name",
    "is_id_name",
    "is_integer_column",
    "is_non_count_name",
    "labels",
    "national_number_like",
    "number_value",
    "numbers",
    "word_value",
]

COUNT_NAME = re.compile(
    r"^(n|count|counts|persons|n_.+|.+_n|.+_count|count_.+|persons_.+|.+_persons|events|"
    r"at_risk|treated|controls|frequency|freq|aantal.*|rows|.+_rows|rows_.+|spells|inflows|"
    # adapt_log.csv's counts of register rows (mia_helpers.adapters.core.adapt)
    r"reversed_in_quarter|same_start_other_end)$",
    re.IGNORECASE,
)
NOT_PERSON_COUNT = re.compile(
    r"^n_(boot\w*|rep\w*|sim\w*|iter\w*|draws?|quarters?|measures?|folds?|threads?|cores?|"
    r"jobs?|terms?|bins?|params?|parameters?)$",
    re.IGNORECASE,
)
#: columns the package's tables publish that count something other than persons, declared
#: by their exact code name with what they count (a name is matched whole, case-insensitive:
#: ``n_risk_sets`` or ``risk_set_persons`` stay counts). A declaration here is the table's
#: author's, not a guess from a word in the name
DECLARED_NOT_PERSONS: dict[str, str] = {
    # describe.support_summary: periods (clock values) at which someone starts treatment;
    # Appendix C at min_cell 30 published 17 of them and export-check refused the run (ec23)
    "risk_sets": "periods with a treatment start (mia_helpers.describe.support_summary)",
    # claims.calibration_by_criteria (Appendix A's calibration table, app47): simulated data
    # sets times quarters; export-check read a basic-training count of 1 to 9 bounds as persons
    "point_estimates": "Monte Carlo data-set quarters with a point estimate "
                       "(mia_helpers.claims.calibration_by_criteria)",
    "bound_estimates": "Monte Carlo data-set quarters whose estimate is a worst-case bound "
                       "(mia_helpers.claims.calibration_by_criteria)",
}
NON_COUNT_NAME = re.compile(
    r"(^|[_\s])(quarters?|year|years|months?|weeks?|days?|periods?|u|horizon|bins?|seed|rank|"
    r"order|df|terms|steps?|age|line|"
    r"version|lag|since|k|level|scenarios?|replications?|reps?|simulations?|iterations?|"
    r"draws?|seeds?|bootstrap|chapters?|sections?|equations?|figures?|appendix)($|[_\s])",
    re.IGNORECASE,
)
ID_NAME = re.compile(
    r"^(id|person|.*person_?id|persoon_?id|pid|individual_?id|pseudo_?id|client_?id|"
    r"rrn|insz|ssin|rijksregisternummer|national_?number)$",
    re.IGNORECASE,
)
#: nouns of persons by the names a register study, a policy note or a Flemish or Brussels
#: report gives them, in English, Dutch and French (ec28b: "3 personen", "2 werkzoekenden", "4
#: nieuwkomers", "3 inburgeraars", "3 leerlingen", "2 personnes", "3 demandeurs d'emploi", "3
#: employees", "3 job seekers", "3 respondents" passed export-check while "3 persons" was
#: refused). Nouns of persons only: not "children" ("households with 2 children" is a value of
#: a covariate), "workers" (the test suite's "two workers" in the README) nor "Student t" (a
#: distribution), nor words that also name things ("clients", "jeunes" as an adjective). Read as
#: "persons" is everywhere (in digits, in words before a plural, after "N of M", as a label:
#: "Personen: 3"); numbers written as Dutch or French words are read too ("drie personen",
#: "trois personnes": ec29, :data:`NUMBER_WORDS`)
#: the Dutch nouns of persons of :data:`OTHER_PERSON_NOUNS`: before one of them "onze" is
#: the pronoun "our" ("onze deelnemers"), not eleven (ec29)
#: (dpo55: the singulars "vrouw", "mens", "jongere", and the Dutch names of the English list's
#: persons, "bewoners", "respondenten", "vluchtelingen", "patiënten", "schoolverlaters",
#: "uitkeringsgerechtigden", "leefloners", "individuen", "studenten", "stagiairs",
#: "aanvragers", "ondervraagden", passed). A Dutch noun ending in "en" is a plural; none of
#: the singulars does
DUTCH_PERSON_NOUNS: tuple[str, ...] = (
    "personen", "persoon", "mensen", "mens", "werkzoekenden?", "nieuwkomers?", "inburgeraars?",
    "leerlingen", "leerling", "deelnemers?", "inwoners?", "werknemers?", "werklozen",
    "werkloze", "jongeren", "jongere", "cursisten", "cursist", "vrouwen", "vrouw", "mannen",
    "bewoners?", "respondenten", "vluchtelingen", "vluchteling", "pati[ëe]nten", "pati[ëe]nt",
    "schoolverlaters?", "uitkeringsgerechtigden?", "leefloners?", "individuen", "individu",
    "studenten", "stagiairs?", "aanvragers?", "ondervraagden?")
#: the French nouns of persons of :data:`OTHER_PERSON_NOUNS` (with or without accents, straight
#: or curly apostrophe; dpo55: the singulars "nouvel arrivant", "nouvelle arrivante" and
#: "réfugié", "individu", "étudiant", "apprenant", "employé", "résident", "répondant",
#: "allocataire", "travailleur", "immigré", "patiente" passed). The nouns French writes as
#: English does ("participants", "patients", "migrants", "residents") are English ones
#: here (:data:`COUNT_NOUNS`)
FRENCH_PERSON_NOUNS: tuple[str, ...] = (
    "personnes?", r"demandeu(?:rs?|ses?)[ \t]+d(?:['\u2019\u2018\u00b4\u02bc`][ \t]?|[ \t]+)emploi",
    "habitants?", "salari[ée]e?s?", "[ée]l[èe]ves?", "ch[ôo]meu(?:rs?|ses?)", "stagiaires?",
    "participantes?", "(?:im)?migrantes?", "(?:primo-|nouveaux[ \t]+|nouvelles[ \t]+)arrivant(?:e?s?)",
    "nouvel[ \t]+arrivant", "nouvelle[ \t]+arrivante", "b[ée]n[ée]ficiaires?", "femmes?",
    "hommes?", "r[ée]fugi[ée]e?s?", "individus?", "[ée]tudiante?s?", "apprenante?s?",
    "employ[ée]e?s?", "r[ée]sidentes?", "résidents?", "r[ée]pondante?s?", "allocataires?",
    "travailleu(?:rs?|ses?)", "immigr[ée]e?s?", "patientes?")
#: the German nouns of persons of :data:`OTHER_PERSON_NOUNS` (ec30: German is an official
#: language of Belgium; "drei Personen", "zwei Arbeitsuchende", "dreiundzwanzig Teilnehmer"
#: passed). Umlauts may be written "ae", "oe", "ue" and "ß" "ss"; a gendered plural
#: ("Teilnehmerinnen", "Teilnehmer*innen") is read by its stem. Nouns of persons only, as for
#: the other languages: not "Kinder" (a covariate's value), not "Fälle" nor "Beobachtungen"
#: (dpo55: "menschen?" read "Menschen" and "Mensche", not "Mensch", so "1 Mensch" passed; the
#: singulars "Frau", "Mann", "Migrantin", "Patientin" and "Leute", "Studierende",
#: "Auszubildende", "Erwerbslose", "Erwerbstätige", "Mitarbeiter", "Bewerber", "Praktikanten",
#: "Studenten", "Individuen" passed)
GERMAN_PERSON_NOUNS: tuple[str, ...] = (
    "personen", "person", "mensch(?:en)?", "frau(?:en)?", "m(?:ä|ae)nnern?", "mann", "leute", "teilnehmer(?:innen|in|n)?",
    "teilnehmenden?", "neuank(?:ö|oe)mmling(?:en?)?", "arbeits?suchende[nr]?",
    "arbeitslose[nr]?", "schulabg(?:ä|ae)nger(?:innen|in|n)?", "einwohner(?:innen|in|n)?",
    "arbeitnehmer(?:innen|in|n)?", "besch(?:ä|ae)ftigte[nr]?", "jugendliche[nr]?",
    "sch(?:ü|ue)ler(?:innen|in|n)?", "befragte[nr]?", "antragsteller(?:innen|in|n)?",
    "migrant(?:inn)?en", "zuwanderer[n]?", "gefl(?:ü|ue)chtete[nr]?", "fl(?:ü|ue)chtling(?:en?)?",
    "leistungsempf(?:ä|ae)nger(?:innen|in|n)?", "patient(?:inn)?en", "bewohner(?:innen|in|n)?",
    "migrantin", "patientin", "studierende[nr]?", "auszubildende[nr]?", "erwerbslose[nr]?",
    "erwerbst(?:ä|ae)tige[nr]?", "mitarbeiter(?:innen|in|n)?", "bewerber(?:innen|in|n)?",
    "praktikant(?:inn)?en", "praktikantin", "student(?:inn)?en", "studentin", "individuen")
#: the German nouns of :data:`GERMAN_PERSON_NOUNS` in the singular: after a number word
#: above one they name no count ("zwei Person" is no German); the others (plurals, and
#: "Teilnehmer", "Schüler" whose plural is the singular) are plurals to
#: :func:`mia_helpers.disclosure._read_as_count`
GERMAN_SINGULAR_NOUNS = re.compile(
    r"person|mensch|frau|mann|migrantin|patientin|studentin|praktikantin|mitarbeiterin|"
    r"bewerberin|studierender|auszubildender|erwerbsloser|erwerbst(?:ä|ae)tiger|"
    r"neuank(?:ö|oe)mmling|teilnehmerin|schulabg(?:ä|ae)ngerin|einwohnerin|"
    r"arbeitnehmerin|sch(?:ü|ue)lerin|antragstellerin|fl(?:ü|ue)chtling|"
    r"leistungsempf(?:ä|ae)ngerin|bewohnerin|arbeits?suchender|arbeitsloser|"
    r"besch(?:ä|ae)ftigter|jugendlicher|befragter|gefl(?:ü|ue)chteter", re.IGNORECASE)
OTHER_PERSON_NOUNS: tuple[str, ...] = (
    # English
    "employees?", "inhabitants?", "respondents?", "claimants?", "applicants?",
    "beneficiar(?:y|ies)", "pupils?", "students", r"student(?!['\u2019]s|[ \t]+t(?![\w-]))",
    "trainees?", "learners?", "(?:im)?migrants?", "refugees?",
    # Dutch
    *DUTCH_PERSON_NOUNS,
    # French
    *FRENCH_PERSON_NOUNS,
    # German (ec30)
    *GERMAN_PERSON_NOUNS)
#: nouns after a number that make it a count of persons (or of rows and trials of persons: a
#: few rows are at most as many persons), as the package's warnings print them: "(1 treated
#: in 1 rows)", "0 of its 92 rows have that outcome", "(0 events in 25 trials)", "(2.5 later
#: starts in 2.5 rows)" (weighted counts). Regular expressions, matched case-insensitively
COUNT_NOUNS: tuple[str, ...] = (
    "treated", "controls?", "starters?", "persons?", "people", "individuals?", "rows?",
    "observations?", "events?", "trials?", "later starts?", "non-?events?", "twins?",
    "participants?", "job[ -]?seekers?", "newcomers?", "residents?", "school[ -]leavers?",
    "wom[ae]n", "m[ae]n", "cases?", "records?", "subjects?", "patients?", "deaths?", "matches?",
    # ec28b: the register's persons by other names, in English, Dutch and French
    *OTHER_PERSON_NOUNS,
    # the effect tables' sides (dpo23: "too few who entered or did not") and chapter 5's
    # contract signers (late23: "4 entrants", "3 signers" in a note passed export-check)
    "(?:non-?)?entrants?", "(?:non-?)?signers?",
    "matched starters?", "matched treated", "persons? at risk", "at risk",
    # a weighted logit's rows (IPCW): a sum of weights >= 1, a bound on the rows behind it
    # (trial22: "(<9 later starts in 1 weighted rows)")
    "weighted rows?")
#: nouns that name persons and nothing else: after ``N of M`` without a determiner ("2 of 62
#: persons", "3 of 40 patients") both numbers are counts of persons. "treated" is not among
#: them ("6 of 185 treated units" of Appendix A's public data: an adjective there)
PERSON_NOUNS: tuple[str, ...] = (
    "persons?", "people", "individuals?", "participants?", "job[ -]?seekers?", "newcomers?",
    "residents?", "school[ -]leavers?", "wom[ae]n", "m[ae]n", "cases?", "subjects?", "patients?",
    "controls?", "starters?", "twins?", "deaths?", "(?:non-?)?entrants?", "(?:non-?)?signers?",
    *OTHER_PERSON_NOUNS)
#: what a ratio of the design is taken per: "3 controls per starter", "up to 3 twins per
#: starter", "2 controls for each treated" state how many are matched to one person, not how
#: many there are (ec24: "3 controls per starter" was refused). Only persons: "3 persons per
#: quarter" is a count in each quarter and stays one
RATIO_NOUNS: tuple[str, ...] = (*PERSON_NOUNS, "treated", "treated units?", "units?")

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Dutch (ec29): "een" alone is the article ("een persoon": a person) and is read only in a
# compound ("eenentwintig"); "één" and "eén" are the number
_NL_UNITS = ("één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_NL_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien",
             "zeventien", "achttien", "negentien")
_NL_TENS = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig",
            "negentig")
# French (ec29), with Belgium's "septante" and "nonante" (and "huitante", "octante"): "un"
# and "une" alone are the article ("une personne": a person) and are read in a compound
# ("vingt et un") or as "un seul", "une seule" (a single)
_FR_UNITS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_FR_TEENS = ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
             "dix-huit", "dix-neuf")
_FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
            "septante": 70, "huitante": 80, "octante": 80, "quatre-vingt": 80,
            "quatre-vingts": 80, "nonante": 90}

# German (ec30): "ein", "eine", "einer" alone are the article ("eine Person": a person, "eine
# Frage": a question) and are read in a compound ("einundzwanzig") or as "nur eine",
# "genau ein", "ein einziger", "eine einzige" (:data:`_DE_ONE`); "eins" is the number.
# Umlauts may be written "ae", "oe", "ue" and "ß" "ss"
_DE_UNITS = ("eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_DE_TEENS = ("zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn",
             "siebzehn", "achtzehn", "neunzehn")
_DE_TENS = ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
            "neunzig")
_DE_SPELLINGS = (("ü", "ue"), ("ö", "oe"), ("ß", "ss"))


def _de_forms(word: str) -> set[str]:
    """A German number word and its spellings without umlauts or "ß" ("fünf", "fuenf")."""
    plain = word
    for a, b in _DE_SPELLINGS:
        plain = plain.replace(a, b)
    return {word, plain}


def _number_words() -> dict[str, int]:
    """Every number word of one to ninety-nine (and zero, a hundred) in English, Dutch and
    French, as :func:`number_value` normalises it (lower case, spaces as hyphens), by value."""
    words: dict[str, int] = {"zero": 0, "nul": 0, "zéro": 0, "hundred": 100,
                             "one-hundred": 100, "a-hundred": 100, "honderd": 100,
                             "cent": 100, "une": 1, "un": 1}
    for units, teens in ((_UNITS, _TEENS), (_NL_UNITS, _NL_TEENS), (_FR_UNITS, _FR_TEENS)):
        words.update({w: i + 1 for i, w in enumerate(units)})
        words.update({w: i + 10 for i, w in enumerate(teens)})
    words["eén"] = 1
    for i, t in enumerate(_TENS):
        words[t] = 20 + 10 * i
        words.update({f"{t}-{u}": 20 + 10 * i + j + 1 for j, u in enumerate(_UNITS)})
    nl_units = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
    for i, t in enumerate(_NL_TENS):
        words[t] = 20 + 10 * i
        for j, u in enumerate(nl_units):
            for form in ({u, "één", "eén"} if u == "een" else {u}):
                for en in ("en", "ën", "-en-", "-ën-"):
                    words[f"{form}{en}{t}"] = 20 + 10 * i + j + 1
    for t, v in _FR_TENS.items():
        words[t] = v
        rest = dict(zip(_FR_UNITS, range(1, 10), strict=True))
        if v in (60, 80):  # soixante-dix ... soixante-dix-neuf, quatre-vingt-dix ...
            rest.update({w: i + 10 for i, w in enumerate(_FR_TEENS)})
        rest["une"] = 1
        for w, r in rest.items():
            stem = "quatre-vingt" if t == "quatre-vingts" else t
            words[f"{stem}-{w}"] = v + r
            if r in (1, 11) and v != 80:  # "vingt et un", "soixante et onze"
                words[f"{stem}-et-{w}"] = v + r
    for table in (_DE_UNITS, _DE_TEENS):
        start = 1 if table is _DE_UNITS else 10
        for i, w in enumerate(table):
            words.update(dict.fromkeys(_de_forms(w), start + i))
    words.update({"zwo": 2, "null": 0, "hundert": 100, "einhundert": 100})
    for i, t in enumerate(_DE_TENS):
        for tens in _de_forms(t):
            words[tens] = 20 + 10 * i
            for j, u in enumerate(("ein", *_DE_UNITS[1:])):
                for unit in _de_forms(u):
                    words[f"{unit}und{tens}"] = 20 + 10 * i + j + 1
    return words


#: numbers written as words, one to ninety-nine in English ("twenty-one" and "twenty one"),
#: Dutch ("drie", "vijfentwintig", "drieëntwintig") and French ("trois", "vingt-cinq",
#: "vingt et un", "soixante-dix", "septante", "quatre-vingt-dix"), by value: prose states
#: small counts so ("three persons", "Four entrants", "twelve starters"; ec24; "drie personen",
#: "trois personnes", "twee werkzoekenden", "deux demandeurs d'emploi": ec29). Keys as
#: :func:`number_value` normalises a phrase: lower case, spaces as hyphens
NUMBER_WORDS: dict[str, int] = _number_words()
#: Dutch "met z'n drieën" (the three of them): the number as a group word (ec29)
GROUP_WORDS: dict[str, int] = {"tweeën": 2, "drieën": 3, "vieren": 4, "vijven": 5,
                               "zessen": 6, "zevenen": 7, "achten": 8, "negenen": 9,
                               "tienen": 10, "elven": 11, "twaalven": 12}
NUMBER_WORDS.update(GROUP_WORDS)
#: :data:`NUMBER_WORDS` without their hyphens ("vijf-en-twintig" reads "vijfentwintig")
_COMPACT_WORDS: dict[str, int] = {k.replace("-", ""): v for k, v in NUMBER_WORDS.items()}
#: the single words of a range written with a hyphen ("drie-vier personen", "two-three
#: persons"): units, teens and tens of the three languages
RANGE_WORDS: tuple[str, ...] = (*_UNITS, *_TEENS, *_TENS, *_NL_UNITS[1:], *_NL_TEENS,
                                *_NL_TENS, *_FR_UNITS[1:], *(w for w in _FR_TEENS if "-" not in w),
                                "vingt", "trente", "quarante", "cinquante", "soixante",
                                "septante", "nonante",
                                # German (ec30: "drei-vier Personen")
                                *sorted({f for w in (*_DE_UNITS[1:], *_DE_TEENS, *_DE_TENS)
                                         for f in _de_forms(w)} - {"vier", "acht", "elf"}))
_NL_COMPOUND = (r"(?:een|(?:één|eén)|twee|drie|vier|vijf|zes|zeven|acht|negen)"
                r"(?:-?[eë]n-?|[ \t]+[eë]n[ \t]+)(?:" + "|".join(_NL_TENS) + ")")
_FR_UNIT = r"(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf)"
_FR_TEEN = r"(?:dix(?:[- \t](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize)"
_FR_NUMBER = (r"(?:(?:vingt|trente|quarante|cinquante|septante|huitante|octante|nonante)"
              r"(?:[- \t](?:et[- \t])?" + _FR_UNIT + r"(?![\w-]))?"
              r"|(?:soixante|quatre-vingts?)(?:[- \t](?:et[- \t])?(?:" + _FR_TEEN + "|"
              + _FR_UNIT + r")(?![\w-]))?"
              r"|" + _FR_TEEN + r"|(?:deux|trois|quatre|cinq|six|sept|huit|neuf)"
              r"|une?[ \t]+seule?)")
_NL_NUMBER = (r"(?:" + _NL_COMPOUND + "|" + "|".join(_NL_TENS) + "|" + "|".join(_NL_TEENS)
              + r"|(?:één|eén)|twee|drie|vier|vijf|zes|zeven|acht|negen"
              r"|(?:één|eén)[ \t]+enkele|een[ \t]+enkele|slechts[ \t]+(?:één|eén))")
#: a number word as a regular expression (no groups; the caller sets the word's start), "one"
#: and "a single" included (ec25: "one person", "a single person" and "n = one" passed while
#: "only one person" was refused); Dutch and French words too (ec29: "drie personen",
#: "vijfentwintig", "vingt-cinq", "un seul demandeur d'emploi", "een enkele persoon"). Whether
#: a word states a count is the reader's decision
#: (:func:`mia_helpers.disclosure.small_count_matches`): before a noun of persons, or after a
#: count's label ("n = four"); "one of the measures", "one quarter", "at one horizon" and "the
#: rows of one person" (the generic article of a definition) are not counts. Longer
#: alternatives first: "vingt-cinq" is one number, not "vingt"
_DE_UNIT = r"(?:ein|zwei|drei|vier|f(?:ü|ue)nf|sechs|sieben|acht|neun)"
_DE_TEN = r"(?:zwanzig|drei(?:ß|ss)ig|vierzig|f(?:ü|ue)nfzig|sechzig|siebzig|achtzig|neunzig)"
#: one person in German: "nur eine", "genau ein", "lediglich einer", "ein einziger", "eine
#: einzige" (the article "ein", "eine" alone is not read: ec30)
_DE_ONE = (r"(?:nur|lediglich|genau|bloß|bloss)[ \t]+ein(?:e|er|en|em)?"
           r"|ein(?:e|er|en|em)?[ \t]+einzige[rnms]?")
_DE_NUMBER = (r"(?:" + _DE_UNIT + "und" + _DE_TEN + "|" + _DE_TEN
              + r"|dreizehn|vierzehn|f(?:ü|ue)nfzehn|sechzehn|siebzehn|achtzehn|neunzehn"
              r"|zehn|elf|zw(?:ö|oe)lf|eins|zwei|zwo|drei|vier|f(?:ü|ue)nf|sechs|sieben|acht"
              r"|neun|" + _DE_ONE + ")")
#: a number stated approximately as a word of its own (ec30): French "une
#: dizaine de", "une douzaine d'", "une vingtaine de", Dutch "een tiental", "een vijftal",
#: "een twintigtal", "een dozijn", German "ein Dutzend", "ein halbes Dutzend"; by value as
#: :func:`word_value` normalises them (the French "de", "d'" after the word dropped; not the
#: English "a score of": "a score of participants" may name a measurement). Read
#: as the number it names, as "a dozen", "half a dozen" (rev25) and "about ten persons" are:
#: "une dizaine de personnes" is ten persons, refused below ``min_cell`` 11
APPROX_WORDS: dict[str, int] = {
    **{f"une-{w}": v for w, v in (
        ("dizaine", 10), ("douzaine", 12), ("quinzaine", 15), ("vingtaine", 20),
        ("trentaine", 30), ("quarantaine", 40), ("cinquantaine", 50), ("soixantaine", 60),
        ("centaine", 100), ("demi-douzaine", 6))},
    **{f"een-{w}": v for w, v in (
        ("tweetal", 2), ("drietal", 3), ("viertal", 4), ("vijftal", 5), ("zestal", 6),
        ("zevental", 7), ("achttal", 8), ("negental", 9), ("tiental", 10), ("twaalftal", 12),
        ("vijftiental", 15), ("twintigtal", 20), ("dertigtal", 30), ("veertigtal", 40),
        ("vijftigtal", 50), ("zestigtal", 60), ("honderdtal", 100), ("dozijn", 12),
        ("half-dozijn", 6))},
    "ein-dutzend": 12, "ein-halbes-dutzend": 6, "einem-dutzend": 12, "einem-halben-dutzend": 6}
_APPROX_NL_DE = (r"een[ \t]+(?:half[ \t]+dozijn|dozijn|(?:twee|drie|vier|vijf|zes|zeven|acht|"
                 r"negen|tien|twaalf|vijftien|twintig|dertig|veertig|vijftig|zestig|honderd)tal)"
                 r"|ein(?:em)?[ \t]+(?:halbe[sn][ \t]+)?dutzend")
#: the French words of :data:`APPROX_WORDS`, with "de" or "d'" after them or not ("une
#: dizaine d'entre eux")
_APPROX_FR = (r"une[ \t]+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|"
              r"cinquantaine|soixantaine|centaine|demi-douzaine)"
              r"(?:[ \t]+de(?![\w-])|[ \t]*d['\u2019]|(?![\w-]))")
NUMBER_WORD = (
    r"(?:(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?"
    r"|" + "|".join(_TEENS) + "|" + "|".join(_UNITS) + r"|a[ \t]+single"
    # rev25: "half a dozen persons", "a couple of starters", "the only person who entered"
    r"|half[ \t]+a[ \t]+dozen|a[ \t]+dozen|a[ \t]+(?:couple|pair)[ \t]+of"
    r"|(?:the|a)[ \t]+(?:only|sole|lone)"
    r"|" + _NL_NUMBER + "|" + _FR_NUMBER + "|" + _DE_NUMBER + "|" + _APPROX_NL_DE
    + r")(?![\w-])|" + _APPROX_FR + ")")
#: phrases of :data:`NUMBER_WORD` that name a number without a number word (rev25), by value
PHRASE_WORDS: dict[str, int] = {"half-a-dozen": 6, "a-dozen": 12, "a-couple-of": 2,
                                "a-pair-of": 2, "a-couple": 2, "a-pair": 2, "the-only": 1, "the-sole": 1, "the-lone": 1,
                                "a-sole": 1, "a-lone": 1, "a-only": 1,
                                # ec29: Dutch and French for "a single"
                                "een-enkele": 1, "één-enkele": 1, "eén-enkele": 1,
                                "slechts-één": 1, "slechts-eén": 1, "un-seul": 1,
                                "une-seule": 1}
#: the phrases of one person that stand only before a singular noun ("the only person who
#: entered"); before a plural ("the only persons counted are ...") they name no number
ONLY_WORDS = frozenset({"the-only", "the-sole", "the-lone", "a-sole", "a-lone", "a-only"})
#: the words of :data:`NUMBER_WORD` that state a single person ("one", "a single")
SINGLE_WORDS = frozenset({"one", "a-single", "één", "eén", "een-enkele", "één-enkele",
                          "eén-enkele", "slechts-één", "slechts-eén", "un-seul", "une-seule"})


_DE_ONE_WORD = re.compile(_DE_ONE.replace(r"[ \t]+", "-"))


def number_value(text: str) -> float:
    """The value of a number as a count phrase states it: digits (``"4"``, ``"2.5"``,
    ``"1,234"``) or a word of :data:`NUMBER_WORDS` (``"Four"``, ``"twenty one"``, ``"a
    single"``, ``"drieëntwintig"``, ``"vingt et un"``). A comma before one or two digits
    and no more is a decimal comma, as Dutch, French and German write it (dpo54: ``"2,5"``
    is 2.5 and ``"2,0"`` is 2, which were read as 25 and 20, so "2,0 personen" passed as
    twenty persons); before three digits it separates thousands (``"3,000"``). One dot is a
    decimal point (``"2.000"`` is 2: the reader of text decides by the phrase's language
    whether it groups thousands, :func:`mia_helpers.disclosure._thousands_dot`); two dots or
    more group thousands (``"1.234.567"``; dpo55). Raises
    ``ValueError`` for other text."""
    value = word_value(text)
    if value is not None:
        return value
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    if _DOTS_OF_THOUSANDS.fullmatch(text):  # "1.234.567": two dots are no decimal (dpo55)
        return float(text.replace(".", ""))
    return float(text.replace(",", ""))


#: digits with a decimal comma: one or two digits after the comma (:func:`number_value`)
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
#: digits with two dots or more, each before three digits: thousands (:func:`number_value`)
_DOTS_OF_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


def word_value(text: str) -> float | None:
    """The value of a number word or phrase of :data:`NUMBER_WORD` (any case, spaces or
    hyphens between its parts), or None when ``text`` is none."""
    word = re.sub(r"\s+", "-", str(text).strip().lower())
    word = re.sub(r"(?<=ine)(?:-de|-?d['\u2019])$", "", word)  # "une dizaine de" (ec30)
    if word in APPROX_WORDS:
        return float(APPROX_WORDS[word])
    if _DE_ONE_WORD.fullmatch(word):
        return 1.0
    if word in SINGLE_WORDS:
        return 1.0
    if word in PHRASE_WORDS:
        return float(PHRASE_WORDS[word])
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    compact = word.replace("-", "")
    return float(_COMPACT_WORDS[compact]) if compact in _COMPACT_WORDS else None


ID_HINT = re.compile(r"(^|_)(id|nr|nummer)($|_)", re.IGNORECASE)
FILE_HASH = re.compile(r"sha\d*|md5|hash|checksum|fingerprint", re.IGNORECASE)
HASH_TOKEN = re.compile(r"^[0-9A-Za-z+/=_-]{16,}$")
NATIONAL_NUMBER = re.compile(r"^\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}$")

#: register attributes of one person; a table made of these without any aggregate column
#: (count, share, mean, estimate) is a list of persons (see export_check ``person_level_rows``)
PERSON_LEVEL_COLUMNS = frozenset({
    "sex", "birth_year", "origin", "generation", "education", "study_field", "dutch_level",
    "household", "children", "parent_employed", "parent_education", "school_leaving_quarter",
    "arrival_quarter", "residence_ground", "position", "fte_fraction", "wage_class", "regular",
    "start_quarter", "end_quarter", "end_reason", "measure", "obligated", "permit_type",
    "quarter", "wage", "employed", "stable_job", "job_start", "stable_job_start", "u", "spell",
    "age", "score", "treated", "event", "outcome", "nationality", "postcode", "municipality",
    "birth_date", "date_of_birth",
})
AGGREGATE_NAME = re.compile(
    r"(^|_)(n|count|counts|persons|pct|share|shares|mean|means|median|rate|ratio|estimate|att|"
    r"coef|se|std|sd|ci|low|high|p|p_value|total|sum|cif|incidence|events|gap|prob|probability|"
    r"proportion|smd|odds|rrr)($|_)",
    re.IGNORECASE,
)


def labels(col: Hashable) -> list[str]:
    """The non-empty text parts of a (possibly multi-level) column label."""
    parts = col if isinstance(col, tuple) else (col,)
    return [str(p).strip() for p in parts if p is not None and str(p).strip() != ""]


#: a label that names a number of persons in words (ec29: "Number of persons", "Nombre de
#: personnes", "No. of job seekers", "Personen", "Personnes" with "3.0" passed as a float
#: column): "persons" of :data:`COUNT_NAME` in English, Dutch and French
COUNT_LABEL_WORDS = re.compile(
    r"^(?:personen|personnes|(?:the[ \t]+)?(?:number|no\.?|count|nombre|effectif|total)[ \t]+"
    r"(?:of|de|d['\u2019]|des|van)[ \t]*(?:the[ \t]+|les[ \t]+|de[ \t]+)?(?:"
    + "|".join(PERSON_NOUNS) + r"|treated))(?![\w-])[^%]*$", re.IGNORECASE)


def is_count_name(col: Hashable) -> bool:
    """Whether a column label names a count of persons (:data:`COUNT_NAME`, or in words:
    :data:`COUNT_LABEL_WORDS`)."""
    return any((COUNT_NAME.match(p) or COUNT_LABEL_WORDS.match(p))
               and not NOT_PERSON_COUNT.match(p) for p in labels(col))


def is_non_count_name(col: Hashable) -> bool:
    """Whether a column label declares a number that is not a count of persons."""
    ls = labels(col)
    if is_count_name(col):
        return False
    return any(NOT_PERSON_COUNT.match(p) or NON_COUNT_NAME.search(p)
               or re.sub(r"\s+", "_", p.lower()) in DECLARED_NOT_PERSONS for p in ls)


def is_id_name(col: Hashable) -> bool:
    """Whether a column label names a person identifier."""
    return any(ID_NAME.match(p) for p in labels(col))


def numbers(values: pd.Series) -> np.ndarray:
    """Numeric value of each entry as float64 (NaN for markers, text, missing, booleans);
    text numbers may carry thousands separators (``1,234``, ``1 234``), and a cell that is a
    number word of :data:`NUMBER_WORDS` is its number (rev25: a Markdown table's count cell
    "three" or "one" passed as text)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.full(len(values), np.nan)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    text = values.astype("string").str.strip().str.replace(
        r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}(\D|$))", "", regex=True)
    ok = text.str.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?").fillna(False).astype(bool)
    out = np.full(len(values), np.nan)
    if ok.any():
        out[ok.to_numpy()] = text[ok].astype(float).to_numpy()
    words = text.map(word_value, na_action="ignore")
    has_word = words.notna().to_numpy(dtype=bool)
    if has_word.any():
        out[has_word] = words[has_word].astype(float).to_numpy()
    return out


def is_code_column(values: pd.Series) -> bool:
    """Whether a text column holds zero-padded codes (chapter ``"02"``, ``"05"``, ``"12"``):
    every entry that is a number has the same number of digits, two or more, and at least one
    starts with ``0``. Numeric dtypes are never codes (the padding is lost)."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return False
    text = values.dropna().astype(str).str.strip()
    digits = text[text.str.fullmatch(r"\d+")]
    if digits.empty:
        return False
    widths = digits.str.len()
    return bool(widths.nunique() == 1 and widths.iloc[0] >= 2 and digits.str.startswith("0").any())


def is_integer_column(values: pd.Series) -> bool:
    """Whether every published number of a column is an integer (markers and blanks allowed,
    at least one number; text numbers with a decimal point are not integers; zero-padded codes,
    :func:`is_code_column`, are labels, not integers)."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return False
    if is_code_column(values):
        return False
    if pd.api.types.is_float_dtype(values.dtype):
        return False  # a float column (shares, estimates, NaN-suppressed floats) declares itself
    nums = numbers(values)
    ok = ~np.isnan(nums)
    if not ok.any():
        return False
    if not pd.api.types.is_numeric_dtype(values.dtype):
        text = values.astype("string").str.strip()[ok]
        # a decimal point or exponent of a number in digits ("drie", "elf" are words; ec29)
        digits = text[text.str.contains(r"\d", regex=True).fillna(False).astype(bool)]
        if digits.str.contains(r"[.eE]", regex=True).fillna(False).any():
            return False
    return bool((nums[ok] == np.round(nums[ok])).all())


def national_number_like(values: pd.Series) -> int:
    """Number of entries that look like a Belgian national number (rijksregisternummer):
    ``YY.MM.DD-XXX.CC`` with separators, or 11 digits whose last two are the modulo-97 check of
    the first nine (with or without the ``2`` prefix of people born from 2000)."""
    text = values.dropna().astype(str).str.strip()
    m = text.str.fullmatch(NATIONAL_NUMBER.pattern).fillna(False).astype(bool)
    if not m.any():
        return 0
    digits = text[m].str.replace(r"\D", "", regex=True)
    formatted = text[m].str.contains(r"[.-]", regex=True)
    body = digits.str[:9].astype("int64")
    check = digits.str[9:].astype("int64")
    valid = (97 - body % 97 == check) | (97 - (2_000_000_000 + body) % 97 == check)
    return int((formatted | valid).sum())


def id_like(values: pd.Series, name: Hashable, id_min_rows: int = 20,
            id_min_value: int = 1000) -> str | None:
    """Why a column (or row index) looks like person identifiers, or None.

    Flags national numbers (any entry), pseudonymisation tokens (``id_min_rows`` or more
    distinct tokens of one length >= 16 with digits, unless the column names a file hash) and
    ``id_min_rows`` or more distinct integers that are not a consecutive run (row numbers,
    quarters, years): in an unnamed or id-hinted column when they reach ``id_min_value``, in
    any other column that is not a count when all of them reach it.
    """
    ls = labels(name)
    nn = national_number_like(values)
    if nn:
        return (f"{counted(nn, 'value')} {'looks' if nn == 1 else 'look'} like "
                f"{'a national number' if nn == 1 else 'national numbers'} "
                "(rijksregisternummer)")
    if any(is_count_name(p) for p in ls):
        return None
    v = values.dropna()
    if isinstance(v.dtype, pd.CategoricalDtype):
        v = v.astype(object)
    text = v.astype(str).str.strip()
    text = text[text != ""]
    if len(text) < id_min_rows or text.nunique() != len(text):
        return None
    lengths = text.str.len()
    if lengths.nunique() == 1 and lengths.iloc[0] >= 16 \
            and text.str.fullmatch(HASH_TOKEN.pattern).all() and text.str.contains(r"\d").all() \
            and not any(FILE_HASH.search(p) for p in ls):
        return f"{len(text)} distinct tokens of length {lengths.iloc[0]} look like pseudonymised ids"
    nums = numbers(text)
    if np.isnan(nums).any() or (nums != np.round(nums)).any() or text.str.contains(r"\.").any():
        return None
    if nums.max() - nums.min() + 1 == len(nums):
        return None
    hinted = not ls or any(ID_HINT.search(p) for p in ls)
    if (hinted and nums.max() >= id_min_value) or (not is_non_count_name(name)
                                                   and nums.min() >= id_min_value):
        return f"{len(text)} distinct non-consecutive integers up to {int(nums.max())} look like ids"
    return None


def person_level(table: pd.DataFrame, min_rows: int = 2) -> str | None:
    """Why a table looks like rows of persons without an identifier, or None: at least
    ``min_rows`` rows, two or more columns named as person attributes
    (:data:`PERSON_LEVEL_COLUMNS`) and no column that aggregates (a count, share, mean,
    estimate...)."""
    if len(table) < min_rows:
        return None
    names = [p.lower() for c in table.columns for p in labels(c)]
    names += [str(n).lower() for n in table.index.names if n is not None]
    attrs = sorted({n for n in names if n in PERSON_LEVEL_COLUMNS})
    if len(attrs) < 2:
        return None
    if any(AGGREGATE_NAME.search(n) and n not in PERSON_LEVEL_COLUMNS for n in names):
        return None
    return (f"{len(table)} rows of person attributes ({', '.join(attrs)}) without any count or "
            "aggregate column: person-level rows may not leave")
