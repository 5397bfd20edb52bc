// libFuzzer target: ReadMps (COIN-OR CoinMpsIO underneath, then our conversion to a LinearProgram).
// An accepted LP must satisfy the LinearProgram contract of include/gosplan/linear_program.h.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "gosplan/linear_program.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  const std::string path = fuzz::ScratchFolder() + "/input.mps";
  fuzz::WriteBytes(path, data, size);
  auto read = ReadMps(path);
  if (!read.ok()) {
    fuzz::Require(read.status().code() == StatusCode::kInvalidInput, "a reader error is bad input");
    return 0;
  }
  const LinearProgram& lp = read.value();
  fuzz::Require(lp.num_rows >= 0 && lp.num_columns >= 0, "sizes >= 0");
  fuzz::Require(lp.column_starts.size() == static_cast<std::size_t>(lp.num_columns) + 1,
                "column starts");
  fuzz::Require(lp.row_indices.size() == lp.values.size(), "one value per index");
  fuzz::Require(lp.column_lower.size() == static_cast<std::size_t>(lp.num_columns) &&
                    lp.column_upper.size() == static_cast<std::size_t>(lp.num_columns) &&
                    lp.objective.size() == static_cast<std::size_t>(lp.num_columns),
                "column arrays");
  fuzz::Require(lp.row_lower.size() == static_cast<std::size_t>(lp.num_rows) &&
                    lp.row_upper.size() == static_cast<std::size_t>(lp.num_rows),
                "row arrays");
  for (Index j = 0; j < lp.num_columns; ++j) {
    fuzz::Require(lp.column_starts[j] <= lp.column_starts[j + 1], "starts ascend");
    for (Index k = lp.column_starts[j]; k < lp.column_starts[j + 1]; ++k) {
      fuzz::Require(lp.row_indices[k] >= 0 && lp.row_indices[k] < lp.num_rows,
                    "row index in range");
      if (k > lp.column_starts[j])
        fuzz::Require(lp.row_indices[k - 1] < lp.row_indices[k], "rows ascend");
      fuzz::RequireFinite(lp.values[k], "matrix entry");
    }
    fuzz::RequireFinite(lp.objective[j], "objective coefficient");
    fuzz::Require(!std::isnan(lp.column_lower[j]) && !std::isnan(lp.column_upper[j]),
                  "column bounds not NaN");
  }
  for (Index i = 0; i < lp.num_rows; ++i) {
    fuzz::Require(!std::isnan(lp.row_lower[i]) && !std::isnan(lp.row_upper[i]),
                  "row bounds not NaN");
  }
  fuzz::RequireFinite(lp.objective_offset, "objective offset");
  return 0;
}
