// Every LP consumer against the shared catalogue of LPs with known answers (tests/lp_catalogue.h):
// CLP and PDLP reach the stated status, objective, primal point and duals; an MPS round trip keeps
// the answer.
#include "lp_catalogue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gosplan/linear_program.h"
#include "gosplan/pdlp.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::CatalogueLp;
using testing::LpCatalogue;

class CatalogueTest : public ::testing::TestWithParam<CatalogueLp> {};

void ExpectAnswer(const CatalogueLp& c, const LpSolution& s, double tolerance,
                  const std::string& solver) {
  ASSERT_EQ(s.status, c.status) << c.name << " with " << solver << ": " << c.derivation;
  if (c.status != LpStatus::kOptimal) return;
  EXPECT_NEAR(s.objective, c.objective, tolerance * (1 + std::abs(c.objective)))
      << c.name << " " << solver;
  for (std::size_t j = 0; j < c.primal.size(); ++j) {
    EXPECT_NEAR(s.column_values[j], c.primal[j], tolerance * 10 * (1 + std::abs(c.primal[j])))
        << c.name << " " << solver << " x[" << j << "]";
  }
  for (std::size_t i = 0; i < c.duals.size(); ++i) {
    EXPECT_NEAR(s.row_duals[i], c.duals[i], tolerance * 10 * (1 + std::abs(c.duals[i])))
        << c.name << " " << solver << " y[" << i << "]";
  }
}

TEST_P(CatalogueTest, ClpGivesTheKnownAnswer) {
  auto solved = SolveWithClp(GetParam().lp);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ExpectAnswer(GetParam(), solved.value(), 1e-9, "CLP");
}

TEST_P(CatalogueTest, PdlpGivesTheKnownAnswer) {
  PdlpOptions options;
  options.tolerance = 1e-9;
  options.iteration_limit = 100000;
  auto solved = SolveWithPdlp(GetParam().lp, options);
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ExpectAnswer(GetParam(), solved.value(), 1e-6, "PDLP");
}

TEST_P(CatalogueTest, MpsRoundTripKeepsTheAnswer) {
  const CatalogueLp& c = GetParam();
  testing::ScratchFolder scratch;
  const std::string path = scratch.path() + "/" + c.name + ".mps";
  ASSERT_TRUE(WriteMps(c.lp, path).ok());
  auto read = ReadMps(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  // The file minimises: a maximisation comes back negated, with the same optimum point.
  EXPECT_FALSE(read.value().maximize);
  auto solved = SolveWithClp(read.value());
  ASSERT_TRUE(solved.ok());
  ASSERT_EQ(solved.value().status, c.status) << c.name;
  if (c.status != LpStatus::kOptimal) return;
  EXPECT_NEAR(solved.value().objective, c.lp.maximize ? -c.objective : c.objective, 1e-9) << c.name;
  for (std::size_t j = 0; j < c.primal.size(); ++j) {
    EXPECT_NEAR(solved.value().column_values[j], c.primal[j], 1e-9) << c.name << " x[" << j << "]";
  }
}

// Tests look entries up by name (CatalogueEntry): every name is unique and found.
TEST(CatalogueLookupTest, NamesAreUniqueAndFound) {
  const std::vector<CatalogueLp> catalogue = LpCatalogue();
  for (std::size_t k = 0; k < catalogue.size(); ++k) {
    for (std::size_t other = k + 1; other < catalogue.size(); ++other) {
      EXPECT_NE(catalogue[k].name, catalogue[other].name);
    }
    EXPECT_EQ(testing::CatalogueEntry(catalogue[k].name).derivation, catalogue[k].derivation);
  }
  EXPECT_TRUE(testing::CatalogueEntry("no such LP").name.empty());
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueTest, ::testing::ValuesIn(LpCatalogue()),
                         [](const ::testing::TestParamInfo<CatalogueLp>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace gosplan
