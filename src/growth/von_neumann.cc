// The von Neumann expanding economy (KMT 1956): α and β by bisection on the value of the game B −
// γA. The mathematics is in include/gosplan/growth.h.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/growth.h"
#include "gosplan/linear_program.h"
#include "util/csv.h"

namespace gosplan {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Headerless numeric CSV ----

struct DenseTable {
  Index rows = 0;
  Index columns = 0;
  std::vector<double> values;
  std::vector<std::int64_t> lines;  // line of each row
  bool complete = false;            // read without problems
};

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// A headerless matrix of numbers ≥ 0 in the CSV dialect's delimiter and decimal mark (numbers are
// ASCII, so the encoding changes nothing but comment lines, which are skipped).
DenseTable ReadDense(const std::string& path, const char* what, const CsvDialect& dialect,
                     Diagnostics& diagnostics) {
  DenseTable table;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    diagnostics.Add(
        path, 0, 0,
        std::filesystem::exists(path, error) ? "is not a regular file" : "file not found",
        std::string("a readable CSV file of ") + what);
    return table;
  }
  const auto size = std::filesystem::file_size(path, error);
  if (error || size > (std::uint64_t{1} << 31)) {
    diagnostics.Add(path, 0, 0, "file is too large or unreadable",
                    "a dense matrix of at most 2 GiB");
    return table;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    diagnostics.Add(path, 0, 0, "file could not be read", "a readable CSV file");
    return table;
  }
  std::string_view rest(text);
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  const std::size_t before = diagnostics.total();
  std::int64_t line = 0;
  std::int64_t first_line = 0;
  while (!rest.empty() && !diagnostics.full()) {
    ++line;
    const std::size_t end = rest.find('\n');
    std::string_view row = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    const std::string_view trimmed = TrimView(row);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = row.find(dialect.delimiter, start);
      fields.push_back(
          TrimView(row.substr(start, comma == std::string_view::npos ? row.npos : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    // "0,5" in a decimal-comma file is 0.5: the texts are copied with the mark replaced.
    std::vector<std::string> pointed;
    if (dialect.decimal != '.') {
      pointed.assign(fields.begin(), fields.end());
      for (std::size_t k = 0; k < fields.size(); ++k) {
        std::replace(pointed[k].begin(), pointed[k].end(), dialect.decimal, '.');
        fields[k] = pointed[k];
      }
    }
    const Index count = static_cast<Index>(fields.size());
    if (table.rows == 0) {
      table.columns = count;
      first_line = line;
    } else if (count != table.columns) {
      diagnostics.Add(path, line, std::min(count, table.columns) + 1,
                      "row has " + std::to_string(count) + " numbers",
                      std::to_string(table.columns) + " numbers as in the first row (line " +
                          std::to_string(first_line) + ")");
      continue;
    }
    for (Index c = 0; c < count; ++c) {
      auto value = util::ParseNonNegative(fields[static_cast<std::size_t>(c)], path, line,
                                          static_cast<int>(c), diagnostics, "entry");
      table.values.push_back(value.value_or(0.0));
    }
    table.lines.push_back(line);
    ++table.rows;
  }
  if (table.rows == 0 && diagnostics.total() == before) {
    diagnostics.Add(path, 0, 0, "no rows of numbers",
                    std::string("one row per activity of ") + what);
  }
  table.complete = diagnostics.total() == before;
  return table;
}

// ---- The LPs ----

// Columns of an LP as lists of (row, value), assembled into CSC.
struct LpBuilder {
  LinearProgram lp;
  std::vector<std::vector<std::pair<Index, double>>> columns;
  Index AddColumn(double lower, double upper, double cost) {
    lp.column_lower.push_back(lower);
    lp.column_upper.push_back(upper);
    lp.objective.push_back(cost);
    columns.emplace_back();
    return lp.num_columns++;
  }
  Index AddRow(double lower, double upper) {
    lp.row_lower.push_back(lower);
    lp.row_upper.push_back(upper);
    return lp.num_rows++;
  }
  void Add(Index column, Index row, double value) {
    if (value != 0.0) columns[static_cast<std::size_t>(column)].emplace_back(row, value);
  }
  LinearProgram Finish() {
    lp.column_starts.assign(1, 0);
    for (auto& column : columns) {
      std::sort(column.begin(), column.end());
      for (const auto& [row, value] : column) {
        lp.row_indices.push_back(row);
        lp.values.push_back(value);
      }
      lp.column_starts.push_back(static_cast<Index>(lp.row_indices.size()));
    }
    return std::move(lp);
  }
};

// The pruned economy: kept activities and goods, with M(γ) = B − γA read through index maps.
class Economy {
 public:
  Economy(const GrowthMatrices& t, std::vector<Index> activities, std::vector<Index> goods)
      : t_(t), activities_(std::move(activities)), goods_(std::move(goods)) {}
  Index m() const { return static_cast<Index>(activities_.size()); }
  Index n() const { return static_cast<Index>(goods_.size()); }
  // |B| + γ|A|: the size of the terms summed into M (for the rounding allowance).
  double Size(Index r, Index c, double gamma) const {
    const Index i = activities_[static_cast<std::size_t>(r)];
    const Index j = goods_[static_cast<std::size_t>(c)];
    return t_.B(i, j) + gamma * t_.A(i, j);
  }
  double M(Index r, Index c, double gamma) const {
    const Index i = activities_[static_cast<std::size_t>(r)];
    const Index j = goods_[static_cast<std::size_t>(c)];
    return t_.B(i, j) - gamma * t_.A(i, j);
  }
  const std::vector<Index>& activities() const { return activities_; }
  const std::vector<Index>& goods() const { return goods_; }
  // An upper bound on α: at a larger γ every x loses on the sum over goods.
  double UpperBound() const {
    double bound = 0.0;
    for (Index r = 0; r < m(); ++r) {
      double a = 0.0, b = 0.0;
      for (Index c = 0; c < n(); ++c) {
        a += t_.A(activities_[r], goods_[c]);
        b += t_.B(activities_[r], goods_[c]);
      }
      if (a > 0) bound = std::max(bound, b / a);
    }
    return bound;
  }

 private:
  const GrowthMatrices& t_;
  std::vector<Index> activities_, goods_;
};

struct SideResult {
  LpStatus status = LpStatus::kError;
  std::vector<double> vector;  // normalised, ≥ 0 (size m for activities, n for prices)
  double margin = 0.0;  // min_j (xM)_j or max_i (Mp)_i, recomputed, with the rounding allowance
};

// Rounding allowance, relative to the terms of each sum: a good passes when
// (xB)_j − γ(xA)_j ≥ −η((xB)_j + γ(xA)_j), i.e. (xB)_j/(xA)_j ≥ γ(1 − 2η) roughly. Being relative
// per good (per activity on the price side), it does not depend on the units of the goods or on how
// small an intensity or price is, and it lets the flat part [β, α] of the game value (exactly 0,
// computed as ±rounding) pass on both sides.
constexpr double kRelativeAllowance = 1e-12;

std::vector<double> Normalised(const std::vector<double>& values, std::size_t count) {
  std::vector<double> out(count, 0.0);
  double sum = 0.0;
  for (std::size_t k = 0; k < count; ++k) {
    out[k] = std::max(0.0, values[k]);
    sum += out[k];
  }
  if (sum > 0) {
    for (double& v : out) v /= sum;
  }
  return out;
}

// Activity side: max t s.t. x M(γ) − t ≥ 0, Σx = 1, x ≥ 0.
SideResult ActivityGame(const Economy& e, double gamma, const LpSolveOptions& options,
                        int& solves) {
  LpBuilder b;
  const Index m = e.m(), n = e.n();
  for (Index c = 0; c < n; ++c) b.AddRow(0.0, kUnbounded);
  const Index sum_row = b.AddRow(1.0, 1.0);
  for (Index r = 0; r < m; ++r) {
    const Index x = b.AddColumn(0.0, kUnbounded, 0.0);
    for (Index c = 0; c < n; ++c) b.Add(x, c, e.M(r, c, gamma));
    b.Add(x, sum_row, 1.0);
  }
  const Index t = b.AddColumn(-kUnbounded, kUnbounded, 1.0);
  for (Index c = 0; c < n; ++c) b.Add(t, c, -1.0);
  b.lp.maximize = true;
  const LinearProgram lp = b.Finish();
  ++solves;
  auto solution = SolveWithClp(lp, options);
  SideResult result;
  if (!solution.ok()) return result;
  result.status = solution.value().status;
  if (result.status != LpStatus::kOptimal) return result;
  result.vector = Normalised(solution.value().column_values, static_cast<std::size_t>(m));
  result.margin = kUnbounded;
  for (Index c = 0; c < n; ++c) {
    double s = 0.0, size = 0.0;
    for (Index r = 0; r < m; ++r) {
      s += result.vector[r] * e.M(r, c, gamma);
      size += result.vector[r] * e.Size(r, c, gamma);
    }
    result.margin = std::min(result.margin, s + kRelativeAllowance * size);
  }
  return result;
}

// Price side: min s s.t. M(γ) p − s ≤ 0, Σp = 1, p ≥ 0.
SideResult PriceGame(const Economy& e, double gamma, const LpSolveOptions& options, int& solves) {
  LpBuilder b;
  const Index m = e.m(), n = e.n();
  for (Index r = 0; r < m; ++r) b.AddRow(-kUnbounded, 0.0);
  const Index sum_row = b.AddRow(1.0, 1.0);
  for (Index c = 0; c < n; ++c) {
    const Index p = b.AddColumn(0.0, kUnbounded, 0.0);
    for (Index r = 0; r < m; ++r) b.Add(p, r, e.M(r, c, gamma));
    b.Add(p, sum_row, 1.0);
  }
  const Index s = b.AddColumn(-kUnbounded, kUnbounded, 1.0);
  for (Index r = 0; r < m; ++r) b.Add(s, r, -1.0);
  const LinearProgram lp = b.Finish();
  ++solves;
  auto solution = SolveWithClp(lp, options);
  SideResult result;
  if (!solution.ok()) return result;
  result.status = solution.value().status;
  if (result.status != LpStatus::kOptimal) return result;
  result.vector = Normalised(solution.value().column_values, static_cast<std::size_t>(n));
  result.margin = -kUnbounded;
  for (Index r = 0; r < m; ++r) {
    double v = 0.0, size = 0.0;
    for (Index c = 0; c < n; ++c) {
      v += e.M(r, c, gamma) * result.vector[c];
      size += e.Size(r, c, gamma) * result.vector[c];
    }
    result.margin = std::max(result.margin, v - kRelativeAllowance * size);
  }
  return result;
}

// Largest-support point of the cone {x ≥ 0: x M(γ) ≥ 0} (activities) or {p ≥ 0: M(γ) p ≤ 0}
// (prices): max Σ s_k, 0 ≤ s_k ≤ 1, s_k ≤ v_k. Returns an empty vector when only 0 is in the cone.
std::vector<double> LargestSupport(const Economy& e, double gamma, bool activities,
                                   const LpSolveOptions& options, int& solves) {
  LpBuilder b;
  const Index m = e.m(), n = e.n();
  const Index k_count = activities ? m : n;
  const Index cone_rows = activities ? n : m;
  for (Index r = 0; r < cone_rows; ++r) {
    if (activities)
      b.AddRow(0.0, kUnbounded);
    else
      b.AddRow(-kUnbounded, 0.0);
  }
  for (Index k = 0; k < k_count; ++k) {
    const Index v = b.AddColumn(0.0, kUnbounded, 0.0);
    for (Index r = 0; r < cone_rows; ++r) {
      b.Add(v, r, activities ? e.M(k, r, gamma) : e.M(r, k, gamma));
    }
  }
  for (Index k = 0; k < k_count; ++k) {
    const Index link = b.AddRow(0.0, kUnbounded);  // v_k − s_k ≥ 0
    b.Add(k, link, 1.0);
    const Index s = b.AddColumn(0.0, 1.0, 1.0);
    b.Add(s, link, -1.0);
  }
  b.lp.maximize = true;
  const LinearProgram lp = b.Finish();
  ++solves;
  auto solution = SolveWithClp(lp, options);
  if (!solution.ok() || solution.value().status != LpStatus::kOptimal) return {};
  if (solution.value().objective < 1e-9) return {};
  return Normalised(solution.value().column_values, static_cast<std::size_t>(k_count));
}

// The LP's own reason for stopping, kept: a time limit is not an iteration limit.
GrowthStatus FromLp(LpStatus status) {
  switch (status) {
    case LpStatus::kTimeLimit:
      return GrowthStatus::kTimeLimit;
    case LpStatus::kIterationLimit:
      return GrowthStatus::kIterationLimit;
    case LpStatus::kInterrupted:
      return GrowthStatus::kInterrupted;
    default:
      return GrowthStatus::kError;
  }
}

std::string Join(const std::vector<Index>& items, const std::vector<std::string>& names,
                 const char* kind) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < 10; ++k) {
    if (!out.empty()) out += ", ";
    const Index item = items[k];
    out += names.empty() ? std::string(kind) + " " + std::to_string(item + 1)
                         : "'" + names[static_cast<std::size_t>(item)] + "'";
  }
  if (items.size() > 10) out += ", … (" + std::to_string(items.size()) + " in all)";
  return out;
}

}  // namespace

