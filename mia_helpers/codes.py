"""Code lists of the MIA registers (book/design.md section 2).

Every categorical column of every register and result file uses these lower-case codes, stored
as Parquet dictionary columns. Schemas (:mod:`mia_helpers.schemas`) reject any other code.
"""

from __future__ import annotations

SAMPLES = ("resident", "newcomer")
SEXES = ("male", "female")
ORIGINS = (
    "belgian",
    "southern_eu",
    "eastern_eu",
    "maghreb",
    "turkish",
    "subsaharan",
    "other_non_eu",
)
#: Origins whose nationals need a work permit (non-EU); used for labour-market access.
NON_EU_ORIGINS = ("maghreb", "turkish", "subsaharan", "other_non_eu")
#: Origin groups of the effects by origin (chapter 4): origin -> group.
ORIGIN_GROUPS = {
    "belgian": "belgian", "southern_eu": "southern_eu", "eastern_eu": "eastern_eu",
    **{o: "non_eu" for o in NON_EU_ORIGINS},
}
GENERATIONS = ("native", "first", "intermediate", "second")
EDUCATIONS = ("low", "mid", "high")
STUDY_FIELDS = ("general", "technical", "care", "stem", "business")
DUTCH_LEVELS = ("none", "basic", "good", "native")
HOUSEHOLDS = ("single", "couple")
PARENT_EDUCATIONS = ("low", "mid", "high")
RESIDENCE_GROUNDS = ("family", "work", "asylum", "study", "eu_citizen")

#: KSZ socio-economic positions (one per person-quarter).
POSITIONS = (
    "salaried",
    "self_employed",
    "unemployed_benefit",
    "jobseeker_no_benefit",
    "inactive",
    "student",
    "unknown",
)
EMPLOYED_POSITIONS = ("salaried", "self_employed")
JOBSEEKER_POSITIONS = ("unemployed_benefit", "jobseeker_no_benefit")
WAGE_CLASSES = ("low", "mid", "high")

#: End reasons of a VDAB registration spell (both end_quarter and end_reason are null while
#: the spell is still running at the window end, i.e. right-censored).
END_REASONS = ("employment", "inactivity")

#: The nine VDAB measure codes.
MEASURES = (
    "training_basic",
    "training_vocational",
    "workplace_learning_ibo",
    "workplace_learning_other",
    "mediation_guidance",
    "vacancy_referral_manual",
    "vacancy_referral_automatic",
    "application_assignment",
    "sanction_transmission",
)

#: Grouping of the nine codes into the seven measure types of the seed study: training and
#: workplace learning are split (basic/vocational, IBO/other); the two vacancy referrals form one
#: type; application assignment and sanction transmission form the "enforcement" type.
MEASURE_TYPES: dict[str, str] = {
    "training_basic": "training_basic",
    "training_vocational": "training_vocational",
    "workplace_learning_ibo": "workplace_learning_ibo",
    "workplace_learning_other": "workplace_learning_other",
    "mediation_guidance": "mediation_guidance",
    "vacancy_referral_manual": "vacancy_referral",
    "vacancy_referral_automatic": "vacancy_referral",
    "application_assignment": "enforcement",
    "sanction_transmission": "enforcement",
}

#: Measures with a direct link to employers or occupations (the seed study's grouping).
DIRECT_LINK_MEASURES = (
    "workplace_learning_ibo",
    "workplace_learning_other",
    "training_vocational",
)

#: Steps of the civic-integration (inburgering) trajectory in the ABB register.
INBURGERING_STEPS = (
    "registration",
    "contract_signed",
    "mo_start",
    "mo_done",
    "nt2_start",
    "nt2_level",
)
#: Newcomer treatments and the step that marks their start.
NEWCOMER_TREATMENTS: dict[str, str] = {
    "inburgering": "contract_signed",
    "mo": "mo_start",
    "nt2": "nt2_start",
}

#: WSE work-permit types (non-EU labour-market access).
PERMIT_TYPES = ("a", "b", "c", "single_permit")

ESTIMANDS = ("now_vs_later", "now_vs_never")
