// Writes a plan folder: the documents a plan issues (targets, investment) and the evidence behind
// them (balances, shadow prices, summary). Tables go through util::CsvWriter: numbers in their
// shortest round-trip decimal form, so the same plan always gives the same bytes. No file holds a
// timing, host or thread-count fact.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gosplan/plan.h"
#include "plan/regions_program.h"
#include "util/atomic_output.h"
#include "util/csv_writer.h"
#include "util/fnv1a.h"

namespace gosplan {
namespace {

// Significant digits of the numbers in plan tables: twelve keep every figure far inside any
// tolerance a plan states (1e-6 for an optimal plan) and drop the last bits of solver arithmetic,
// so that 0.9 is not written 0.8999999999999998.
constexpr int kPlanDigits = 12;

std::string TargetsCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Header("enterprise", "technique", "product", "year", "quantity", "capacity", "utilisation",
             "enterprise_kind", "enterprise_name", "product_name", "unit");
  for (const ProductionTarget& t : plan.targets) {
    csv.Text(model.enterprises[t.enterprise].id)
        .Text(model.techniques[t.technique].id)
        .Text(model.products[t.product].id)
        .Integer(model.CalendarYear(t.year))
        .Number(t.quantity)
        .Number(t.capacity)
        .Number(t.utilisation)
        .Text(ToString(model.enterprises[t.enterprise].kind))
        .Text(model.enterprises[t.enterprise].name)
        .Text(model.products[t.product].name)
        .Text(model.products[t.product].unit)
        .EndRow();
  }
  return out;
}

std::string InvestmentCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Header("enterprise", "product", "year_started", "year_usable", "quantity", "enterprise_name",
             "product_name", "unit");
  for (const Investment& i : plan.investments) {
    csv.Text(model.enterprises[i.enterprise].id)
        .Text(model.products[i.product].id)
        .Integer(model.CalendarYear(i.year_started))
        .Integer(model.CalendarYear(i.year_usable))
        .Number(i.quantity)
        .Text(model.enterprises[i.enterprise].name)
        .Text(model.products[i.product].name)
        .Text(model.products[i.product].unit)
        .EndRow();
  }
  return out;
}

std::string BalancesCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Text("product").Text("year").Text("production").Text("intermediate_use").Text("accumulation");
  for (const std::string& category : model.final_demand_categories) csv.Text("final_" + category);
  // With foreign trade: imports and exports before the surplus (the columns exist only then, so a
  // closed economy's folder is unchanged).
  const bool trade = !plan.currency.empty();
  csv.Text("stock_in").Text("stock_out");
  if (trade) csv.Text("imports").Text("exports");
  csv.Text("surplus").Text("name").Text("unit").EndRow();
  for (const ProductBalance& b : plan.balances) {
    csv.Text(model.products[b.product].id)
        .Integer(model.CalendarYear(b.year))
        .Number(b.production)
        .Number(b.intermediate_use)
        .Number(b.accumulation);
    for (double f : b.final_use) csv.Number(f);
    csv.Number(b.stock_in).Number(b.stock_out);
    if (trade) csv.Number(b.imports).Number(b.exports);
    csv.Number(b.surplus);
    csv.Text(model.products[b.product].name).Text(model.products[b.product].unit).EndRow();
  }
  return out;
}

// trade.csv (foreign trade): per world_prices.csv row the flows, the world prices, the product's
// shadow price and its valuation in currency units (shadow price over the currency's, the plan's
// real exchange rate for that product; empty where the currency is free that year).
std::string TradeCsv(const Model& model, const Plan& plan) {
  const int T = model.horizon();
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Text("product").Text("year").Text("exports").Text("imports").Text("export_price");
  csv.Text("import_price").Text("product_price").Text("currency_price").Text("value_in_currency");
  csv.Text("name").Text("unit").EndRow();
  auto price_cell = [&](double price) {
    if (price < kUnbounded) {
      csv.Number(price);
    } else {
      csv.Empty();
    }
  };
  for (std::size_t k = 0; k < plan.trade.size(); ++k) {
    const TradeFlow& flow = plan.trade[k];
    const WorldPrice& price = model.world_prices[k];
    const Product& product = model.products[flow.product];
    const double y = plan.product_prices[flow.product * T + flow.year - 1];
    const double pi = plan.currency[flow.year - 1].price;
    csv.Text(product.id).Integer(model.CalendarYear(flow.year)).Number(flow.exports);
    csv.Number(flow.imports);
    price_cell(price.export_price);
    price_cell(price.import_price);
    csv.Number(y).Number(pi);
    if (pi > 1e-12) {
      csv.Number(y / pi);
    } else {
      csv.Empty();
    }
    csv.Text(product.name).Text(product.unit).EndRow();
  }
  return out;
}

