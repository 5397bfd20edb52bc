// LoadSupplyUse: supply and use tables as offices publish them -> SupplyUseTables (see
// include/gosplan/supply_use.h for the rules).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gosplan/supply_use.h"
#include "util/csv.h"
#include "util/text_list.h"

namespace gosplan {
namespace {

std::string Normal(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}
bool StartsWith(const std::string& text, std::string_view part) { return text.rfind(part, 0) == 0; }

// "T001", "T019": BEA's codes of totals; "F010": final demand; "V001": value added.
bool IsCode(const std::string& label, char letter) {
  if (label.size() < 3 || label.size() > 5 || label[0] != letter) return false;
  return std::all_of(label.begin() + 1, label.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) ||
         (letter == 'f' && std::isdigit(static_cast<unsigned char>(label[1])) != 0);
}

bool IsTotalLabel(const std::string& label) {
  return StartsWith(label, "total") || Contains(label, " total") || IsCode(label, 't') ||
         StartsWith(label, "output at ");
}
// A subtotal when it equals a sum, else a primary row: "Value Added (basic prices)".
bool IsSubtotalLabel(const std::string& label) {
  return StartsWith(label, "value added") || StartsWith(label, "gross value added");
}
bool IsFinalDemandLabel(const std::string& label) {
  for (std::string_view word : {"consumption", "investment", "capital formation", "inventor",
                                "export", "final", "valuables", "households"}) {
    if (Contains(label, word)) return true;
  }
  return IsCode(label, 'f');
}
bool IsPrimaryLabel(const std::string& label) {
  for (std::string_view word :
       {"compensation", "value added", "operating surplus", "taxes", "subsidies", "mixed income",
        "wages", "employment", "fixed capital", "labour", "labor"}) {
    if (Contains(label, word)) return true;
  }
  return IsCode(label, 'v');
}
bool IsSupplyExtraLabel(const std::string& label) {
  for (std::string_view word : {"import", "cif", "margin", "taxes", "subsidies"}) {
    if (Contains(label, word)) return true;
  }
  return label == "mcif" || label == "madj" || label == "mdty" || label == "top" || label == "sub";
}
bool IsSuppressed(std::string_view text) {
  return text.empty() || text == "---" || text == "..." || text == ".." || text == "x" ||
         text == "X" || text == "(D)" || text == "-" || text == "--";
}
bool IsLess(const std::string& label) { return StartsWith(label, "less:"); }
// "Less: Other subsidies on production" -> "Other subsidies on production".
std::string Unprefixed(const std::string& label) {
  std::size_t start = label.find(':') + 1;
  while (start < label.size() && label[start] == ' ') ++start;
  return label.substr(start);
}

struct Line {
  std::string label;
  std::int64_t line = 0;  // file line (rows) or 1-based field (columns)
};

// A CSV table with a label column: values[r][c], suppressed cells marked.
struct Raw {
  std::string path;
  std::int64_t header_line = 0;
  std::vector<Line> columns;  // field c + 2 is column c
  std::vector<Line> rows;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<bool>> suppressed;
  double unit = 1.0;  // the unit of the last printed digit of the most precise cell
  std::int64_t suppressed_count = 0;
  bool read = false;
};

double UnitOf(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return 1.0;
  std::size_t decimals = 0;
  for (std::size_t i = dot + 1;
       i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
    ++decimals;
  return std::pow(10.0, -static_cast<double>(decimals));
}

Raw ReadRaw(const std::string& path, const SupplyUseOptions& options, Diagnostics& diagnostics) {
  Raw raw;
  raw.path = path;
  util::CsvOptions csv;
  csv.dialect = options.csv;
  csv.allow_empty_label_header = true;
  auto opened = util::CsvFile::Open(path, csv);
  if (!opened.ok()) {
    diagnostics.Append(opened.status().diagnostics());
    return raw;
  }
  util::CsvFile& file = opened.value();
  raw.header_line = file.header_line();
  const std::vector<std::string>& header = file.header();
  if (header.size() < 2) {
    diagnostics.Add(path, raw.header_line, 0,
                    "header has " + std::to_string(header.size()) + " field(s)",
                    "a label column followed by one column per industry or product");
    return raw;
  }
  for (std::size_t c = 1; c < header.size(); ++c) {
    if (header[c].empty()) {
      diagnostics.Add(path, raw.header_line, static_cast<std::int64_t>(c) + 1,
                      "column " + std::to_string(c + 1) + " has no name", "a label");
    }
    raw.columns.push_back({header[c], static_cast<std::int64_t>(c) + 1});
  }
  double unit = 1.0;
  util::CsvRow row;
  const std::size_t before = diagnostics.total();
  while (file.Next(row, diagnostics)) {
    std::vector<double> values(raw.columns.size(), 0.0);
    std::vector<bool> suppressed(raw.columns.size(), false);
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      const std::string_view text = row.fields[c];
      if (IsSuppressed(text)) {
        suppressed[c - 1] = true;
        ++raw.suppressed_count;
        continue;
      }
      auto value = util::ParseNumber(text, path, row.line, static_cast<int>(c), diagnostics,
                                     "cell " + std::string(row.fields[0]) + " / " + header[c]);
      if (value) {
        values[c - 1] = *value;
        unit = std::min(unit, UnitOf(text));
      }
    }
    if (row.fields[0].empty()) {
      diagnostics.Add(path, row.line, 1, "row has no label", "a product, industry or total name");
    }
    raw.rows.push_back({std::string(row.fields[0]), row.line});
    raw.values.push_back(std::move(values));
    raw.suppressed.push_back(std::move(suppressed));
  }
  if (file.saw_no_rows() && diagnostics.total() == before) {
    diagnostics.Add(path, raw.header_line, 0, "the table has no rows", "one row per product");
  }
  raw.unit = unit;
  raw.read = diagnostics.total() == before;
  return raw;
}

bool Listed(const std::vector<std::string>& list, const std::string& label) {
  const std::string normal = Normal(label);
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& item) { return Normal(item) == normal; });
}

