# Reference values of R's survival::survfit (weighted Kaplan-Meier with tied event times and
# censoring tied with events) for tests/test_ref34_km_survfit.py: the survival curve and its
# infinitesimal-jackknife ("robust") standard error and per-unit influence.
#
# Usage:  Rscript tests/reference/km_weighted.R [out_dir]     (needs R and survival)
# (out_dir defaults to the folder of this script). Writes
#   km_weighted_data.csv        the 12 units: id, time (quarter 1..6), status (1 event, 0
#                               censored at `time`), w (case weight, non-integer).
#   km_weighted.csv             per quarter 1..6: n_risk, n_event (weighted), surv, se_ij
#                               (sqrt of the column sums of squares of the influence, the
#                               robust SE of S(t)), std_err (survfit's $std.err, as printed
#                               by summary()), all %.17g.
#   km_weighted_influence.csv   survfit's influence.surv: id and one column per quarter,
#                               unit i's weighted influence w_i dS(t)/dw_i.
# Call: survfit(Surv(time, status) ~ 1, weights = w, robust = TRUE, influence = TRUE).
# Quarter 2 has two events and a censoring, quarter 4 two events, quarter 5 a censoring only,
# quarter 6 an event and a censoring (survfit: events before censorings at the same time).

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
d <- data.frame(id = 1:12,
                time = c(1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 6),
                status = c(1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0),
                w = c(1, 2, 0.5, 1.5, 1, 2.5, 1, 0.75, 1.25, 2, 1, 3))
write.csv(d, file.path(out_dir, "km_weighted_data.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(out_dir, "km_weighted_data.csv"))
fit <- survfit(Surv(time, status) ~ 1, data = d, weights = w, robust = TRUE, influence = TRUE)
stopifnot(identical(fit$time, as.numeric(1:6)))
inf <- fit$influence.surv
se_ij <- sqrt(colSums(inf^2))
stopifnot(isTRUE(all.equal(se_ij, summary(fit, censored = TRUE)$std.err, tolerance = 1e-12)))
f17 <- function(x) sprintf("%.17g", x)
out <- data.frame(time = fit$time, n_risk = f17(fit$n.risk), n_event = f17(fit$n.event),
                  surv = f17(fit$surv), se_ij = f17(se_ij), std_err = f17(fit$std.err))
write.csv(out, file.path(out_dir, "km_weighted.csv"), row.names = FALSE, quote = FALSE)
infl <- data.frame(id = d$id, apply(inf, 2, f17))
names(infl) <- c("id", paste0("q", fit$time))
write.csv(infl, file.path(out_dir, "km_weighted_influence.csv"), row.names = FALSE, quote = FALSE)
cat("survival", as.character(packageVersion("survival")), R.version.string, "\n")
