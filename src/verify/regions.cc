// Regions and transport in `verify` (docs/planning-model.md, "Regions and transport"):
// regional_balances.csv and transport.csv read back, every regional balance recomputed from the
// plan's activities, investments and flows, and the transport columns' part of the duality check.
// Derived from the mathematics alone, never from src/plan/:
//   balance[i,g,t]: Σ_{e in g} out·z − Σ_{e in g} in·z − outlays of g's investments − owed[i,g,t]
//                   − Σ_c f[c,i,g,t] − s[i,g,t] + (1 − loss)·s[i,g,t−1] + (m − e)·[g = first]
//                   + Σ_{l into g} x[l,t] − Σ_{l out of g} x[l,t] − Σ_{l out of g, c_l = i}
//                   κ_l·x[l,t] − Σ_{l out of g, k_l = i} φ_l·n[l,t] ≥ 0,
//   cap[l,t]:       x[l,t] − Σ_{s + L_l ≤ t} n[l,s] ≤ C_l,   x, n ≥ 0.
#include <filesystem>
#include <optional>

#include "util/csv.h"
#include "verify/plan_tables.h"
#include "verify/verify_internal.h"

namespace gosplan::verify {
namespace {

bool Limited(const TransportLink& link) { return std::isfinite(link.capacity); }
bool Extendable(const TransportLink& link) { return Limited(link) && link.capacity_product >= 0; }
double Kappa(const TransportLink& link) {
  return link.transport_product >= 0 ? link.distance_km * link.transport_per_unit_km : 0.0;
}

}  // namespace

void DeriveRegions(const Model& model, Structure& s) {
  s.regions = model.regions.empty() ? 1 : static_cast<Index>(model.regions.size());
  s.enterprise_region.assign(model.enterprises.size(), 0);
  for (std::size_t e = 0; e < model.enterprises.size() && !model.regions.empty(); ++e) {
    auto it = model.region_index.find(model.enterprises[e].region);
    s.enterprise_region[e] = it == model.region_index.end() ? 0 : it->second;  // loader-checked
  }
  s.regional_owed_outlay.assign(static_cast<std::size_t>(s.products * s.regions * s.years), 0.0);
}

double BalancePrice(const PlanUnderCheck& plan, Index product, Index region, int year) {
  const std::vector<double>& prices =
      plan.model.regions.empty() ? plan.docs.product_price : plan.docs.regions.price;
  if (prices.empty()) return 0.0;
  const double value =
      prices[static_cast<std::size_t>((product * plan.s.regions + region) * plan.T() + year - 1)];
  return IsAbsent(value) ? 0.0 : value;
}

void ReadRegionalDocuments(const Model& model, const Structure& s, const std::string& folder,
                           PlanDocuments& docs, Diagnostics& diagnostics) {
  RegionalDocuments& regions = docs.regions;
  const int T = s.years;
  const Index G = s.regions;
  const std::size_t slots = static_cast<std::size_t>(s.products * G * T);
  regions.balances.assign(slots, BalanceRow{});
  for (auto* column :
       {&regions.transport_use, &regions.transport_in, &regions.transport_out, &regions.price}) {
    column->assign(slots, 0.0);
  }
  const bool trade = !model.world_prices.empty();
  std::vector<std::string> names = {"product",     "region",           "year",
                                    "production",  "intermediate_use", "transport_use",
                                    "accumulation"};
  for (const std::string& category : model.final_demand_categories)
    names.push_back("final_" + category);
  names.insert(names.end(), {"stock_in", "stock_out"});
  if (trade) names.insert(names.end(), {"imports", "exports"});
  names.insert(names.end(), {"transport_in", "transport_out", "surplus", "price"});
  const std::vector<std::string_view> views(names.begin(), names.end());
  const std::string path = (std::filesystem::path(folder) / "regional_balances.csv").string();
  std::vector<int> c;
  if (auto file = OpenPlanTable(path, views, c, diagnostics)) {
    util::CsvRow row;
    while (file->Next(row, diagnostics)) {
      const auto& f = row.fields;
      auto i = LookupId(model.product_index, f[c[0]], path, row.line, c[0], "product", diagnostics);
      auto g = LookupId(model.region_index, f[c[1]], path, row.line, c[1], "region", diagnostics);
      auto t = PlanYear(model, f[c[2]], path, row.line, c[2], diagnostics);
      std::vector<double> numbers;
      bool parsed = true;
      for (std::size_t k = 3; k < names.size(); ++k) {
        auto number = util::ParseNumber(f[c[k]], path, row.line, c[k], diagnostics, names[k]);
        parsed = parsed && number.has_value();
        numbers.push_back(number.value_or(0.0));
      }
      if (!i || !g || !t || !parsed) continue;
      const std::size_t slot = static_cast<std::size_t>((*i * G + *g) * T + *t - 1);
      BalanceRow& balance = regions.balances[slot];
      if (balance.present) {
        diagnostics.Add(path, row.line, 0,
                        fmt::format("second row for product '{}', region '{}', year {}", f[c[0]],
                                    f[c[1]], f[c[2]]),
                        "one row per product, region and year");
        continue;
      }
      balance.present = true;
      balance.line = row.line;
      std::size_t k = 0;
      balance.production = numbers[k++];
      balance.intermediate_use = numbers[k++];
      regions.transport_use[slot] = numbers[k++];
      balance.accumulation = numbers[k++];
      for (std::size_t n = 0; n < model.final_demand_categories.size(); ++n)
        balance.final_use.push_back(numbers[k++]);
      balance.stock_in = numbers[k++];
      balance.stock_out = numbers[k++];
      if (trade) {
        balance.imports = numbers[k++];
        balance.exports = numbers[k++];
      }
      regions.transport_in[slot] = numbers[k++];
      regions.transport_out[slot] = numbers[k++];
      balance.surplus = numbers[k++];
      regions.price[slot] = numbers[k++];
    }
    for (std::size_t slot = 0; slot < slots && !diagnostics.full(); ++slot) {
      if (regions.balances[slot].present) continue;
      const Index i = static_cast<Index>(slot) / (G * T);
      const Index g = (static_cast<Index>(slot) / T) % G;
      diagnostics.Add(
          path, 0, 0,
          fmt::format("no row for product '{}', region '{}', year {}", model.products[i].id,
                      model.regions[g].id, model.CalendarYear(static_cast<int>(slot % T) + 1)),
          "one row per product, region and plan year");
    }
  }

  const std::size_t links = model.transport_links.size() * static_cast<std::size_t>(T);
  regions.quantity.assign(links, 0.0);
  regions.capacity_started.assign(links, 0.0);
  regions.rent.assign(links, 0.0);
  regions.link_line.assign(links, 0);
  if (model.transport_links.empty()) return;
  const std::string transport_path = (std::filesystem::path(folder) / "transport.csv").string();
  std::vector<int> d;
  auto file = OpenPlanTable(
      transport_path, {"link", "year", "quantity", "capacity_started", "rent"}, d, diagnostics);
  if (!file) return;
  util::CsvRow row;
  while (file->Next(row, diagnostics)) {
    const auto& f = row.fields;
    auto l = LookupId(model.transport_link_index, f[d[0]], transport_path, row.line, d[0],
                      "transport link", diagnostics);
    auto t = PlanYear(model, f[d[1]], transport_path, row.line, d[1], diagnostics);
    auto quantity =
        util::ParseNumber(f[d[2]], transport_path, row.line, d[2], diagnostics, "quantity");
    auto started =
        util::ParseNumber(f[d[3]], transport_path, row.line, d[3], diagnostics, "capacity_started");
    auto rent = util::ParseNumber(f[d[4]], transport_path, row.line, d[4], diagnostics, "rent");
    if (!l || !t || !quantity || !started || !rent) continue;
    const std::size_t slot = static_cast<std::size_t>(*l * T + *t - 1);
    if (regions.link_line[slot] != 0) {
      diagnostics.Add(transport_path, row.line, 0,
                      fmt::format("second row for link '{}', year {}", f[d[0]], f[d[1]]),
                      "one row per link and year");
      continue;
    }
    regions.link_line[slot] = row.line;
    regions.quantity[slot] = *quantity;
    regions.capacity_started[slot] = *started;
    regions.rent[slot] = *rent;
  }
  for (std::size_t slot = 0; slot < links && !diagnostics.full(); ++slot) {
    if (regions.link_line[slot] != 0) continue;
    diagnostics.Add(transport_path, 0, 0,
                    fmt::format("no row for link '{}', year {}", model.transport_links[slot / T].id,
                                model.CalendarYear(static_cast<int>(slot % T) + 1)),
                    "one row per transport link and plan year");
  }
}

void CheckRegions(PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  const Structure& s = plan.s;
  const RegionalDocuments& docs = plan.docs.regions;
  Primal& x = plan.x;
  const int T = plan.T();
  const Index G = s.regions;
  const Index P = s.products;
  const std::size_t slots = static_cast<std::size_t>(P * G * T);
  auto slot_of = [&](Index i, Index g, int t) {
    return static_cast<std::size_t>((i * G + g) * T + t - 1);
  };
  std::vector<double> production(slots, 0.0), intermediate(slots, 0.0), accumulated(slots, 0.0);
  std::vector<double> used(slots, 0.0), moved_in(slots, 0.0), moved_out(slots, 0.0);

  // Transport flows: ≥ 0, within capacity; their transport product and the capacity built.
  for (std::size_t l = 0; l < model.transport_links.size(); ++l) {
    const TransportLink& link = model.transport_links[l];
    double built = 0.0;
    for (int t = 1; t <= T; ++t) {
      const double moved = docs.quantity[l * T + t - 1];
      const double started = docs.capacity_started[l * T + t - 1];
      const std::string where = fmt::format("link {} in {}", link.id, plan.Year(t));
      check.Check(-moved, moved, 1, "transport", [&](double) {
        return fmt::format("{}: negative quantity {}", where, Num(moved));
      });
      check.Check(Extendable(link) ? -started : std::abs(started), std::abs(started), 1,
                  "transport", [&](double) {
                    return fmt::format(
                        "{}: capacity_started {} ({})", where, Num(started),
                        Extendable(link) ? "negative" : "the link cannot be extended");
                  });
      if (t - link.construction_lag >= 1)
        built += docs.capacity_started[l * T + t - link.construction_lag - 1];
      if (Limited(link)) {
        check.Check(moved - link.capacity - built, std::max(moved, link.capacity + built), 2,
                    "transport", [&](double by) {
                      return fmt::format("{}: {} moved beyond the capacity {} (by {})", where,
                                         Num(moved), Num(link.capacity + built), By(by));
                    });
      }
      moved_out[slot_of(link.product, link.from_region, t)] += moved;
      moved_in[slot_of(link.product, link.to_region, t)] += moved;
      if (link.transport_product >= 0) {
        used[slot_of(link.transport_product, link.from_region, t)] += Kappa(link) * moved;
        x.intermediate[link.transport_product * T + t - 1] += Kappa(link) * moved;
      }
      if (Extendable(link)) {
        accumulated[slot_of(link.capacity_product, link.from_region, t)] +=
            link.capacity_cost * started;
        x.accumulated[link.capacity_product * T + t - 1] += link.capacity_cost * started;
      }
    }
  }
  // Production, intermediate use and investment outlays where the enterprises are.
  for (std::size_t n = 0; n < model.enterprise_techniques.size(); ++n) {
    const EnterpriseTechnique& et = model.enterprise_techniques[n];
    const Index g = s.enterprise_region[static_cast<std::size_t>(et.enterprise)];
    for (int t = 1; t <= T; ++t) {
      const double z = x.activity[n * T + t - 1];
      for (const Entry& o : s.outputs[et.technique])
        production[slot_of(o.item, g, t)] += o.value * z;
      for (const Entry& in : s.inputs[et.technique])
        intermediate[slot_of(in.item, g, t)] += in.value * z;
    }
  }
  for (std::size_t k = 0; k < s.accounts.size(); ++k) {
    const StockAccount& account = s.accounts[k];
    const Index g = s.enterprise_region[static_cast<std::size_t>(account.enterprise)];
    for (int t = 1; t <= T; ++t) {
      for (std::size_t o = 0; o < account.outlay.size(); ++o) {
        const int paid = t + static_cast<int>(o);
        if (paid > T) break;
        accumulated[slot_of(account.product, g, paid)] +=
            account.outlay[o] * x.accumulation[k * T + t - 1];
      }
    }
  }
  for (std::size_t slot = 0; slot < slots; ++slot)
    accumulated[slot] += s.regional_owed_outlay[slot];

  // Regional final use: at least each row's floor, nothing where no row asks, adding up to the
  // national final use of balances.csv.
  std::vector<char> has_final(static_cast<std::size_t>(s.categories) * slots, 0);
  for (const FinalDemand& fd : model.final_demand) {
    const Index g = fd.region < 0 ? 0 : fd.region;
    const std::size_t slot = slot_of(fd.product, g, fd.year);
    has_final[static_cast<std::size_t>(fd.category) * slots + slot] = 1;
    const double f = docs.balances[slot].final_use[static_cast<std::size_t>(fd.category)];
    check.Check(
        fd.floor - f, std::max(fd.floor, std::abs(f)), 2, "final-demand floor", [&](double by) {
          return fmt::format("{} of {} in {} in {}: final use {} below the floor {} (by {})",
                             model.final_demand_categories[fd.category],
                             plan.ProductName(fd.product), model.regions[g].name,
                             plan.Year(fd.year), Num(f), Num(fd.floor), By(by));
        });
  }
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    for (int t = 1; t <= T; ++t) {
      for (Index c = 0; c < s.categories; ++c) {
        double total = 0.0;
        for (Index g = 0; g < G; ++g) {
          const double f = docs.balances[slot_of(i, g, t)].final_use[static_cast<std::size_t>(c)];
          total += f;
          if (!has_final[static_cast<std::size_t>(c) * slots + slot_of(i, g, t)]) {
            check.Check(std::abs(f), 0.0, 1, "regional_balances.csv", [&](double) {
              return fmt::format("line {}: {} {} final_{} is {}, but {} has no such final demand",
                                 docs.balances[slot_of(i, g, t)].line, product.id, plan.Year(t),
                                 model.final_demand_categories[c], Num(f), model.regions[g].name);
            });
          }
        }
        const double national = x.final_use[s.FinalSlot(c, i, t)];
        check.Same(total, national, static_cast<int>(G), "regional_balances.csv", [&](double by) {
          return fmt::format(
              "{} {}: final_{} adds up to {} over the regions, balances.csv says {} (by {})",
              product.id, plan.Year(t), model.final_demand_categories[c], Num(total), Num(national),
              By(by));
        });
      }
      // Carried stocks stay in their region; they add up to the national ones.
      double carried = 0.0;
      for (Index g = 0; g < G; ++g) {
        const BalanceRow& row = docs.balances[slot_of(i, g, t)];
        carried += row.stock_out;
        const double previous = t == 1 ? (g == 0 ? product.initial_stock : 0.0)
                                       : docs.balances[slot_of(i, g, t - 1)].stock_out;
        const double stock_in = product.storable ? (1.0 - product.storage_loss) * previous : 0.0;
        check.Check(product.storable ? -row.stock_out : std::abs(row.stock_out),
                    std::abs(row.stock_out), 1, "stock", [&](double) {
                      return fmt::format("{} in {} {}: stock_out {}", product.id,
                                         model.regions[g].name, plan.Year(t), Num(row.stock_out));
                    });
        check.Same(row.stock_in, stock_in, 2, "stock", [&](double by) {
          return fmt::format("{} in {} {}: stock_in {} but {} carried in (by {})", product.id,
                             model.regions[g].name, plan.Year(t), Num(row.stock_in), Num(stock_in),
                             By(by));
        });
      }
      check.Same(carried, x.carry[i * T + t - 1], static_cast<int>(G), "regional_balances.csv",
                 [&](double by) {
                   return fmt::format(
                       "{} {}: stock_out adds up to {} over the regions, "
                       "balances.csv says {} (by {})",
                       product.id, plan.Year(t), Num(carried), Num(x.carry[i * T + t - 1]), By(by));
                 });
    }
  }

