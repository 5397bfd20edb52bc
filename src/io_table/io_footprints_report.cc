// Reports of the extended IO analysis (gosplan/io_footprints.h; docs/io.md, docs/json.md): text
// sections, CSV columns and the gosplan.io-extended/1 document.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gosplan/io_footprints.h"
#include "io_table/aligned_text.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

using util::Json;
using util::JsonNumber;

std::string Short(double value) {
  if (!std::isfinite(value)) return "-";
  return fmt::format("{:.7g}", value);
}

// How a per-sector measure becomes a per-group one (aggregation by concordance).
enum class Combine {
  kSum,             // totals: output, output lost
  kDemandWeighted,  // multipliers: Σ m_j y_j / Σ y_j (what the group's final demand embodies)
  kOutputWeighted,  // forward linkages: Σ f_i x_i / Σ x_i = Σ (L x)_i / Σ x_i
};

struct Column {
  std::string name;
  Eigen::VectorXd values;  // per sector
  Combine combine;
};

// Per-sector measures of the extension (the satellite stressors' multipliers, the linkages, the
// output lost), in report order; `with_base` puts gosplan.io/1's per-sector columns first.
std::vector<Column> Columns(const IoTable& table, const ExtendedAnalysis& analysis,
                            bool with_base) {
  const IoAnalysis& base = analysis.base;
  std::vector<Column> columns;
  if (with_base) {
    columns.push_back({"total_output", base.total_output, Combine::kSum});
    columns.push_back({"final_demand", base.final_demand, Combine::kSum});
    columns.push_back({"output_multiplier", base.output_multipliers, Combine::kDemandWeighted});
    for (Index k = 0; k < analysis.primary_count; ++k) {
      columns.push_back({analysis.stressors[static_cast<std::size_t>(k)] + "_multiplier",
                         analysis.stressor_multipliers.row(k).transpose(),
                         Combine::kDemandWeighted});
    }
  }
  for (std::size_t k = static_cast<std::size_t>(analysis.primary_count);
       k < analysis.stressors.size(); ++k) {
    columns.push_back({analysis.stressors[k] + "_multiplier",
                       analysis.stressor_multipliers.row(static_cast<Index>(k)).transpose(),
                       Combine::kDemandWeighted});
  }
  if (analysis.forward) {
    const ForwardView& view = *analysis.forward;
    columns.push_back({"backward_linkage", view.backward_linkages, Combine::kDemandWeighted});
    columns.push_back({"forward_linkage", view.forward_linkages, Combine::kOutputWeighted});
    if (with_base) {
      columns.push_back({"backward_index", view.backward_index, Combine::kDemandWeighted});
      columns.push_back({"forward_index", view.forward_index, Combine::kOutputWeighted});
    }
  }
  if (analysis.extraction) {
    columns.push_back({"output_lost", analysis.extraction->output_lost, Combine::kSum});
  }
  (void)table;
  return columns;
}

// The observed total output the forward view weights with.
Eigen::VectorXd ObservedOutput(const IoTable& table, const ExtendedAnalysis& analysis) {
  return table.total_output.size() == table.size() ? table.total_output
                                                   : analysis.base.total_output;
}

