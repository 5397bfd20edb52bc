// The range of numbers a model may hold: what the solvers can take (docs/model-format.md,
// "Numbers").
#pragma once

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

// Largest magnitude of any number in a model — a table cell, a year weight — and of every number
// the plan LP derives from them (a product's target mix Σ_c target[c,i,t], a technique's cost in
// the min_resources objective Σ_r weight[r]·use[p,r] and in the priority_output objective Σ_i
// priority_weight[i]·out[p,i]). It is the simplex solver's limit (CLP refuses magnitudes above
// 1e20, src/lp/clp_solver.cc), and 1e20 itself is accepted. LoadModel refuses larger numbers as bad
// input, located (file:line:column), whatever the objective, so a valid model never fails in the
// solver.
inline constexpr double kMaxModelMagnitude = 1e20;

// The same range checks on a model built in code (a generator, an import, a test, ResizeHorizon) or
// read from a cache: the first number beyond kMaxModelMagnitude, named in the model's words (table,
// ids, year), as kInvalidInput; Ok when every number is in range. Models returned by LoadModel
// pass.
Status CheckModelRange(const Model& model);

}  // namespace gosplan