  // Each regional balance, and regional_balances.csv against the recomputation.
  for (Index i = 0; i < P; ++i) {
    const Product& product = model.products[i];
    for (Index g = 0; g < G; ++g) {
      for (int t = 1; t <= T; ++t) {
        const std::size_t slot = slot_of(i, g, t);
        const BalanceRow& row = docs.balances[slot];
        const std::string where = fmt::format("{} ({}) in {} {}", product.name, product.id,
                                              model.regions[g].name, plan.Year(t));
        const double imports = g == 0 && !x.imports.empty() ? x.imports[i * T + t - 1] : 0.0;
        const double exports = g == 0 && !x.exports.empty() ? x.exports[i * T + t - 1] : 0.0;
        double final_total = 0.0, largest_final = 0.0;
        for (double f : row.final_use) {
          final_total += f;
          largest_final = std::max(largest_final, std::abs(f));
        }
        const double supply = production[slot] + row.stock_in + imports + moved_in[slot];
        const double uses = intermediate[slot] + used[slot] + accumulated[slot] + final_total +
                            row.stock_out + exports + moved_out[slot];
        const double magnitude =
            std::max({production[slot], row.stock_in, imports, moved_in[slot], intermediate[slot],
                      used[slot], accumulated[slot], largest_final, std::abs(row.stock_out),
                      exports, moved_out[slot]});
        const int terms = 8 + static_cast<int>(s.categories);
        check.Check(uses - supply, magnitude, terms, "balance", [&](double by) {
          return fmt::format("{}: uses {} exceed supply {} (by {})", where, Num(uses), Num(supply),
                             By(by));
        });
        auto document = [&](const char* column, double written, double recomputed) {
          check.Same(written, recomputed, terms, "regional_balances.csv", [&](double by) {
            return fmt::format("line {}: {}: {} is {} but the plan gives {} (by {})", row.line,
                               where, column, Num(written), Num(recomputed), By(by));
          });
        };
        document("production", row.production, production[slot]);
        document("intermediate_use", row.intermediate_use, intermediate[slot]);
        document("transport_use", docs.transport_use[slot], used[slot]);
        document("accumulation", row.accumulation, accumulated[slot]);
        document("transport_in", docs.transport_in[slot], moved_in[slot]);
        document("transport_out", docs.transport_out[slot], moved_out[slot]);
        document("imports", row.imports, imports);
        document("exports", row.exports, exports);
        check.Check(std::abs(row.surplus - (supply - uses)),
                    std::max(magnitude, std::abs(row.surplus)), terms, "regional_balances.csv",
                    [&](double by) {
                      return fmt::format(
                          "line {}: {}: surplus is {} but the other columns give "
                          "{} (by {})",
                          row.line, where, Num(row.surplus), Num(supply - uses), By(by));
                    });
      }
    }
  }
}

