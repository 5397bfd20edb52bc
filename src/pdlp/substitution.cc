#include "pdlp/substitution.h"

#include <algorithm>
#include <cmath>

namespace gosplan::pdlp {
namespace {

// Limits that keep each test cheap and the fill small (entries of the row and of the column).
constexpr std::size_t kMaxRowEntries = 8;
constexpr std::size_t kMaxColumnEntries = 8;
constexpr std::size_t kMaxTouchedRowEntries = 1000;
constexpr double kPivotRatio = 0.1;  // |a_rj| ≥ this × max_k |a_rk|

bool Finite(double v) { return std::isfinite(v); }

}  // namespace

Substitution::Substitution(const MinimisationLp& lp) {
  const Index m = lp.matrix.num_rows;
  const Index n = lp.matrix.num_columns;
  num_rows_ = m;
  num_columns_ = n;
  std::vector<std::vector<Entry>> rows(static_cast<std::size_t>(m)),
      cols(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) {
    for (Index k = lp.matrix.starts[j]; k < lp.matrix.starts[j + 1]; ++k) {
      if (lp.matrix.values[k] == 0.0) continue;
      cols[j].push_back({lp.matrix.indices[k], lp.matrix.values[k]});
      rows[lp.matrix.indices[k]].push_back({j, lp.matrix.values[k]});
    }
  }
  std::vector<double> c = lp.objective, rl = lp.row_lower, ru = lp.row_upper;
  const std::vector<double>& lo = lp.column_lower;
  const std::vector<double>& up = lp.column_upper;
  double offset = lp.offset;
  std::vector<char> row_alive(static_cast<std::size_t>(m), 1),
      col_alive(static_cast<std::size_t>(n), 1), locked(static_cast<std::size_t>(n), 0);
  column_fixed_.assign(static_cast<std::size_t>(n), 0);
  fixed_value_.assign(static_cast<std::size_t>(n), 0.0);

  auto erase = [](std::vector<Entry>* list, Index index) {
    for (std::size_t k = 0; k < list->size(); ++k) {
      if ((*list)[k].index == index) {
        list->erase(list->begin() + static_cast<std::ptrdiff_t>(k));
        return;
      }
    }
  };

  // Dual fixing.
  for (Index j = 0; j < n; ++j) {
    bool down = c[j] >= 0.0 && Finite(lo[j]);
    bool raise = c[j] <= 0.0 && Finite(up[j]);
    for (const Entry& e : cols[j]) {
      const bool has_lower = Finite(rl[e.index]), has_upper = Finite(ru[e.index]);
      // Lowering x_j lowers the activity where a > 0 (harmless without a row lower bound).
      if (e.value > 0 ? has_lower : has_upper) down = false;
      if (e.value > 0 ? has_upper : has_lower) raise = false;
    }
    if (!down && !raise) continue;
    const double value = down ? lo[j] : up[j];
    for (const Entry& e : cols[j]) {
      rl[e.index] -= e.value * value;  // ±∞ stays ±∞
      ru[e.index] -= e.value * value;
      erase(&rows[e.index], j);
    }
    cols[j].clear();
    offset += c[j] * value;
    col_alive[j] = 0;
    column_fixed_[j] = 1;
    fixed_value_[j] = value;
    ++fixed_count_;
  }

  // Implied-free column substitution through equality rows.
  for (Index r = 0; r < m; ++r) {
    const std::vector<Entry>& row = rows[r];
    if (rl[r] != ru[r] || !Finite(rl[r]) || row.size() < 2 || row.size() > kMaxRowEntries) continue;
    const double b = rl[r];
    double max_abs = 0.0;
    for (const Entry& e : row) max_abs = std::max(max_abs, std::abs(e.value));
    std::size_t best = row.size();
    for (std::size_t p = 0; p < row.size(); ++p) {
      const Index j = row[p].index;
      const double a = row[p].value;
      if (locked[j] || std::abs(a) < kPivotRatio * max_abs || cols[j].size() > kMaxColumnEntries)
        continue;
      const std::size_t fill = (cols[j].size() - 1) * (row.size() - 1);
      if (fill > cols[j].size() + row.size() - 1) continue;
      bool short_rows = true;
      for (const Entry& e : cols[j])
        short_rows = short_rows && rows[e.index].size() <= kMaxTouchedRowEntries;
      if (!short_rows) continue;
      // Range of Σ_{k≠j} a_rk x_k over the explicit bounds.
      double rest_lo = 0.0, rest_hi = 0.0;
      for (std::size_t q = 0; q < row.size(); ++q) {
        if (q == p) continue;
        const double ak = row[q].value;
        const Index k = row[q].index;
        rest_lo += ak > 0 ? ak * lo[k] : ak * up[k];
        rest_hi += ak > 0 ? ak * up[k] : ak * lo[k];
      }
      double implied_lo = (b - rest_hi) / a, implied_hi = (b - rest_lo) / a;
      if (a < 0) std::swap(implied_lo, implied_hi);
      if (std::isnan(implied_lo)) implied_lo = -kUnbounded;
      if (std::isnan(implied_hi)) implied_hi = kUnbounded;
      const bool lower_implied =
          !Finite(lo[j]) || implied_lo >= lo[j] - 1e-9 * (1.0 + std::abs(lo[j]));
      const bool upper_implied =
          !Finite(up[j]) || implied_hi <= up[j] + 1e-9 * (1.0 + std::abs(up[j]));
      if (!lower_implied || !upper_implied) continue;
      if (best == row.size() || cols[j].size() < cols[row[best].index].size()) best = p;
    }
    if (best == row.size()) continue;

    Step step;
    step.row = r;
    step.column = row[best].index;
    step.pivot = row[best].value;
    step.rhs = b;
    const Index j = step.column;
    step.cost = c[j];
    for (const Entry& e : row) {
      if (e.index != j) step.row_entries.push_back(e);
    }
    for (const Entry& e : cols[j]) {
      if (e.index != r) step.column_entries.push_back(e);
    }
    // Costs and offset: c_j x_j = c_j (b − Σ a_rk x_k)/a_rj.
    for (const Entry& e : step.row_entries) c[e.index] -= step.cost * e.value / step.pivot;
    offset += step.cost * b / step.pivot;
    // Every other row of column j: a_i ← a_i − f a_r, bounds − f b, with f = a_ij / a_rj.
    for (const Entry& ce : step.column_entries) {
      const Index i = ce.index;
      const double f = ce.value / step.pivot;
      erase(&rows[i], j);
      rl[i] -= f * b;
      ru[i] -= f * b;
      for (const Entry& re : step.row_entries) {
        const Index k = re.index;
        const double delta = -f * re.value;
        auto found = std::find_if(rows[i].begin(), rows[i].end(),
                                  [k](const Entry& e) { return e.index == k; });
        if (found == rows[i].end()) {
          rows[i].push_back({k, delta});
          cols[k].push_back({i, delta});
          continue;
        }
        const double value = found->value + delta;
        auto in_column = std::find_if(cols[k].begin(), cols[k].end(),
                                      [i](const Entry& e) { return e.index == i; });
        if (std::abs(value) <= 1e-12 * std::max(std::abs(found->value), std::abs(delta))) {
          rows[i].erase(found);  // cancelled
          cols[k].erase(in_column);
        } else {
          found->value = value;
          in_column->value = value;
        }
      }
    }
    for (const Entry& e : step.row_entries) {
      erase(&cols[e.index], r);
      locked[e.index] = 1;  // its bounds implied x_j's: they must stay explicit
    }
    rows[r].clear();
    cols[j].clear();
    row_alive[r] = 0;
    col_alive[j] = 0;
    steps_.push_back(std::move(step));
  }

  // The reduced LP, rows and columns renumbered in their original order.
  std::vector<Index> new_row(static_cast<std::size_t>(m), -1);
  for (Index i = 0; i < m; ++i) {
    if (!row_alive[i]) continue;
    new_row[i] = static_cast<Index>(kept_rows_.size());
    kept_rows_.push_back(i);
    reduced_.row_lower.push_back(rl[i]);
    reduced_.row_upper.push_back(ru[i]);
  }
  CscMatrix& matrix = reduced_.matrix;
  matrix.num_rows = static_cast<Index>(kept_rows_.size());
  matrix.starts.push_back(0);
  for (Index j = 0; j < n; ++j) {
    if (!col_alive[j]) continue;
    kept_columns_.push_back(j);
    reduced_.objective.push_back(c[j]);
    reduced_.column_lower.push_back(lo[j]);
    reduced_.column_upper.push_back(up[j]);
    std::vector<Entry> column = cols[j];
    std::sort(column.begin(), column.end(),
              [](const Entry& a, const Entry& b) { return a.index < b.index; });
    for (const Entry& e : column) {
      matrix.indices.push_back(new_row[e.index]);
      matrix.values.push_back(e.value);
    }
    matrix.starts.push_back(static_cast<Index>(matrix.indices.size()));
  }
  matrix.num_columns = static_cast<Index>(kept_columns_.size());
  reduced_.offset = offset;
}

void Substitution::Postsolve(const std::vector<double>& reduced_x,
                             const std::vector<double>& reduced_y, std::vector<double>* x,
                             std::vector<double>* y) const {
  x->assign(static_cast<std::size_t>(num_columns_), 0.0);
  y->assign(static_cast<std::size_t>(num_rows_), 0.0);
  for (std::size_t k = 0; k < kept_columns_.size(); ++k) (*x)[kept_columns_[k]] = reduced_x[k];
  for (std::size_t k = 0; k < kept_rows_.size(); ++k) (*y)[kept_rows_[k]] = reduced_y[k];
  for (Index j = 0; j < num_columns_; ++j) {
    if (column_fixed_[j]) (*x)[j] = fixed_value_[j];
  }
  for (auto step = steps_.rbegin(); step != steps_.rend(); ++step) {
    double activity = 0.0;
    for (const Entry& e : step->row_entries) activity += e.value * (*x)[e.index];
    (*x)[step->column] = (step->rhs - activity) / step->pivot;
    double priced = 0.0;
    for (const Entry& e : step->column_entries) priced += e.value * (*y)[e.index];
    (*y)[step->row] = (step->cost - priced) / step->pivot;
  }
}

}  // namespace gosplan::pdlp