// currency.csv (foreign trade): the currency account of each year and its shadow price.
std::string CurrencyCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Text("year").Text("earnings").Text("spending").Text("debt").Text("interest");
  csv.Text("reserves").Text("currency_price").Text("currency").EndRow();
  for (const CurrencyYear& account : plan.currency) {
    csv.Integer(model.CalendarYear(account.year))
        .Number(account.earnings)
        .Number(account.spending)
        .Number(account.debt)
        .Number(account.interest)
        .Number(account.reserves)
        .Number(account.price)
        .Text(model.settings.trade_currency)
        .EndRow();
  }
  return out;
}

// The numeraire's shadow price in plan year t (PlanOptions::price_numeraire), or 0 when there is
// none or it is not scarce that year (a price of 0 cannot be a unit of account).
double NumerairePrice(const Model& model, const Plan& plan, int t) {
  if (plan.settings.price_numeraire.empty()) return 0.0;
  auto it = model.resource_index.find(plan.settings.price_numeraire);
  if (it == model.resource_index.end()) return 0.0;
  const double price = plan.resource_prices[static_cast<std::size_t>(it->second) *
                                                static_cast<std::size_t>(model.horizon()) +
                                            static_cast<std::size_t>(t - 1)];
  return price > 1e-12 ? price : 0.0;
}

// Every dual of the plan LP, so that `gosplan verify` can recompute the duality gap independently.
// Inequality rows are reported as objective gained per unit of relaxation (≥ 0); stock rows are
// equalities (free sign). Columns: kind,id,enterprise,year,shadow_price,quantity,name,unit, and
// with a numeraire price_in_<id>: the shadow price divided by the numeraire's price that year
// (empty where the numeraire is free that year).
// groups.csv (maxmin or group floors): each group's fulfilment λ_g per year, the fulfilment its
// final use gives (GroupFulfilment in plan.h), its level Λ_g and floor.
std::string GroupsCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Header("group", "year", "fulfilment", "level", "floor", "maxmin_step");
  for (const GroupFulfilment& group : plan.groups) {
    for (std::size_t t = 0; t < group.fulfilment.size(); ++t) {
      csv.Text(model.final_demand_categories[group.category])
          .Integer(model.CalendarYear(static_cast<int>(t) + 1))
          .Number(group.fulfilment[t])
          .Number(group.level)
          .Number(group.floor)
          .Integer(group.step)
          .EndRow();
    }
  }
  return out;
}