enum class Kind { kBlock, kTotal, kOther, kSkipped, kSubtotal };

// Classifies the lines of one axis: the leading block up to the first line `stops` says ends it,
// then totals (by name or skip list) and other lines.
template <typename Stops>
std::vector<Kind> Classify(const std::vector<Line>& lines, const std::vector<std::string>& skip,
                           Stops stops) {
  std::vector<Kind> kinds(lines.size(), Kind::kOther);
  bool in_block = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string label = Normal(lines[i].label);
    if (Listed(skip, lines[i].label)) {
      kinds[i] = Kind::kSkipped;
      continue;
    }
    if (in_block && (IsTotalLabel(label) || stops(label))) in_block = false;
    kinds[i] = in_block                 ? Kind::kBlock
               : IsTotalLabel(label)    ? Kind::kTotal
               : IsSubtotalLabel(label) ? Kind::kSubtotal
                                        : Kind::kOther;
  }
  return kinds;
}

// Checks every total (and skipped line) of an axis against the sums it may stand for; drops them.
// rows = true: the lines are rows (sums run down the columns).
// A subtotal that matches becomes a total, one that does not an ordinary line. Mismatches are
// reported in `mismatches` (located sentences), not refused: published tables hold them (BEA 2021's
// 15-industry use table: 'Total use of products' of two products off by 4289 and 4290).
void CheckTotals(const Raw& raw, bool rows, std::vector<Kind>& kinds,
                 const std::vector<Kind>& other_kinds, double tolerance,
                 std::vector<std::string>& checked, std::vector<std::string>& mismatches) {
  const std::vector<Line>& lines = rows ? raw.rows : raw.columns;
  const std::vector<Line>& others = rows ? raw.columns : raw.rows;
  auto value = [&](std::size_t line, std::size_t other) {
    return rows ? raw.values[line][other] : raw.values[other][line];
  };
  auto suppressed = [&](std::size_t line, std::size_t other) {
    return rows ? raw.suppressed[line][other] : raw.suppressed[other][line];
  };
  std::vector<std::size_t> totals_before;
  std::size_t last_total_end = 0;  // first line after the previous total
  for (std::size_t t = 0; t < lines.size(); ++t) {
    if (kinds[t] != Kind::kTotal && kinds[t] != Kind::kSkipped && kinds[t] != Kind::kSubtotal)
      continue;
    const bool subtotal = kinds[t] == Kind::kSubtotal;
    bool total_ok = true;
    std::string worst;
    for (std::size_t o = 0; o < others.size(); ++o) {
      if (other_kinds[o] == Kind::kTotal || other_kinds[o] == Kind::kSkipped) continue;
      if (suppressed(t, o)) continue;
      double block = 0.0, before = 0.0, since = 0.0;
      std::int64_t block_terms = 0, before_terms = 0, since_terms = 0;
      for (std::size_t i = 0; i < t; ++i) {
        if (kinds[i] == Kind::kTotal || kinds[i] == Kind::kSkipped || kinds[i] == Kind::kSubtotal)
          continue;
        const double v = value(i, o);
        if (kinds[i] == Kind::kBlock) block += v, ++block_terms;
        before += v, ++before_terms;
        if (i >= last_total_end) since += v, ++since_terms;
      }
      const double published = value(t, o);
      auto close = [&](double sum, std::int64_t terms) {
        const double scale = std::max({std::abs(published), std::abs(sum), 1.0});
        const double allowed =
            std::max(tolerance * scale, 0.5 * raw.unit * static_cast<double>(terms + 1)) +
            1e-9 * scale;
        return std::abs(published - sum) <= allowed;
      };
      bool ok =
          close(block, block_terms) || close(before, before_terms) || close(since, since_terms);
      for (std::size_t earlier : totals_before) {
        if (ok) break;
        ok = !suppressed(earlier, o) && close(value(earlier, o) + since, since_terms + 1);
      }
      if (!ok && subtotal) {
        total_ok = false;
        break;
      }
      if (!ok && kinds[t] == Kind::kTotal) {
        const std::int64_t line = rows ? lines[t].line : others[o].line;
        const std::int64_t column = rows ? others[o].line : lines[t].line;
        mismatches.push_back(fmt::format(
            "{}:{}:{}: total '{}' is {} for '{}', but the {} it may stand for sum to {} (all "
            "before it), {} (the block) or {} (since the last total): {} more than rounding",
            raw.path, line, column, lines[t].label, published, others[o].label,
            rows ? "rows" : "columns", before, block, since,
            std::min({std::abs(published - before), std::abs(published - block),
                      std::abs(published - since)})));
      }
    }
    if (subtotal) kinds[t] = total_ok ? Kind::kTotal : Kind::kOther;
    if (kinds[t] == Kind::kTotal) {
      totals_before.push_back(t);
      last_total_end = t + 1;
      checked.push_back(
          fmt::format("{}: '{}' ({})", raw.path, lines[t].label, rows ? "row" : "column"));
    }
  }
}