// The columns summed or weighted per group; NaN where a weight sums to 0.
std::vector<Eigen::VectorXd> Aggregate(const IoTable& table, const ExtendedAnalysis& analysis,
                                       const Concordance& concordance,
                                       const std::vector<Column>& columns) {
  const Index groups = static_cast<Index>(concordance.groups.size());
  const Eigen::VectorXd& demand = analysis.base.final_demand;
  const Eigen::VectorXd output = ObservedOutput(table, analysis);
  Eigen::VectorXd demand_sum = Eigen::VectorXd::Zero(groups);
  Eigen::VectorXd output_sum = Eigen::VectorXd::Zero(groups);
  for (Index j = 0; j < table.size(); ++j) {
    const Index g = concordance.group_of[static_cast<std::size_t>(j)];
    demand_sum(g) += demand(j);
    output_sum(g) += output(j);
  }
  std::vector<Eigen::VectorXd> out;
  for (const Column& column : columns) {
    Eigen::VectorXd values = Eigen::VectorXd::Zero(groups);
    for (Index j = 0; j < table.size(); ++j) {
      const Index g = concordance.group_of[static_cast<std::size_t>(j)];
      const double v = column.values(j);
      switch (column.combine) {
        case Combine::kSum:
          values(g) += v;
          break;
        case Combine::kDemandWeighted:
          if (demand(j) != 0.0) values(g) += v * demand(j);
          break;
        case Combine::kOutputWeighted:
          if (output(j) != 0.0) values(g) += v * output(j);
          break;
      }
    }
    for (Index g = 0; g < groups; ++g) {
      const double weight = column.combine == Combine::kDemandWeighted   ? demand_sum(g)
                            : column.combine == Combine::kOutputWeighted ? output_sum(g)
                                                                         : 1.0;
      values(g) = weight != 0.0 ? values(g) / weight : std::numeric_limits<double>::quiet_NaN();
    }
    out.push_back(std::move(values));
  }
  return out;
}

std::vector<Index> Reported(const IoTable& table, const IoReportOptions& options) {
  if (!options.sectors.empty()) return options.sectors;
  std::vector<Index> all(static_cast<std::size_t>(table.size()));
  for (Index j = 0; j < table.size(); ++j) all[static_cast<std::size_t>(j)] = j;
  return all;
}

const char* kAccountNames[] = {"production_based", "consumption_based", "imports", "exports"};

const Eigen::MatrixXd& Account(const RegionalAccounts& accounts, int which) {
  switch (which) {
    case 0:
      return accounts.production;
    case 1:
      return accounts.consumption;
    case 2:
      return accounts.imports;
    default:
      return accounts.exports;
  }
}

std::string IdentityVerdict(const RegionalAccounts& accounts) {
  return fmt::format(
      "identity consumption = production + imports - exports: {} (worst relative residual {:.3g}, "
      "tolerance {:.3g})",
      accounts.identity_holds() ? "holds" : "DOES NOT HOLD", accounts.worst_identity_residual,
      accounts.identity_tolerance);
}

}  // namespace

