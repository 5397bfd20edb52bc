#include "gosplan/status.h"

#include <gtest/gtest.h>

namespace gosplan {
namespace {

TEST(DiagnosticTest, FormatsFileLineColumnMessageAndExpectation) {
  const Diagnostic d{"model/products.csv", 4, 3, "group is 'C'", "A or B"};
  EXPECT_EQ(d.ToString(), "model/products.csv:4:3: group is 'C' (expected A or B)");
}

TEST(DiagnosticTest, OmitsZeroLineAndColumn) {
  const Diagnostic d{"model.toml", 0, 0, "file not found", ""};
  EXPECT_EQ(d.ToString(), "model.toml: file not found");
}

TEST(DiagnosticsTest, CollectsUpToCapAndCountsTheRest) {
  Diagnostics diagnostics(2);
  for (int i = 0; i < 5; ++i) diagnostics.Add("f.csv", i + 1, 1, "bad");
  EXPECT_EQ(diagnostics.list().size(), 2u);
  EXPECT_EQ(diagnostics.total(), 5u);
  const Status status = Status::InvalidInput(diagnostics);
  EXPECT_NE(status.ToString().find("... and 3 more problems"), std::string::npos);
}

}  // namespace
}  // namespace gosplan