const char* ToString(GrowthStatus status) {
  switch (status) {
    case GrowthStatus::kSolved:
      return "solved";
    case GrowthStatus::kUnbounded:
      return "unbounded";
    case GrowthStatus::kNoEconomy:
      return "no_economy";
    case GrowthStatus::kTimeLimit:
      return "time_limit";
    case GrowthStatus::kIterationLimit:
      return "iteration_limit";
    case GrowthStatus::kInterrupted:
      return "interrupted";
    case GrowthStatus::kError:
      return "error";
  }
  return "error";
}

Result<GrowthMatrices> ReadGrowthMatrices(const std::string& inputs_csv,
                                          const std::string& outputs_csv,
                                          const CsvDialect& dialect) {
  Diagnostics diagnostics;
  DenseTable a =
      ReadDense(inputs_csv, "inputs A (rows = activities, columns = goods)", dialect, diagnostics);
  DenseTable b = ReadDense(outputs_csv, "outputs B (rows = activities, columns = goods)", dialect,
                           diagnostics);
  if (a.complete && b.complete) {
    if (a.rows != b.rows) {
      const bool b_longer = b.rows > a.rows;
      const DenseTable& longer = b_longer ? b : a;
      diagnostics.Add(b_longer ? outputs_csv : inputs_csv,
                      longer.lines[static_cast<std::size_t>(std::min(a.rows, b.rows))], 1,
                      "outputs B has " + std::to_string(b.rows) + " rows but inputs A has " +
                          std::to_string(a.rows),
                      "A and B of the same shape (one row per activity)");
    }
    if (a.columns != b.columns) {
      diagnostics.Add(outputs_csv, b.lines.front(), std::min(a.columns, b.columns) + 1,
                      "outputs B has " + std::to_string(b.columns) + " columns but inputs A (" +
                          inputs_csv + ") has " + std::to_string(a.columns),
                      "A and B of the same shape (one column per good)");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  GrowthMatrices t;
  t.activities = a.rows;
  t.goods = a.columns;
  t.inputs = std::move(a.values);
  t.outputs = std::move(b.values);
  return t;
}

GrowthMatrices GrowthMatricesFromModel(const Model& model, bool with_capital) {
  GrowthMatrices t;
  t.activities = static_cast<Index>(model.techniques.size());
  t.goods = static_cast<Index>(model.products.size());
  const auto size = static_cast<std::size_t>(t.activities * t.goods);
  t.inputs.assign(size, 0.0);
  t.outputs.assign(size, 0.0);
  for (const Coefficient& c : model.inputs) t.inputs[c.technique * t.goods + c.item] += c.value;
  for (const Coefficient& c : model.outputs) t.outputs[c.technique * t.goods + c.item] += c.value;
  if (with_capital) {
    for (const CapitalCoefficient& c : model.capital) {
      t.inputs[c.technique * t.goods + c.product] += c.per_unit_activity;
      t.outputs[c.technique * t.goods + c.product] += (1.0 - c.depreciation) * c.per_unit_activity;
    }
  }
  for (const Technique& technique : model.techniques) t.activity_names.push_back(technique.id);
  for (const Product& product : model.products) t.good_names.push_back(product.id);
  return t;
}

bool GrowthOptions::IsValid(std::string* error) const {
  if (!(tolerance > 0 && tolerance < 1)) {
    if (error) *error = "tolerance is " + std::to_string(tolerance) + "; it must lie in (0, 1)";
    return false;
  }
  if (max_steps < 1) {
    if (error) *error = "max_steps is " + std::to_string(max_steps) + "; it must be ≥ 1";
    return false;
  }
  std::string inner;
  if (!solver.IsValid(&inner)) {
    if (error) *error = "solver." + inner;
    return false;
  }
  return true;
}

Result<GrowthResult> SolveGrowth(const GrowthMatrices& t, const GrowthOptions& options) {
  // ---- Checks ----
  if (Status invalid = ValidateOptions(options, "GrowthOptions"); !invalid.ok()) return invalid;
  const auto size =
      static_cast<std::size_t>(std::max<Index>(0, t.activities) * std::max<Index>(0, t.goods));
  if (t.activities <= 0 || t.goods <= 0 || t.inputs.size() != size || t.outputs.size() != size ||
      (!t.activity_names.empty() && static_cast<Index>(t.activity_names.size()) != t.activities) ||
      (!t.good_names.empty() && static_cast<Index>(t.good_names.size()) != t.goods)) {
    return Status::InvalidInput("growth", 0, 0,
                                "the technology matrices are empty or of wrong sizes",
                                "A and B of activities × goods entries, at least 1 × 1");
  }
  for (std::size_t k = 0; k < size; ++k) {
    if (!(t.inputs[k] >= 0 && std::isfinite(t.inputs[k]) && t.outputs[k] >= 0 &&
          std::isfinite(t.outputs[k]))) {
      return Status::InvalidInput("growth", 0, 0, "a coefficient is negative or not finite",
                                  "finite coefficients >= 0");
    }
    // Each cell may be within range while a sum is not (input + capital stock, output + what is
    // left of it): refuse here, in the model's words, rather than let the LP solver refuse a
    // nameless row.
    for (const bool input : {true, false}) {
      const double value = input ? t.inputs[k] : t.outputs[k];
      if (value <= kMaxLpMagnitude) continue;
      const auto activity = static_cast<Index>(k) / t.goods, good = static_cast<Index>(k) % t.goods;
      const std::string activity_name = t.activity_names.empty()
                                            ? std::to_string(activity + 1)
                                            : "'" + t.activity_names[activity] + "'";
      const std::string good_name =
          t.good_names.empty() ? std::to_string(good + 1) : "'" + t.good_names[good] + "'";
      return Status::InvalidInput(
          "growth", 0, 0,
          fmt::format("the {} of activity {} in good {} is {:g} (capital stock included), beyond "
                      "the solvers' range",
                      input ? "input" : "output", activity_name, good_name, value),
          "coefficients whose sums stay at most 1e20");
    }
  }
  GrowthResult result;
  result.tolerance = options.tolerance;
  result.method =
      "bisection on the value of the matrix game B − γA (Hamburger–Thompson–Weil 1967), one CLP LP "
      "per step";
  result.alpha = kNaN;
  result.beta = kNaN;
  const Index m = t.activities, n = t.goods;

  // ---- Pruning ----
  std::vector<char> active(static_cast<std::size_t>(m), 1),
      produced(static_cast<std::size_t>(n), 0);
  for (Index i = 0; i < m; ++i) {
    bool uses = false, makes = false;
    for (Index j = 0; j < n; ++j) {
      uses = uses || t.A(i, j) > 0;
      makes = makes || t.B(i, j) > 0;
    }
    if (!uses && makes) result.unbounded_activities.push_back(i);
    if (!uses && !makes) active[i] = 0;
  }
  for (bool changed = true; changed;) {
    changed = false;
    std::fill(produced.begin(), produced.end(), 0);
    for (Index i = 0; i < m; ++i) {
      if (!active[i]) continue;
      for (Index j = 0; j < n; ++j) produced[j] = produced[j] || t.B(i, j) > 0;
    }
    for (Index i = 0; i < m; ++i) {
      if (!active[i]) continue;
      for (Index j = 0; j < n; ++j) {
        if (t.A(i, j) > 0 && !produced[j]) {
          active[i] = 0;
          changed = true;
          break;
        }
      }
    }
  }
  std::vector<Index> kept_activities, kept_goods;
  for (Index i = 0; i < m; ++i) (active[i] ? kept_activities : result.idle_activities).push_back(i);
  for (Index j = 0; j < n; ++j)
    (produced[j] ? kept_goods : result.never_produced_goods).push_back(j);
  result.technological.intensities.assign(static_cast<std::size_t>(m), 0.0);
  result.technological.prices.assign(static_cast<std::size_t>(n), 0.0);
  result.economic = result.technological;

  std::string notes;
  if (!result.never_produced_goods.empty()) {
    notes += " Goods that no runnable activity produces (priced out of the solution, left at 0): " +
             Join(result.never_produced_goods, t.good_names, "good") + ".";
  }
  if (!result.idle_activities.empty()) {
    notes += " Activities that can never run (they need such a good, or do nothing): " +
             Join(result.idle_activities, t.activity_names, "activity") + ".";
  }

  if (!result.unbounded_activities.empty()) {
    result.status = GrowthStatus::kUnbounded;
    result.alpha = kUnbounded;
    result.explanation =
        "The expansion factor α is unbounded: " +
        Join(result.unbounded_activities, t.activity_names, "activity") +
        " produce(s) without any input, so x on it grows by any factor. β is not computed. "
        "Give every activity an input (with --with-capital, its capital stock counts)." +
        notes;
    return result;
  }
  if (kept_activities.empty()) {
    result.status = GrowthStatus::kNoEconomy;
    result.explanation =
        "No activity can run: every activity needs a good that no activity produces, or does "
        "nothing." +
        notes;
    return result;
  }

  const Economy economy(t, kept_activities, kept_goods);
  const double tolerance = options.tolerance > 0 ? options.tolerance : 1e-10;
  auto narrow_enough = [&](double lo, double hi) {
    return hi - lo <= tolerance * std::max(1.0, hi);
  };
  const double upper = economy.UpperBound() * (1.0 + 1e-6) + 1e-12;

  // ---- α: the largest γ with v(γ) ≥ 0 ----
  double lo = 0.0, hi = upper;
  SideResult x_lo, p_hi;
  for (int doubling = 0;; ++doubling) {
    SideResult probe = ActivityGame(economy, hi, options.solver, result.lp_solves);
    if (probe.status != LpStatus::kOptimal) {
      result.status = FromLp(probe.status);
      result.explanation = std::string("an LP of the bisection stopped: ") + ToString(probe.status);
      return result;
    }
    if (probe.margin < 0.0) break;
    if (doubling >= 60) {
      result.status = GrowthStatus::kError;
      result.explanation = "no upper bound on α found (numerical trouble)";
      return result;
    }
    lo = hi;
    x_lo = probe;
    hi *= 2.0;
  }
  for (int step = 0; step < options.max_steps && !narrow_enough(lo, hi); ++step) {
    const double mid = 0.5 * (lo + hi);
    SideResult probe = ActivityGame(economy, mid, options.solver, result.lp_solves);
    if (probe.status != LpStatus::kOptimal) {
      result.status = FromLp(probe.status);
      result.explanation =
          std::string("an LP of the α bisection stopped: ") + ToString(probe.status);
      return result;
    }
    if (probe.margin >= 0.0) {
      lo = mid;
      x_lo = std::move(probe);
    } else {
      hi = mid;
    }
  }
  result.alpha_low = lo;
  result.alpha_high = hi;
  result.alpha = 0.5 * (lo + hi);

  // ---- β: the smallest γ with v(γ) ≤ 0 (β ≤ α, so [0, α_high] brackets it) ----
  lo = 0.0;
  hi = result.alpha_high;
  for (int step = 0; step < options.max_steps && !narrow_enough(lo, hi); ++step) {
    const double mid = 0.5 * (lo + hi);
    SideResult probe = PriceGame(economy, mid, options.solver, result.lp_solves);
    if (probe.status != LpStatus::kOptimal) {
      result.status = FromLp(probe.status);
      result.explanation =
          std::string("an LP of the β bisection stopped: ") + ToString(probe.status);
      return result;
    }
    if (probe.margin <= 0.0) {
      hi = mid;
      p_hi = std::move(probe);
    } else {
      lo = mid;
    }
  }
  result.beta_low = lo;
  result.beta_high = hi;
  result.beta = std::min(0.5 * (lo + hi), result.alpha);
  result.reducible = result.alpha - result.beta > 10.0 * tolerance * std::max(1.0, result.alpha);

  // ---- Solutions of largest support at each factor ----
  auto solution_at = [&](double factor, double x_side, double p_side) {
    GrowthSolution solution;
    solution.factor = factor;
    solution.intensities.assign(static_cast<std::size_t>(m), 0.0);
    solution.prices.assign(static_cast<std::size_t>(n), 0.0);
    std::vector<double> x =
        LargestSupport(economy, std::max(0.0, x_side), true, options.solver, result.lp_solves);
    if (x.empty())
      x = ActivityGame(economy, std::max(0.0, x_side), options.solver, result.lp_solves).vector;
    std::vector<double> p =
        LargestSupport(economy, p_side, false, options.solver, result.lp_solves);
    if (p.empty()) p = PriceGame(economy, p_side, options.solver, result.lp_solves).vector;
    for (std::size_t r = 0; r < x.size(); ++r) solution.intensities[kept_activities[r]] = x[r];
    for (std::size_t c = 0; c < p.size(); ++c) solution.prices[kept_goods[c]] = p[c];
    double value = 0.0;
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < n; ++j)
        value += solution.intensities[i] * t.B(i, j) * solution.prices[j];
    }
    solution.value_produced = value;
    solution.nontrivial = value > 1e-12;
    return solution;
  };
  const double width_alpha = result.alpha_high - result.alpha_low;
  const double width_beta = result.beta_high - result.beta_low;
  result.technological =
      solution_at(result.alpha, result.alpha_low - width_alpha, result.alpha_high + width_alpha);
  result.economic =
      solution_at(result.beta, result.beta_low - width_beta, result.beta_high + width_beta);

  result.status = GrowthStatus::kSolved;
  std::ostringstream text;
  text.precision(12);
  if (result.reducible) {
    text << "The economy is reducible: the largest balanced growth factor α = " << result.alpha
         << " exceeds the smallest interest factor β = " << result.beta
         << ". KMT: there are several economic solutions, with growth factors between β and α; α "
            "is reached "
            "by the fastest self-sustaining part of the economy, β by the slowest part that still "
            "produces "
            "something of value.";
  } else {
    text << "The economy grows at most by the factor α = " << result.alpha
         << " a year, and the interest factor equals it (β = α): a single balanced growth path.";
  }
  if (!result.technological.nontrivial || !result.economic.nontrivial) {
    text << " Warning: at " << (!result.technological.nontrivial ? "α" : "β")
         << " no solution produces something of positive value (x B p = 0): the KMT assumptions "
            "fail.";
  }
  result.explanation = text.str() + notes;
  return result;
}

}  // namespace gosplan