std::string PricesCsv(const Model& model, const Plan& plan) {
  const int T = model.horizon();
  const bool numeraire = !plan.settings.price_numeraire.empty();
  std::string out;
  util::CsvWriter csv(out, kPlanDigits);
  csv.Text("kind").Text("id").Text("enterprise").Text("year").Text("shadow_price");
  csv.Text("quantity").Text("name").Text("unit");
  if (numeraire) csv.Text("price_in_" + plan.settings.price_numeraire);
  csv.EndRow();
  // The end of a row: name, unit and, with a numeraire, the price in its units.
  auto finish = [&](std::string_view name, std::string_view unit, int t, double price) {
    csv.Text(name).Text(unit);
    if (numeraire) {
      const double base = NumerairePrice(model, plan, t);
      if (base > 0.0) {
        csv.Number(price / base);
      } else {
        csv.Empty();
      }
    }
    csv.EndRow();
  };
  // With regions a product's price is per region (regional_balances.csv): no product rows.
  for (std::size_t i = 0; i < model.products.size() && model.regions.empty(); ++i) {
    for (int t = 1; t <= T; ++t) {
      csv.Text("product")
          .Text(model.products[i].id)
          .Empty()
          .Integer(model.CalendarYear(t))
          .Number(plan.product_prices[i * T + t - 1])
          .Number(plan.balances[i * T + t - 1].production);
      finish(model.products[i].name, model.products[i].unit, t, plan.product_prices[i * T + t - 1]);
    }
  }
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      csv.Text("resource")
          .Text(model.resources[r].id)
          .Empty()
          .Integer(model.CalendarYear(t))
          .Number(plan.resource_prices[r * T + t - 1])
          .Number(plan.resource_use[r * T + t - 1]);
      finish(model.resources[r].name, model.resources[r].unit, t,
             plan.resource_prices[r * T + t - 1]);
    }
  }
  for (const CapitalAccount& account : plan.capital) {
    const std::string& product = model.products[account.product].id;
    const std::string& enterprise = model.enterprises[account.enterprise].id;
    const int year = model.CalendarYear(account.year);
    const Product& item = model.products[account.product];
    csv.Text("capital")
        .Text(product)
        .Text(enterprise)
        .Integer(year)
        .Number(account.rent)
        .Number(account.usable);
    finish(item.name, item.unit, account.year, account.rent);
    csv.Text("installed_stock")
        .Text(product)
        .Text(enterprise)
        .Integer(year)
        .Number(account.installed)
        .Number(account.usable);
    finish(item.name, item.unit, account.year, account.installed);
  }
  for (std::size_t i = 0; i < model.products.size(); ++i) {
    for (int t = 1; t <= T; ++t) {
      const double price = plan.target_prices.empty() ? 0.0 : plan.target_prices[i * T + t - 1];
      if (price == 0.0) continue;
      csv.Text("target_mix")
          .Text(model.products[i].id)
          .Empty()
          .Integer(model.CalendarYear(t))
          .Number(price)
          .Empty();
      finish(model.products[i].name, model.products[i].unit, t, price);
    }
  }
  for (std::size_t q = 0; q < plan.quota_prices.size(); ++q) {
    if (plan.quota_prices[q] == 0.0) continue;
    const Quota& quota = model.quotas[q];
    csv.Text("quota")
        .Text(quota.id)
        .Text(quota.enterprise >= 0 ? std::string_view(model.enterprises[quota.enterprise].id) : "")
        .Integer(model.CalendarYear(quota.year))
        .Number(plan.quota_prices[q])
        .Number(quota.quantity);
    finish(model.products[quota.product].name, model.products[quota.product].unit, quota.year,
           plan.quota_prices[q]);
  }
  // Terminal condition "growth": one row per stock account and post-terminal year T + j (a
  // numeraire price is that of year T, the last year whose activities the row constrains).
  for (const TerminalRequirement& row : plan.terminal) {
    const Product& item = model.products[row.product];
    csv.Text("terminal")
        .Text(item.id)
        .Text(model.enterprises[row.enterprise].id)
        .Integer(model.CalendarYear(row.year))
        .Number(row.price)
        .Number(row.stock);
    finish(item.name, item.unit, T, row.price);
  }
  return out;
}

