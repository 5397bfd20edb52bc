// The summary of a loaded model (`gosplan model check`): text for people, gosplan.model/1 for
// programs.
#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "gosplan/model.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

struct Counts {
  std::int64_t group_a = 0;
  std::int64_t storable = 0;
};

Counts CountProducts(const Model& model) {
  Counts counts;
  for (const Product& product : model.products) {
    counts.group_a += product.group == ProductGroup::kMeansOfProduction ? 1 : 0;
    counts.storable += product.storable ? 1 : 0;
  }
  return counts;
}

constexpr EnterpriseKind kEnterpriseKinds[] = {
    EnterpriseKind::kFactory,        EnterpriseKind::kMine,      EnterpriseKind::kConstructionSite,
    EnterpriseKind::kCollectiveFarm, EnterpriseKind::kStateFarm, EnterpriseKind::kPowerStation,
    EnterpriseKind::kOther};

std::int64_t CountEnterprises(const Model& model, EnterpriseKind kind) {
  std::int64_t count = 0;
  for (const Enterprise& enterprise : model.enterprises) count += enterprise.kind == kind ? 1 : 0;
  return count;
}

}  // namespace

std::string ModelTextSummary(const Model& model) {
  const Counts products = CountProducts(model);
  const std::int64_t group_b = static_cast<std::int64_t>(model.products.size()) - products.group_a;
  std::string by_kind;
  for (EnterpriseKind kind : kEnterpriseKinds) {
    const std::int64_t count = CountEnterprises(model, kind);
    if (count > 0)
      by_kind += fmt::format("{}{} {}", by_kind.empty() ? "" : ", ", ToString(kind), count);
  }
  std::string text;
  text += fmt::format("model: {} ({})\n", model.settings.name, model.folder);
  text += fmt::format("years: base {}, plan {}..{} (horizon {})\n", model.settings.base_year,
                      model.CalendarYear(1), model.CalendarYear(model.horizon()), model.horizon());
  text += fmt::format("objective: {}\n", ToString(model.settings.objective));
  text += fmt::format("products: {} (group A {}, group B {}; storable {})\n", model.products.size(),
                      products.group_a, group_b, products.storable);
  text += fmt::format("resources: {}\n", model.resources.size());
  text +=
      fmt::format("techniques: {} (non-zeros: inputs {}, outputs {}, resources {}, capital {})\n",
                  model.techniques.size(), model.inputs.size(), model.outputs.size(),
                  model.resource_use.size(), model.capital.size());
  text += fmt::format("enterprises: {} ({})\n", model.enterprises.size(), by_kind);
  text += fmt::format("enterprise techniques: {}\n", model.enterprise_techniques.size());
  text += fmt::format("initial stocks: {}\n", model.initial_stocks.size());
  text += fmt::format("final demand: {} categories, {} rows\n",
                      model.final_demand_categories.size(), model.final_demand.size());
  text += fmt::format("quotas: {}\n", model.quotas.size());
  text += fmt::format("actuals: {}\n", model.actuals.size());
  if (!model.regions.empty()) {  // regions and transport (docs/planning-model.md)
    text += fmt::format("regions: {}, transport links: {}\n", model.regions.size(),
                        model.transport_links.size());
  }
  text += "model is valid\n";
  return text;
}

std::string ModelJson(const Model& model) {
  using util::Json;
  const Counts products = CountProducts(model);
  const ModelSettings& settings = model.settings;
  Json summary = util::JsonDocument("gosplan.model/1");
  summary["name"] = settings.name;
  summary["folder"] = model.folder;
  summary["base_year"] = settings.base_year;
  summary["horizon"] = settings.horizon;
  summary["first_year"] = model.CalendarYear(1);
  summary["last_year"] = model.CalendarYear(settings.horizon);
  summary["objective"] = ToString(settings.objective);
  summary["products"] = {
      {"total", model.products.size()},
      {"group_a", products.group_a},
      {"group_b", static_cast<std::int64_t>(model.products.size()) - products.group_a},
      {"storable", products.storable}};
  summary["resources"] = model.resources.size();
  summary["techniques"] = model.techniques.size();
  summary["nonzeros"] = {{"inputs", model.inputs.size()},
                         {"outputs", model.outputs.size()},
                         {"resources", model.resource_use.size()},
                         {"capital", model.capital.size()}};
  Json by_kind = Json::object();
  for (EnterpriseKind kind : kEnterpriseKinds) {
    const std::int64_t count = CountEnterprises(model, kind);
    if (count > 0) by_kind[ToString(kind)] = count;
  }
  summary["enterprises"] = {{"total", model.enterprises.size()}, {"by_kind", by_kind}};
  summary["enterprise_techniques"] = model.enterprise_techniques.size();
  summary["initial_stocks"] = model.initial_stocks.size();
  summary["final_demand"] = {{"categories", model.final_demand_categories.size()},
                             {"rows", model.final_demand.size()}};
  summary["quotas"] = model.quotas.size();
  summary["actuals"] = model.actuals.size();
  return util::JsonText(summary);
}

std::string ModelCsv(const Model& model) {
  const Counts products = CountProducts(model);
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("what", "count");
  auto row = [&](std::string_view what, std::int64_t count) {
    csv.Text(what).Integer(count).EndRow();
  };
  row("plan_years", model.settings.horizon);
  row("products", static_cast<std::int64_t>(model.products.size()));
  row("products_group_a", products.group_a);
  row("products_group_b", static_cast<std::int64_t>(model.products.size()) - products.group_a);
  row("products_storable", products.storable);
  row("resources", static_cast<std::int64_t>(model.resources.size()));
  row("techniques", static_cast<std::int64_t>(model.techniques.size()));
  row("nonzeros_inputs", static_cast<std::int64_t>(model.inputs.size()));
  row("nonzeros_outputs", static_cast<std::int64_t>(model.outputs.size()));
  row("nonzeros_resources", static_cast<std::int64_t>(model.resource_use.size()));
  row("nonzeros_capital", static_cast<std::int64_t>(model.capital.size()));
  row("enterprises", static_cast<std::int64_t>(model.enterprises.size()));
  for (EnterpriseKind kind : kEnterpriseKinds) {
    const std::int64_t count = CountEnterprises(model, kind);
    if (count > 0) row(std::string("enterprises_") + ToString(kind), count);
  }
  row("enterprise_techniques", static_cast<std::int64_t>(model.enterprise_techniques.size()));
  row("initial_stocks", static_cast<std::int64_t>(model.initial_stocks.size()));
  row("final_demand_categories", static_cast<std::int64_t>(model.final_demand_categories.size()));
  row("final_demand_rows", static_cast<std::int64_t>(model.final_demand.size()));
  row("quotas", static_cast<std::int64_t>(model.quotas.size()));
  row("actuals", static_cast<std::int64_t>(model.actuals.size()));
  return out;
}

}  // namespace gosplan
