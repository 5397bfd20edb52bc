// `verify`: certifies a plan folder against the model, independently of the LP builder.
// The LP's rows and columns are re-derived here from the mathematics in include/gosplan/plan.h.
#include "gosplan/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "gosplan/model.h"
#include "verify/verify_internal.h"

namespace gosplan {

bool VerifyOptions::IsValid(std::string* error) const {
  auto fail = [&](const char* why) {
    if (error != nullptr) *error = why;
    return false;
  };
  if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) return fail("tolerance must be a finite number >= 0");
  if (!(absolute_tolerance >= 0.0) || !std::isfinite(absolute_tolerance)) {
    return fail("absolute_tolerance must be a finite number >= 0");
  }
  return true;
}

namespace verify {

Structure DeriveStructure(const Model& model) {
  Structure s;
  const int T = model.horizon();
  s.years = T;
  s.products = static_cast<Index>(model.products.size());
  s.resources = static_cast<Index>(model.resources.size());
  s.categories = static_cast<Index>(model.final_demand_categories.size());
  const std::size_t techniques = model.techniques.size();
  s.outputs.resize(techniques);
  s.inputs.resize(techniques);
  s.resource_use.resize(techniques);
  s.capital.resize(techniques);
  for (const Coefficient& c : model.outputs) s.outputs[c.technique].push_back({c.item, c.value, 0.0});
  for (const Coefficient& c : model.inputs) s.inputs[c.technique].push_back({c.item, c.value, 0.0});
  for (const Coefficient& c : model.resource_use) s.resource_use[c.technique].push_back({c.item, c.value, 0.0});
  for (const CapitalCoefficient& c : model.capital) {
    s.capital[c.technique].push_back({c.product, c.per_unit_activity, c.depreciation});
  }
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    s.enterprise_technique.emplace(std::make_pair(et.enterprise, et.technique), static_cast<Index>(n));
    for (const Entry& b : s.capital[et.technique]) {
      auto [it, inserted] = s.account_of.emplace(std::make_pair(et.enterprise, b.item),
                                                 static_cast<Index>(s.accounts.size()));
      if (inserted) {
        s.accounts.push_back({et.enterprise, b.item, b.depreciation,
                              model.enterprises[et.enterprise].construction_lag, 0.0});
      } else {
        s.accounts[it->second].depreciation = std::max(s.accounts[it->second].depreciation, b.depreciation);
      }
    }
  }
  for (const InitialStock& stock : model.initial_stocks) {
    auto it = s.account_of.find({stock.enterprise, stock.product});
    if (it != s.account_of.end()) s.accounts[it->second].initial += stock.quantity;
  }
  const std::size_t finals = static_cast<std::size_t>(s.categories * s.products * T);
  s.floor.assign(finals, 0.0);
  s.target.assign(finals, 0.0);
  s.has_final.assign(finals, 0);
  s.target_mix.assign(static_cast<std::size_t>(s.products * T), 0.0);
  for (const FinalDemand& fd : model.final_demand) {
    if (fd.year < 1 || fd.year > T) continue;
    const Index slot = s.FinalSlot(fd.category, fd.product, fd.year);
    s.floor[slot] += fd.floor;
    s.target[slot] += fd.target;
    s.has_final[slot] = 1;
    s.target_mix[fd.product * T + fd.year - 1] += fd.target;
  }
  s.year_weight = model.settings.year_weights;
  if (static_cast<int>(s.year_weight.size()) != T) s.year_weight.assign(static_cast<std::size_t>(T), 1.0);
  return s;
}

namespace {

std::string Num(double value) { return fmt::format("{:.10g}", value); }
std::string By(double value) { return fmt::format("{:.3g}", value); }

// Counts checks and records violations.
class Checker {
 public:
  Checker(const VerifyOptions& options, VerifyReport& report) : options_(options), report_(report) {}

  // Fails when `excess` > tolerance·magnitude + absolute·terms. `describe(excess)` gives the sentence.
  template <typename Describe>
  bool Check(double excess, double magnitude, int terms, const char* kind, Describe describe) {
    ++report_.checks;
    magnitude = std::abs(magnitude);
    if (std::isnan(excess)) excess = kUnbounded;
    const double scaled = excess / std::max(1.0, magnitude);
    if (excess > 0 && std::isfinite(scaled)) report_.max_violation = std::max(report_.max_violation, scaled);
    const double allowed = options_.tolerance * magnitude + options_.absolute_tolerance * std::max(1, terms);
    if (excess <= allowed) return true;
    ++report_.violation_count;
    if (report_.violations.size() < options_.max_listed) {
      report_.violations.push_back(
          {kind, std::string(kind) + ": " + describe(excess), excess, excess / std::max(magnitude, 1e-300)});
    }
    return false;
  }
  // |a − b| within tolerance of max(|a|, |b|).
  template <typename Describe>
  bool Same(double a, double b, int terms, const char* kind, Describe describe) {
    return Check(std::abs(a - b), std::max(std::abs(a), std::abs(b)), terms, kind, describe);
  }
  double tolerance() const { return options_.tolerance; }