// README.md of a plan folder: what each file holds, in this model's own column names, the balance
// identity, the sign and unit of each price kind. Written by the library so that every plan folder
// (plan, check's nearest plan, growth's catch-up plan) explains itself the same way.
std::string PlanFolderReadme(const Model& model, const Plan& plan) {
  std::string finals;
  for (const std::string& category : model.final_demand_categories) {
    finals += (finals.empty() ? "" : " + ") + ("final_" + category);
  }
  if (finals.empty()) finals = "(no final-demand categories)";
  const bool minimise = plan.objective_kind == ObjectiveKind::kMinResources;
  std::string out = fmt::format(
      "# Plan for {} ({}–{})\n\n"
      "Status: **{}**. {}\n\n"
      "Written by gosplan from the model folder {} (checksum in summary.json). Years are calendar "
      "years;\n"
      "quantities are in each product's unit per year (the `unit` column); `name` columns repeat "
      "the\n"
      "model's names beside its ids. Check this folder against its model with\n"
      "`gosplan verify MODEL_DIR PLAN_DIR` (PLAN_DIR: this folder).\n\n",
      model.settings.name, model.CalendarYear(1), model.CalendarYear(model.horizon()),
      ToString(plan.status), plan.explanation,
      model.folder.empty() ? "(built in memory)" : model.folder);
  if (!HasPlan(plan.status)) {
    return out +
           "No plan was issued, so this folder holds only `summary.json` (the status and why) and "
           "this README.\n";
  }
  out += fmt::format(
      "## Files\n\n"
      "| file | what it holds |\n|---|---|\n"
      "| `targets.csv` | the production target of every enterprise, technique, product and year: "
      "`quantity` "
      "(output), `capacity` (what its usable stocks and activity bounds allow by this technique "
      "alone), "
      "`utilisation` = quantity / capacity |\n"
      "| `investment.csv` | construction: capital goods delivered to an enterprise in "
      "`year_started`, usable "
      "from `year_usable` (started + the enterprise's construction lag) |\n"
      "| `balances.csv` | the material balance of every product and year |\n"
      "| `prices.csv` | the shadow prices (duals) of every balance, resource, capital and stock "
      "row |\n"
      "| `summary.json` | status, objective, accuracy, fulfilment per year (docs/json.md, "
      "`gosplan.plan/1`) |\n\n"
      "## The balance identity (`balances.csv`)\n\n"
      "For every product and year, in the file's own columns:\n\n"
      "    production + stock_in = intermediate_use + accumulation + {} + stock_out + surplus\n\n"
      "`stock_in` is last year's stock drawn into this year (after storage loss), `stock_out` the "
      "stock put\n"
      "away for next year, `accumulation` the product delivered to construction, `surplus` what is "
      "left\n"
      "unused (free disposal; ≥ 0).\n\n"
      "## Prices (`prices.csv`)\n\n"
      "Every inequality row's `shadow_price` is the objective {} per unit by which the row is "
      "relaxed, so\n"
      "it is ≥ 0; it is measured in objective units ({}) per unit of the row's `unit`:\n\n"
      "| kind | shadow_price is the value of … | quantity |\n|---|---|---|\n"
      "| `product` | one more unit of the product in that year | production |\n"
      "| `resource` | one more unit of the resource in that year | use |\n"
      "| `capital` | one more unit of usable capital stock at the enterprise (its rent) | usable "
      "stock |\n"
      "| `installed_stock` | one unit of stock installed for that year (an equality: either sign) "
      "| "
      "usable stock |\n"
      "| `target_mix` | one more unit delivered to the target mix (rows with a price only) | |\n"
      "| `quota` | the quota's cost to the objective per unit (rows with a price only) | the quota "
      "|\n"
      "| `terminal` | one unit less of the stock that the terminal condition \"growth\" asks the "
      "enterprise to hold in that year after the horizon | that stock as the plan leaves it |\n\n"
      "Prices are comparable within one year; to read them as labour values, divide a year's "
      "prices by that\n"
      "year's price of the labour resource (`kind` = resource), which makes labour the numeraire "
      "(= 1):\n"
      "`gosplan plan --price-numeraire labour` writes that division as the column "
      "`price_in_labour`.\n",
      finals, minimise ? "cost saved" : "gained", ToString(plan.objective_kind));
  if (!plan.currency.empty()) {
    out += fmt::format(
        "\n## Foreign trade (`trade.csv`, `currency.csv`)\n\n"
        "This model trades at world prices (docs/planning-model.md, \"Foreign trade\"). In "
        "`balances.csv`\n"
        "`imports` join the supply and `exports` the uses:\n\n"
        "    production + stock_in + imports = intermediate_use + accumulation + {} + stock_out "
        "+ exports + surplus\n\n"
        "`trade.csv` gives per product and year the flows, the world prices ({} per unit; empty: "
        "not traded that way),\n"
        "the product's shadow price, the currency's and their ratio `value_in_currency`: what one "
        "unit is worth\n"
        "to the plan in currency (the real exchange rate; an import that is made has it equal to "
        "its import price).\n"
        "`currency.csv` is the currency account of each year: export `earnings`, import "
        "`spending`, `debt` at the\n"
        "year's end, `interest` paid on last year's debt, `reserves` carried into next year, and "
        "`currency_price`,\n"
        "the objective {} per unit of currency in that year (the dual of the currency row).\n",
        finals, model.settings.trade_currency, minimise ? "cost saved" : "gained");
  }
  if (!plan.groups.empty()) {
    out += fmt::format(
        "\n## Groups of final demand (`groups.csv`)\n\n"
        "The plan {} (docs/planning-model.md, \"Max–min fulfilment across groups\"). A group is a "
        "final-demand\ncategory with a target. `fulfilment` is λ_g, the least over the group's "
        "products of its final use\nover its target in that year (1 = the whole target); "
        "`level` is Λ_g, the years' fulfilments\nweighted by the objective's year weights; "
        "`floor` the floor asked of every year (0: none);\n`maxmin_step` the lexicographic step "
        "that fixed the group's level (1 = the least served; 0: not maxmin).\n",
        plan.objective_kind == ObjectiveKind::kMaxmin
            ? "raised the least-served group's level as far as it could, then the next group's"
            : "held the groups' fulfilments at or above their floors");
  }
  if (!model.regions.empty()) out += plan::RegionsReadme(model, plan);
  if (!plan.settings.price_numeraire.empty()) {
    std::string free_years;
    for (int t = 1; t <= model.horizon(); ++t) {
      if (NumerairePrice(model, plan, t) == 0.0) {
        free_years += (free_years.empty() ? "" : ", ") + std::to_string(model.CalendarYear(t));
      }
    }
    out += fmt::format(
        "\nThis plan's numeraire is the resource `{0}`: the column `price_in_{0}` of `prices.csv` "
        "is each\n"
        "shadow price divided by the price of one unit of {0} in the same year, so {0} itself is "
        "1.\n",
        plan.settings.price_numeraire);
    if (!free_years.empty()) {
      out += fmt::format(
          "In {} the shadow price of {} is 0 (one more unit would not improve the objective), "
          "so it\n"
          "cannot be a unit of account: `price_in_{}` is empty for those years.\n",
          free_years, plan.settings.price_numeraire, plan.settings.price_numeraire);
    }
  }
  return out;
}

}  // namespace

