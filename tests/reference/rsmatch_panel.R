# Reference values of R's rsmatch::coxpsmatch (Lu 2005) on our own generated panel
# (tests/reference/risk_set_panel.csv, written by tests/reference/risk_set_panel.py), for
# tests/test_dynamic.py. This script only calls rsmatch and survival.
#
# Usage:  Rscript tests/reference/rsmatch_panel.R [out_dir]
# Reads risk_set_panel.csv next to this script. Needs R, survival, rsmatch 0.2.1 and
# nbpMatching.
#
# Writes
#   rsmatch_panel_pairs.csv coxpsmatch(n_pairs = 20, data = panel, id = "subject_id",
#                           time = "visit", trt_time = "time_of_trt") on all other columns
#                           (covariates = NULL), one row per matched pair: trt_id, all_id
#                           (control), distance (1000 x squared difference of the Cox linear
#                           predictors at the treated's visit), the 20 smallest distances.
#   rsmatch_panel_cox.csv   the Cox model of time to treatment that coxpsmatch matches on, as
#                           its documentation and Lu (2005) describe it, fitted here with
#                           survival::coxph: counting-process rows (visit - 1, visit] up to the
#                           treatment visit (never-treated subjects: every row up to the last
#                           treatment visit seen in the data + 1), event indicator = 1 on every
#                           row of an ever-treated subject (as coxpsmatch codes it), covariates
#                           unscaled, Efron ties; per row (subject_id, visit) its linear
#                           predictor lp. R warns that the ses level 5 coefficient may be
#                           infinite (nobody with ses 5 is treated, by construction): only the
#                           scores are compared, never coefficients.

suppressPackageStartupMessages({library(survival); library(rsmatch)})
args <- commandArgs(trailingOnly = TRUE)
file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
out_dir <- if (length(args) >= 1) args[1] else here
panel <- read.csv(file.path(here, "risk_set_panel.csv"), stringsAsFactors = FALSE)
panel$ses <- factor(panel$ses)
covs <- c("sex", "educ", "ses", "age", "score")

set.seed(1)
matched <- coxpsmatch(n_pairs = 20, data = panel, id = "subject_id", time = "visit",
                      trt_time = "time_of_trt")
# coxpsmatch returns the matched subjects without saying who is paired with whom or the
# distance; its internal matcher (called, not copied) returns both.
inner <- rsmatch:::.coxps_match(panel, "subject_id", "visit", "time_of_trt")
inner <- inner[order(inner$distance), ][seq_len(min(20, nrow(inner))), ]
stopifnot(setequal(inner$trt.id, matched$subject_id[matched$type %in% "trt"]))
write.csv(data.frame(trt_id = inner$trt.id, all_id = inner$con.id,
                     distance = sprintf("%.17g", inner$distance)),
          file.path(out_dir, "rsmatch_panel_pairs.csv"), row.names = FALSE, quote = FALSE)

never <- is.na(panel$time_of_trt)
end_visit <- ifelse(never, max(panel$time_of_trt, na.rm = TRUE) + 1, panel$time_of_trt)
cp <- panel[panel$visit <= end_visit, ]
cp$ever <- as.integer(!never[panel$visit <= end_visit])
fit <- coxph(as.formula(paste("Surv(visit - 1, visit, ever) ~", paste(covs, collapse = " + "))),
             data = cp, ties = "efron")
write.csv(data.frame(subject_id = cp$subject_id, visit = cp$visit,
                     lp = sprintf("%.17g", unname(predict(fit, type = "lp")))),
          file.path(out_dir, "rsmatch_panel_cox.csv"), row.names = FALSE, quote = FALSE)
cat("rsmatch", as.character(packageVersion("rsmatch")), "nbpMatching",
    as.character(packageVersion("nbpMatching")), "survival",
    as.character(packageVersion("survival")), "\n")