 private:
  const VerifyOptions& options_;
  VerifyReport& report_;
};

// The plan's primal point as recovered from the documents (plan-year indexed like Structure).
struct Primal {
  std::vector<double> activity;      // z: [n·T + t − 1]
  std::vector<double> accumulation;  // a: [k·T + t − 1]
  std::vector<double> stock;         // K: [k·T + t − 1]
  std::vector<double> used;          // Σ_p b·z per account: [k·T + t − 1]
  std::vector<double> carry;         // s: [i·T + t − 1]
  std::vector<double> final_use;     // f: Structure::FinalSlot
  std::vector<double> fulfilment;    // λ: [t − 1] (plan ray)
  std::vector<double> production, intermediate, accumulated;  // per product: [i·T + t − 1]
  std::vector<double> resource_use;  // [r·T + t − 1]
};

class Verifier {
 public:
  Verifier(const Model& model, const Structure& s, const Summary& summary, const PlanDocuments& docs,
           const VerifyOptions& options, VerifyReport& report)
      : model_(model), s_(s), summary_(summary), docs_(docs), report_(report), check_(options, report) {}

  void Run() {
    RecoverActivities();
    RecoverInvestmentAndStocks();
    RecoverFlows();
    IndexQuotas();
    CheckActivityBounds();
    CheckBalances();
    CheckFinalDemandAndResources();
    CheckCapital();
    CheckQuotasAndTargetMix();
    CheckObjective();
    if (docs_.has_prices) CheckDuality();
  }

 private:
  int T() const { return s_.years; }
  int Year(int t) const { return model_.CalendarYear(t); }
  const std::string& ProductName(Index i) const { return model_.products[i].name; }
  std::string EnterpriseTechniqueName(Index n) const {
    const EnterpriseTechnique& et = model_.enterprise_techniques[n];
    return model_.enterprises[et.enterprise].name + " by " + model_.techniques[et.technique].name;
  }
  std::string AccountName(Index k) const {
    const StockAccount& a = s_.accounts[k];
    return fmt::format("{} (product {})", model_.enterprises[a.enterprise].name, model_.products[a.product].id);
  }
  static double Price(const std::vector<double>& prices, Index slot) {
    if (prices.empty()) return 0.0;
    const double value = prices[slot];
    return IsAbsent(value) ? 0.0 : value;
  }

  // z from targets.csv: quantity / out, the same for every output of the technique.
  void RecoverActivities() {
    const int T = this->T();
    x_.activity.assign(model_.enterprise_techniques.size() * T, 0.0);
    std::vector<char> known(x_.activity.size(), 0);
    std::vector<std::pair<Index, double>> first(x_.activity.size(), {-1, 0.0});  // (product, quantity)
    for (const TargetRow& row : docs_.targets) {
      const Index p = model_.enterprise_techniques[row.enterprise_technique].technique;
      double out = 0.0;
      for (const Entry& o : s_.outputs[p]) {
        if (o.item == row.product) out = o.value;
      }
      const Index slot = row.enterprise_technique * T + row.year - 1;
      if (!known[slot]) {
        known[slot] = 1;
        x_.activity[slot] = row.quantity / out;
        first[slot] = {row.product, row.quantity};
        continue;
      }
      const double z = x_.activity[slot];
      check_.Same(row.quantity, out * z, 2, "activity", [&](double by) {
        return fmt::format("{} {}: output of {} is {} but its {} output {} means activity {}, i.e. {} (off by {})",
                           EnterpriseTechniqueName(row.enterprise_technique), Year(row.year), ProductName(row.product),
                           Num(row.quantity), ProductName(first[slot].first), Num(first[slot].second), Num(z),
                           Num(out * z), By(by));
      });
    }
  }