std::string ExtendedTextReport(const IoTable& table, const ExtendedAnalysis& analysis,
                               const IoReportOptions& options, const Concordance* concordance) {
  std::string out;
  if (concordance) {
    // The header of IoTextReport, then one row per group.
    const std::string full = IoTextReport(table, analysis.base, options);
    out += full.substr(0, full.find("\n\n") + 2);
    out += fmt::format(
        "aggregated by {} into {} groups (computed at full detail, then summed; "
        "multipliers weighted by final demand, forward linkages by output)\n\n",
        concordance->source, concordance->groups.size());
    const std::vector<Column> columns = Columns(table, analysis, true);
    const std::vector<Eigen::VectorXd> values = Aggregate(table, analysis, *concordance, columns);
    std::vector<std::vector<std::string>> cells{{"group"}};
    for (const Column& c : columns) cells[0].push_back(c.name);
    for (std::size_t g = 0; g < concordance->groups.size(); ++g) {
      std::vector<std::string> line{concordance->groups[g]};
      for (const Eigen::VectorXd& v : values) line.push_back(Short(v(static_cast<Index>(g))));
      cells.push_back(std::move(line));
    }
    out += AlignedText(cells);
  } else {
    out += IoTextReport(table, analysis.base, options);
    const std::vector<Index> sectors = Reported(table, options);
    const std::vector<Column> columns = Columns(table, analysis, false);
    if (!columns.empty()) {
      out += "\nstressor multipliers (M = S L), linkages and extraction\n";
      std::vector<std::vector<std::string>> cells{{"sector"}};
      for (const Column& c : columns) cells[0].push_back(c.name);
      if (analysis.forward) cells[0].push_back("key_sector");
      for (Index j : sectors) {
        std::vector<std::string> line{table.sectors[static_cast<std::size_t>(j)]};
        for (const Column& c : columns) line.push_back(Short(c.values(j)));
        if (analysis.forward) {
          const auto& keys = analysis.forward->key_sectors;
          line.push_back(std::find(keys.begin(), keys.end(), j) != keys.end() ? "yes" : "no");
        }
        cells.push_back(std::move(line));
      }
      out += AlignedText(cells);
    }
  }
  if (analysis.forward) {
    const ForwardView& view = *analysis.forward;
    std::string keys;
    for (Index j : view.key_sectors)
      keys += (keys.empty() ? "" : ", ") + table.sectors[static_cast<std::size_t>(j)];
    out += "\nkey sectors (Rasmussen: backward and forward index both above 1): " +
           (keys.empty() ? std::string("none") : keys) + "\n";
    if (view.ghosh_inverse.size() > 0) {
      for (int which = 0; which < 2; ++which) {
        const Eigen::MatrixXd& matrix = which == 0 ? view.output_coefficients : view.ghosh_inverse;
        out += which == 0 ? "\noutput coefficients B = diag(x)^-1 Z (row i: shares of i's output "
                            "sold to each sector)\n"
                          : "\nGhosh inverse G = (I - B)^-1 (row i: output of each sector per "
                            "unit of primary input in i)\n";
        std::vector<std::vector<std::string>> cells{{""}};
        for (const std::string& s : table.sectors) cells[0].push_back(s);
        for (Index i = 0; i < table.size(); ++i) {
          std::vector<std::string> line{table.sectors[static_cast<std::size_t>(i)]};
          for (Index j = 0; j < table.size(); ++j) line.push_back(Short(matrix(i, j)));
          cells.push_back(std::move(line));
        }
        out += AlignedText(cells);
      }
    }
  }
  if (analysis.extraction) {
    const Extraction& e = *analysis.extraction;
    out += fmt::format(
        "\nhypothetical extraction of '{}': total output lost {} ({:.4g} % of total output)\n",
        table.sectors[static_cast<std::size_t>(e.sector)], Short(e.total_output_lost),
        100.0 * e.share);
  }
  if (analysis.accounts && analysis.regions) {
    const RegionalAccounts& accounts = *analysis.accounts;
    const RegionMap& regions = *analysis.regions;
    out +=
        "\nregional accounts (pymrio's convention: final users' direct emissions in the "
        "production- and consumption-based accounts of their region)\n";
    out += IdentityVerdict(accounts) + "\n";
    for (std::size_t k = 0; k < analysis.stressors.size(); ++k) {
      out += "\n" + analysis.stressors[k] + "\n";
      std::vector<std::vector<std::string>> cells{{"region", "production_based",
                                                   "consumption_based", "imports", "exports",
                                                   "identity_residual"}};
      for (std::size_t r = 0; r < regions.regions.size(); ++r) {
        const Index kk = static_cast<Index>(k), rr = static_cast<Index>(r);
        cells.push_back({regions.regions[r], Short(accounts.production(kk, rr)),
                         Short(accounts.consumption(kk, rr)), Short(accounts.imports(kk, rr)),
                         Short(accounts.exports(kk, rr)),
                         fmt::format("{:.2g}", accounts.identity_residual(kk, rr))});
      }
      out += AlignedText(cells);
    }
  }
  return out;
}