std::vector<std::size_t> Positions(const std::vector<Kind>& kinds, Kind kind) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] == kind) out.push_back(i);
  return out;
}

std::vector<std::string> Labels(const std::vector<Line>& lines,
                                const std::vector<std::size_t>& positions) {
  std::vector<std::string> out;
  for (std::size_t p : positions) out.push_back(lines[p].label);
  return out;
}

// How the labels `a` pair with `b`: by label (same set), by position (no label in common, same
// count) or not at all.
enum class Pairing { kByLabel, kByPosition, kNone };
Pairing PairOf(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> sa, sb;
  for (const auto& s : a) sa.insert(Normal(s));
  for (const auto& s : b) sb.insert(Normal(s));
  if (sa == sb && sa.size() == a.size() && sb.size() == b.size()) return Pairing::kByLabel;
  bool common = false;
  for (const auto& s : sa) common = common || sb.count(s) > 0;
  if (!common && a.size() == b.size()) return Pairing::kByPosition;
  return Pairing::kNone;
}

// Position in `b` of every label of `a` (pairing as found).
std::vector<std::size_t> Map(const std::vector<std::string>& a, const std::vector<std::string>& b,
                             Pairing pairing) {
  std::vector<std::size_t> out(a.size());
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < b.size(); ++i) index[Normal(b[i])] = i;
  for (std::size_t i = 0; i < a.size(); ++i)
    out[i] = pairing == Pairing::kByLabel ? index.at(Normal(a[i])) : i;
  return out;
}