std::string PlanFolderTable(const Model& model, const Plan& plan, std::string_view file) {
  const std::vector<std::string> files = PlanFolderFiles(plan);
  if (!file.ends_with(".csv") || std::find(files.begin(), files.end(), file) == files.end()) {
    return {};
  }
  if (file == "targets.csv") return TargetsCsv(model, plan);
  if (file == "investment.csv") return InvestmentCsv(model, plan);
  if (file == "balances.csv") return BalancesCsv(model, plan);
  if (file == "prices.csv") return PricesCsv(model, plan);
  if (file == "trade.csv") return TradeCsv(model, plan);
  if (file == "currency.csv") return CurrencyCsv(model, plan);
  if (file == "groups.csv") return GroupsCsv(model, plan);
  if (file == "regional_balances.csv") return plan::RegionalBalancesCsv(model, plan);
  if (file == "transport.csv") return plan::TransportCsv(model, plan);
  return {};
}

std::string ModelChecksum(const std::string& model_folder) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(model_folder, error)) {
    const std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && (extension == ".csv" || extension == ".toml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::uint64_t hash = util::kFnv1aOffsetBasis;
  std::vector<char> buffer(1 << 16);
  for (const fs::path& file : files) {
    // The name with its terminating NUL separates files.
    const std::string name = file.filename().string();
    hash = util::Fnv1a(hash, std::string_view(name.c_str(), name.size() + 1));
    std::ifstream stream(file, std::ios::binary);
    while (stream) {
      stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      hash = util::Fnv1a(
          hash, std::string_view(buffer.data(), static_cast<std::size_t>(stream.gcount())));
    }
  }
  return fmt::format("{:016x}", hash);
}

std::vector<std::string> PlanFolderFiles(const Plan& plan) {
  if (!HasPlan(plan.status)) return {"summary.json", "README.md"};
  std::vector<std::string> files = {"targets.csv", "investment.csv", "balances.csv", "prices.csv"};
  if (!plan.currency.empty()) files.insert(files.end(), {"trade.csv", "currency.csv"});
  if (!plan.groups.empty()) files.push_back("groups.csv");
  if (!plan.regional_balances.empty()) {
    files.insert(files.end(), {"regional_balances.csv", "transport.csv", "regions_summary.csv"});
  }
  files.insert(files.end(), {"summary.json", "README.md"});
  return files;
}

Status WritePlanFolder(const Model& model, const Plan& plan, const std::string& folder,
                       bool overwrite) {
  auto staged = util::StagedFolder::Create(folder, overwrite);
  if (!staged.ok()) return staged.status();
  util::StagedFolder& out = *staged.value();
  const bool has_solution = HasPlan(plan.status);
  if (has_solution) {
    for (const auto& [name, content] :
         {std::pair<const char*, std::string>{"targets.csv", TargetsCsv(model, plan)},
          {"investment.csv", InvestmentCsv(model, plan)},
          {"balances.csv", BalancesCsv(model, plan)},
          {"prices.csv", PricesCsv(model, plan)}}) {
      if (Status status = out.WriteFile(name, content); !status.ok()) return status;
    }
    if (!plan.currency.empty()) {
      if (Status status = out.WriteFile("trade.csv", TradeCsv(model, plan)); !status.ok())
        return status;
      if (Status status = out.WriteFile("currency.csv", CurrencyCsv(model, plan)); !status.ok())
        return status;
    }
    if (!plan.groups.empty()) {
      if (Status status = out.WriteFile("groups.csv", GroupsCsv(model, plan)); !status.ok())
        return status;
    }
    if (!plan.regional_balances.empty()) {
      for (const auto& [name, content] :
           {std::pair<const char*, std::string>{"regional_balances.csv",
                                                plan::RegionalBalancesCsv(model, plan)},
            {"transport.csv", plan::TransportCsv(model, plan)},
            {"regions_summary.csv", plan::RegionsSummaryCsv(model, plan)}}) {
        if (Status status = out.WriteFile(name, content); !status.ok()) return status;
      }
    }
  }
  if (Status status = out.WriteFile("summary.json", PlanJson(model, plan)); !status.ok()) {
    return status;
  }
  if (Status status = out.WriteFile("README.md", PlanFolderReadme(model, plan)); !status.ok()) {
    return status;
  }
  return out.Commit();
}

}  // namespace gosplan
