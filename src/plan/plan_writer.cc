// Writes a plan folder: the documents a plan issues (targets, investment) and the evidence behind them
// (balances, shadow prices, summary). Tables go through util::CsvWriter: numbers in their shortest
// round-trip decimal form, so the same plan always gives the same bytes. No file holds a timing, host
// or thread-count fact.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gosplan/plan.h"
#include "util/atomic_output.h"
#include "util/csv_writer.h"

namespace gosplan {
namespace {

std::string TargetsCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("enterprise", "technique", "product", "year", "quantity", "capacity", "utilisation",
             "enterprise_kind");
  for (const ProductionTarget& t : plan.targets) {
    csv.Text(model.enterprises[t.enterprise].id)
        .Text(model.techniques[t.technique].id)
        .Text(model.products[t.product].id)
        .Integer(model.CalendarYear(t.year))
        .Number(t.quantity)
        .Number(t.capacity)
        .Number(t.utilisation)
        .Text(ToString(model.enterprises[t.enterprise].kind))
        .EndRow();
  }
  return out;
}

std::string InvestmentCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("enterprise", "product", "year_started", "year_usable", "quantity");
  for (const Investment& i : plan.investments) {
    csv.Text(model.enterprises[i.enterprise].id)
        .Text(model.products[i.product].id)
        .Integer(model.CalendarYear(i.year_started))
        .Integer(model.CalendarYear(i.year_usable))
        .Number(i.quantity)
        .EndRow();
  }
  return out;
}

std::string BalancesCsv(const Model& model, const Plan& plan) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Text("product").Text("year").Text("production").Text("intermediate_use").Text("accumulation");
  for (const std::string& category : model.final_demand_categories) csv.Text("final_" + category);
  csv.Text("stock_in").Text("stock_out").Text("surplus").EndRow();
  for (const ProductBalance& b : plan.balances) {
    csv.Text(model.products[b.product].id)
        .Integer(model.CalendarYear(b.year))
        .Number(b.production)
        .Number(b.intermediate_use)
        .Number(b.accumulation);
    for (double f : b.final_use) csv.Number(f);
    csv.Number(b.stock_in).Number(b.stock_out).Number(b.surplus).EndRow();
  }
  return out;
}

// Every dual of the plan LP, so that `gosplan verify` can recompute the duality gap independently.
// Inequality rows are reported as objective gained per unit of relaxation (≥ 0); stock rows are
// equalities (free sign). Columns: kind,id,enterprise,year,shadow_price,quantity.
std::string PricesCsv(const Model& model, const Plan& plan) {
  const int T = model.horizon();
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("kind", "id", "enterprise", "year", "shadow_price", "quantity");
  for (std::size_t i = 0; i < model.products.size(); ++i) {
    for (int t = 1; t <= T; ++t) {
      csv.Text("product").Text(model.products[i].id).Empty().Integer(model.CalendarYear(t))
          .Number(plan.product_prices[i * T + t - 1])
          .Number(plan.balances[i * T + t - 1].production)
          .EndRow();
    }
  }
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      csv.Text("resource").Text(model.resources[r].id).Empty().Integer(model.CalendarYear(t))
          .Number(plan.resource_prices[r * T + t - 1])
          .Number(plan.resource_use[r * T + t - 1])
          .EndRow();
    }
  }
  for (const CapitalAccount& account : plan.capital) {
    const std::string& product = model.products[account.product].id;
    const std::string& enterprise = model.enterprises[account.enterprise].id;
    const int year = model.CalendarYear(account.year);
    csv.Text("capital").Text(product).Text(enterprise).Integer(year).Number(account.rent)
        .Number(account.usable).EndRow();
    csv.Text("installed_stock").Text(product).Text(enterprise).Integer(year).Number(account.installed)
        .Number(account.usable).EndRow();
  }
  for (std::size_t i = 0; i < model.products.size(); ++i) {
    for (int t = 1; t <= T; ++t) {
      const double price = plan.target_prices.empty() ? 0.0 : plan.target_prices[i * T + t - 1];
      if (price == 0.0) continue;
      csv.Text("target_mix").Text(model.products[i].id).Empty().Integer(model.CalendarYear(t))
          .Number(price).Empty().EndRow();
    }
  }
  for (std::size_t q = 0; q < plan.quota_prices.size(); ++q) {
    if (plan.quota_prices[q] == 0.0) continue;
    const Quota& quota = model.quotas[q];
    csv.Text("quota").Text(quota.id)
        .Text(quota.enterprise >= 0 ? std::string_view(model.enterprises[quota.enterprise].id) : "")
        .Integer(model.CalendarYear(quota.year))
        .Number(plan.quota_prices[q])
        .Number(quota.quantity)
        .EndRow();
  }
  return out;
}

}  // namespace

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
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a 64 offset basis
  auto mix = [&](const char* data, std::size_t size) {
    for (std::size_t k = 0; k < size; ++k) {
      hash ^= static_cast<unsigned char>(data[k]);
      hash *= 1099511628211ull;
    }
  };
  std::vector<char> buffer(1 << 16);
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    mix(name.data(), name.size() + 1);  // the name (with its terminating NUL) separates files
    std::ifstream stream(file, std::ios::binary);
    while (stream) {
      stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      mix(buffer.data(), static_cast<std::size_t>(stream.gcount()));
    }
  }
  return fmt::format("{:016x}", hash);
}

std::vector<std::string> PlanFolderFiles(const Plan& plan) {
  if (!HasPlan(plan.status)) return {"summary.json"};
  return {"targets.csv", "investment.csv", "balances.csv", "prices.csv", "summary.json"};
}

Status WritePlanFolder(const Model& model, const Plan& plan, const std::string& folder, bool overwrite) {
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
  }
  if (Status status = out.WriteFile("summary.json", PlanJson(model, plan)); !status.ok()) {
    return status;
  }
  return out.Commit();
}

}  // namespace gosplan
