// BuildSymmetricTable: supply and use tables -> a symmetric input-output table by the Eurostat
// manual's (2008, ch. 11) transformation models (formulas in include/gosplan/supply_use.h).
#include <fmt/format.h>

#include <Eigen/LU>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "gosplan/supply_use.h"
#include "util/csv_writer.h"
#include "util/text_list.h"

namespace gosplan {
namespace {

// Product side after the preparation steps: kept products, and rows moved to primary inputs.
struct Prepared {
  std::vector<std::string> products;
  Eigen::MatrixXd supply, use, final_demand, extra;  // rows: kept products
  Eigen::VectorXd residual;                          // valuation residual of kept products
  std::vector<std::string> moved_names;              // "imported: X", "net use: X"
  Eigen::MatrixXd moved;                             // rows over industries
  std::vector<std::string> notes;
};

Eigen::MatrixXd Rows(const Eigen::MatrixXd& m, const std::vector<Index>& rows) {
  Eigen::MatrixXd out(static_cast<Index>(rows.size()), m.cols());
  for (std::size_t r = 0; r < rows.size(); ++r) out.row(static_cast<Index>(r)) = m.row(rows[r]);
  return out;
}

std::string Few(const std::vector<std::string>& labels) {
  return util::QuotedFew(labels.size(), [&](std::size_t k) { return labels[k]; });
}

std::string Lower(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Industry j's main product: the product of the same label with output from j, else the largest
// entry of its supply column (-1 when it supplies nothing). `products` names the rows of `supply`.
Index MainProduct(const SupplyUseTables& t, const std::vector<std::string>& products,
                  const Eigen::MatrixXd& supply, Index j) {
  for (const std::string& name : {t.industries[static_cast<std::size_t>(j)],
                                  t.industries_in_supply[static_cast<std::size_t>(j)]}) {
    for (std::size_t i = 0; i < products.size(); ++i) {
      if (!name.empty() && Lower(products[i]) == Lower(name) &&
          supply(static_cast<Index>(i), j) > 0.0)
        return static_cast<Index>(i);
    }
  }
  Index i = 0;
  return supply.col(j).maxCoeff(&i) > 0.0 ? i : -1;
}
Index MainProduct(const SupplyUseTables& t, const Eigen::MatrixXd& supply, Index j) {
  return MainProduct(t, t.products, supply, j);
}

Prepared Prepare(const SupplyUseTables& t, bool by_products) {
  Prepared prepared;
  Eigen::MatrixXd supply = t.supply, use = t.use;
  const Index p = t.product_count(), n = t.industry_count();
  // A negative use (BEA: scrap an industry sells back) is output of that industry: moved to the
  // supply side, which keeps both balances (u and q, and the industry's inputs and g, grow alike).
  // A negative supply is a use, likewise.
  std::int64_t negative_uses = 0, negative_supplies = 0;
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < p; ++i) {
      if (use(i, j) < 0.0) {
        supply(i, j) -= use(i, j);
        use(i, j) = 0.0;
        ++negative_uses;
      }
      if (supply(i, j) < 0.0) {
        use(i, j) -= supply(i, j);
        supply(i, j) = 0.0;
        ++negative_supplies;
      }
    }
  }
  if (negative_uses > 0) {
    prepared.notes.push_back(
        fmt::format("{} negative use entries (e.g. scrap sold back) read as output of the industry",
                    negative_uses));
  }
  if (negative_supplies > 0) {
    prepared.notes.push_back(
        fmt::format("{} negative supply entries read as use of the industry", negative_supplies));
  }
  std::vector<std::string> by_product_names;
  if (by_products) {
    std::vector<bool> main(static_cast<std::size_t>(p), false);
    for (Index j = 0; j < n; ++j) {
      const Index i = MainProduct(t, supply, j);
      if (i >= 0) main[static_cast<std::size_t>(i)] = true;
    }
    for (Index i = 0; i < p; ++i) {
      if (main[static_cast<std::size_t>(i)] || supply.row(i).sum() == 0.0) continue;
      // Stone's method: the by-product becomes a negative input of the industries that make it.
      use.row(i) -= supply.row(i);
      supply.row(i).setZero();
      by_product_names.push_back(t.products[static_cast<std::size_t>(i)]);
    }
  }
  std::vector<Index> kept, moved;
  std::vector<std::string> imported;
  for (Index i = 0; i < p; ++i) {
    (supply.row(i).sum() > 0.0 ? kept : moved).push_back(i);
  }
  for (Index i : moved) {
    const std::string& name = t.products[static_cast<std::size_t>(i)];
    const bool was_by_product =
        std::find(by_product_names.begin(), by_product_names.end(), name) != by_product_names.end();
    prepared.moved_names.push_back((was_by_product ? "net use: " : "imported: ") + name);
    if (!was_by_product) imported.push_back(name);
  }
  for (Index i : kept) prepared.products.push_back(t.products[static_cast<std::size_t>(i)]);
  prepared.supply = Rows(supply, kept);
  prepared.use = Rows(use, kept);
  prepared.moved = Rows(use, moved);
  prepared.final_demand = Rows(t.final_demand, kept);
  prepared.extra = Rows(t.supply_extra, kept);
  Eigen::VectorXd residual = t.ValuationResidual();
  prepared.residual.resize(static_cast<Index>(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k)
    prepared.residual(static_cast<Index>(k)) = residual(kept[k]);
  if (!by_product_names.empty()) {
    prepared.notes.push_back(fmt::format(
        "{} product(s) that no industry makes as its main product treated as by-products "
        "(negative inputs of the industries making them, by-product technology): {}; their net "
        "use is a primary row 'net use: NAME'",
        by_product_names.size(), Few(by_product_names)));
  }
  if (!imported.empty()) {
    prepared.notes.push_back(fmt::format(
        "{} product(s) without domestic output (imports only): {}; their intermediate use is a "
        "primary row 'imported: NAME', their final use leaves the table",
        imported.size(), Few(imported)));
  }
  return prepared;
}

// Final-demand columns of a product-side table: Y, minus each supply extra column, minus the
// valuation residual (when not zero).
void ProductFinalDemand(const SupplyUseTables& t, const Prepared& prepared,
                        std::vector<std::string>& names, Eigen::MatrixXd& final_demand) {
  names = t.final_demand_names;
  std::vector<Eigen::VectorXd> columns;
  for (Index c = 0; c < prepared.final_demand.cols(); ++c)
    columns.push_back(prepared.final_demand.col(c));
  for (Index e = 0; e < prepared.extra.cols(); ++e) {
    names.push_back("less: " + t.supply_extra_names[static_cast<std::size_t>(e)]);
    columns.push_back(-prepared.extra.col(e));
  }
  // The residual on the kept products, recomputed so that each row balances exactly.
  names.push_back("less: margins and taxes on products");
  columns.push_back(-prepared.residual);
  final_demand.resize(static_cast<Index>(prepared.products.size()),
                      static_cast<Index>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c)
    final_demand.col(static_cast<Index>(c)) = columns[c];
}

// The permutation that puts each industry beside its main product (square S), or an error.
Result<std::vector<Index>> MainIndustries(const SupplyUseTables& t, const Prepared& prepared,
                                          const std::vector<std::string>& industries,
                                          const std::string& source) {
  const Index p = prepared.supply.rows(), n = prepared.supply.cols();
  if (p != n) {
    return Status::InvalidInput(
        source, 0, 0,
        fmt::format("the product-technology and by-product-technology models need as many "
                    "products as industries; after the by-products and imports-only products "
                    "there are {} products and {} industries",
                    p, n),
        "a square supply table (one main product per industry), or the industry-technology / "
        "fixed-product-sales model");
  }
  std::vector<Index> industry_of(static_cast<std::size_t>(p), -1);
  for (Index j = 0; j < n; ++j) {
    const Index i = MainProduct(t, prepared.products, prepared.supply, j);
    if (i < 0) {
      return Status::InvalidInput(
          source, 0, 0,
          fmt::format("industry '{}' supplies nothing", industries[static_cast<std::size_t>(j)]),
          "output > 0 for every industry");
    }
    if (industry_of[static_cast<std::size_t>(i)] >= 0) {
      return Status::InvalidInput(
          source, 0, 0,
          fmt::format(
              "industries '{}' and '{}' have the same main product '{}'",
              industries[static_cast<std::size_t>(industry_of[static_cast<std::size_t>(i)])],
              industries[static_cast<std::size_t>(j)],
              prepared.products[static_cast<std::size_t>(i)]),
          "one main product per industry");
    }
    industry_of[static_cast<std::size_t>(i)] = j;
  }
  return industry_of;
}

Eigen::MatrixXd Columns(const Eigen::MatrixXd& m, const std::vector<Index>& columns) {
  Eigen::MatrixXd out(m.rows(), static_cast<Index>(columns.size()));
  for (std::size_t c = 0; c < columns.size(); ++c)
    out.col(static_cast<Index>(c)) = m.col(columns[c]);
  return out;
}

NegativeFlowReport Negatives(const Eigen::MatrixXd& z, const std::vector<std::string>& sectors) {
  NegativeFlowReport report;
  const double scale = std::max(1.0, z.cwiseAbs().maxCoeff());
  for (Index j = 0; j < z.cols(); ++j) {
    for (Index i = 0; i < z.rows(); ++i) {
      if (z(i, j) >= -1e-9 * scale) continue;
      ++report.count;
      report.total += z(i, j);
      if (z(i, j) < report.largest) {
        report.largest = z(i, j);
        report.row = sectors[static_cast<std::size_t>(i)];
        report.column = sectors[static_cast<std::size_t>(j)];
      }
    }
  }
  return report;
}

}  // namespace

const char* ToString(SymmetricModel model) {
  switch (model) {
    case SymmetricModel::kIndustryTechnology:
      return "industry-technology";
    case SymmetricModel::kProductTechnology:
      return "product-technology";
    case SymmetricModel::kByProductTechnology:
      return "by-product-technology";
    case SymmetricModel::kFixedProductSales:
      return "fixed-product-sales";
  }
  return "?";
}

bool ParseSymmetricModel(const std::string& text, SymmetricModel* model) {
  for (SymmetricModel m :
       {SymmetricModel::kIndustryTechnology, SymmetricModel::kProductTechnology,
        SymmetricModel::kByProductTechnology, SymmetricModel::kFixedProductSales}) {
    if (text == ToString(m)) {
      *model = m;
      return true;
    }
  }
  return false;
}

bool ParseNegativeFlows(const std::string& text, NegativeFlows* negatives) {
  if (text == "keep")
    *negatives = NegativeFlows::kKeep;
  else if (text == "error")
    *negatives = NegativeFlows::kError;
  else if (text == "redistribute")
    *negatives = NegativeFlows::kRedistribute;
  else
    return false;
  return true;
}

Result<SymmetricTable> BuildSymmetricTable(const SupplyUseTables& t,
                                           const SymmetricOptions& options) {
  SymmetricTable table;
  table.model = options.model;
  const std::string source = t.supply_source + " + " + t.use_source;
  const bool square_models = options.model == SymmetricModel::kProductTechnology ||
                             options.model == SymmetricModel::kByProductTechnology;
  Prepared prepared = Prepare(t, square_models);
  table.notes = prepared.notes;
  // Industry output after the preparation (negative uses and by-products moved).
  const Eigen::VectorXd g = prepared.supply.colwise().sum().transpose();
  const Index n = t.industry_count();
  for (Index j = 0; j < n; ++j) {
    if (g(j) <= 0.0) {
      return Status::InvalidInput(t.supply_source, 0, 0,
                                  fmt::format("industry '{}' has no output in the supply table",
                                              t.industries[static_cast<std::size_t>(j)]),
                                  "every industry of the use table with output > 0");
    }
  }
  // Primary rows of industries: W, then the moved product rows.
  std::vector<std::string> primary_names = t.primary_names;
  primary_names.insert(primary_names.end(), prepared.moved_names.begin(),
                       prepared.moved_names.end());
  Eigen::MatrixXd primary(t.primary.rows() + prepared.moved.rows(), n);
  primary << t.primary, prepared.moved;
  const Eigen::VectorXd q = prepared.supply.rowwise().sum();
  const Eigen::VectorXd g_inverse = g.cwiseInverse();

  switch (options.model) {
    case SymmetricModel::kIndustryTechnology: {
      // Z = U·ĝ⁻¹·Sᵀ: each industry's inputs spread over its products by their share in its output.
      const Eigen::MatrixXd transfer = g_inverse.asDiagonal() * prepared.supply.transpose();
      table.sectors = prepared.products;
      table.flows = prepared.use * transfer;
      table.primary = primary * transfer;
      table.total_output = q;
      ProductFinalDemand(t, prepared, table.final_demand_names, table.final_demand);
      break;
    }
    case SymmetricModel::kProductTechnology: {
      auto main = MainIndustries(t, prepared, t.industries, source);
      if (!main.ok()) return main.status();
      // Columns of S, U and W reordered so that industry k makes product k mainly; then
      // Z = U·S⁻¹·q̂, computed as U·X with S·X = q̂ (LU solve).
      const Eigen::MatrixXd s = Columns(prepared.supply, main.value());
      const Eigen::PartialPivLU<Eigen::MatrixXd> lu(s);
      const Eigen::MatrixXd transfer = lu.solve(Eigen::MatrixXd(q.asDiagonal()));
      const double residual =
          (s * transfer - Eigen::MatrixXd(q.asDiagonal())).cwiseAbs().maxCoeff() /
          std::max(1.0, q.cwiseAbs().maxCoeff());
      if (!std::isfinite(residual) || residual > 1e-8) {
        return Status::InvalidInput(
            source, 0, 0,
            fmt::format("the supply table is singular for the product-technology model "
                        "(residual {:.3g})",
                        residual),
            "an invertible square supply table");
      }
      table.sectors = prepared.products;
      table.flows = Columns(prepared.use, main.value()) * transfer;
      table.primary = Columns(primary, main.value()) * transfer;
      table.total_output = q;
      ProductFinalDemand(t, prepared, table.final_demand_names, table.final_demand);
      break;
    }
    case SymmetricModel::kByProductTechnology: {
      auto main = MainIndustries(t, prepared, t.industries, source);
      if (!main.ok()) return main.status();
      // Z = U − S_off (secondary output as a negative input); output = the main products.
      const Eigen::MatrixXd s = Columns(prepared.supply, main.value());
      Eigen::MatrixXd off = s;
      off.diagonal().setZero();
      table.sectors = prepared.products;
      table.flows = Columns(prepared.use, main.value()) - off;
      table.primary = Columns(primary, main.value());
      table.total_output = s.diagonal();
      ProductFinalDemand(t, prepared, table.final_demand_names, table.final_demand);
      table.notes.push_back(
          "by-product technology: each industry's secondary products are negative inputs of it, "
          "its output is its main product only");
      break;
    }
    case SymmetricModel::kFixedProductSales: {
      // D = Sᵀ·q̂⁻¹ (market shares); Z = D·U, Y* = D·Y*_products; W unchanged; x = g.
      const Eigen::MatrixXd shares = prepared.supply.transpose() * q.cwiseInverse().asDiagonal();
      std::vector<std::string> names;
      Eigen::MatrixXd product_final;
      ProductFinalDemand(t, prepared, names, product_final);
      table.sectors = t.industries;
      table.flows = shares * prepared.use;
      table.final_demand_names = names;
      table.final_demand = shares * product_final;
      table.primary = primary;
      table.total_output = g;
      break;
    }
  }
  table.primary_names = primary_names;

  // Negative flows (product technology, by-product technology).
  table.negatives = Negatives(table.flows, table.sectors);
  if (table.negatives.count > 0) {
    const std::string what =
        fmt::format("{} negative flow(s) (sum {:.6g}); the largest {:.6g} from '{}' to '{}'",
                    table.negatives.count, table.negatives.total, table.negatives.largest,
                    table.negatives.row, table.negatives.column);
    if (options.negatives == NegativeFlows::kError) {
      return Status::InvalidInput(source, 0, 0,
                                  std::string(ToString(options.model)) + " model gives " + what,
                                  "no negative flows (--negatives keep or redistribute)");
    }
    if (options.negatives == NegativeFlows::kKeep) {
      table.notes.push_back(what + ": kept");
    } else {
      // Clip to 0; the row's other positive flows shrink in proportion (row total kept); the
      // change of each column's inputs is booked in a primary row.
      Eigen::VectorXd column_change = Eigen::VectorXd::Zero(table.flows.cols());
      Eigen::MatrixXd& z = table.flows;
      const double scale = std::max(1.0, z.cwiseAbs().maxCoeff());
      for (Index i = 0; i < z.rows(); ++i) {
        double removed = 0.0;  // > 0: the row grew by this much when its negatives were clipped
        for (Index j = 0; j < z.cols(); ++j) {
          if (z(i, j) < -1e-9 * scale) {
            removed -= z(i, j);
            column_change(j) -= z(i, j);
            z(i, j) = 0.0;
          } else if (z(i, j) < 0.0) {
            column_change(j) -= z(i, j);
            z(i, j) = 0.0;
          }
        }
        double positive = 0.0;
        for (Index j = 0; j < z.cols(); ++j) positive += z(i, j);
        if (removed == 0.0) continue;
        const double factor = positive > 0.0 ? std::max(0.0, (positive - removed) / positive) : 0.0;
        for (Index j = 0; j < z.cols(); ++j) {
          const double before = z(i, j);
          z(i, j) *= factor;
          column_change(j) += z(i, j) - before;
        }
        if (positive < removed) {
          // Not enough positive flow in the row: its first final-demand column absorbs the rest.
          table.final_demand(i, 0) -= removed - positive;
        }
      }
      table.primary_names.push_back("negatives redistributed");
      table.primary.conservativeResize(table.primary.rows() + 1, Eigen::NoChange);
      table.primary.row(table.primary.rows() - 1) = -column_change.transpose();
      table.notes.push_back(what +
                            ": set to 0, the rest of each row scaled down to keep its "
                            "total, the change of each column booked in the primary row "
                            "'negatives redistributed'");
    }
  }

  // Identities of the result.
  const double scale = std::max(1.0, table.total_output.cwiseAbs().maxCoeff());
  Eigen::VectorXd row_sum = table.flows.rowwise().sum();
  if (table.final_demand.cols() > 0) row_sum += table.final_demand.rowwise().sum();
  Eigen::VectorXd column_sum = table.flows.colwise().sum().transpose();
  if (table.primary.rows() > 0) column_sum += table.primary.colwise().sum().transpose();
  table.row_balance_error = (row_sum - table.total_output).cwiseAbs().maxCoeff() / scale;
  table.column_balance_error = (column_sum - table.total_output).cwiseAbs().maxCoeff() / scale;
  return table;
}

IoTable ToIoTable(const SymmetricTable& t, const std::string& source) {
  IoTable table;
  table.source = source;
  table.sectors = t.sectors;
  const Index n = static_cast<Index>(t.sectors.size());
  table.final_demand_names = t.final_demand_names;
  table.final_demand = t.final_demand;
  table.total_output = t.total_output;
  table.primary_names = t.primary_names;
  table.primary_inputs = t.primary;
  std::vector<Eigen::Triplet<double, Index>> flows, coefficients;
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < n; ++i) {
      if (t.flows(i, j) == 0.0) continue;
      flows.emplace_back(i, j, t.flows(i, j));
      if (t.total_output(j) != 0.0)
        coefficients.emplace_back(i, j, t.flows(i, j) / t.total_output(j));
    }
  }
  table.flows.resize(n, n);
  table.flows.setFromTriplets(flows.begin(), flows.end());
  table.coefficients.resize(n, n);
  table.coefficients.setFromTriplets(coefficients.begin(), coefficients.end());
  table.primary_coefficients = Eigen::MatrixXd::Zero(t.primary.rows(), n);
  for (Index j = 0; j < n; ++j)
    if (t.total_output(j) != 0.0)
      table.primary_coefficients.col(j) = t.primary.col(j) / t.total_output(j);
  return table;
}

