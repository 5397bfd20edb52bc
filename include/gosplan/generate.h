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

// ---- Multi-regional tables (benchmarks of `gosplan io --satellite --footprints`) ----------------
// A dense multi-regional IO table of R regions × S sectors (n = R·S, every flow non-zero), with K
// stressors. Structure: target output x_j uniform in [1000, 2000); each sector sells a share
// u_i ∈ [0.2, 0.6) of its output to intermediate use, spread over all n sectors with random
// weights, `domestic_share` of the weight on its own region; the rest to final demand, two
// categories per region (households, investment), again `domestic_share` to its own region. Printed
// values have 6 significant digits and total_output is the sum of the printed row, so the table
// balances exactly. Primary rows: value_added (x_j − Σ_i Z[i,j]) and employment. Stressor k of
// sector j is x_j times an intensity uniform in [0, 10^e_k) with e_k uniform in [−3, 1); every
// tenth stressor is also emitted by households (final users). Files in `folder`: table.csv (io
// table layout, labels rR/sS and rR/households), satellite.csv, satellite_final_demand.csv. Column
// sums of A are about 0.4·1.5 k / x_j ≤ 0.9: productive. Same options, same files.
struct MrioGenerateOptions {
  Index regions = 3;    // R ≥ 1
  Index sectors = 4;    // S ≥ 1 per region
  Index stressors = 2;  // K ≥ 0
  std::uint64_t seed = 1;
  double domestic_share = 0.6;  // in [0, 1]
  bool IsValid(std::string* error) const;
};
// Errors: invalid options (kInvalidArgument), an unwritable folder or file (kInvalidInput).
Status WriteMrioTable(const MrioGenerateOptions& options, const std::string& folder);

}  // namespace gosplan