std::string ExtendedCsv(const IoTable& table, const ExtendedAnalysis& analysis,
                        const IoReportOptions& options, const Concordance* concordance) {
  std::string out;
  util::CsvWriter csv(out);
  if (concordance) {
    const std::vector<Column> columns = Columns(table, analysis, true);
    const std::vector<Eigen::VectorXd> values = Aggregate(table, analysis, *concordance, columns);
    csv.Text("group");
    for (const Column& c : columns) csv.Text(c.name);
    csv.EndRow();
    for (std::size_t g = 0; g < concordance->groups.size(); ++g) {
      csv.Text(concordance->groups[g]);
      for (const Eigen::VectorXd& v : values) csv.Number(v(static_cast<Index>(g)));
      csv.EndRow();
    }
    return out;
  }
  // IoCsv's rows, each extended by the extension's columns.
  const std::string base = IoCsv(table, analysis.base, options);
  const std::vector<Index> sectors = Reported(table, options);
  const std::vector<Column> columns = Columns(table, analysis, false);
  std::size_t start = 0;
  for (std::size_t row = 0; row <= sectors.size() && start < base.size(); ++row) {
    const std::size_t end = base.find('\n', start);
    std::string line = base.substr(start, end - start);
    std::string extra;
    util::CsvWriter cells(extra);
    for (const Column& c : columns) {
      if (row == 0) {
        cells.Text(c.name);
      } else {
        cells.Number(c.values(sectors[row - 1]));
      }
    }
    if (analysis.forward) {
      if (row == 0) {
        cells.Text("key_sector");
      } else {
        const auto& keys = analysis.forward->key_sectors;
        cells.Text(std::find(keys.begin(), keys.end(), sectors[row - 1]) != keys.end() ? "true"
                                                                                       : "false");
      }
    }
    if (!extra.empty()) {
      cells.EndRow();
      line += "," + extra.substr(0, extra.size() - 1);
    }
    out += line + "\n";
    start = end + 1;
  }
  return out;
}

std::string FootprintsCsv(const ExtendedAnalysis& analysis) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("stressor").Text("region");
  for (const char* name : kAccountNames) csv.Text(name);
  csv.Text("identity_residual").EndRow();
  if (!analysis.accounts || !analysis.regions) return out;
  const RegionalAccounts& accounts = *analysis.accounts;
  for (std::size_t k = 0; k < analysis.stressors.size(); ++k) {
    for (std::size_t r = 0; r < analysis.regions->regions.size(); ++r) {
      csv.Text(analysis.stressors[k]).Text(analysis.regions->regions[r]);
      for (int which = 0; which < 4; ++which)
        csv.Number(Account(accounts, which)(static_cast<Index>(k), static_cast<Index>(r)));
      csv.Number(accounts.identity_residual(static_cast<Index>(k), static_cast<Index>(r)));
      csv.EndRow();
    }
  }
  return out;
}

