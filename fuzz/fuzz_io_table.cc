// libFuzzer target: LoadIoTable on an arbitrary file, with layout options drawn from the input. An
// accepted table must be consistent (sizes agree, every coefficient finite, the sector block pairs
// up by label); a rejected one must come back as kInvalidInput with diagnostics.
//
// Input: byte 0 chooses the options (bit 0: final_demand_columns set, bit 1: primary_rows set, bits
// 2-3: balance_tolerance 1e-4, 0, 1e-9 or 1); the rest of the first line is `A,B|X,Y` (the
// final-demand column names, then the primary row names); everything after that line is the table
// CSV. The corpus files follow this form (a plain table is "\0\n" followed by the CSV).
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "gosplan/io_table.h"

namespace {

std::vector<std::string> SplitNames(const std::string& text) {
  std::vector<std::string> names;
  std::string current;
  for (char c : text) {
    if (c == ',') {
      names.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty() || !names.empty()) names.push_back(current);
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  std::size_t end = 1;
  while (end < size && data[end] != '\n') ++end;
  const std::string layout(reinterpret_cast<const char*>(data + 1), end - 1);
  const std::size_t bar = layout.find('|');
  IoTableOptions options;
  if (choice & 1u) options.final_demand_columns = SplitNames(layout.substr(0, bar));
  if (choice & 2u)
    options.primary_rows =
        SplitNames(bar == std::string::npos ? std::string() : layout.substr(bar + 1));
  const double tolerances[] = {1e-4, 0.0, 1e-9, 1.0};
  options.balance_tolerance = tolerances[(choice >> 2) & 3u];
  const std::size_t start = end < size ? end + 1 : size;

  const std::string path = fuzz::ScratchFolder() + "/table.csv";
  fuzz::WriteBytes(path, data + start, size - start);
  auto table = LoadIoTable(path, options);
  if (!table.ok()) {
    fuzz::Require(table.status().code() == StatusCode::kInvalidInput,
                  "a loader error is bad input");
    fuzz::Require(!table.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  const IoTable& io = table.value();
  const Index n = io.size();
  fuzz::Require(n > 0, "an accepted table has sectors");
  fuzz::Require(io.coefficients.rows() == n && io.coefficients.cols() == n, "A is n x n");
  fuzz::Require(io.final_demand.rows() == n, "final demand has n rows");
  fuzz::Require(io.final_demand.cols() == static_cast<Index>(io.final_demand_names.size()),
                "one final-demand column per name");
  fuzz::Require(io.primary_coefficients.cols() == n, "primary coefficients have n columns");
  fuzz::Require(io.warnings.size() <= 1, "at most one rounding warning");
  if (options.final_demand_columns) {
    for (const std::string& name : io.final_demand_names) {
      bool listed = false;
      for (const std::string& given : *options.final_demand_columns)
        listed = listed || given == name;
      fuzz::Require(listed,
                    "with --final-demand-columns every final-demand column is a listed one");
    }
  }
  if (options.primary_rows) {
    for (const std::string& name : io.primary_names) {
      bool listed = false;
      for (const std::string& given : *options.primary_rows) listed = listed || given == name;
      fuzz::Require(listed, "with --primary-rows every primary row is a listed one");
    }
  }
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
