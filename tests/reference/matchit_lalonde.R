# Reference values of R's MatchIt on its own example (lalonde), for tests/test_matchit_reference.py.
#
# Usage:  Rscript tests/reference/matchit_lalonde.R [out_dir]
# (out_dir defaults to the folder of this script). Needs only base R and MatchIt (no jsonlite).
#
# Writes
#   lalonde.csv                 MatchIt's lalonde data set, with its row names as column `id`;
#                               every fit below is run on this CSV read back, so Python and R see
#                               byte-identical inputs.
#   matchit_lalonde_units.csv   per unit: id, treat, distance (MatchIt's propensity score) and the
#                               matching weights of every specification (w_<spec>).
#   matchit_lalonde.json        per specification: the call, absolute caliper, numbers matched,
#                               weighted ATT on re78 = coef of lm(re78 ~ treat, weights = weights)
#                               on match.data() (as MatchIt's "Estimating Effects" vignette does).
#
# Specifications (all: treat ~ age + educ + race + married + nodegree + re74 + re75,
# distance = "glm" (logit), method = "nearest", replace = TRUE):
#   nearest          ratio 1, no caliper                          (MatchIt's default vector path)
#   caliper          caliper = 0.2 (SD of the distance)            (vector path, as called)
#   ratio2           ratio = 2                                     (vector path, as called)
#   nearest_distmat  ratio 1 on distance = |ps_i - ps_j| matrix    (MatchIt's matrix path)
#   caliper_distmat  same + caliper = 0.2 * sd(ps) (absolute, std.caliper = FALSE)
#   ratio2_distmat   same matrix, ratio = 2
# The *_distmat variants pass MatchIt its own propensity scores as a distance matrix. They exist
# because MatchIt 4.5.1-4.5.3's vector path (nn_matchC_vec) ignores the caliper (MatchIt issue
# #163) and, with replace = TRUE and ratio > 1, matches every treated unit to the same control
# ratio times (fixed in MatchIt's development version after 4.5.2); the matrix path (nn_matchC)
# has neither bug but breaks distance ties by data order instead of the sorted scan.

suppressPackageStartupMessages(library(MatchIt))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

data("lalonde", package = "MatchIt")
lal <- data.frame(id = rownames(lalonde), lalonde, stringsAsFactors = FALSE)
lal$race <- as.character(lal$race)
write.csv(lal, file.path(out_dir, "lalonde.csv"), row.names = FALSE)
dat <- read.csv(file.path(out_dir, "lalonde.csv"), stringsAsFactors = FALSE)
rownames(dat) <- dat$id
stopifnot(isTRUE(all.equal(dat$re78, lalonde$re78, tolerance = 0)))

f <- treat ~ age + educ + race + married + nodegree + re74 + re75
tr <- dat$treat

fit <- function(...) matchit(f, data = dat, distance = "glm", method = "nearest",
                             replace = TRUE, ...)
att_of <- function(m) {
  md <- match.data(m, data = dat)
  unname(coef(lm(re78 ~ treat, data = md, weights = weights))["treat"])
}

base <- fit()
ps <- unname(base$distance)
D <- abs(outer(ps[tr == 1], ps[tr == 0], "-"))
dimnames(D) <- list(dat$id[tr == 1], dat$id[tr == 0])
cal_abs <- 0.2 * sd(ps)

specs <- list(
  nearest = list(call = "matchit(f, lalonde, distance = 'glm', method = 'nearest', replace = TRUE)",
                 m = base, caliper = NA),
  caliper = list(call = "... caliper = 0.2", m = fit(caliper = 0.2), caliper = cal_abs),
  ratio2 = list(call = "... ratio = 2", m = fit(ratio = 2), caliper = NA),
  nearest_distmat = list(call = "... distance = abs(outer(ps_t, ps_c, '-'))",
                         m = fit_d <- matchit(f, data = dat, distance = D, method = "nearest",
                                              replace = TRUE), caliper = NA),
  caliper_distmat = list(call = "... distance = matrix, caliper = 0.2 * sd(ps), std.caliper = FALSE",
                         m = matchit(f, data = dat, distance = D, method = "nearest",
                                     replace = TRUE, caliper = cal_abs, std.caliper = FALSE),
                         caliper = cal_abs),
  ratio2_distmat = list(call = "... distance = matrix, ratio = 2",
                        m = matchit(f, data = dat, distance = D, method = "nearest",
                                    replace = TRUE, ratio = 2), caliper = NA)
)

units <- data.frame(id = dat$id, treat = tr, distance = sprintf("%.17g", ps))
fmt <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
json <- c("{", sprintf('  "matchit_version": "%s",', as.character(packageVersion("MatchIt"))),
          sprintf('  "r_version": "%s",', R.version.string),
          '  "formula": "treat ~ age + educ + race + married + nodegree + re74 + re75",',
          sprintf('  "sd_distance": %s,', fmt(sd(ps))), '  "specs": {')
for (s in names(specs)) {
  m <- specs[[s]]$m
  w <- unname(m$weights)
  units[[paste0("w_", s)]] <- sprintf("%.17g", w)
  mm <- m$match.matrix
  same_twice <- if (ncol(mm) > 1) sum(mm[, 1] == mm[, 2], na.rm = TRUE) else 0
  json <- c(json, sprintf(paste0('    "%s": {"call": "%s", "caliper_abs": %s, "att": %s, ',
                                 '"n_treated_matched": %d, "n_controls_matched": %d, ',
                                 '"rows_with_same_control_twice": %d}%s'),
                          s, specs[[s]]$call, fmt(specs[[s]]$caliper), fmt(att_of(m)),
                          sum(w[tr == 1] > 0), sum(w[tr == 0] > 0), same_twice,
                          if (s == tail(names(specs), 1)) "" else ","))
}
json <- c(json, "  }", "}")
write.csv(units, file.path(out_dir, "matchit_lalonde_units.csv"), row.names = FALSE, quote = FALSE)
writeLines(json, file.path(out_dir, "matchit_lalonde.json"))
cat("wrote", file.path(out_dir, c("lalonde.csv", "matchit_lalonde_units.csv",
                                  "matchit_lalonde.json")), sep = "\n")