  void RecoverInvestmentAndStocks() {
    const int T = this->T();
    const std::size_t slots = s_.accounts.size() * static_cast<std::size_t>(T);
    x_.accumulation.assign(slots, 0.0);
    for (const InvestmentRow& row : docs_.investments) {
      const StockAccount& account = s_.accounts[row.account];
      x_.accumulation[row.account * T + row.year_started - 1] = row.quantity;
      check_.Check(-row.quantity, row.quantity, 1, "investment", [&](double by) {
        return fmt::format("{} {}: negative investment {}", AccountName(row.account), Year(row.year_started),
                           Num(row.quantity));
      });
      check_.Check(std::abs(row.year_usable - (row.year_started + account.lag)), 0.0, 1, "investment",
                   [&](double) {
                     return fmt::format("{} {}: usable from {} but the construction lag of {} is {} year(s), so {}",
                                        AccountName(row.account), Year(row.year_started), Year(row.year_usable),
                                        model_.enterprises[account.enterprise].name, account.lag,
                                        Year(row.year_started + account.lag));
                   });
    }
    // K[t] = (1 − d)·K[t − 1] + a[t − L], K[0] = initial stock.
    x_.stock.assign(slots, 0.0);
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      const StockAccount& account = s_.accounts[k];
      double previous = account.initial;
      for (int t = 1; t <= T; ++t) {
        const int started = t - account.lag;
        const double arriving = started >= 1 ? x_.accumulation[k * T + started - 1] : 0.0;
        previous = (1.0 - account.depreciation) * previous + arriving;
        x_.stock[k * T + t - 1] = previous;
      }
    }
    x_.used.assign(slots, 0.0);
    for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model_.enterprise_techniques[n];
      for (const Entry& b : s_.capital[et.technique]) {
        const Index k = s_.account_of.at({et.enterprise, b.item});
        for (int t = 1; t <= T; ++t) x_.used[k * T + t - 1] += b.value * x_.activity[n * T + t - 1];
      }
    }
  }

  void RecoverFlows() {
    const int T = this->T();
    const std::size_t product_slots = static_cast<std::size_t>(s_.products * T);
    x_.production.assign(product_slots, 0.0);
    x_.intermediate.assign(product_slots, 0.0);
    x_.accumulated.assign(product_slots, 0.0);
    x_.resource_use.assign(static_cast<std::size_t>(s_.resources * T), 0.0);
    for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
      const Index p = model_.enterprise_techniques[n].technique;
      for (int t = 1; t <= T; ++t) {
        const double z = x_.activity[n * T + t - 1];
        for (const Entry& o : s_.outputs[p]) x_.production[o.item * T + t - 1] += o.value * z;
        for (const Entry& in : s_.inputs[p]) x_.intermediate[in.item * T + t - 1] += in.value * z;
        for (const Entry& u : s_.resource_use[p]) x_.resource_use[u.item * T + t - 1] += u.value * z;
      }
    }
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      for (int t = 1; t <= T; ++t) {
        x_.accumulated[s_.accounts[k].product * T + t - 1] += x_.accumulation[k * T + t - 1];
      }
    }
    x_.carry.assign(product_slots, 0.0);
    x_.final_use.assign(s_.floor.size(), 0.0);
    for (Index i = 0; i < s_.products; ++i) {
      for (int t = 1; t <= T; ++t) {
        const BalanceRow& row = docs_.balances[i * T + t - 1];
        x_.carry[i * T + t - 1] = row.stock_out;
        for (Index c = 0; c < s_.categories; ++c) x_.final_use[s_.FinalSlot(c, i, t)] = row.final_use[c];
      }
    }
    if (summary_.objective == ObjectiveKind::kPlanRay) {
      x_.fulfilment.assign(static_cast<std::size_t>(T), 0.0);
      for (const auto& [year, lambda] : summary_.fulfilment) x_.fulfilment[year - model_.settings.base_year - 1] = lambda;
    }
  }

  void CheckActivityBounds() {
    const int T = this->T();
    for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model_.enterprise_techniques[n];
      for (int t = 1; t <= T; ++t) {
        const double z = x_.activity[n * T + t - 1];
        const double lower = std::max(0.0, et.min_activity);
        check_.Check(lower - z, std::max(lower, std::abs(z)), 2, "activity", [&](double by) {
          return fmt::format("{} {}: activity {} below its minimum {} (by {})", EnterpriseTechniqueName(n), Year(t),
                             Num(z), Num(lower), By(by));
        });
        if (std::isfinite(et.max_activity)) {
          check_.Check(z - et.max_activity, std::max(et.max_activity, std::abs(z)), 2, "activity", [&](double by) {
            return fmt::format("{} {}: activity {} above its maximum {} (by {})", EnterpriseTechniqueName(n),
                               Year(t), Num(z), Num(et.max_activity), By(by));
          });
        }
      }
    }
    // capacity column of targets.csv: out·min(max_activity, K/b over the technique's capital goods).
    for (const TargetRow& row : docs_.targets) {
      const EnterpriseTechnique& et = model_.enterprise_techniques[row.enterprise_technique];
      double activity_capacity = et.max_activity;
      for (const Entry& b : s_.capital[et.technique]) {
        if (b.value <= 0) continue;
        const Index k = s_.account_of.at({et.enterprise, b.item});
        activity_capacity = std::min(activity_capacity, x_.stock[k * T + row.year - 1] / b.value);
      }
      double out = 0.0;
      for (const Entry& o : s_.outputs[et.technique]) {
        if (o.item == row.product) out = o.value;
      }
      const double expected = out * activity_capacity;
      auto describe = [&](double) {
        return fmt::format("line {}: capacity of {} for {} in {} is {}; the plan's stocks and bounds give {}",
                           row.line, EnterpriseTechniqueName(row.enterprise_technique), ProductName(row.product),
                           Year(row.year), IsAbsent(row.capacity) ? "unbounded" : Num(row.capacity),
                           std::isfinite(expected) ? Num(expected) : "unbounded");
      };
      if (std::isfinite(expected) == IsAbsent(row.capacity)) {
        check_.Check(kUnbounded, 0.0, 1, "targets.csv", describe);
      } else if (std::isfinite(expected)) {
        check_.Same(row.capacity, expected, 2, "targets.csv", describe);
      }
    }
  }

  void CheckBalances() {
    const int T = this->T();
    for (Index i = 0; i < s_.products; ++i) {
      const Product& product = model_.products[i];
      for (int t = 1; t <= T; ++t) {
        const Index slot = i * T + t - 1;
        const BalanceRow& row = docs_.balances[slot];
        const std::string where = fmt::format("{} ({}) {}", product.name, product.id, Year(t));
        const double production = x_.production[slot];
        const double intermediate = x_.intermediate[slot];
        const double accumulation = x_.accumulated[slot];
        double final_total = 0.0;
        double largest_final = 0.0;
        for (Index c = 0; c < s_.categories; ++c) {
          const double f = x_.final_use[s_.FinalSlot(c, i, t)];
          final_total += f;
          largest_final = std::max(largest_final, std::abs(f));
        }
        const double stock_out = x_.carry[slot];
        const double carried = t == 1 ? product.initial_stock : x_.carry[slot - 1];
        const double stock_in = product.storable ? (1.0 - product.storage_loss) * carried : 0.0;

        // Carried stocks: only storable products, never negative, stock_in from last year's stock_out.
        check_.Check(-stock_out, stock_out, 1, "stock", [&](double) {
          return fmt::format("{}: negative carried stock {}", where, Num(stock_out));
        });
        if (!product.storable) {
          check_.Check(std::abs(stock_out), 0.0, 1, "stock", [&](double) {
            return fmt::format("{}: {} carried to next year, but {} is not storable", where, Num(stock_out),
                               product.name);
          });
        }
        check_.Same(row.stock_in, stock_in, 2, "stock", [&](double by) {
          return fmt::format("{}: stock_in {} differs from {} carried in ({} after storage loss {}) (by {})", where,
                             Num(row.stock_in), t == 1 ? "the initial stock" : "last year's stock_out",
                             Num(stock_in), Num(product.storage_loss), By(by));
        });

        // The balance row itself.
        const double supply = production + stock_in;
        const double uses = intermediate + accumulation + final_total + stock_out;
        const double magnitude = std::max({production, stock_in, intermediate, accumulation, largest_final,
                                           std::abs(stock_out)});
        const int terms = 4 + static_cast<int>(s_.categories) + 1;
        check_.Check(uses - supply, magnitude, terms, "balance", [&](double by) {
          return fmt::format("{}: uses {} (intermediate {}, accumulation {}, final {}, carried out {}) exceed "
                             "production {} + stock carried in {} (by {})",
                             where, Num(uses), Num(intermediate), Num(accumulation), Num(final_total),
                             Num(stock_out), Num(production), Num(stock_in), By(by));
        });
        // balances.csv must say what the activities and investments say.
        auto document = [&](const char* column, double written, double recomputed, const char* source) {
          check_.Same(written, recomputed, terms, "balances.csv", [&](double by) {
            return fmt::format("line {}: {}: {} is {} but the {} give {} (by {})", row.line, where, column,
                               Num(written), source, Num(recomputed), By(by));
          });
        };
        document("production", row.production, production, "activities in targets.csv");
        document("intermediate_use", row.intermediate_use, intermediate, "activities in targets.csv");
        document("accumulation", row.accumulation, accumulation, "rows of investment.csv");
        document("surplus", row.surplus, supply - uses, "other columns");
        if (docs_.has_prices && !IsAbsent(docs_.product_quantity[slot])) {
          check_.Same(docs_.product_quantity[slot], production, terms, "prices.csv", [&](double by) {
            return fmt::format("{}: quantity {} of the product row differs from production {} (by {})", where,
                               Num(docs_.product_quantity[slot]), Num(production), By(by));
          });
        }
      }
    }
  }

  void CheckFinalDemandAndResources() {
    const int T = this->T();
    for (Index c = 0; c < s_.categories; ++c) {
      const std::string& category = model_.final_demand_categories[c];
      for (Index i = 0; i < s_.products; ++i) {
        for (int t = 1; t <= T; ++t) {
          const Index slot = s_.FinalSlot(c, i, t);
          const double f = x_.final_use[slot];
          if (!s_.has_final[slot]) {
            check_.Check(std::abs(f), 0.0, 1, "final use", [&](double) {
              return fmt::format("{} of {} in {} is {}, but the model has no final demand of {} for it", category,
                                 ProductName(i), Year(t), Num(f), category);
            });
            continue;
          }
          const double floor = s_.floor[slot];
          check_.Check(floor - f, std::max(std::abs(floor), std::abs(f)), 2, "floor", [&](double by) {
            return fmt::format("{} of {} in {}: final use {} below the floor {} (by {})", category, ProductName(i),
                               Year(t), Num(f), Num(floor), By(by));
          });
          check_.Check(-f, std::abs(f), 1, "floor", [&](double) {
            return fmt::format("{} of {} in {}: negative final use {}", category, ProductName(i), Year(t), Num(f));
          });
        }
      }
    }
    for (Index r = 0; r < s_.resources; ++r) {
      const Resource& resource = model_.resources[r];
      for (int t = 1; t <= T; ++t) {
        const double use = x_.resource_use[r * T + t - 1];
        const double available = model_.Availability(r, t);
        if (std::isfinite(available)) {
          check_.Check(use - available, std::max(std::abs(use), std::abs(available)), 2, "resource", [&](double by) {
            return fmt::format("{} {}: uses {} > available {} {} (by {})", resource.name, Year(t), Num(use),
                               Num(available), resource.unit, By(by));
          });
        }
        if (docs_.has_prices && !IsAbsent(docs_.resource_quantity[r * T + t - 1])) {
          const double written = docs_.resource_quantity[r * T + t - 1];
          check_.Same(written, use, 2, "prices.csv", [&](double by) {
            return fmt::format("{} {}: quantity {} of the resource row differs from the activities' use {} (by {})",
                               resource.name, Year(t), Num(written), Num(use), By(by));
          });
        }
      }
    }
  }

  void CheckCapital() {
    const int T = this->T();
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      const StockAccount& account = s_.accounts[k];
      for (int t = 1; t <= T; ++t) {
        const double used = x_.used[k * T + t - 1];
        const double usable = x_.stock[k * T + t - 1];
        check_.Check(used - usable, std::max(std::abs(used), std::abs(usable)), 2, "capital", [&](double by) {
          return fmt::format("{} {}: uses {} > usable stock {} (by {})", AccountName(k), Year(t), Num(used),
                             Num(usable), By(by));
        });
        if (docs_.has_prices && !IsAbsent(docs_.capital_quantity[k * T + t - 1])) {
          const double written = docs_.capital_quantity[k * T + t - 1];
          check_.Same(written, usable, 2, "prices.csv", [&](double by) {
            return fmt::format("{} {}: usable stock {} of the capital row differs from {} recomputed from the "
                               "initial stock and investment.csv (by {})",
                               AccountName(k), Year(t), Num(written), Num(usable), By(by));
          });
        }
      }
      if (model_.settings.terminal_capital) {
        const double final_stock = x_.stock[k * T + T - 1];
        check_.Check(account.initial - final_stock, std::max(account.initial, std::abs(final_stock)), 2,
                     "terminal capital", [&](double by) {
                       return fmt::format("{} {}: stock {} below the initial stock {} (the seed corn is eaten, by {})",
                                          AccountName(k), Year(T), Num(final_stock), Num(account.initial), By(by));
                     });
      }
    }
    check_.Check(summary_.terminal_capital != model_.settings.terminal_capital ? 1.0 : 0.0, 0.0, 1, "summary",
                 [&](double) {
                   return fmt::format("summary.json says terminal_capital = {} but the model says {}",
                                      summary_.terminal_capital, model_.settings.terminal_capital);
                 });
  }

  // Quotas that count product i's output in plan year t, and each quota's output in the plan.
  void IndexQuotas() {
    const int T = this->T();
    for (std::size_t q = 0; q < model_.quotas.size(); ++q) {
      const Quota& quota = model_.quotas[q];
      if (quota.year >= 1 && quota.year <= T) quotas_on_[{quota.product, quota.year}].push_back(q);
    }
    quota_output_.assign(model_.quotas.size(), 0.0);
    if (quotas_on_.empty()) return;
    for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model_.enterprise_techniques[n];
      for (int t = 1; t <= T; ++t) {
        for (const Entry& o : s_.outputs[et.technique]) {
          auto it = quotas_on_.find({o.item, t});
          if (it == quotas_on_.end()) continue;
          for (std::size_t q : it->second) {
            const Quota& quota = model_.quotas[q];
            if (quota.enterprise < 0 || quota.enterprise == et.enterprise) {
              quota_output_[q] += o.value * x_.activity[n * T + t - 1];
            }
          }
        }
      }
    }
  }

  void CheckQuotasAndTargetMix() {
    const int T = this->T();
    if (summary_.quotas_as_constraints) {
      for (std::size_t q = 0; q < model_.quotas.size(); ++q) {
        const Quota& quota = model_.quotas[q];
        if (quota.year < 1 || quota.year > T) continue;
        const double output = quota_output_[q];
        const std::string who =
            quota.enterprise >= 0 ? model_.enterprises[quota.enterprise].name : std::string("the whole economy");
        check_.Check(quota.quantity - output, std::max(quota.quantity, std::abs(output)), 2, "quota",
                     [&](double by) {
                       return fmt::format("{}: {} of {} in {}: output {} below the quota {} (by {})", quota.id, who,
                                          ProductName(quota.product), Year(quota.year), Num(output),
                                          Num(quota.quantity), By(by));
                     });
      }
    }
    if (summary_.objective != ObjectiveKind::kPlanRay) return;
    for (int t = 1; t <= T; ++t) {
      const double lambda = x_.fulfilment[t - 1];
      check_.Check(-lambda, std::abs(lambda), 1, "fulfilment", [&](double) {
        return fmt::format("{}: negative fulfilment {}", Year(t), Num(lambda));
      });
      bool has_targets = false;
      for (Index i = 0; i < s_.products; ++i) has_targets = has_targets || s_.target_mix[i * T + t - 1] > 0;
      if (!has_targets) {
        // No target mix in this year: nothing to fulfil, λ is 0 (else the plan ray would be unbounded).
        check_.Check(std::abs(lambda), 0.0, 1, "fulfilment", [&](double) {
          return fmt::format("{}: fulfilment {} in a year without a target mix", Year(t), Num(lambda));
        });
        continue;
      }
      for (Index i = 0; i < s_.products; ++i) {
        const double mix = s_.target_mix[i * T + t - 1];
        if (mix <= 0) continue;
        double final_total = 0.0;
        for (Index c = 0; c < s_.categories; ++c) final_total += x_.final_use[s_.FinalSlot(c, i, t)];
        check_.Check(lambda * mix - final_total, std::max(std::abs(lambda * mix), std::abs(final_total)), 2,
                     "target mix", [&](double by) {
                       return fmt::format("{} {}: final use {} below fulfilment {} × target {} = {} (by {})",
                                          ProductName(i), Year(t), Num(final_total), Num(lambda), Num(mix),
                                          Num(lambda * mix), By(by));
                     });
      }
    }
  }

  // The objective in maximisation form (min resources: −cost), with the magnitude of its terms.
  double MaxFormObjective(double* magnitude) const {
    const int T = this->T();
    double total = 0.0, largest = 0.0;
    auto add = [&](double term) {
      total += term;
      largest = std::max(largest, std::abs(term));
    };
    switch (summary_.objective) {
      case ObjectiveKind::kPlanRay:
        for (int t = 1; t <= T; ++t) add(s_.year_weight[t - 1] * x_.fulfilment[t - 1]);
        break;
      case ObjectiveKind::kMinResources:
        for (Index r = 0; r < s_.resources; ++r) {
          for (int t = 1; t <= T; ++t) add(-model_.resources[r].weight * x_.resource_use[r * T + t - 1]);
        }
        break;
      case ObjectiveKind::kPriorityOutput:
        for (Index i = 0; i < s_.products; ++i) {
          for (int t = 1; t <= T; ++t) add(model_.products[i].priority_weight * x_.production[i * T + t - 1]);
        }
        break;
    }
    *magnitude = std::max(largest, std::abs(total));
    return total;
  }
  double Sense() const { return summary_.objective == ObjectiveKind::kMinResources ? -1.0 : 1.0; }

  void CheckObjective() {
    double magnitude = 0.0;
    primal_ = MaxFormObjective(&magnitude);
    report_.primal_objective = Sense() * primal_;
    const double written = summary_.objective_value;
    check_.Check(IsAbsent(written) ? kUnbounded : std::abs(written - report_.primal_objective),
                 std::max(magnitude, IsAbsent(written) ? 0.0 : std::abs(written)), 4, "objective", [&](double by) {
                   return fmt::format("summary.json says {} = {} but the plan gives {} (by {})",
                                      ToString(summary_.objective), IsAbsent(written) ? "null" : Num(written),
                                      Num(report_.primal_objective), By(by));
                 });
  }

  // Accumulates the dual bound term by term: a column's best value over its bounds at reduced profit d.
  struct Column {
    double profit = 0.0;     // d_j = c_j − Σ_k a_kj·y_k (maximisation form)
    double magnitude = 0.0;  // Σ |terms| of d_j, for the tolerance
    int terms = 0;
    void Add(double term) {
      profit += term;
      magnitude = std::max(magnitude, std::abs(term));
      ++terms;
    }
  };
  template <typename Describe>
  void Bound(const Column& column, double lower, double upper, Describe describe) {
    if (column.profit > 0) {
      if (std::isfinite(upper)) {
        dual_ += column.profit * upper;
        return;
      }
      // Dual infeasible unless within tolerance: the Lagrangian would be unbounded in this column.
      check_.Check(column.profit, column.magnitude, column.terms, "reduced cost", [&](double by) {
        return fmt::format("{} earns {} per unit above its costs at the published prices but is unbounded above "
                           "(dual infeasible, by {})",
                           describe(), Num(column.profit), By(by));
      });
    } else {
      // Every column of the plan LP has a finite lower bound (≥ 0 or a floor).
      ++report_.checks;
    }
    dual_ += column.profit * lower;
  }

  template <typename Describe>
  void PriceSign(double price, Describe describe) {
    check_.Check(-price, std::abs(price), 1, "price sign", [&](double) {
      return fmt::format("shadow price of {} is {} < 0 (an inequality's price is the objective gained per unit of "
                         "relaxation, never negative)",
                         describe(), Num(price));
    });
  }

  void CheckDuality() {
    const int T = this->T();
    report_.duality_checked = true;
    const bool plan_ray = summary_.objective == ObjectiveKind::kPlanRay;
    const bool quotas = summary_.quotas_as_constraints;
    auto u_balance = [&](Index i, int t) { return Price(docs_.product_price, i * T + t - 1); };
    auto u_resource = [&](Index r, int t) { return Price(docs_.resource_price, r * T + t - 1); };
    auto u_capital = [&](Index k, int t) { return Price(docs_.capital_price, k * T + t - 1); };
    auto installed = [&](Index k, int t) { return Price(docs_.installed_price, k * T + t - 1); };
    auto u_target = [&](Index i, int t) {
      return plan_ray && s_.target_mix[i * T + t - 1] > 0 ? Price(docs_.target_price, i * T + t - 1) : 0.0;
    };
    auto u_quota = [&](std::size_t q) { return quotas ? Price(docs_.quota_price, static_cast<Index>(q)) : 0.0; };

    // Signs of the inequality duals; duals of rows the plan LP does not have must be 0.
    for (Index i = 0; i < s_.products; ++i) {
      for (int t = 1; t <= T; ++t) {
        PriceSign(u_balance(i, t), [&] { return fmt::format("{} in {}", ProductName(i), Year(t)); });
        const double target_price = Price(docs_.target_price, i * T + t - 1);
        if (plan_ray && s_.target_mix[i * T + t - 1] > 0) {
          PriceSign(target_price,
                    [&] { return fmt::format("the target mix of {} in {}", ProductName(i), Year(t)); });
        } else {
          check_.Check(std::abs(target_price), 0.0, 1, "prices.csv", [&](double) {
            return fmt::format("a target_mix price {} for {} in {}, which has no target-mix row in this plan",
                               Num(target_price), ProductName(i), Year(t));
          });
        }
      }
    }
    for (Index r = 0; r < s_.resources; ++r) {
      for (int t = 1; t <= T; ++t) {
        PriceSign(u_resource(r, t),
                  [&] { return fmt::format("{} in {}", model_.resources[r].name, Year(t)); });
      }
    }
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      for (int t = 1; t <= T; ++t) {
        PriceSign(u_capital(k, t), [&] { return fmt::format("capital {} in {}", AccountName(k), Year(t)); });
      }
    }
    for (std::size_t q = 0; q < model_.quotas.size(); ++q) {
      const double price = Price(docs_.quota_price, static_cast<Index>(q));
      if (quotas) {
        PriceSign(price, [&] { return fmt::format("quota {}", model_.quotas[q].id); });
      } else {
        check_.Check(std::abs(price), 0.0, 1, "prices.csv", [&](double) {
          return fmt::format("a price {} for quota {}, which is not a constraint of this plan", Num(price),
                             model_.quotas[q].id);
        });
      }
    }

    // Σ_k y_k·rhs_k: balance (year 1 carries the initial stock), resources, stock (year 1), quotas.
    dual_ = 0.0;
    for (Index i = 0; i < s_.products; ++i) {
      const Product& product = model_.products[i];
      if (product.storable) dual_ += u_balance(i, 1) * (1.0 - product.storage_loss) * product.initial_stock;
    }
    for (Index r = 0; r < s_.resources; ++r) {
      for (int t = 1; t <= T; ++t) {
        const double available = model_.Availability(r, t);
        const double u = u_resource(r, t);
        if (std::isfinite(available)) {
          dual_ += u * available;
        } else {
          check_.Check(std::abs(u), 0.0, 1, "price sign", [&](double) {
            return fmt::format("{} in {} is unlimited but has shadow price {}", model_.resources[r].name, Year(t),
                               Num(u));
          });
        }
      }
    }
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      dual_ += installed(k, 1) * (1.0 - s_.accounts[k].depreciation) * s_.accounts[k].initial;
    }
    for (const auto& [product_year, quotas_there] : quotas_on_) {
      for (std::size_t q : quotas_there) dual_ -= u_quota(q) * model_.quotas[q].quantity;
    }

    // Activities z[e,p,t].
    const double min_resources = summary_.objective == ObjectiveKind::kMinResources ? 1.0 : 0.0;
    const double priority = summary_.objective == ObjectiveKind::kPriorityOutput ? 1.0 : 0.0;
    for (std::size_t n = 0; n < model_.enterprise_techniques.size(); ++n) {
      const EnterpriseTechnique& et = model_.enterprise_techniques[n];
      const Index p = et.technique;
      for (int t = 1; t <= T; ++t) {
        Column column;
        for (const Entry& o : s_.outputs[p]) {
          column.Add(priority * model_.products[o.item].priority_weight * o.value);
          column.Add(o.value * u_balance(o.item, t));
          if (auto it = quotas_on_.find({o.item, t}); it != quotas_on_.end()) {
            for (std::size_t q : it->second) {
              const Quota& quota = model_.quotas[q];
              if (quota.enterprise < 0 || quota.enterprise == et.enterprise) column.Add(o.value * u_quota(q));
            }
          }
        }
        for (const Entry& in : s_.inputs[p]) column.Add(-in.value * u_balance(in.item, t));
        for (const Entry& u : s_.resource_use[p]) {
          column.Add(-min_resources * model_.resources[u.item].weight * u.value);
          column.Add(-u.value * u_resource(u.item, t));
        }
        for (const Entry& b : s_.capital[p]) {
          column.Add(-b.value * u_capital(s_.account_of.at({et.enterprise, b.item}), t));
        }
        Bound(column, et.min_activity, et.max_activity,
              [&] { return fmt::format("the activity of {} in {}", EnterpriseTechniqueName(n), Year(t)); });
      }
    }
    // Accumulation a[e,i,t] and usable stock K[e,i,t].
    for (std::size_t k = 0; k < s_.accounts.size(); ++k) {
      const StockAccount& account = s_.accounts[k];
      for (int t = 1; t <= T; ++t) {
        Column accumulation;
        accumulation.Add(-u_balance(account.product, t));
        if (t + account.lag <= T) accumulation.Add(installed(k, t + account.lag));
        Bound(accumulation, 0.0, kUnbounded,
              [&] { return fmt::format("investment into {} in {}", AccountName(k), Year(t)); });
        Column stock;
        stock.Add(u_capital(k, t));
        stock.Add(-installed(k, t));
        if (t < T) stock.Add((1.0 - account.depreciation) * installed(k, t + 1));
        const double lower = t == T && model_.settings.terminal_capital ? account.initial : 0.0;
        Bound(stock, lower, kUnbounded, [&] { return fmt::format("the stock of {} in {}", AccountName(k), Year(t)); });
      }
    }
    // Carried stocks s[i,t].
    for (Index i = 0; i < s_.products; ++i) {
      const Product& product = model_.products[i];
      if (!product.storable) continue;
      for (int t = 1; t <= T; ++t) {
        Column carry;
        carry.Add(-u_balance(i, t));
        if (t < T) carry.Add((1.0 - product.storage_loss) * u_balance(i, t + 1));
        Bound(carry, 0.0, kUnbounded,
              [&] { return fmt::format("the stock of {} carried out of {}", ProductName(i), Year(t)); });
      }
    }
    // Final use f[c,i,t] ≥ F.
    for (Index c = 0; c < s_.categories; ++c) {
      for (Index i = 0; i < s_.products; ++i) {
        for (int t = 1; t <= T; ++t) {
          const Index slot = s_.FinalSlot(c, i, t);
          if (!s_.has_final[slot]) continue;
          Column final_use;
          final_use.Add(-u_balance(i, t));
          final_use.Add(u_target(i, t));
          Bound(final_use, s_.floor[slot], kUnbounded, [&] {
            return fmt::format("{} of {} in {}", model_.final_demand_categories[c], ProductName(i), Year(t));
          });
        }
      }
    }
    // Fulfilment λ[t] (held at 0 in a year without a target mix).
    if (plan_ray) {
      for (int t = 1; t <= T; ++t) {
        Column fulfilment;
        fulfilment.Add(s_.year_weight[t - 1]);
        bool has_targets = false;
        for (Index i = 0; i < s_.products; ++i) {
          const double mix = s_.target_mix[i * T + t - 1];
          if (mix <= 0) continue;
          has_targets = true;
          fulfilment.Add(-mix * u_target(i, t));
        }
        Bound(fulfilment, 0.0, has_targets ? kUnbounded : 0.0,
              [&] { return fmt::format("the fulfilment of {}", Year(t)); });
      }
    }

    report_.dual_objective = Sense() * dual_;
    const double gap = std::abs(dual_ - primal_);
    report_.duality_gap = gap / (1.0 + std::abs(primal_));
    check_.Check(gap, 1.0 + std::abs(primal_), 0, "duality gap", [&](double) {
      return fmt::format("the plan's objective {} and the bound {} from the published prices differ by {} "
                         "(relative {}): the prices do not prove the plan optimal",
                         Num(report_.primal_objective), Num(report_.dual_objective), By(gap),
                         By(report_.duality_gap));
    });
  }

  const Model& model_;
  const Structure& s_;
  const Summary& summary_;
  const PlanDocuments& docs_;
  VerifyReport& report_;
  Checker check_;
  Primal x_;
  std::map<std::pair<Index, int>, std::vector<std::size_t>> quotas_on_;  // (product, year) -> quotas
  std::vector<double> quota_output_;                                   // per quota
  double primal_ = 0.0;  // maximisation form
  double dual_ = 0.0;    // maximisation form
};

}  // namespace
}  // namespace verify

