# Reference values of R's survival::survfit (Aalen-Johansen estimator of a multi-state
# model) for tests/test_ref32_aalen_johansen.py: cumulative incidence of the first measure
# start with leaving the register as a competing event, by sex.
#
# Usage:  Rscript tests/reference/aj_competing.R [dir]     (needs R and survival)
# Reads dir/aj_competing_spells.csv (written by tests/reference/aj_competing.py: one row per
# distinct spell history with its count n) and writes dir/aj_competing.csv: sex, u, state, p
# (%.17g), the probability at the end of quarter u (time u + 0.9) of being in state `state`:
# "no_inflow" (still registered without a measure, R's "(s0)"), a measure type, or an exit.
#
# Discrete quarters are put on a continuous clock so that survfit's risk sets are those of
# mia_helpers.competing.nonparametric_cif: a spell is at risk from time `entry`; within its
# last quarter u a measure start happens at u + 0.2, the window end censors at u + 0.5 (a start
# is seen in that quarter, an exit is not) and an exit happens at u + 0.7. Counts enter as case
# weights (survfit's `weights`), equal to repeating the row n times.

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
s <- read.csv(file.path(dir, "aj_competing_spells.csv"), stringsAsFactors = FALSE)
stopifnot(all(!(s$outcome > 0 & s$exit > 0)), all(!(s$exit > 0 & s$censored == 1)))
event <- ifelse(s$outcome > 0, s$outcome_label, ifelse(s$exit > 0, s$exit_label, "censor"))
s$state <- factor(event, levels = c("censor", setdiff(sort(unique(event)), "censor")))
s$tstop <- s$last_u + ifelse(s$outcome > 0, 0.2, ifelse(s$censored == 1, 0.5,
                                                        ifelse(s$exit > 0, 0.7, 1.0)))
s$id <- seq_len(nrow(s))  # one row per spell history: no one has several rows
fit <- survfit(Surv(entry, tstop, state) ~ sex, data = s, weights = n, id = id)
horizon <- max(s$last_u)
sm <- summary(fit, times = 0:horizon + 0.9, extend = TRUE)
states <- sm$states
states[states == "(s0)"] <- "no_inflow"
strata <- sub("^sex=", "", as.character(sm$strata))
out <- data.frame(sex = rep(strata, times = length(states)),
                  u = rep(round(sm$time - 0.9), times = length(states)),
                  state = rep(states, each = nrow(sm$pstate)),
                  p = sprintf("%.17g", as.vector(sm$pstate)))
out <- out[order(out$sex, out$u, out$state), ]
write.csv(out, file.path(dir, "aj_competing.csv"), row.names = FALSE, quote = FALSE)
cat("survival", as.character(packageVersion("survival")), R.version.string, "\n")