std::string ExtendedJson(const IoTable& table, const ExtendedAnalysis& analysis,
                         const IoReportOptions& options, const Concordance* concordance) {
  Json out = Json::parse(IoJson(table, analysis.base, options));
  out["schema"] = "gosplan.io-extended/1";
  const std::vector<Index> sectors = Reported(table, options);
  auto pick = [&](const auto& values) {
    Json array = Json::array();
    for (Index j : sectors) array.push_back(JsonNumber(values(j)));
    return array;
  };
  auto all = [](const auto& values) {
    Json array = Json::array();
    for (Index j = 0; j < values.size(); ++j) array.push_back(JsonNumber(values(j)));
    return array;
  };
  out["factorisation"] = analysis.factorisation;
  out["lu_precision"] = analysis.lu_precision.empty() ? Json(nullptr) : Json(analysis.lu_precision);
  out["refinement_steps"] = analysis.refinement_steps;
  Json stressors = Json::array();
  for (const std::string& s : analysis.stressors) stressors.push_back(s);
  out["stressors"] = stressors;
  // Satellite stressors and impacts (the primary rows' are gosplan.io/1's `multipliers`).
  Json satellite = Json::object();
  for (std::size_t k = static_cast<std::size_t>(analysis.primary_count);
       k < analysis.stressors.size(); ++k) {
    satellite[analysis.stressors[k]] =
        pick(analysis.stressor_multipliers.row(static_cast<Index>(k)));
  }
  out["satellite_multipliers"] = satellite;
  if (analysis.regions) {
    Json regions = Json::array();
    for (const std::string& r : analysis.regions->regions) regions.push_back(r);
    out["regions"] = regions;
  } else {
    out["regions"] = nullptr;
  }
  if (analysis.accounts && analysis.regions) {
    const RegionalAccounts& accounts = *analysis.accounts;
    const RegionMap& regions = *analysis.regions;
    Json footprints = Json::object();
    for (std::size_t k = 0; k < analysis.stressors.size(); ++k) {
      Json one = Json::object();
      for (int which = 0; which < 4; ++which) {
        Json by_region = Json::object();
        for (std::size_t r = 0; r < regions.regions.size(); ++r)
          by_region[regions.regions[r]] =
              JsonNumber(Account(accounts, which)(static_cast<Index>(k), static_cast<Index>(r)));
        one[kAccountNames[which]] = by_region;
      }
      footprints[analysis.stressors[k]] = one;
    }
    out["footprints"] = footprints;
    out["footprint_identity"] = {
        {"holds", accounts.identity_holds()},
        {"worst_relative_residual", JsonNumber(accounts.worst_identity_residual)},
        {"tolerance", accounts.identity_tolerance}};
    if (accounts.detail_production.size() > 0) {
      Json detail = Json::object();
      for (std::size_t k = 0; k < analysis.stressors.size(); ++k) {
        const Index kk = static_cast<Index>(k);
        Json one = Json::object();
        auto by_label = [&](const Eigen::MatrixXd& values, const std::vector<std::string>& labels) {
          Json object = Json::object();
          for (std::size_t c = 0; c < labels.size(); ++c)
            object[labels[c]] = JsonNumber(values(kk, static_cast<Index>(c)));
          return object;
        };
        one["production_based"] =
            by_label(accounts.detail_production, accounts.detail_production_labels);
        one["consumption_based"] =
            by_label(accounts.detail_consumption, accounts.detail_consumption_labels);
        one["imports"] = by_label(accounts.detail_imports, accounts.detail_consumption_labels);
        one["exports"] = by_label(accounts.detail_exports, accounts.detail_production_labels);
        detail[analysis.stressors[k]] = one;
      }
      out["footprints_detail"] = detail;
    } else {
      out["footprints_detail"] = nullptr;
    }
  } else {
    out["footprints"] = nullptr;
    out["footprint_identity"] = nullptr;
    out["footprints_detail"] = nullptr;
  }
  if (analysis.forward) {
    const ForwardView& view = *analysis.forward;
    auto matrix = [&](const Eigen::MatrixXd& m) -> Json {
      if (m.size() == 0) return nullptr;
      Json rows = Json::array();
      for (Index i = 0; i < m.rows(); ++i) rows.push_back(all(m.row(i)));
      return rows;
    };
    out["output_coefficients"] = matrix(view.output_coefficients);
    out["ghosh_inverse"] = matrix(view.ghosh_inverse);
    out["forward_linkages"] = pick(view.forward_linkages);
    out["backward_linkages"] = pick(view.backward_linkages);
    Json keys = Json::array();
    for (Index j : view.key_sectors) keys.push_back(table.sectors[static_cast<std::size_t>(j)]);
    out["key_sectors"] = {{"forward_index", pick(view.forward_index)},
                          {"backward_index", pick(view.backward_index)},
                          {"key", keys}};
  } else {
    out["output_coefficients"] = nullptr;
    out["ghosh_inverse"] = nullptr;
    out["forward_linkages"] = nullptr;
    out["backward_linkages"] = nullptr;
    out["key_sectors"] = nullptr;
  }
  if (analysis.extraction) {
    const Extraction& e = *analysis.extraction;
    out["extraction"] = {{"sector", table.sectors[static_cast<std::size_t>(e.sector)]},
                         {"total_output_lost", JsonNumber(e.total_output_lost)},
                         {"share", JsonNumber(e.share)},
                         {"output_lost", pick(e.output_lost)}};
  } else {
    out["extraction"] = nullptr;
  }
  if (concordance) {
    const std::vector<Column> columns = Columns(table, analysis, true);
    const std::vector<Eigen::VectorXd> values = Aggregate(table, analysis, *concordance, columns);
    Json aggregation = Json::object();
    aggregation["concordance"] = concordance->source;
    Json groups = Json::array();
    for (const std::string& g : concordance->groups) groups.push_back(g);
    aggregation["groups"] = groups;
    Json measures = Json::object();
    for (std::size_t c = 0; c < columns.size(); ++c) measures[columns[c].name] = all(values[c]);
    aggregation["measures"] = measures;
    out["aggregation"] = aggregation;
  } else {
    out["aggregation"] = nullptr;
  }
  return util::JsonText(out);
}

}  // namespace gosplan