Result<VerifyReport> VerifyPlan(const std::string& model_folder, const std::string& plan_folder,
                                const VerifyOptions& options) {
  std::string error;
  if (!options.IsValid(&error)) return Status::InvalidInput("--tolerance", 0, 0, error);
  if (!std::filesystem::is_directory(plan_folder)) {
    return Status::InvalidInput(plan_folder, 0, 0, "plan folder not found", "a folder written by gosplan plan");
  }
  const std::string summary_path = (std::filesystem::path(plan_folder) / "summary.json").string();
  auto summary = verify::ReadSummary(summary_path);
  if (!summary.ok()) return summary.status();

  // The plan may have been made for another horizon than model.toml's (`plan --horizon`).
  auto model = LoadModel(model_folder);
  if (!model.ok()) return model.status();
  if (model->horizon() != summary->horizon) {
    LoadOptions load_options;
    load_options.horizon_override = summary->horizon;
    model = LoadModel(model_folder, load_options);
    if (!model.ok()) return model.status();
  }
  if (model->settings.base_year != summary->base_year) {
    return Status::InvalidInput(summary_path, 0, 0,
                                fmt::format("base_year {} differs from the model's {}", summary->base_year,
                                            model->settings.base_year),
                                "a plan of this model");
  }

  VerifyReport report;
  report.plan_status = summary->status;
  report.approximate = summary->status == "approximate";
  report.has_solution = summary->status == "optimal" || report.approximate;
  if (!verify::IsAbsent(summary->stated_tolerance)) report.stated_tolerance = summary->stated_tolerance;
  // An approximate plan holds only within the tolerance it states; check it there, not tighter.
  VerifyOptions effective = options;
  if (report.approximate) effective.tolerance = std::max(options.tolerance, report.stated_tolerance);
  report.tolerance = effective.tolerance;
  if (!report.has_solution) return report;

  const verify::Structure structure = verify::DeriveStructure(model.value());
  Diagnostics diagnostics;
  const verify::PlanDocuments documents =
      verify::ReadPlanDocuments(model.value(), structure, plan_folder, diagnostics);
  if (summary->objective == ObjectiveKind::kPlanRay) {
    std::vector<int> seen(static_cast<std::size_t>(structure.years), 0);
    for (const auto& [year, lambda] : summary->fulfilment) {
      const int t = year - model->settings.base_year;
      if (t < 1 || t > structure.years || seen[t - 1]++ > 0) {
        diagnostics.Add(summary_path, 0, 0, fmt::format("fulfilment year {} is outside the plan or repeated", year),
                        "one entry per plan year");
      }
    }
    if (std::count(seen.begin(), seen.end(), 0) > 0) {
      diagnostics.Add(summary_path, 0, 0, "fulfilment does not list every plan year", "one entry per plan year");
    }
  }
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));

  if (!summary->model_checksum.empty()) {
    const std::string checksum = verify::ModelFolderChecksum(model_folder);
    if (checksum != summary->model_checksum) {
      report.notes.push_back(fmt::format(
          "the model folder's checksum {} differs from {} in summary.json: the plan was made from another "
          "version of the model (the checks below are against the model as it is now)",
          checksum, summary->model_checksum));
    }
  }
  verify::Verifier(model.value(), structure, summary.value(), documents, effective, report).Run();
  return report;
}

}  // namespace gosplan