Result<std::string> IoTableCsv(const SymmetricTable& t, const std::string& source) {
  if (t.negatives.count > 0 && (t.flows.array() < 0.0).any()) {
    return Status::InvalidInput(
        source, 0, 0,
        fmt::format("the table has {} negative flow(s), which the IO table layout refuses",
                    t.negatives.count),
        "--negatives redistribute (or error) before writing the table");
  }
  return SymmetricTableCsv(t);
}

std::string SymmetricTableCsv(const SymmetricTable& t) {
  const Index n = static_cast<Index>(t.sectors.size());
  std::string out;
  // 12 significant digits: the products of the transformation carry noise in the last digits.
  util::CsvWriter writer(out, 12);
  writer.Text("sector");
  for (const std::string& name : t.sectors) writer.Text(name);
  for (const std::string& name : t.final_demand_names) writer.Text(name);
  writer.Text("total_output");
  writer.EndRow();
  for (Index i = 0; i < n; ++i) {
    writer.Text(t.sectors[static_cast<std::size_t>(i)]);
    for (Index j = 0; j < n; ++j) writer.Number(t.flows(i, j));
    for (Index c = 0; c < t.final_demand.cols(); ++c) writer.Number(t.final_demand(i, c));
    writer.Number(t.total_output(i));
    writer.EndRow();
  }
  for (Index r = 0; r < t.primary.rows(); ++r) {
    writer.Text(t.primary_names[static_cast<std::size_t>(r)]);
    for (Index j = 0; j < n; ++j) writer.Number(t.primary(r, j));
    for (Index c = 0; c <= t.final_demand.cols(); ++c) writer.Empty();
    writer.EndRow();
  }
  return out;
}

}  // namespace gosplan
