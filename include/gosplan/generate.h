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
  // Issue 18's features (docs/generate.md, "Regions, harvests and world prices"). Each draws from
  // its own random stream (the seed mixed with a constant), so the economy above is the same with
  // or without them: the plans with and without a feature are peers on one economy.
  //
  // regions R ≥ 1 (0: none, a national model as before): regions r0..r(R−1); each product's
  // enterprise placed in a region drawn uniformly; each final-demand row split into one row per
  // region with shares u_g/Σu (u_g uniform in [0.5, 1.5), drawn per product; share 1 for R = 1).
  // For R ≥ 2 also a transport product `freight` (thousand tonne-km; made in every region by an
  // enterprise freight_rG from 0.1 of product p0 and 0.2 person-years of labour per unit, no
  // capital) and, for every product p0..p(N−1), one-way links both ways along the ring
  // r0–r1–…–r(R−1)–r0 (one pair for R = 2): distance uniform in [300, 2500) km rounded to 10 km per
  // ring edge, 10⁻⁴ freight units per unit moved per km, taken in the origin region. R = 1: one
  // region, no freight and no links — the same LP as without regions.
  Index regions = 0;
  // With regions ≥ 2: each link carries at most this share of its product's base-year gross output
  // x0 a year (0: no capacity).
  double link_capacity = 0.0;
  // World prices (world_prices.csv and [trade]): every product p0..p(N−1) exportable and importable
  // every year, export price uniform in [0.5, 1.5) rounded to 4 decimals, import price 1.25 times
  // it rounded to 4 decimals (re-exporting an import never pays), no caps; credit limit 100
  // currency units at 5 % interest, no initial reserves (the semantics of the former
  // bench/add_world_prices.py).
  bool world_prices = false;
  // Harvest scenarios S ≥ 1 (0: none): harvest_scenarios.csv and harvest_yields.csv, written by
  // WriteGeneratedHarvests beside the model. Crops: the products of the farms (collective and
  // state farms, 2 of every 7 products). Scenario hS has probability w_s/Σw (w_s uniform in
  // [0.5, 1.5), rounded to 6 decimals, the last one 1 minus the others) and, for every crop and
  // plan year, the yield factor 1 + ℓ_s + U(−0.05, 0.05) rounded to 4 decimals, with levels ℓ_s
  // evenly from −0.15 (h1, the worst) to +0.15 (hS) (ℓ = 0 for S = 1).
  int harvest_scenarios = 0;
  bool IsValid(std::string* error) const;
};

Result<Model> GenerateEconomy(const GenerateOptions& options);

// Writes harvest_scenarios.csv and harvest_yields.csv of options.harvest_scenarios (above) into
// `folder` for `model` (GenerateEconomy(options)); nothing when harvest_scenarios is 0. The same
// options give the same bytes. kInvalidInput naming the file when it cannot be written.
Status WriteGeneratedHarvests(const GenerateOptions& options, const Model& model,
                              const std::string& folder);

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
