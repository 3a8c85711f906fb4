# Reference values of R's glm(family = binomial) on person-period data of a discrete-time
# hazard model, for tests/test_ref34_hazard_glm.py (mia_helpers.hazard.fit_hazard).
#
# Usage:  Rscript tests/reference/hazard_glm.R [out_dir]     (needs base R only)
# (out_dir defaults to the folder of this script). Writes
#   hazard_glm_periods.csv  person-period rows: person_id, u (quarter since start, 0..7),
#                           event (0/1, the last row of a person with an event), grp (two
#                           levels a/b), level3 (three levels lo/mid/hi), x (numeric), simulated
#                           with set.seed(34) from a logit hazard (300 persons, censored at u = 7
#                           or at a random earlier quarter).
#   hazard_glm.csv          link (logit, cloglog), term, coef, se_model (sqrt diag vcov(glm)),
#                           se_cluster (person-clustered sandwich, below), se_model_obs and
#                           se_cluster_obs (the same with the observed instead of the expected
#                           information), all %.17g, of
#     glm(event ~ 0 + dur + grp + level3 + x, family = binomial(link), data = rows,
#         control = glm.control(epsilon = 1e-14, maxit = 100))
#   with dur the factor of duration bins with left edges 0, 1, 2, 4 (u 0 | 1 | 2-3 | 4-7) and
#   treatment (first-level) contrasts for grp and level3.
# glm's vcov is the inverse expected information; the observed information (minus the Hessian
# of the log-likelihood) equals it for the logit link but not for the cloglog.
# se_cluster: V (sum_g s_g s_g') V * G/(G-1) * (N-1)/(N-K), V = vcov(glm), s_g the sum over a
# person's rows of the score x_i (y_i - mu_i) dmu/deta / (mu_i (1 - mu_i)) (the working-weight
# form glm uses), G persons, N rows, K coefficients: statsmodels' cov_type = "cluster";
# se_cluster_obs has V the inverse observed information, the covariance
# mia_helpers.hazard.fit_hazard documents. Computed here by hand (no sandwich
# package needed).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  out_dir <- if (length(file_arg)) dirname(sub("^--file=", "", file_arg[1])) else "."
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

set.seed(34)
n <- 300
grp <- sample(c("a", "b"), n, replace = TRUE)
level3 <- sample(c("lo", "mid", "hi"), n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
x <- round(rnorm(n), 2)
last <- sample(3:7, n, replace = TRUE)  # censoring quarter
rows <- list()
for (i in seq_len(n)) {
  for (u in 0:last[i]) {
    eta <- -2 + 0.3 * (u >= 2) - 0.2 * (u >= 4) + 0.5 * (grp[i] == "b") +
      c(lo = -0.4, mid = 0, hi = 0.6)[[level3[i]]] + 0.3 * x[i]
    ev <- as.integer(runif(1) < plogis(eta))
    rows[[length(rows) + 1]] <- data.frame(person_id = i, u = u, event = ev, grp = grp[i],
                                           level3 = level3[i], x = x[i])
    if (ev == 1) break
  }
}
pp <- do.call(rbind, rows)
write.csv(pp, file.path(out_dir, "hazard_glm_periods.csv"), row.names = FALSE, quote = FALSE)
pp <- read.csv(file.path(out_dir, "hazard_glm_periods.csv"), stringsAsFactors = FALSE)
pp$dur <- factor(c(0, 1, 2, 2, 4, 4, 4, 4)[pp$u + 1], levels = c(0, 1, 2, 4))
pp$grp <- factor(pp$grp, levels = c("a", "b"))
pp$level3 <- factor(pp$level3, levels = c("hi", "lo", "mid"))  # sorted: first level "hi"

f17 <- function(v) sprintf("%.17g", v)
out <- NULL
for (link in c("logit", "cloglog")) {
  fit <- glm(event ~ 0 + dur + grp + level3 + x, family = binomial(link), data = pp,
             control = glm.control(epsilon = 1e-14, maxit = 100))
  stopifnot(fit$converged)
  X <- model.matrix(fit)
  mu <- fitted(fit)
  eta <- predict(fit, type = "link")
  dmu <- binomial(link)$mu.eta(eta)
  s <- X * ((pp$event - mu) * dmu / (mu * (1 - mu)))
  S <- rowsum(s, pp$person_id)
  V <- vcov(fit)  # inverse expected (Fisher) information, glm's
  # inverse observed information: minus the Hessian of the log-likelihood in eta is
  # mu'^2 / (mu (1 - mu)) - (y - mu) d/deta [mu' / (mu (1 - mu))]; the derivative is 0 for the
  # logit (canonical) and (e / mu) (1 - e (1 - mu) / mu), e = exp(eta), for the cloglog
  e <- exp(eta)
  dr <- if (link == "logit") 0 else (e / mu) * (1 - e * (1 - mu) / mu)
  J <- crossprod(X, X * (dmu^2 / (mu * (1 - mu)) - (pp$event - mu) * dr))
  Vo <- solve(J)
  G <- nrow(S); N <- nrow(X); K <- ncol(X)
  fac <- G / (G - 1) * (N - 1) / (N - K)
  Vc <- V %*% crossprod(S) %*% V * fac
  Vco <- Vo %*% crossprod(S) %*% Vo * fac
  out <- rbind(out, data.frame(link = link, term = names(coef(fit)), coef = f17(coef(fit)),
                               se_model = f17(sqrt(diag(V))), se_cluster = f17(sqrt(diag(Vc))),
                               se_model_obs = f17(sqrt(diag(Vo))),
                               se_cluster_obs = f17(sqrt(diag(Vco)))))
}
write.csv(out, file.path(out_dir, "hazard_glm.csv"), row.names = FALSE, quote = FALSE)
cat(R.version.string, "rows", nrow(pp), "events", sum(pp$event), "\n")
