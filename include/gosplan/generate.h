// Generated economies with realistic structure, for benchmarks and scale tests.
//
// Structure (after the peer scripts in ../shared/bench, so that gosplan and its peers can be
// compared on the same kind of instance):
//  - N products, one technique and one enterprise per product (kinds cycle through factories,
//  mines,
//    power stations, farms); each technique uses K inputs drawn with power-law popularity
//    (weight 1/rank^0.9: a few basic goods such as energy, steel and transport feed almost
//    everything), so A has cycles and is not triangular; column sums of A are uniform in [0.3,
//    0.8], so ρ(A) ≤ 0.8;
//  - the max(3, N/50) most popular products are capital goods (group A): each technique needs 2–3
//  of
//    them as stock (0.5–2 units per unit of yearly output, 5 % depreciation, lag 1);
//  - labour: 0.1–1.0 person-years per unit; availability 5 % above the base year's need, growing 2
//  %
//    a year;
//  - final demand: one category, "consumption", with target mix y (uniform 0–10) every year and no
//  floor;
//  - base year: gross output x0 solves x0 = A x0 + y; every enterprise holds stocks for 10 % more
//  than
//    x0 in year 1 (after depreciation), so the base year is feasible.
// The same options give the same model, bit for bit (own 64-bit generator, no std distributions).
#pragma once

#include <cstdint>
#include <string>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

struct GenerateOptions {
  Index products = 100;          // N ≥ 2
  Index inputs_per_product = 8;  // K ≥ 1, < N
  int years = 5;                 // plan horizon T ≥ 1
  std::uint64_t seed = 1;
  int base_year = 2025;
  bool IsValid(std::string* error) const;
};

Result<Model> GenerateEconomy(const GenerateOptions& options);

// Leontief-only instances for 10^5–10^7 products, without building a Model. Writes into `folder`
// (created if needed; existing files of these names are replaced):
//   A.mtx      technical coefficients, Matrix Market coordinate real general, entries sorted by
//   column
//              (column j = the inputs of product j, rows ascending), values with 12 significant
//              digits;
//   y.txt      final demand, one number per line (uniform 0–10);
//   labour.txt labour per unit of output, one number per line (uniform 0.1–1.0).
// They are the A, y and labour coefficients of GenerateEconomy(options) — the same random stream,
// so the same inputs, weights and column sums (only rounded to 12 digits); `years` is ignored.
// Cost: two passes of N·K draws (the first counts the non-zeros for the size line), O(N) memory.
// Errors: invalid options (kInvalidArgument), an unwritable folder or file (kInvalidInput naming
// the path).
Status WriteLeontiefEconomy(const GenerateOptions& options, const std::string& folder);

}  // namespace gosplan
