# Reference values of R's survival::coxph on the Stanford heart transplant data (counting-
# process format, survival::heart) under both ways of handling tied event times, fitted to
# full convergence, for tests/test_ref34_cox_ties.py. coxph_heart.R (Efron at R's default
# convergence, for tests/test_dynamic.py) is left as it is.
#
# Usage:  Rscript tests/reference/coxph_heart_ties.R [out_dir]     (needs R and survival)
# Writes coxph_heart_ties.csv: ties (efron, breslow), term, estimate (the coefficient, named as
# the package's coefficient tables name it), se (model-based, sqrt of the diagonal of fit$var),
# iter (Newton iterations), all numbers %.17g, of
#   coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart, ties = .,
#         control = coxph.control(eps = 1e-14, toler.chol = 1e-15, iter.max = 100))
# eps = 1e-14 (relative change of the log partial likelihood; R's default 1e-9) makes the
# Newton iterations run to the limit of double precision, so the reference carries no
# convergence error. The data have 13 tied event times among 75 deaths (7 days with two
# deaths, 3 with three), so Efron and Breslow differ.

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
h <- survival::heart
h$transplant <- as.numeric(as.character(h$transplant))
ev <- h$stop[h$event == 1]
stopifnot(sum(duplicated(ev)) == 13)
f17 <- function(x) sprintf("%.17g", x)
out <- NULL
for (ties in c("efron", "breslow")) {
  fit <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = h,
               ties = ties, control = coxph.control(eps = 1e-14, toler.chol = 1e-15,
                                                    iter.max = 100))
  stopifnot(fit$iter < 100)
  out <- rbind(out, data.frame(ties = ties, term = names(coef(fit)),
                               estimate = f17(unname(coef(fit))), se = f17(sqrt(diag(fit$var))),
                               iter = fit$iter))
}
write.csv(out, file.path(out_dir, "coxph_heart_ties.csv"), row.names = FALSE, quote = FALSE)
cat("survival", as.character(packageVersion("survival")), R.version.string, "\n")
