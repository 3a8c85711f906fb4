# Reference values of R's MatchIt for nearest-neighbour matching with replacement within an
# absolute caliper on a given propensity score, for tests/test_ref34_matchit_caliper.py
# (mia_helpers.matching.nearest_neighbours, the chapter 4 engine's neighbour search).
#
# Usage:  Rscript tests/reference/matchit_caliper.R [out_dir]     (needs R and MatchIt)
# (out_dir defaults to the folder of this script). Writes
#   matchit_caliper_units.csv  id, treat, ps (%.17g; 200 units, 76 treated, set.seed(34),
#                              continuous scores: no two controls equidistant from a treated
#                              unit) and the MatchIt weights w_<spec> of every specification.
#   matchit_caliper_pairs.csv  MatchIt's match.matrix: spec, treated id, slot, control id.
#   matchit_caliper_specs.csv  spec, path, ratio, caliper, n_treated_matched,
#                              n_controls_matched, matchit_version.
#
# Specifications: method = "nearest", replace = TRUE, caliper = 0.01 on the probability
# scale with std.caliper = FALSE, ratio 1 and 2, the score passed as
#   cal_r1, cal_r2          distance = abs(outer(ps_t, ps_c, "-")) (MatchIt's matrix path);
#   vector_cal_r1,
#   vector_cal_r2           distance = ps (the score vector; MatchIt's vector path).
# The vector path of MatchIt 4.5.1-4.5.3 ignores the caliper and takes the control at or
# below the treated unit's score, repeating it ratio times (MatchIt issue #163; see
# matchit_lalonde.R): its specifications are kept to pin that down, and the matrix path, the
# same score and caliper, is the reference the package is compared with.

suppressPackageStartupMessages(library(MatchIt))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

set.seed(34)
n <- 200
x <- rnorm(n)
treat <- as.integer(runif(n) < plogis(-0.8 + 1.2 * x))
ps <- plogis(-0.8 + 1.2 * x + rnorm(n, sd = 0.3))
f17 <- function(v) sprintf("%.17g", v)
units <- data.frame(id = paste0("u", seq_len(n)), treat = treat, ps = f17(ps))
write.csv(units, file.path(out_dir, "matchit_caliper_units.csv"), row.names = FALSE,
          quote = FALSE)
d <- read.csv(file.path(out_dir, "matchit_caliper_units.csv"), stringsAsFactors = FALSE)
rownames(d) <- d$id
ps <- d$ps
tr <- d$treat
D <- abs(outer(ps[tr == 1], ps[tr == 0], "-"))
dimnames(D) <- list(d$id[tr == 1], d$id[tr == 0])
# no ties: every treated unit's sorted distances to the controls are distinct
stopifnot(all(apply(D, 1, function(r) all(diff(sort(r)) > 0))))
cal <- 0.01

fit <- function(distance, ratio) matchit(treat ~ ps, data = d, distance = distance,
                                         method = "nearest", replace = TRUE, ratio = ratio,
                                         caliper = cal, std.caliper = FALSE)
specs <- list(cal_r1 = list("matrix", 1, fit(D, 1)), cal_r2 = list("matrix", 2, fit(D, 2)),
              vector_cal_r1 = list("vector", 1, fit(ps, 1)),
              vector_cal_r2 = list("vector", 2, fit(ps, 2)))
pairs <- NULL
meta <- NULL
for (s in names(specs)) {
  m <- specs[[s]][[3]]
  w <- unname(m$weights)
  units[[paste0("w_", s)]] <- f17(w)
  mm <- m$match.matrix
  p <- data.frame(spec = s, treated = rep(rownames(mm), ncol(mm)),
                  slot = rep(seq_len(ncol(mm)), each = nrow(mm)), control = c(mm))
  pairs <- rbind(pairs, p[!is.na(p$control), ])
  meta <- rbind(meta, data.frame(spec = s, path = specs[[s]][[1]], ratio = specs[[s]][[2]],
                                 caliper = f17(cal), n_treated_matched = sum(w[tr == 1] > 0),
                                 n_controls_matched = sum(w[tr == 0] > 0),
                                 matchit_version = as.character(packageVersion("MatchIt"))))
}
write.csv(units, file.path(out_dir, "matchit_caliper_units.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(pairs, file.path(out_dir, "matchit_caliper_pairs.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(meta, file.path(out_dir, "matchit_caliper_specs.csv"), row.names = FALSE,
          quote = FALSE)
print(meta)