std::string Few(const std::vector<std::string>& labels) {
  return util::QuotedFew(labels.size(), [&](std::size_t k) { return labels[k]; });
}

}  // namespace

bool SupplyUseOptions::IsValid(std::string* error) const {
  std::string rule;
  if (!(total_tolerance >= 0.0 && total_tolerance < 1.0))
    rule = fmt::format("total_tolerance is {}; it must be in [0, 1)", total_tolerance);
  else if (max_diagnostics < 1)
    rule = "max_diagnostics is 0; it must be >= 1";
  else if (!csv.IsValid(&rule))
    rule = "csv." + rule;
  if (!rule.empty() && error != nullptr) *error = rule;
  return rule.empty();
}

Eigen::VectorXd SupplyUseTables::IndustryOutput() const { return supply.colwise().sum(); }
Eigen::VectorXd SupplyUseTables::ProductOutput() const { return supply.rowwise().sum(); }
Eigen::VectorXd SupplyUseTables::ValuationResidual() const {
  Eigen::VectorXd r = use.rowwise().sum() - ProductOutput();
  if (final_demand.cols() > 0) r += final_demand.rowwise().sum();
  if (supply_extra.cols() > 0) r -= supply_extra.rowwise().sum();
  return r;
}

Result<SupplyUseTables> LoadSupplyUse(const std::string& supply_path, const std::string& use_path,
                                      const SupplyUseOptions& options) {
  if (Status valid = ValidateOptions(options, "SupplyUseOptions"); !valid.ok()) return valid;
  Diagnostics diagnostics(options.max_diagnostics);
  Raw supply = ReadRaw(supply_path, options, diagnostics);
  Raw use = ReadRaw(use_path, options, diagnostics);
  if (!supply.read || !use.read) return Status::InvalidInput(std::move(diagnostics));

  SupplyUseTables tables;
  tables.supply_source = supply_path;
  tables.use_source = use_path;
  tables.suppressed_cells = supply.suppressed_count + use.suppressed_count;

  // "Less: ..." lines enter the office's sums subtracted: reverse their sign.
  std::vector<std::string> less_lines;
  for (Raw* raw : {&supply, &use}) {
    for (std::size_t r = 0; r < raw->rows.size(); ++r) {
      if (!IsLess(Normal(raw->rows[r].label))) continue;
      less_lines.push_back(raw->rows[r].label);
      raw->rows[r].label = Unprefixed(raw->rows[r].label);
      for (double& v : raw->values[r]) v = -v;
    }
    for (std::size_t c = 0; c < raw->columns.size(); ++c) {
      if (!IsLess(Normal(raw->columns[c].label))) continue;
      less_lines.push_back(raw->columns[c].label);
      raw->columns[c].label = Unprefixed(raw->columns[c].label);
      for (auto& row : raw->values) row[c] = -row[c];
    }
  }

  // ---- The use table: industries × (total, final demand), products × (total, primary) ----
  auto use_columns = Classify(use.columns, options.skip_columns,
                              [](const std::string& l) { return IsFinalDemandLabel(l); });
  auto use_rows =
      Classify(use.rows, options.skip_rows, [](const std::string& l) { return IsPrimaryLabel(l); });
  const auto industry_columns = Positions(use_columns, Kind::kBlock);
  const auto product_rows = Positions(use_rows, Kind::kBlock);
  if (industry_columns.empty()) {
    diagnostics.Add(use_path, use.header_line, 2,
                    "the use table has no industry columns (its first column '" +
                        use.columns[0].label + "' reads as a total or final demand)",
                    "industry columns first, then totals and final demand");
  }
  if (product_rows.empty()) {
    diagnostics.Add(use_path, use.header_line, 1,
                    "the use table has no product rows before its totals and primary rows",
                    "product rows first, then totals and primary inputs");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  // Totals of the use table (subtotals such as value added resolved first: they decide which
  // rows are primary inputs).
  CheckTotals(use, true, use_rows, use_columns, options.total_tolerance, tables.totals_checked,
              tables.total_mismatches);
  CheckTotals(use, false, use_columns, use_rows, options.total_tolerance, tables.totals_checked,
              tables.total_mismatches);

  // Rows below the total industry output row are valuation rows (taxes on products, ...).
  std::size_t output_row = use.rows.size();
  for (std::size_t r = 0; r < use.rows.size(); ++r) {
    const std::string label = Normal(use.rows[r].label);
    if (use_rows[r] == Kind::kTotal && (Contains(label, "output") || label == "t018")) {
      output_row = r;
      break;
    }
  }
  const auto use_other_rows = Positions(use_rows, Kind::kOther);
  std::vector<std::size_t> primary_rows, valuation_rows;
  for (std::size_t r : use_other_rows)
    (r < output_row ? primary_rows : valuation_rows).push_back(r);
  const auto final_columns = Positions(use_columns, Kind::kOther);

  // ---- The supply table: which orientation? ----
  // A label of the use table's products or industries ("Noncomparable imports") is never an
  // extra column of the supply table.
  std::set<std::string> use_labels;
  for (std::size_t r : product_rows) use_labels.insert(Normal(use.rows[r].label));
  for (std::size_t c : industry_columns) use_labels.insert(Normal(use.columns[c].label));
  const auto extra = [&](const std::string& l) {
    return IsSupplyExtraLabel(l) && use_labels.count(l) == 0;
  };
  auto supply_columns = Classify(supply.columns, options.skip_columns, extra);
  auto supply_rows = Classify(supply.rows, options.skip_rows, extra);
  const auto block_rows = Positions(supply_rows, Kind::kBlock);
  const auto block_columns = Positions(supply_columns, Kind::kBlock);
  const std::vector<std::string> products = Labels(use.rows, product_rows);
  const std::vector<std::string> industries = Labels(use.columns, industry_columns);
  const std::vector<std::string> s_rows = Labels(supply.rows, block_rows);
  const std::vector<std::string> s_columns = Labels(supply.columns, block_columns);
  const Pairing h1_rows = PairOf(s_rows, products), h1_columns = PairOf(s_columns, industries);
  const Pairing h2_rows = PairOf(s_rows, industries), h2_columns = PairOf(s_columns, products);
  auto valid = [](Pairing a, Pairing b) {
    return a != Pairing::kNone && b != Pairing::kNone &&
           (a == Pairing::kByLabel || b == Pairing::kByLabel);
  };
  bool by_products = valid(h1_rows, h1_columns);
  bool by_industries = valid(h2_rows, h2_columns);
  if (options.orientation == SupplyOrientation::kProductsByIndustries) {
    by_industries = false;
  } else if (options.orientation == SupplyOrientation::kIndustriesByProducts) {
    by_products = false;
  } else if (by_products && by_industries) {
    diagnostics.Add(supply_path, supply.header_line, 0,
                    "cannot tell the supply table's orientation: its rows and columns match the "
                    "use table's products and industries either way (the labels are the same)",
                    "distinct product and industry labels, or an explicit orientation "
                    "(--supply-orientation products-by-industries|industries-by-products)");
    return Status::InvalidInput(std::move(diagnostics));
  }
  if (!by_products && !by_industries) {
    std::vector<std::string> missing;
    for (const auto& p : products)
      if (!Listed(s_rows, p) && !Listed(s_columns, p)) missing.push_back(p);
    diagnostics.Add(
        supply_path, supply.header_line, 0,
        fmt::format("the supply table's rows ({}) and columns ({}) do not match the use table's "
                    "{} products and {} industries in either orientation{}",
                    s_rows.size(), s_columns.size(), products.size(), industries.size(),
                    missing.empty() ? std::string()
                                    : "; products of the use table it lacks: " + Few(missing)),
        "a supply table of products × industries or a make table of industries × products "
        "whose labels match the use table");
    return Status::InvalidInput(std::move(diagnostics));
  }
  tables.supply_was_make = by_industries;
  const Pairing product_pairing = by_products ? h1_rows : h2_columns;
  const Pairing industry_pairing = by_products ? h1_columns : h2_rows;
  if (industry_pairing == Pairing::kByPosition) {
    tables.notes.push_back(fmt::format(
        "the supply table names industries differently from the use table ('{}' / '{}', ...): "
        "paired by position",
        by_products ? s_columns[0] : s_rows[0], industries[0]));
  }
  if (product_pairing == Pairing::kByPosition) {
    tables.notes.push_back(fmt::format(
        "the supply table names products differently from the use table ('{}' / '{}', ...): "
        "paired by position",
        by_products ? s_rows[0] : s_columns[0], products[0]));
  }

  // ---- Totals: checked, then dropped ----
  CheckTotals(supply, true, supply_rows, supply_columns, options.total_tolerance,
              tables.totals_checked, tables.total_mismatches);
  CheckTotals(supply, false, supply_columns, supply_rows, options.total_tolerance,
              tables.totals_checked, tables.total_mismatches);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  // ---- The matrices ----
  const Index p = static_cast<Index>(products.size());
  const Index n = static_cast<Index>(industries.size());
  tables.products = products;
  tables.industries = industries;
  tables.industries_in_supply.assign(industries.size(), std::string());
  tables.use.resize(p, n);
  for (Index i = 0; i < p; ++i)
    for (Index j = 0; j < n; ++j)
      tables.use(i, j) = use.values[product_rows[static_cast<std::size_t>(i)]]
                                   [industry_columns[static_cast<std::size_t>(j)]];
  tables.final_demand_names = Labels(use.columns, final_columns);
  tables.final_demand.resize(p, static_cast<Index>(final_columns.size()));
  for (Index i = 0; i < p; ++i)
    for (std::size_t c = 0; c < final_columns.size(); ++c)
      tables.final_demand(i, static_cast<Index>(c)) =
          use.values[product_rows[static_cast<std::size_t>(i)]][final_columns[c]];
  auto rows_of = [&](const std::vector<std::size_t>& rows, std::vector<std::string>& names,
                     Eigen::MatrixXd& matrix) {
    names = Labels(use.rows, rows);
    matrix.resize(static_cast<Index>(rows.size()), n);
    for (std::size_t r = 0; r < rows.size(); ++r)
      for (Index j = 0; j < n; ++j)
        matrix(static_cast<Index>(r), j) =
            use.values[rows[r]][industry_columns[static_cast<std::size_t>(j)]];
  };
  rows_of(primary_rows, tables.primary_names, tables.primary);
  rows_of(valuation_rows, tables.valuation_row_names, tables.valuation_rows);

  // Supply: S[i,j] with i a use-table product, j a use-table industry.
  const std::vector<std::size_t> product_of =
      Map(by_products ? s_rows : s_columns, products, product_pairing);
  const std::vector<std::size_t> industry_of =
      Map(by_products ? s_columns : s_rows, industries, industry_pairing);
  tables.supply = Eigen::MatrixXd::Zero(p, n);
  const auto& product_lines = by_products ? block_rows : block_columns;
  const auto& industry_lines = by_products ? block_columns : block_rows;
  for (std::size_t b = 0; b < industry_lines.size(); ++b)
    tables.industries_in_supply[industry_of[b]] = (by_products ? s_columns : s_rows)[b];
  for (std::size_t a = 0; a < product_lines.size(); ++a) {
    for (std::size_t b = 0; b < industry_lines.size(); ++b) {
      const double v = by_products ? supply.values[product_lines[a]][industry_lines[b]]
                                   : supply.values[industry_lines[b]][product_lines[a]];
      tables.supply(static_cast<Index>(product_of[a]), static_cast<Index>(industry_of[b])) = v;
    }
  }
  // Extras: the supply table's other columns (rows of a make table), per product.
  const auto extra_lines = Positions(by_products ? supply_columns : supply_rows, Kind::kOther);
  tables.supply_extra = Eigen::MatrixXd::Zero(p, static_cast<Index>(extra_lines.size()));
  for (std::size_t e = 0; e < extra_lines.size(); ++e) {
    tables.supply_extra_names.push_back(by_products ? supply.columns[extra_lines[e]].label
                                                    : supply.rows[extra_lines[e]].label);
    for (std::size_t a = 0; a < product_lines.size(); ++a) {
      tables.supply_extra(static_cast<Index>(product_of[a]), static_cast<Index>(e)) =
          by_products ? supply.values[product_lines[a]][extra_lines[e]]
                      : supply.values[extra_lines[e]][product_lines[a]];
    }
  }
  // Supply rows (columns of a make table) that are neither products nor totals are not read.
  for (std::size_t r : Positions(by_products ? supply_rows : supply_columns, Kind::kOther)) {
    const Line& line = by_products ? supply.rows[r] : supply.columns[r];
    diagnostics.Add(supply_path, by_products ? line.line : supply.header_line,
                    by_products ? 1 : line.line,
                    "supply line '" + line.label + "' is neither a product nor a total",
                    "a product of the use table, a total, or --skip-" +
                        std::string(by_products ? "rows" : "columns") + " naming it");
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  // ---- Identities and notes ----
  if (tables.supply_was_make)
    tables.notes.push_back("the supply table is a make table (industries × products): transposed");
  if (tables.suppressed_cells > 0) {
    tables.notes.push_back(
        fmt::format("{} suppressed or empty cells ('---', '...', 'x', empty) read as 0",
                    tables.suppressed_cells));
  }
  if (!less_lines.empty()) {
    tables.notes.push_back(
        fmt::format("{} line(s) labelled 'Less: ...' read with the sign "
                    "reversed and the prefix dropped (they are subtracted in "
                    "the source's sums): {}",
                    less_lines.size(), Few(less_lines)));
  }
  if (!tables.valuation_row_names.empty()) {
    tables.notes.push_back(fmt::format(
        "{} row(s) below total industry output (taxes and subsidies on products, value added at "
        "producers' prices) read but not used: {}",
        tables.valuation_row_names.size(), Few(tables.valuation_row_names)));
  }
  if (!tables.totals_checked.empty()) {
    tables.notes.push_back(fmt::format("{} totals checked against their sums and dropped",
                                       tables.totals_checked.size()));
  }
  for (std::size_t k = 0; k < tables.total_mismatches.size() && k < 5; ++k)
    tables.notes.push_back("total off its sum: " + tables.total_mismatches[k]);
  if (tables.total_mismatches.size() > 5) {
    tables.notes.push_back(fmt::format("{} more totals off their sums (all in total_mismatches)",
                                       tables.total_mismatches.size() - 5));
  }
  // Industry balance: 1ᵀU + 1ᵀW = g, where the supply gives g.
  const Eigen::VectorXd g = tables.IndustryOutput();
  Eigen::VectorXd inputs = tables.use.colwise().sum();
  if (tables.primary.rows() > 0) inputs += tables.primary.colwise().sum().transpose();
  for (Index j = 0; j < n; ++j) {
    const double scale = std::max({std::abs(g(j)), std::abs(inputs(j)), 1.0});
    const double allowed =
        std::max(options.total_tolerance * scale,
                 0.5 * use.unit * static_cast<double>(p + tables.primary.rows()));
    if (std::abs(g(j) - inputs(j)) > allowed) {
      tables.notes.push_back(fmt::format(
          "industry '{}': inputs (intermediate + primary) {} differ from its supply {} by {}",
          industries[static_cast<std::size_t>(j)], inputs(j), g(j), inputs(j) - g(j)));
    }
  }
  const Eigen::VectorXd residual = tables.ValuationResidual();
  Index worst = 0;
  residual.cwiseAbs().maxCoeff(&worst);
  const double scale = std::max(1.0, tables.ProductOutput().cwiseAbs().maxCoeff());
  if (std::abs(residual(worst)) >
      std::max(options.total_tolerance * scale, 0.5 * use.unit * static_cast<double>(n + 10))) {
    tables.notes.push_back(fmt::format(
        "valuation: use (intermediate + final) exceeds supply ({}) by {} in all, as when the use "
        "table is at purchasers' prices and the supply table at basic prices without margin and "
        "tax columns (BEA); largest gap: '{}' {}; it is kept as a column 'less: margins and taxes "
        "on products' of the symmetric tables",
        tables.supply_extra_names.empty() ? "output" : "output + " + Few(tables.supply_extra_names),
        residual.sum(), products[static_cast<std::size_t>(worst)], residual(worst)));
  }
  return tables;
}

}  // namespace gosplan
