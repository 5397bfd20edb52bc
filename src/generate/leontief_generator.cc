// Leontief-only generated economies written straight to Matrix Market (see WriteLeontiefEconomy in
// gosplan/generate.h). The random stream mirrors GenerateEconomy draw for draw.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <vector>

#include "generate/buffered_file.h"
#include "generate/random.h"
#include "gosplan/generate.h"

namespace gosplan {
namespace {

using generate::BufferedFile;
using generate::Random;

// The inputs of every column, in GenerateEconomy's order of draws. Calls emit(j, rows, values) per
// column with rows ascending; returns the generator positioned after the input draws.
template <typename Emit>
Random DrawInputs(const GenerateOptions& options, const std::vector<double>& cumulative,
                  Emit&& emit) {
  const Index n = options.products;
  const Index k = options.inputs_per_product;
  const double total = cumulative.back();
  Random random(options.seed);
  std::vector<std::int32_t> slot_of(static_cast<std::size_t>(n), -1);
  std::vector<Index> drawn;
  std::vector<double> weight;
  std::vector<Index> order;
  std::vector<Index> rows;
  std::vector<double> values;
  for (Index j = 0; j < n; ++j) {
    drawn.clear();
    weight.clear();
    for (Index d = 0; d < k; ++d) {
      const double u = random.Uniform() * total;
      const Index input = std::min<Index>(
          n - 1, static_cast<Index>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                    cumulative.begin()));
      const double w = random.Uniform() + 1e-3;
      std::int32_t& slot = slot_of[static_cast<std::size_t>(input)];
      if (slot >= 0) {
        weight[static_cast<std::size_t>(slot)] += w;
      } else {
        slot = static_cast<std::int32_t>(drawn.size());
        drawn.push_back(input);
        weight.push_back(w);
      }
    }
    const double column_sum = random.Uniform(0.3, 0.8);
    const double scale = column_sum / std::accumulate(weight.begin(), weight.end(), 0.0);
    order.resize(drawn.size());
    std::iota(order.begin(), order.end(), Index{0});
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return drawn[a] < drawn[b]; });
    rows.clear();
    values.clear();
    for (Index o : order) {
      rows.push_back(drawn[static_cast<std::size_t>(o)]);
      values.push_back(weight[static_cast<std::size_t>(o)] * scale);
    }
    for (Index input : drawn) slot_of[static_cast<std::size_t>(input)] = -1;
    emit(j, rows, values);
  }
  return random;
}

}  // namespace

Status WriteLeontiefEconomy(const GenerateOptions& options, const std::string& folder) {
  if (Status invalid = ValidateOptions(options, "GenerateOptions"); !invalid.ok()) return invalid;
  if (options.products >= (Index{1} << 31) - 1) {
    return Status::InvalidInput("generate options", 0, 0,
                                "products must be below 2^31 - 1 for Matrix Market output");
  }
  std::error_code ignored;
  std::filesystem::create_directories(folder, ignored);
  if (!std::filesystem::is_directory(folder, ignored)) {
    return Status::InvalidInput(folder, 0, 0, "cannot create the folder", "a writable folder");
  }
  const Index n = options.products;
  std::vector<double> cumulative(static_cast<std::size_t>(n));
  double total = 0;
  for (Index i = 0; i < n; ++i) {
    total += 1.0 / std::pow(static_cast<double>(i + 1), 0.9);
    cumulative[static_cast<std::size_t>(i)] = total;
  }

  Index nonzeros = 0;
  DrawInputs(options, cumulative,
             [&](Index, const std::vector<Index>& rows, const std::vector<double>&) {
               nonzeros += static_cast<Index>(rows.size());
             });

  const std::string base = (std::filesystem::path(folder) / "").string();
  BufferedFile matrix;
  if (Status s = matrix.Open(base + "A.mtx"); !s.ok()) return s;
  matrix.Print("%%MatrixMarket matrix coordinate real general\n");
  matrix.Print("% gosplan generate --matrix-market: {} products, {} inputs per product, seed {}\n",
               n, options.inputs_per_product, options.seed);
  matrix.Print(
      "% A[i,j] = input of product i per unit of product j (column sums uniform in 0.3-0.8)\n");
  matrix.Print("{} {} {}\n", n, n, nonzeros);
  Random random =
      DrawInputs(options, cumulative,
                 [&](Index j, const std::vector<Index>& rows, const std::vector<double>& values) {
                   for (std::size_t e = 0; e < rows.size(); ++e) {
                     matrix.Print("{} {} {:.12g}\n", rows[e] + 1, j + 1, values[e]);
                   }
                 });
  if (Status s = matrix.Close(); !s.ok()) return s;

  BufferedFile demand;
  if (Status s = demand.Open(base + "y.txt"); !s.ok()) return s;
  for (Index i = 0; i < n; ++i) demand.Print("{:.12g}\n", random.Uniform(0.0, 10.0));
  if (Status s = demand.Close(); !s.ok()) return s;

  BufferedFile labour;
  if (Status s = labour.Open(base + "labour.txt"); !s.ok()) return s;
  for (Index j = 0; j < n; ++j) labour.Print("{:.12g}\n", random.Uniform(0.1, 1.0));
  return labour.Close();
}

}  // namespace gosplan
