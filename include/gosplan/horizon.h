// Changing a model's plan horizon T → H, shared by `check` (earliest year a quota can be met: the
// economy run on past T), `catch-up` (the growth path over H years) and the loader's horizon
// override
// (`plan --horizon H`, which lengthens final demand with RepeatFinalDemand below).
//
// The model's per-year data (1 ≤ t ≤ T) become data for 1 ≤ t ≤ H, where H = max(horizon, 1):
//
//                              lengthening (H > T)                  shortening (H < T)
//   resource availability R[r,t]   R[r,t] = R[r,T] for T < t ≤ H    years t > H cut
//   final demand (floor F[c,i,t]   each year-T entry repeated in    entries with t > H dropped
//     and target-mix weight)       every year T+1..H
//   year weights w_t               w_t = w_T for T < t ≤ H          cut to w_1..w_H
//   quotas, actuals                kept, not repeated (each asks    those with t > H dropped
//                                  for, or records, one year)
//   construction in progress       kept                             usable after H dropped
//
// Final demand keeps its kept entries first, in order (so when lengthening, entry n is still the
// model's entry n), then the copies. Year weights that are not one per year (empty: all 1) become H
// weights of 1, which is what the plan LP reads them as. Everything not indexed by year (products,
// techniques, enterprises, capital, initial stocks, settings other than the horizon, `folder`) is
// kept; H = T gives the model unchanged but for that weights rule. A caller that wants no quotas or
// actuals (catch-up) clears them itself.
#pragma once

#include "gosplan/model.h"

namespace gosplan {

Model ResizeHorizon(const Model& model, int horizon);

// The final-demand part of lengthening: appends, for each entry of plan year `last` (in order), a
// copy for every year last+1..horizon that no entry names yet (entry-major, then year). Years the
// entries already name (a table that gives later years itself) are left as they are.
void RepeatFinalDemand(std::vector<FinalDemand>& entries, int last, int horizon);

}  // namespace gosplan
