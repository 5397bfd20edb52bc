// ImportFiveYearPlan: Paul Cockshott's 5yearplan CSVs -> gosplan::Model (see
// include/gosplan/import.h and docs/import-5yearplan.md).
//
// His files (github.com/wc22m/5yearplan, plancode/*.csv) are matrices with a label column:
//   flows.csv    header: <label>, industry...; rows: one per industry (input flows at base output),
//                "labour" (labour used at base output), "output" (base output)
//   cap.csv      same header; rows: one per industry (capital stock of the row's product needed by
//   the
//                column industry for its base output)
//   dep.csv      same header and rows: yearly depreciation rate of that stock
//   labtarg.csv  header: <label>, industry..., labour; rows year1..yearT: consumption targets and
//   the
//                labour supply
// Blank and whitespace-only lines are skipped by the CSV reader (his flows/cap files end in one).
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gosplan/import.h"
#include "util/csv.h"

namespace gosplan {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// One of his matrices: header names after the label column, and labelled rows of numbers.
struct Matrix {
  std::string path;
  std::string name;   // "flows.csv", for messages
  bool read = false;  // opened and every row was well-formed (values may still be bad: NaN)
  std::int64_t header_line = 0;
  std::vector<std::string> columns;  // header fields 2.. (field k+1 is column k)
  struct Row {
    std::string label;
    std::int64_t line = 0;
    std::vector<double> values;  // NaN where the cell was not a valid number (already reported)
  };
  std::vector<Row> rows;

