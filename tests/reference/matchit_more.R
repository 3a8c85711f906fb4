# Reference values of R's MatchIt on further specifications, for tests/test_dynamic.py.
#
# Usage:  Rscript tests/reference/matchit_more.R [out_dir]
# (out_dir defaults to the folder of this script). Needs base R, MatchIt and survival.
#
# Data
#   lalonde.csv      written by matchit_lalonde.R (MatchIt's lalonde, row names as `id`).
#   rotterdam.csv    written here: survival::rotterdam (2982 breast cancer patients; treatment
#                    `hormon`; `size` a factor with three levels, `grade` 2/3), with the
#                    columns used below; every fit is run on the CSV read back.
# Writes
#   matchit_more_units.csv   per data set and unit: data, id, treat, distance (glm propensity
#                            score) and the weights of every specification of that data set.
#   matchit_more_pairs.csv   MatchIt's match.matrix: spec, treated id, slot (1..ratio), control id.
#   matchit_more.json        per specification: data, call, absolute caliper, ATT (coef of
#                            lm(y ~ treat, weights = weights) on match.data), numbers matched.
#
# All specifications use method = "nearest", replace = TRUE and MatchIt's matrix path
# (distance = abs(outer(ps_t, ps_c, "-")) of the glm propensity score), because MatchIt
# 4.5.1-4.5.3's vector path ignores the caliper (see matchit_lalonde.R). A caliper "in SD
# units" c is passed as the absolute caliper c * sd(ps) (sd over all units, n - 1), which is
# what std.caliper = TRUE computes on the vector path.
#   lalonde_ratio3         ratio = 3
#   lalonde_exact_race     exact = ~race (a three-level factor), ratio = 2, caliper 0.1 SD
#   rotterdam_ratio3_cal   hormon ~ age + meno + size + grade + nodes + pgr + er + chemo, with
#                          size a three-level factor; ratio = 3, caliper 0.25 SD
#   rotterdam_exact_grade  same formula, exact = ~grade, ratio = 1, caliper 0.2 SD
# Outcomes of the ATT: re78 (lalonde), death (rotterdam).

suppressPackageStartupMessages({library(MatchIt); library(survival)})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
here <- {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}

lal <- read.csv(file.path(here, "lalonde.csv"), stringsAsFactors = FALSE)
rownames(lal) <- lal$id

rotterdam <- survival::rotterdam
rot <- data.frame(id = seq_len(nrow(rotterdam)), rotterdam[, c("age", "meno", "size", "grade",
                  "nodes", "pgr", "er", "hormon", "chemo", "death")])
rot$size <- as.character(rot$size)
rot$grade <- paste("grade", rot$grade)
write.csv(rot, file.path(out_dir, "rotterdam.csv"), row.names = FALSE)
rot <- read.csv(file.path(out_dir, "rotterdam.csv"), stringsAsFactors = FALSE)
rot$size <- factor(rot$size, levels = c("<=20", "20-50", ">50"))
rownames(rot) <- rot$id

att_of <- function(m, dat, y) {
  md <- match.data(m, data = dat)
  unname(coef(lm(as.formula(paste(y, "~ treat")), data = md, weights = weights))["treat"])
}

run <- function(name, dat, f, treat, y, ratio = 1, caliper_sd = NA, exact = NULL) {
  dat$treat <- dat[[treat]]
  ps <- unname(matchit(f, data = dat, distance = "glm", method = "nearest",
                       replace = TRUE)$distance)
  tr <- dat$treat
  D <- abs(outer(ps[tr == 1], ps[tr == 0], "-"))
  dimnames(D) <- list(rownames(dat)[tr == 1], rownames(dat)[tr == 0])
  cal <- if (is.na(caliper_sd)) NULL else caliper_sd * sd(ps)
  args <- list(formula = f, data = dat, distance = D, method = "nearest", replace = TRUE,
               ratio = ratio)
  if (!is.null(cal)) { args$caliper <- cal; args$std.caliper <- FALSE }
  if (!is.null(exact)) args$exact <- exact
  m <- do.call(matchit, args)
  w <- unname(m$weights)
  mm <- m$match.matrix
  pairs <- data.frame(spec = name, treated = rep(rownames(mm), ncol(mm)),
                      slot = rep(seq_len(ncol(mm)), each = nrow(mm)), control = c(mm))
  pairs <- pairs[!is.na(pairs$control), ]
  list(name = name, pairs = pairs, ps = ps, w = w, tr = tr, id = rownames(dat),
       caliper = if (is.null(cal)) NA else cal, att = att_of(m, dat, y),
       call = sprintf("ratio = %d, caliper_sd = %s, exact = %s", ratio,
                      ifelse(is.na(caliper_sd), "none", format(caliper_sd)),
                      ifelse(is.null(exact), "none", deparse(exact))))
}

f_lal <- treat ~ age + educ + race + married + nodegree + re74 + re75
f_rot <- treat ~ age + meno + size + grade + nodes + pgr + er + chemo
fits <- list(
  run("lalonde_ratio3", lal, f_lal, "treat", "re78", ratio = 3),
  run("lalonde_exact_race", lal, f_lal, "treat", "re78", ratio = 2, caliper_sd = 0.1,
      exact = ~race),
  run("rotterdam_ratio3_cal", rot, f_rot, "hormon", "death", ratio = 3, caliper_sd = 0.25),
  run("rotterdam_exact_grade", rot, f_rot, "hormon", "death", ratio = 1, caliper_sd = 0.2,
      exact = ~grade)
)

fmt <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)
units <- NULL
for (d in c("lalonde", "rotterdam")) {
  sel <- Filter(function(x) startsWith(x$name, d), fits)
  u <- data.frame(data = d, id = sel[[1]]$id, treat = sel[[1]]$tr,
                  distance = sprintf("%.17g", sel[[1]]$ps))
  for (s in sel) u[[paste0("w_", s$name)]] <- sprintf("%.17g", s$w)
  units[[d]] <- u
}
write.csv(units$lalonde, file.path(out_dir, "matchit_more_units_lalonde.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(units$rotterdam, file.path(out_dir, "matchit_more_units_rotterdam.csv"),
          row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, lapply(fits, `[[`, "pairs")), file.path(out_dir, "matchit_more_pairs.csv"),
          row.names = FALSE, quote = FALSE)
json <- c("{", sprintf('  "matchit_version": "%s",', as.character(packageVersion("MatchIt"))),
          sprintf('  "r_version": "%s",', R.version.string), '  "specs": {')
for (i in seq_along(fits)) {
  s <- fits[[i]]
  json <- c(json, sprintf(paste0('    "%s": {"call": "%s", "caliper_abs": %s, "att": %s, ',
                                 '"n_treated_matched": %d, "n_controls_matched": %d}%s'),
                          s$name, s$call, fmt(s$caliper), fmt(s$att),
                          sum(s$w[s$tr == 1] > 0), sum(s$w[s$tr == 0] > 0),
                          if (i == length(fits)) "" else ","))
}
json <- c(json, "  }", "}")
writeLines(json, file.path(out_dir, "matchit_more.json"))
cat("wrote", file.path(out_dir, c("rotterdam.csv", "matchit_more_units_lalonde.csv",
                                  "matchit_more_units_rotterdam.csv", "matchit_more_pairs.csv",
                                  "matchit_more.json")),
    sep = "\n")
