// The whole static IO analysis of a table (see AnalyseIoTable in leontief.h).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "gosplan/leontief.h"

namespace gosplan {
namespace {

std::string SectorList(const IoTable& table, const std::vector<Index>& sectors) {
  std::string text;
  constexpr std::size_t kShown = 20;
  for (std::size_t k = 0; k < sectors.size() && k < kShown; ++k) {
    if (k > 0) text += ", ";
    text += "'" + table.sectors[static_cast<std::size_t>(sectors[k])] + "'";
  }
  if (sectors.size() > kShown) text += fmt::format(" and {} more", sectors.size() - kShown);
  return text;
}

// Adds a solve's outcome to the analysis totals, or explains why it is not acceptable.
Status Account(const Result<LeontiefSolution>& solution, const std::string& what,
               const IoTable& table, IoAnalysis& analysis) {
  if (!solution.ok()) {
    if (solution.status().code() != StatusCode::kInvalidInput) return solution.status();
    Diagnostics diagnostics;
    for (const Diagnostic& d : solution.status().diagnostics().list()) {
      diagnostics.Add(table.source, d.line, d.column, d.message + " (solving for " + what + ")",
                      d.expected);
    }
    return Status::InvalidInput(std::move(diagnostics));
  }
  const LeontiefSolveSummary& summary = solution.value().summary;
  analysis.residual = std::max(analysis.residual, summary.residual);
  if (!analysis.solver.empty() && analysis.solver != "sparse LU")
    analysis.iterations += summary.iterations;
  if (!summary.converged) {
    return Status::SolverLimit(
        table.source + ": " + summary.message + " (solving for " + what +
        "); raise --max-iterations, loosen --tolerance or use --method direct");
  }
  return Status::Ok();
}

}  // namespace

bool IoAnalysisOptions::IsValid(std::string* error) const {
  std::string inner;
  if (!solver.IsValid(&inner)) {
    if (error) *error = "solver." + inner;
    return false;
  }
  if (!productiveness.IsValid(&inner)) {
    if (error) *error = "productiveness." + inner;
    return false;
  }
  if (diagonal_limit < 0) {
    if (error) *error = fmt::format("diagonal_limit is {}; it must be ≥ 0", diagonal_limit);
    return false;
  }
  return true;
}

Result<std::vector<Index>> SelectPrimaryRows(const IoTable& table,
                                             const std::vector<std::string>& names) {
  std::vector<Index> rows;
  if (names.empty()) {
    rows.resize(table.primary_names.size());
    std::iota(rows.begin(), rows.end(), Index{0});
    return rows;
  }
  Diagnostics diagnostics;
  for (const std::string& name : names) {
    const Index r = table.FindPrimary(name);
    if (r < 0) {
      std::string known;
      for (const std::string& p : table.primary_names) known += (known.empty() ? "" : ", ") + p;
      diagnostics.Add(table.source, 0, 0, "no primary row '" + name + "'",
                      known.empty() ? std::string("a table with primary rows") : "one of " + known);
    }
    rows.push_back(r);
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return rows;
}

Status UnproductiveTable(const IoTable& table, const Productiveness& productiveness) {
  if (productiveness.unproductive_blocks.empty()) return Status::Ok();
  Diagnostics diagnostics;
  for (const IrreducibleBlock& block : productiveness.unproductive_blocks) {
    diagnostics.Add(
        table.source, 0, 0,
        fmt::format(
            "the economy is not productive: sector{} {} form{} a block with spectral radius "
            "{:.6g} (bounds [{:.10g}, {:.10g}]) >= 1",
            block.sectors.size() == 1 ? "" : "s", SectorList(table, block.sectors),
            block.sectors.size() == 1 ? "s" : "",
            0.5 * (block.spectral_radius_lower + block.spectral_radius_upper),
            block.spectral_radius_lower, block.spectral_radius_upper),
        "spectral radius of A below 1 in every block (Hawkins-Simon)");
  }
  return Status::InvalidInput(std::move(diagnostics));
}

Result<IoAnalysis> AnalyseIoTable(const IoTable& table, const Eigen::VectorXd& final_demand,
                                  const IoAnalysisOptions& options) {
  const Index n = table.size();
  if (Status invalid = ValidateOptions(options, "IoAnalysisOptions"); !invalid.ok()) return invalid;
  if (n == 0)
    return Status::InvalidInput(table.source, 0, 0, "the table has no sectors",
                                "at least one sector");
  if (final_demand.size() != n) {
    return Status::InvalidInput(table.source, 0, 0,
                                fmt::format("final demand has {} values", final_demand.size()),
                                fmt::format("{} values, one per sector", n));
  }
  if (options.inverse && n > options.diagonal_limit) {
    return Status::InvalidInput(
        table.source, 0, 0, fmt::format("the full Leontief inverse was asked for {} sectors", n),
        fmt::format("at most {} sectors for the inverse", options.diagonal_limit));
  }
  auto selected = SelectPrimaryRows(table, options.rows);
  if (!selected.ok()) return selected.status();
  const std::vector<Index>& rows = selected.value();

  IoAnalysis analysis;
  auto productiveness =
      CheckProductiveness(table.coefficients, options.productiveness, table.source);
  if (!productiveness.ok()) return productiveness.status();
  analysis.productiveness = std::move(productiveness.value());
  if (Status unproductive = UnproductiveTable(table, analysis.productiveness); !unproductive.ok())
    return unproductive;

  auto created = LeontiefSolver::Create(table.coefficients, options.solver, table.source);
  if (!created.ok()) return created.status();
  const LeontiefSolver& solver = created.value();
  analysis.solver = solver.name();
  analysis.final_demand = final_demand;

  auto output = solver.Solve(final_demand);
  if (Status s = Account(output, "total output", table, analysis); !s.ok()) return s;
  analysis.total_output = std::move(output.value().values);

  auto multipliers = solver.SolveTransposed(Eigen::VectorXd::Ones(n));
  if (Status s = Account(multipliers, "output multipliers", table, analysis); !s.ok()) return s;
  analysis.output_multipliers = std::move(multipliers.value().values);

  analysis.multipliers.resize(static_cast<Index>(rows.size()), n);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::string& name = table.primary_names[static_cast<std::size_t>(rows[k])];
    analysis.multiplier_names.push_back(name);
    const Eigen::VectorXd coefficients = table.primary_coefficients.row(rows[k]).transpose();
    auto solved = solver.SolveTransposed(coefficients);
    if (Status s = Account(solved, "multipliers of '" + name + "'", table, analysis); !s.ok())
      return s;
    analysis.multipliers.row(static_cast<Index>(k)) = solved.value().values.transpose();
  }

  if (n <= options.diagonal_limit) {
    // The diagonal (and inverse) always come from a sparse LU: n is small here.
    const LeontiefSolver* lu = &solver;
    Result<LeontiefSolver> own_lu = LeontiefSolver();
    if (!solver.direct()) {
      LeontiefOptions direct = options.solver;
      direct.method = LeontiefMethod::kDirect;
      own_lu = LeontiefSolver::Create(table.coefficients, direct, table.source);
      if (!own_lu.ok()) return own_lu.status();
      lu = &own_lu.value();
    }
    std::vector<Index> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), Index{0});
    if (options.inverse) {
      auto inverse = lu->InverseColumns(all);
      if (!inverse.ok()) return inverse.status();
      analysis.leontief_inverse = std::move(inverse.value());
      analysis.leontief_diagonal = analysis.leontief_inverse.diagonal();
    } else {
      analysis.leontief_diagonal.resize(n);
      constexpr Index kBlock = 256;
      for (Index start = 0; start < n; start += kBlock) {
        const Index width = std::min(kBlock, n - start);
        std::vector<Index> block(all.begin() + start, all.begin() + start + width);
        auto columns = lu->InverseColumns(block);
        if (!columns.ok()) return columns.status();
        for (Index k = 0; k < width; ++k)
          analysis.leontief_diagonal(start + k) = columns.value()(start + k, k);
      }
    }
  }
  return analysis;
}

}  // namespace gosplan