  // 1-based field number of columns[k] (for diagnostics).
  static std::int64_t Field(std::size_t k) { return static_cast<std::int64_t>(k) + 2; }
};

Matrix ReadMatrix(const std::string& folder, const std::string& name, Diagnostics& diagnostics) {
  Matrix matrix;
  matrix.name = name;
  matrix.path = (std::filesystem::path(folder) / name).string();
  auto opened = util::CsvFile::Open(matrix.path);
  if (!opened.ok()) {
    diagnostics.Append(opened.status().diagnostics());
    return matrix;
  }
  util::CsvFile& file = opened.value();
  matrix.header_line = file.header_line();
  const std::vector<std::string>& header = file.header();
  if (header.size() < 2) {
    diagnostics.Add(matrix.path, matrix.header_line, 0,
                    "header has " + std::to_string(header.size()) + " field(s)",
                    "a label column followed by one column per industry");
    return matrix;
  }
  matrix.columns.assign(header.begin() + 1, header.end());
  const std::size_t before = diagnostics.total();
  util::CsvRow row;
  while (file.Next(row, diagnostics)) {
    Matrix::Row parsed;
    parsed.label = std::string(row.fields[0]);
    parsed.line = row.line;
    parsed.values.resize(row.fields.size() - 1, kMissing);
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      const std::string what = "'" + parsed.label + "' / '" + header[c] + "'";
      if (auto value = util::ParseNumber(row.fields[c], matrix.path, row.line, static_cast<int>(c),
                                         diagnostics, what)) {
        parsed.values[c - 1] = *value;
      }
    }
    matrix.rows.push_back(std::move(parsed));
  }
  // Structural problems (ragged or malformed rows) make the row layout unreliable.
  bool structural = false;
  for (std::size_t k = before; k < diagnostics.list().size(); ++k) {
    structural = structural || diagnostics.list()[k].column == 0;
  }
  matrix.read = !structural;
  return matrix;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.front() == '#') return false;
  for (const char c : id) {
    if (c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

class Importer {
 public:
  Importer(const std::string& folder, const FiveYearPlanOptions& options)
      : folder_(folder), options_(options), diagnostics_(options.max_diagnostics) {}

  Result<Model> Run() {
    std::error_code error;
    if (!std::filesystem::is_directory(folder_, error)) {
      diagnostics_.Add(
          folder_, 0, 0,
          std::filesystem::exists(folder_, error) ? "is not a folder" : "folder not found",
          "a folder holding flows.csv, cap.csv, dep.csv and labtarg.csv");
      return Status::InvalidInput(std::move(diagnostics_));
    }
    flows_ = ReadMatrix(folder_, "flows.csv", diagnostics_);
    cap_ = ReadMatrix(folder_, "cap.csv", diagnostics_);
    dep_ = ReadMatrix(folder_, "dep.csv", diagnostics_);
    labtarg_ = ReadMatrix(folder_, "labtarg.csv", diagnostics_);
    if (!flows_.read) return Status::InvalidInput(std::move(diagnostics_));

    ReadIndustries();
    ReadFlows();
    const bool cap_ok = ReadSquare(cap_, cap_rows_);
    const bool dep_ok = ReadSquare(dep_, dep_rows_);
    ReadLabtarg();
    if (cap_ok && dep_ok) CheckCapitalAndDepreciation();
    if (!diagnostics_.empty()) return Status::InvalidInput(std::move(diagnostics_));
    return Build();
  }

 private:
  // ---- reading and checking -------------------------------------------------------------------

  void ReadIndustries() {
    industries_ = flows_.columns;
    for (std::size_t k = 0; k < industries_.size(); ++k) {
      const std::string& name = industries_[k];
      if (!IsValidId(name)) {
        diagnostics_.Add(flows_.path, flows_.header_line, Matrix::Field(k),
                         "industry name '" + name + "' cannot be an id",
                         "a non-empty name without ',', '\"' or control characters, not starting "
                         "with '#'");
      } else if (name == "labour" || name == "output") {
        diagnostics_.Add(flows_.path, flows_.header_line, Matrix::Field(k),
                         "industry named '" + name + "' clashes with the '" + name + "' row",
                         "industry names other than 'labour' and 'output'");
      } else if (!index_.emplace(name, k).second) {
        diagnostics_.Add(flows_.path, flows_.header_line, Matrix::Field(k),
                         "industry '" + name + "' appears twice in the header",
                         "each industry once");
      }
    }
  }

  // Rows of flows.csv: one per industry (inputs), "labour" and "output".
  void ReadFlows() {
    const std::size_t n = industries_.size();
    flow_rows_.assign(n, nullptr);
    for (const Matrix::Row& row : flows_.rows) {
      const Matrix::Row** slot = nullptr;
      if (row.label == "labour") {
        slot = &labour_row_;
      } else if (row.label == "output") {
        slot = &output_row_;
      } else if (auto it = index_.find(row.label); it != index_.end()) {
        slot = &flow_rows_[it->second];
      } else {
        diagnostics_.Add(flows_.path, row.line, 1, "unknown row '" + row.label + "'",
                         "an industry name from the header, 'labour' or 'output'");
        continue;
      }
      if (*slot != nullptr) {
        diagnostics_.Add(flows_.path, row.line, 1,
                         "row '" + row.label + "' appears twice (first on line " +
                             std::to_string((*slot)->line) + ")",
                         "each row once");
        continue;
      }
      *slot = &row;
      for (std::size_t c = 0; c < row.values.size(); ++c) {
        const double v = row.values[c];
        if (std::isnan(v)) continue;
        if (row.label == "output" && v <= 0) {
          diagnostics_.Add(flows_.path, row.line, Matrix::Field(c),
                           "output of industry '" + industries_[c] + "' is " + Text(v),
                           "a base output > 0 (the flows are scaled by it)");
        } else if (v < 0) {
          diagnostics_.Add(
              flows_.path, row.line, Matrix::Field(c),
              (row.label == "labour" ? "labour of industry '" : "flow into industry '") +
                  industries_[c] + "' is negative (" + Text(v) + ")",
              "a number >= 0");
        }
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (flow_rows_[i] == nullptr) MissingRow(flows_, industries_[i]);
    }
    if (labour_row_ == nullptr) MissingRow(flows_, "labour");
    if (output_row_ == nullptr) MissingRow(flows_, "output");
  }

  // The header of `matrix` (after the label column) must be flows.csv's industries, in order.
  // `extra`: one more column name allowed anywhere (labtarg's "labour"); its position is returned.
  bool SameColumns(const Matrix& matrix, std::string_view extra, std::size_t* extra_at) {
    std::size_t k = 0;  // position in industries_
    bool same = true;
    bool extra_seen = false;
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      const std::string& name = matrix.columns[c];
      if (!extra.empty() && name == extra && !extra_seen) {
        extra_seen = true;
        *extra_at = c;
        continue;
      }
      if (k >= industries_.size()) {
        diagnostics_.Add(matrix.path, matrix.header_line, Matrix::Field(c),
                         "extra column '" + name + "'",
                         "the industries of " + flows_.path +
                             (extra.empty() ? "" : " and '" + std::string(extra) + "'") + " only");
        same = false;
        break;
      }
      if (name != industries_[k]) {
        diagnostics_.Add(matrix.path, matrix.header_line, Matrix::Field(c),
                         "column '" + name + "' differs from " + flows_.path + "'s column '" +
                             industries_[k] + "'",
                         "the same industries in the same order as in " + flows_.path);
        same = false;
        break;
      }
      ++k;
    }
    if (same && k < industries_.size()) {
      diagnostics_.Add(matrix.path, matrix.header_line, 0,
                       "missing column '" + industries_[k] + "'",
                       "the same industries in the same order as in " + flows_.path);
      same = false;
    }
    if (!extra.empty() && !extra_seen) {
      diagnostics_.Add(matrix.path, matrix.header_line, 0,
                       "missing column '" + std::string(extra) + "'",
                       "a '" + std::string(extra) + "' column (the labour supply per year)");
      same = false;
    }
    return same;
  }

  // cap.csv / dep.csv: same columns as flows.csv, one row per industry.
  bool ReadSquare(const Matrix& matrix, std::vector<const Matrix::Row*>& rows) {
    if (!matrix.read) return false;
    if (!SameColumns(matrix, {}, nullptr)) return false;
    rows.assign(industries_.size(), nullptr);
    bool ok = true;
    for (const Matrix::Row& row : matrix.rows) {
      auto it = index_.find(row.label);
      if (it == index_.end()) {
        diagnostics_.Add(matrix.path, row.line, 1, "unknown row '" + row.label + "'",
                         "an industry name of " + flows_.path);
        ok = false;
        continue;
      }
      if (rows[it->second] != nullptr) {
        diagnostics_.Add(matrix.path, row.line, 1,
                         "row '" + row.label + "' appears twice (first on line " +
                             std::to_string(rows[it->second]->line) + ")",
                         "each row once");
        ok = false;
        continue;
      }
      rows[it->second] = &row;
      for (std::size_t c = 0; c < row.values.size(); ++c) {
        if (std::isnan(row.values[c])) {
          ok = false;
        } else if (row.values[c] < 0) {
          diagnostics_.Add(matrix.path, row.line, Matrix::Field(c),
                           "'" + row.label + "' / '" + industries_[c] + "' is negative (" +
                               Text(row.values[c]) + ")",
                           "a number >= 0");
          ok = false;
        }
      }
    }
    for (std::size_t i = 0; i < industries_.size(); ++i) {
      if (rows[i] == nullptr) {
        MissingRow(matrix, industries_[i]);
        ok = false;
      }
    }
    return ok;
  }

  void CheckCapitalAndDepreciation() {
    for (std::size_t i = 0; i < industries_.size(); ++i) {
      for (std::size_t p = 0; p < industries_.size(); ++p) {
        const double d = dep_rows_[i]->values[p];
        const double k = cap_rows_[i]->values[p];
        if (d > 1) {
          diagnostics_.Add(dep_.path, dep_rows_[i]->line, Matrix::Field(p),
                           "depreciation of '" + industries_[i] + "' in '" + industries_[p] +
                               "' is " + Text(d) + ", above 1",
                           "a yearly rate 0 <= rate <= 1");
        } else if (d == 1 && k > 0) {
          diagnostics_.Add(dep_.path, dep_rows_[i]->line, Matrix::Field(p),
                           "depreciation of '" + industries_[i] + "' in '" + industries_[p] +
                               "' is 1 while " + cap_.path + " gives a stock of " + Text(k),
                           "a rate below 1: gosplan's year-1 stock is (1 - rate) x initial stock, "
                           "so a year-1 stock of " +
                               Text(k) + " cannot be expressed with rate 1");
        }
      }
    }
  }

  void ReadLabtarg() {
    if (!labtarg_.read) return;
    std::size_t labour_at = 0;
    if (!SameColumns(labtarg_, "labour", &labour_at)) return;
    // Column of each industry in labtarg (labour may sit anywhere; his files put it last).
    target_column_.clear();
    for (std::size_t c = 0; c < labtarg_.columns.size(); ++c) {
      if (c != labour_at) target_column_.push_back(c);
    }
    labour_column_ = labour_at;
    int year = 0;
    for (const Matrix::Row& row : labtarg_.rows) {
      ++year;
      const std::string& label = row.label;
      bool label_ok = label.size() > 4 && label.compare(0, 4, "year") == 0;
      if (label_ok) {
        // "year<k>": k must be the row's position, so that shuffled rows are caught.
        const std::string digits = label.substr(4);
        label_ok = digits.find_first_not_of("0123456789") == std::string::npos &&
                   digits.size() < 9 && std::stoi(digits) == year;
      }
      if (!label_ok) {
        diagnostics_.Add(labtarg_.path, row.line, 1,
                         "row label '" + label + "' is not 'year" + std::to_string(year) + "'",
                         "rows year1, year2, ... in order, one per plan year");
      }
      bool any_target = false;
      for (std::size_t c = 0; c < row.values.size(); ++c) {
        const double v = row.values[c];
        if (std::isnan(v)) {
          any_target = true;  // already reported; do not also complain about the targets
          continue;
        }
        if (v < 0) {
          diagnostics_.Add(
              labtarg_.path, row.line, Matrix::Field(c),
              "'" + labtarg_.columns[c] + "' in " + label + " is negative (" + Text(v) + ")",
              "a number >= 0");
        }
        if (c != labour_at && v > 0) any_target = true;
      }
      if (!any_target) {
        diagnostics_.Add(labtarg_.path, row.line, 0, label + " has no positive consumption target",
                         "at least one target > 0 per year (otherwise that year's fulfilment is "
                         "unbounded in the 5yearplan LP)");
      }
    }
    if (labtarg_.rows.empty()) {
      diagnostics_.Add(labtarg_.path, labtarg_.header_line, 0, "no year rows",
                       "one row per plan year: year1, year2, ...");
    } else if (static_cast<int>(labtarg_.rows.size()) > 1000) {
      diagnostics_.Add(labtarg_.path, labtarg_.header_line, 0,
                       std::to_string(labtarg_.rows.size()) + " year rows",
                       "at most 1000 plan years");
    }
  }

  void MissingRow(const Matrix& matrix, const std::string& label) {
    diagnostics_.Add(matrix.path, 0, 0, "missing row '" + label + "'",
                     "a row labelled '" + label + "'");
  }

  static std::string Text(double value) { return fmt::format("{}", value); }

  // ---- the model --------------------------------------------------------------------------------

  Model Build() {
    const std::size_t n = industries_.size();
    const int T = static_cast<int>(labtarg_.rows.size());
    Model model;
    ModelSettings& s = model.settings;
    const std::string base = std::filesystem::path(folder_).lexically_normal().filename().string();
    s.name = options_.name.empty() ? "5yearplan " + (base.empty() ? folder_ : base) : options_.name;
    s.description =
        "Imported by `gosplan import 5yearplan` from Paul Cockshott's 5yearplan CSVs in " +
        folder_ +
        " (flows.csv, cap.csv, dep.csv, labtarg.csv); see docs/import-5yearplan.md. Plan year k is "
        "his labtarg.csv row 'year<k>'.";
    s.base_year = options_.base_year;
    s.horizon = T;
    s.units =
        "as in the source CSVs: each industry's output in its own unit, labour in the unit of "
        "flows.csv's labour row";
    s.objective = ObjectiveKind::kPlanRay;
    s.year_weights.assign(static_cast<std::size_t>(T), 1.0);

    // Group A: the product is a means of production somewhere (an input flow or a capital stock).
    for (std::size_t i = 0; i < n; ++i) {
      bool means = false;
      for (std::size_t p = 0; p < n; ++p) {
        means = means || flow_rows_[i]->values[p] > 0 || cap_rows_[i]->values[p] > 0;
      }
      Product product;
      product.id = industries_[i];
      product.name = industries_[i];
      product.unit = "units";
      product.group = means ? ProductGroup::kMeansOfProduction : ProductGroup::kConsumerGoods;
      model.products.push_back(std::move(product));
      model.product_index.emplace(industries_[i], static_cast<Index>(i));
    }

    model.resources.push_back(Resource{"labour", "labour", "labour units", 1.0});
    model.resource_index.emplace("labour", 0);
    for (const Matrix::Row& row : labtarg_.rows) {
      model.resource_availability.push_back(row.values[labour_column_]);
    }

    for (std::size_t p = 0; p < n; ++p) {
      const Index tech = static_cast<Index>(p);
      const double output = output_row_->values[p];
      model.techniques.push_back(Technique{industries_[p], industries_[p]});
      model.technique_index.emplace(industries_[p], tech);
      for (std::size_t i = 0; i < n; ++i) {
        const double flow = flow_rows_[i]->values[p];
        if (flow > 0)
          model.inputs.push_back(Coefficient{tech, static_cast<Index>(i), flow / output});
      }
      model.outputs.push_back(Coefficient{tech, tech, 1.0});
      if (labour_row_->values[p] > 0) {
        model.resource_use.push_back(Coefficient{tech, 0, labour_row_->values[p] / output});
      }
      for (std::size_t i = 0; i < n; ++i) {
        const double stock = cap_rows_[i]->values[p];
        if (stock > 0) {
          model.capital.push_back(CapitalCoefficient{tech, static_cast<Index>(i), stock / output,
                                                     dep_rows_[i]->values[p]});
        }
      }
      Enterprise enterprise;
      enterprise.id = industries_[p];
      enterprise.name = industries_[p];
      enterprise.kind = EnterpriseKind::kFactory;
      enterprise.construction_lag = 1;
      model.enterprises.push_back(std::move(enterprise));
      model.enterprise_index.emplace(industries_[p], tech);
      model.enterprise_techniques.push_back(EnterpriseTechnique{tech, tech, 0.0, kUnbounded});
      // His year-1 bound "stock <= cap"; gosplan's year-1 stock is (1 - d)·K0.
      for (std::size_t i = 0; i < n; ++i) {
        const double stock = cap_rows_[i]->values[p];
        if (stock > 0) {
          model.initial_stocks.push_back(
              InitialStock{tech, static_cast<Index>(i), stock / (1.0 - dep_rows_[i]->values[p])});
        }
      }
    }

    model.final_demand_categories.push_back("consumption");
    model.category_index.emplace("consumption", 0);
    for (int t = 1; t <= T; ++t) {
      const Matrix::Row& row = labtarg_.rows[static_cast<std::size_t>(t - 1)];
      for (std::size_t i = 0; i < n; ++i) {
        model.final_demand.push_back(
            FinalDemand{0, static_cast<Index>(i), t, 0.0, row.values[target_column_[i]]});
      }
    }
    return model;
  }

  std::string folder_;
  FiveYearPlanOptions options_;
  Diagnostics diagnostics_;
  Matrix flows_, cap_, dep_, labtarg_;
  std::vector<std::string> industries_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<const Matrix::Row*> flow_rows_, cap_rows_, dep_rows_;
  const Matrix::Row* labour_row_ = nullptr;
  const Matrix::Row* output_row_ = nullptr;
  std::vector<std::size_t> target_column_;  // labtarg column of industry i
  std::size_t labour_column_ = 0;
};

}  // namespace

bool FiveYearPlanOptions::IsValid(std::string* error) const {
  if (max_diagnostics < 1) {
    if (error) *error = "max_diagnostics is 0; it must be ≥ 1";
    return false;
  }
  // The years model.toml accepts (src/model/manifest.h); 0 means "none given".
  if (base_year < -9999 || base_year > 9999) {
    if (error) *error = fmt::format("base_year is {}; it must be in -9999..9999", base_year);
    return false;
  }
  return true;
}

Result<Model> ImportFiveYearPlan(const std::string& folder, const FiveYearPlanOptions& options) {
  if (Status invalid = ValidateOptions(options, "FiveYearPlanOptions"); !invalid.ok())
    return invalid;
  try {
    Importer importer(folder, options);
    return importer.Run();
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory while importing " + folder);
  } catch (const std::exception& error) {
    return Status::Internal(std::string("internal error while importing 5yearplan data: ") +
                            error.what());
  }
}

}  // namespace gosplan