double RegionsDualBound(const PlanUnderCheck& plan, Checker& check) {
  const Model& model = plan.model;
  if (model.regions.empty()) return 0.0;
  const Structure& s = plan.s;
  const RegionalDocuments& docs = plan.docs.regions;
  const int T = plan.T();
  auto sign = [&](double price, const std::string& what) {
    check.Check(-price, std::abs(price), 1, "price sign", [&](double) {
      return fmt::format("shadow price of {} is {} < 0", what, Num(price));
    });
  };
  for (Index i = 0; i < s.products; ++i) {
    for (Index g = 0; g < s.regions; ++g) {
      for (int t = 1; t <= T; ++t) {
        sign(BalancePrice(plan, i, g, t),
             fmt::format("{} in {} {}", plan.ProductName(i), model.regions[g].name, plan.Year(t)));
      }
    }
  }
  double bound = 0.0;
  for (std::size_t l = 0; l < model.transport_links.size(); ++l) {
    const TransportLink& link = model.transport_links[l];
    auto rent = [&](int t) { return Limited(link) ? docs.rent[l * T + t - 1] : 0.0; };
    for (int t = 1; t <= T; ++t) {
      if (Limited(link)) {
        sign(rent(t), fmt::format("link {}'s capacity in {}", link.id, plan.Year(t)));
        bound += rent(t) * link.capacity;  // a ≤ row: its price times its right-hand side
      } else {
        check.Check(std::abs(docs.rent[l * T + t - 1]), 0.0, 1, "transport.csv", [&](double) {
          return fmt::format("link {} is unlimited but has a rent {} in {}", link.id,
                             Num(docs.rent[l * T + t - 1]), plan.Year(t));
        });
      }
      // x[l,t]: y[i,b,t] − y[i,a,t] − κ·y[c,a,t] − μ[l,t] ≤ 0 (the column is unbounded above).
      double profit = BalancePrice(plan, link.product, link.to_region, t) -
                      BalancePrice(plan, link.product, link.from_region, t) - rent(t);
      double magnitude = std::max(BalancePrice(plan, link.product, link.to_region, t),
                                  BalancePrice(plan, link.product, link.from_region, t));
      if (link.transport_product >= 0) {
        const double cost =
            Kappa(link) * BalancePrice(plan, link.transport_product, link.from_region, t);
        profit -= cost;
        magnitude = std::max(magnitude, cost);
      }
      check.Check(profit, magnitude, 4, "reduced cost", [&](double by) {
        return fmt::format(
            "moving {} over link {} in {} earns {} per unit above its transport cost at the "
            "published prices, but the flow is unbounded above (dual infeasible, by {})",
            plan.ProductName(link.product), link.id, plan.Year(t), Num(profit), By(by));
      });
      if (!Extendable(link)) continue;
      // n[l,t]: −φ·y[k,a,t] + Σ_{u ≥ t + L} μ[l,u] ≤ 0.
      double gain = 0.0;
      for (int u = t + link.construction_lag; u <= T; ++u) gain += rent(u);
      const double outlay =
          link.capacity_cost * BalancePrice(plan, link.capacity_product, link.from_region, t);
      check.Check(gain - outlay, std::max(gain, outlay), 2, "reduced cost", [&](double by) {
        return fmt::format(
            "building capacity on link {} in {} earns {} in rents against an outlay worth {} "
            "(dual infeasible, by {})",
            link.id, plan.Year(t), Num(gain), Num(outlay), By(by));
      });
    }
  }
  return bound;
}

}  // namespace gosplan::verify
