// Leontief solvers and the productiveness check: published tables, hand-derived systems, and the
// sparse solvers against each other and against a dense reference.
#include "gosplan/leontief.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>

#include "gosplan/io_table.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;

SparseMatrix Sparse(const Eigen::MatrixXd& dense) { return dense.sparseView(); }

// ---- Miller & Blair (2009), table 2.3
// ----------------------------------------------------------------------

TEST(LeontiefMillerBlair, InverseOutputAndLabourMultipliers) {
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  IoAnalysisOptions options;
  options.inverse = true;
  auto analysis = AnalyseIoTable(table.value(), Eigen::Vector2d(600, 1500), options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  // Published: L = [[1.254125, 0.330033], [0.264026, 1.122112]] (six decimals).
  const Eigen::MatrixXd& l = analysis->leontief_inverse;
  EXPECT_NEAR(l(0, 0), 1.254125, 5e-7);
  EXPECT_NEAR(l(0, 1), 0.330033, 5e-7);
  EXPECT_NEAR(l(1, 0), 0.264026, 5e-7);
  EXPECT_NEAR(l(1, 1), 1.122112, 5e-7);
  EXPECT_NEAR(analysis->leontief_diagonal(0), 1.254125, 5e-7);
  // Published: final demand (600, 1500) gives x = (1247.52, 1841.58).
  EXPECT_NEAR(analysis->total_output(0), 1247.52, 5e-3);
  EXPECT_NEAR(analysis->total_output(1), 1841.58, 5e-3);
  // Published: labour multipliers l·L = (0.44224, 0.37954).
  ASSERT_EQ(analysis->multiplier_names[1], "labour");
  EXPECT_NEAR(analysis->multipliers(1, 0), 0.44224, 5e-6);
  EXPECT_NEAR(analysis->multipliers(1, 1), 0.37954, 5e-6);
  // Output multipliers are column sums of the published L.
  EXPECT_NEAR(analysis->output_multipliers(0), 1.254125 + 0.264026, 1e-6);
  EXPECT_NEAR(analysis->output_multipliers(1), 0.330033 + 1.122112, 1e-6);
  EXPECT_EQ(analysis->solver, "sparse LU");
  EXPECT_LE(analysis->residual, 1e-12);
}

// ---- Eurostat Manual (2008), table 15.4: Germany 1995
// -------------------------------------------------------

TEST(LeontiefEurostat, PublishedMultipliers) {
  auto table = LoadIoTable(DataPath("io/eurostat-germany-1995.csv"));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  IoAnalysisOptions options;
  options.rows = {"gross_value_added", "employment"};
  auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  const double diagonal[] = {1.0339, 1.4292, 1.0289, 1.1784, 1.4126, 1.0515};
  const double output[] = {1.7048, 1.8413, 1.8136, 1.6035, 1.5951, 1.3782};
  const double gva[] = {0.8450, 0.7647, 0.8615, 0.9019, 0.9393, 0.9199};
  const double employment[] = {0.0326, 0.0162, 0.0207, 0.0237, 0.0112, 0.0242};
  for (int j = 0; j < 6; ++j) {
    SCOPED_TRACE(table->sectors[static_cast<std::size_t>(j)]);
    EXPECT_NEAR(analysis->leontief_diagonal(j), diagonal[j], 5e-5);
    EXPECT_NEAR(analysis->output_multipliers(j), output[j], 5e-5);
    EXPECT_NEAR(analysis->multipliers(0, j), gva[j], 5e-5);
    EXPECT_NEAR(analysis->multipliers(1, j), employment[j], 5e-5);
    // L·y reproduces the published total output.
    EXPECT_NEAR(analysis->total_output(j), table->total_output(j), 1e-9 * table->total_output(j));
  }
  EXPECT_TRUE(analysis->productiveness.productive);
}

// ---- Hand-derived systems
// --------------------------------------------------------------------------------

// A = [[.5, .5, 0], [0, .5, .5], [0, 0, .5]]: I − A = ½·U with U = [[1,−1,0],[0,1,−1],[0,0,1]], and
// U^-1 = [[1,1,1],[0,1,1],[0,0,1]] (U·U^-1 telescopes to I), so L = 2·U^-1 =
// [[2,2,2],[0,2,2],[0,0,2]]. Output multipliers (column sums) 2, 4, 6. Labour coefficients c = (1,
// 2, 3): c L = (2, 6, 12). ρ(A) = 0.5 (triangular), three one-sector blocks.
TEST(LeontiefHandChecked, TriangularThreeByThree) {
  // With x = (10, 10, 10): Z = 10·A, y = x − Z·1 = (0, 0, 5), labour l = c·x = (10, 20, 30).
  Eigen::MatrixXd z(3, 3);
  z << 5, 5, 0, 0, 5, 5, 0, 0, 5;
  Eigen::MatrixXd y(3, 1);
  y << 0, 0, 5;
  Eigen::MatrixXd labour(1, 3);
  labour << 10, 20, 30;
  auto table = MakeIoTable("hand", {"a", "b", "c"}, Sparse(z), {"fd"}, y,
                           Eigen::Vector3d(10, 10, 10), {"labour"}, labour);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  IoAnalysisOptions options;
  options.inverse = true;
  auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
  ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
  Eigen::Matrix3d expected;
  expected << 2, 2, 2, 0, 2, 2, 0, 0, 2;
  EXPECT_LE((analysis->leontief_inverse - expected).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_LE((analysis->output_multipliers - Eigen::Vector3d(2, 4, 6)).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_LE(
      (analysis->multipliers.row(0).transpose() - Eigen::Vector3d(2, 6, 12)).cwiseAbs().maxCoeff(),
      1e-13);
  EXPECT_LE((analysis->total_output - Eigen::Vector3d(10, 10, 10)).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_EQ(analysis->productiveness.block_count, 3);
  EXPECT_DOUBLE_EQ(analysis->productiveness.spectral_radius_upper, 0.5);
  EXPECT_DOUBLE_EQ(analysis->productiveness.spectral_radius_lower, 0.5);
}

// Sector a alone is fine (A[a,a] = .2); b and c form a cycle with A[b,c]·A[c,b] = 1.5·0.8 = 1.2 >
// 1, so that block has ρ = √1.2 ≈ 1.0954451 and the economy is not productive. a also sells to b
// (A[b,a] = .1), which does not join a to the cycle (no way back).
TEST(ProductivenessCheck, NamesTheUnproductiveBlock) {
  Eigen::Matrix3d a;
  a << 0.2, 0, 0, 0.1, 0, 1.5, 0, 0.8, 0;
  auto result = CheckProductiveness(Sparse(a));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->productive);
  EXPECT_EQ(result->block_count, 2);
  ASSERT_EQ(result->unproductive_blocks.size(), 1u);
  EXPECT_EQ(result->unproductive_blocks[0].sectors, (std::vector<Index>{1, 2}));
  EXPECT_LE(result->unproductive_blocks[0].spectral_radius_lower, std::sqrt(1.2) + 1e-12);
  EXPECT_GE(result->unproductive_blocks[0].spectral_radius_upper, std::sqrt(1.2) - 1e-12);
  EXPECT_NEAR(result->spectral_radius, std::sqrt(1.2), 1e-8);

  Eigen::MatrixXd flows = a * 10.0;  // x = 10 everywhere
  auto table = MakeIoTable("cycle", {"a", "b", "c"}, Sparse(flows), {}, Eigen::MatrixXd(3, 0),
                           Eigen::Vector3d(10, 10, 10), {}, Eigen::MatrixXd(0, 3));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto analysis = AnalyseIoTable(table.value(), Eigen::Vector3d(1, 1, 1));
  ASSERT_FALSE(analysis.ok());
  EXPECT_THAT(analysis.status().ToString(),
              HasSubstr("sectors 'b', 'c' form a block with spectral radius 1.09545"));
}

// A = [[0, .5], [2, 0]]: ρ = √(0.5·2) = 1 exactly, so I − A = [[1, −.5], [−2, 1]] has determinant
// 0.
TEST(ProductivenessCheck, SingularSystem) {
  Eigen::Matrix2d a;
  a << 0, 0.5, 2, 0;
  auto result = CheckProductiveness(Sparse(a));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->productive);
  ASSERT_EQ(result->unproductive_blocks.size(), 1u);
  EXPECT_NEAR(result->spectral_radius, 1.0, 1e-9);
  auto solver = LeontiefSolver::Create(Sparse(a), {}, "singular");
  ASSERT_FALSE(solver.ok());
  EXPECT_EQ(solver.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(solver.status().ToString(), HasSubstr("singular"));
}

// A chain a_{i+1,i} = 0.5 of 200 000 sectors: 200 000 one-sector blocks, ρ = 0; the iterative
// Tarjan must not overflow the call stack.
TEST(ProductivenessCheck, LongChainWithoutRecursion) {
  const Index n = 200000;
  std::vector<Eigen::Triplet<double, Index>> triplets;
  for (Index i = 0; i + 1 < n; ++i) triplets.emplace_back(i + 1, i, 0.5);
  triplets.emplace_back(0, n - 1, 0.5);  // close the cycle: one block of n sectors, ρ = 0.5
  SparseMatrix a(n, n);
  a.setFromTriplets(triplets.begin(), triplets.end());
  ProductivenessOptions options;
  options.max_iterations = 10;  // a long cycle: the power iteration is slow; the norm bounds decide
  auto result = CheckProductiveness(a, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->block_count, 1);
  EXPECT_NEAR(result->spectral_radius_upper, 0.5, 1e-15);  // every row and column sums to 0.5
  EXPECT_NEAR(result->spectral_radius_lower, 0.5, 1e-15);
  EXPECT_TRUE(result->productive);
  SparseMatrix open = a;
  open.coeffRef(0, n - 1) = 0.0;  // break the cycle: a chain, n blocks, ρ = 0
  open.prune(0.0);
  auto chain = CheckProductiveness(open);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->block_count, n);
  EXPECT_EQ(chain->spectral_radius_upper, 0.0);
}

// ---- Random sparse systems: the two solver paths and a dense reference
// ------------------------------------

// n sectors, `per_column` non-zeros per column at distinct random rows, column sums uniform in
// [0.3, 0.8].
SparseMatrix RandomProductive(Index n, int per_column, std::uint32_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<Index> row(0, n - 1);
  std::uniform_real_distribution<double> weight(0.1, 1.0), column_sum(0.3, 0.8);
  std::vector<Eigen::Triplet<double, Index>> triplets;
  for (Index j = 0; j < n; ++j) {
    std::vector<Index> rows;
    while (static_cast<int>(rows.size()) < per_column) {
      const Index i = row(random);
      if (std::find(rows.begin(), rows.end(), i) == rows.end()) rows.push_back(i);
    }
    std::vector<double> w(rows.size());
    double total = 0.0;
    for (double& value : w) total += value = weight(random);
    const double target = column_sum(random);
    for (std::size_t k = 0; k < rows.size(); ++k)
      triplets.emplace_back(rows[k], j, w[k] / total * target);
  }
  SparseMatrix a(n, n);
  a.setFromTriplets(triplets.begin(), triplets.end());
  return a;
}

TEST(LeontiefSolvers, DirectAndIterativeAgreeOnRandomSparse) {
  const Index n = 3000;
  const SparseMatrix a = RandomProductive(n, 8, 20240601);
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> demand(0.0, 100.0);
  Eigen::VectorXd y(n), labour(n);
  for (Index i = 0; i < n; ++i) y(i) = demand(random), labour(i) = demand(random) / 100.0;

  LeontiefOptions direct_options, iterative_options;
  direct_options.method = LeontiefMethod::kDirect;
  iterative_options.method = LeontiefMethod::kIterative;
  auto direct = LeontiefSolver::Create(a, direct_options);
  auto iterative = LeontiefSolver::Create(a, iterative_options);
  ASSERT_TRUE(direct.ok()) << direct.status().ToString();
  ASSERT_TRUE(iterative.ok()) << iterative.status().ToString();
  EXPECT_EQ(direct->name(), "sparse LU");
  EXPECT_EQ(iterative->name(), "BiCGSTAB+ILUT");

  auto x_direct = direct->Solve(y);
  auto x_iterative = iterative->Solve(y);
  ASSERT_TRUE(x_direct.ok() && x_iterative.ok());
  EXPECT_TRUE(x_direct->summary.converged) << x_direct->summary.message;
  EXPECT_TRUE(x_iterative->summary.converged) << x_iterative->summary.message;
  EXPECT_GT(x_iterative->summary.iterations, 0);
  // The residual is recomputed independently of the solvers.
  EXPECT_LE(LeontiefResidual(a, x_direct->values, y), 1e-12);
  EXPECT_LE(LeontiefResidual(a, x_iterative->values, y), 1e-12);
  EXPECT_LE((x_direct->values - x_iterative->values).lpNorm<Eigen::Infinity>(),
            1e-9 * x_direct->values.lpNorm<Eigen::Infinity>());

  auto v_direct = direct->SolveTransposed(labour);
  auto v_iterative = iterative->SolveTransposed(labour);
  ASSERT_TRUE(v_direct.ok() && v_iterative.ok());
  EXPECT_LE(LeontiefTransposedResidual(a, v_direct->values, labour), 1e-12);
  EXPECT_LE((v_direct->values - v_iterative->values).lpNorm<Eigen::Infinity>(),
            1e-9 * v_direct->values.lpNorm<Eigen::Infinity>());

  // The diagonal ILUT-free preconditioner reaches the same answer.
  LeontiefOptions jacobi = iterative_options;
  jacobi.preconditioner = LeontiefPreconditioner::kDiagonal;
  auto diagonal = LeontiefSolver::Create(a, jacobi);
  ASSERT_TRUE(diagonal.ok());
  auto x_jacobi = diagonal->Solve(y);
  ASSERT_TRUE(x_jacobi.ok());
  EXPECT_LE((x_direct->values - x_jacobi->values).lpNorm<Eigen::Infinity>(),
            1e-9 * x_direct->values.lpNorm<Eigen::Infinity>());

  // Column sums lie in [0.3, 0.8], so ρ(A) does too (ρ is bounded by the smallest and largest
  // column sum).
  auto productiveness = CheckProductiveness(a);
  ASSERT_TRUE(productiveness.ok());
  EXPECT_TRUE(productiveness->productive);
  EXPECT_GE(productiveness->spectral_radius_lower, 0.3);
  EXPECT_LE(productiveness->spectral_radius_upper, 0.8);
}

TEST(LeontiefSolvers, AutoChoosesByThreshold) {
  const SparseMatrix a = RandomProductive(40, 3, 5);
  LeontiefOptions options;
  options.direct_limit = 39;
  auto solver = LeontiefSolver::Create(a, options);
  ASSERT_TRUE(solver.ok());
  EXPECT_FALSE(solver->direct());
  options.direct_limit = 40;
  auto lu = LeontiefSolver::Create(a, options);
  ASSERT_TRUE(lu.ok());
  EXPECT_TRUE(lu->direct());
}

TEST(LeontiefSolvers, IterationLimitIsReported) {
  const SparseMatrix a = RandomProductive(500, 8, 11);
  LeontiefOptions options;
  options.method = LeontiefMethod::kIterative;
  options.preconditioner = LeontiefPreconditioner::kDiagonal;
  options.max_iterations = 1;
  auto solver = LeontiefSolver::Create(a, options);
  ASSERT_TRUE(solver.ok());
  auto x = solver->Solve(Eigen::VectorXd::Ones(500));
  ASSERT_TRUE(x.ok());
  EXPECT_FALSE(x->summary.converged);
  EXPECT_THAT(x->summary.message, HasSubstr("did not reach the tolerance"));
}

// The Leontief diagonal, output multipliers and inverse against a dense inverse (an independent
// path), and the spectral-radius bounds against dense eigenvalues.
TEST(LeontiefSolvers, SmallSystemAgainstDenseReference) {
  const Index n = 50;
  const SparseMatrix a = RandomProductive(n, 6, 99);
  const Eigen::MatrixXd dense_a = Eigen::MatrixXd(a);
  const Eigen::MatrixXd reference = (Eigen::MatrixXd::Identity(n, n) - dense_a).inverse();

  Eigen::MatrixXd x = Eigen::VectorXd::LinSpaced(n, 1.0, 50.0);
  Eigen::MatrixXd z = dense_a * x.col(0).asDiagonal();
  Eigen::MatrixXd y = x - z.rowwise().sum();  // balances: x = Z·1 + y
  std::vector<std::string> names;
  for (Index j = 0; j < n; ++j) names.push_back("s" + std::to_string(j));
  auto table =
      MakeIoTable("random50", names, Sparse(z), {"fd"}, y, x.col(0), {}, Eigen::MatrixXd(0, n));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  for (LeontiefMethod method : {LeontiefMethod::kDirect, LeontiefMethod::kIterative}) {
    SCOPED_TRACE(ToString(method));
    IoAnalysisOptions options;
    options.solver.method = method;
    options.inverse = true;
    auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
    ASSERT_TRUE(analysis.ok()) << analysis.status().ToString();
    EXPECT_LE((analysis->leontief_diagonal - reference.diagonal()).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_LE((analysis->leontief_inverse - reference).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_LE((analysis->output_multipliers - reference.colwise().sum().transpose())
                  .cwiseAbs()
                  .maxCoeff(),
              1e-11);
    EXPECT_LE((analysis->total_output - x.col(0)).cwiseAbs().maxCoeff(), 1e-10);
  }
  const double rho =
      Eigen::EigenSolver<Eigen::MatrixXd>(dense_a).eigenvalues().cwiseAbs().maxCoeff();
  auto productiveness = CheckProductiveness(a);
  ASSERT_TRUE(productiveness.ok());
  EXPECT_LE(productiveness->spectral_radius_lower, rho + 1e-12);
  EXPECT_GE(productiveness->spectral_radius_upper, rho - 1e-12);
  EXPECT_NEAR(productiveness->spectral_radius, rho, 1e-8);
}

TEST(LeontiefSolvers, UnknownRowAndTooLargeInverse) {
  auto table = LoadIoTable(DataPath("io/miller-blair-2009-2x2.csv"));
  ASSERT_TRUE(table.ok());
  IoAnalysisOptions options;
  options.rows = {"labour", "carbon"};
  auto analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
  ASSERT_FALSE(analysis.ok());
  EXPECT_THAT(analysis.status().ToString(), HasSubstr("no primary row 'carbon'"));
  options.rows.clear();
  options.inverse = true;
  options.diagonal_limit = 1;
  analysis = AnalyseIoTable(table.value(), table->TotalFinalDemand(), options);
  ASSERT_FALSE(analysis.ok());
  EXPECT_THAT(analysis.status().ToString(), HasSubstr("full Leontief inverse"));
}

}  // namespace
}  // namespace gosplan
