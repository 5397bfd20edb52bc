// libFuzzer target: LoadIoTable on an arbitrary file. An accepted table must be consistent (sizes agree,
// every coefficient finite); a rejected one must come back as kInvalidInput with diagnostics.
#include <cstdint>

#include "fuzz_support.h"
#include "gosplan/io_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  const std::string path = fuzz::ScratchFolder() + "/table.csv";
  fuzz::WriteBytes(path, data, size);
  auto table = LoadIoTable(path);
  if (!table.ok()) {
    fuzz::Require(table.status().code() == StatusCode::kInvalidInput, "a loader error is bad input");
    fuzz::Require(!table.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  const IoTable& io = table.value();
  const Index n = io.size();
  fuzz::Require(io.coefficients.rows() == n && io.coefficients.cols() == n, "A is n x n");
  fuzz::Require(io.final_demand.rows() == n, "final demand has n rows");
  fuzz::Require(io.primary_coefficients.cols() == n, "primary coefficients have n columns");
  for (Index k = 0; k < io.coefficients.outerSize(); ++k) {
    for (SparseMatrix::InnerIterator it(io.coefficients, k); it; ++it) {
      fuzz::RequireFinite(it.value(), "technical coefficient");
    }
  }
  for (Index k = 0; k < io.primary_coefficients.size(); ++k) {
    fuzz::RequireFinite(io.primary_coefficients.data()[k], "primary coefficient");
  }
  for (Index k = 0; k < io.final_demand.size(); ++k) {
    fuzz::RequireFinite(io.final_demand.data()[k], "final demand");
  }
  return 0;
}
