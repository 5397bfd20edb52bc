// libFuzzer target: ReadMatrixMarket (first byte even) or ReadVectorFile (first byte odd, the
// second byte is the expected size) on the rest of the input. An accepted matrix must satisfy the
// CscMatrix contract.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "gosplan/matrix_market.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  if (size < 2) return 0;
  const std::string path = fuzz::ScratchFolder() + "/input.mtx";
  if (data[0] & 1) {
    const Index expected = data[1];
    fuzz::WriteBytes(path, data + 2, size - 2);
    auto vector = ReadVectorFile(path, expected);
    if (!vector.ok()) {
      fuzz::Require(vector.status().code() == StatusCode::kInvalidInput,
                    "a reader error is bad input");
      return 0;
    }
    fuzz::Require(vector.value().size() == expected, "vector has the expected size");
    for (Index k = 0; k < expected; ++k) fuzz::RequireFinite(vector.value()(k), "vector entry");
    return 0;
  }
  fuzz::WriteBytes(path, data + 1, size - 1);
  MatrixMarketOptions options;
  options.require_non_negative = (data[0] & 2) != 0;
  options.require_square = (data[0] & 4) != 0;
  auto read = ReadMatrixMarket(path, options);
  if (!read.ok()) {
    fuzz::Require(read.status().code() == StatusCode::kInvalidInput, "a reader error is bad input");
    fuzz::Require(!read.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  const CscMatrix& m = read.value();
  fuzz::Require(m.rows >= 0 && m.cols >= 0, "sizes >= 0");
  fuzz::Require(!options.require_square || m.rows == m.cols, "square when required");
  fuzz::Require(m.column_start.size() == static_cast<std::size_t>(m.cols) + 1, "column starts");
  fuzz::Require(m.column_start.front() == 0, "column_start[0] = 0");
  fuzz::Require(m.row_index.size() == m.value.size(), "one value per index");
  fuzz::Require(m.column_start.back() == m.nonzeros(), "last start = nonzeros");
  for (Index j = 0; j < m.cols; ++j) {
    fuzz::Require(m.column_start[j] <= m.column_start[j + 1], "starts ascend");
  }
  for (std::size_t k = 0; k < m.value.size(); ++k) {
    fuzz::Require(m.row_index[k] >= 0 && m.row_index[k] < m.rows, "row index in range");
    fuzz::RequireFinite(m.value[k], "matrix entry");
    fuzz::Require(!options.require_non_negative || m.value[k] >= 0, "non-negative when required");
  }
  return 0;
}
