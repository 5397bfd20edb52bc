// ExplainText, ExplainJson and ExplainCsv (include/gosplan/explain.h).
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "gosplan/explain.h"
#include "gosplan/regions.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

using util::Json;

std::string Num(double value) { return fmt::format("{:.6g}", value); }

// A result as JSON at 12 significant digits, as the plan folder writes numbers (solver noise in the
// last digits never shows: 0.8917951, not 0.8917951000000001); null when not finite.
Json Value(double value) {
  if (!std::isfinite(value)) return Json(nullptr);
  return Json(std::stod(fmt::format("{:.12g}", value)) + 0.0);
}
std::string Percent(double share) { return fmt::format("{:.1f} %", 100.0 * share); }

const std::string& SubjectId(const Model& model, const ExplainReport& report) {
  switch (report.subject) {
    case ExplainSubject::kProduct:
      return model.products[report.index].id;
    case ExplainSubject::kEnterprise:
      return model.enterprises[report.index].id;
    case ExplainSubject::kTechnique:
      break;
  }
  return model.techniques[report.index].id;
}

const std::string& SubjectName(const Model& model, const ExplainReport& report) {
  switch (report.subject) {
    case ExplainSubject::kProduct:
      return model.products[report.index].name;
    case ExplainSubject::kEnterprise:
      return model.enterprises[report.index].name;
    case ExplainSubject::kTechnique:
      break;
  }
  return model.techniques[report.index].name;
}

std::string EnterpriseId(const Model& model, Index e) {
  return e >= 0 ? model.enterprises[e].id : std::string();
}

Json ReducedCostJson(const Model& model, const ReducedCost& rc) {
  Json out = Json::object();
  out["enterprise"] =
      rc.enterprise >= 0 ? Json(model.enterprises[rc.enterprise].id) : Json(nullptr);
  out["technique"] = model.techniques[rc.technique].id;
  out["region"] = rc.region >= 0 ? Json(model.regions[rc.region].id) : Json(nullptr);
  out["listed"] = rc.listed;
  out["activity"] = Value(rc.activity);
  out["outputs_value"] = Value(rc.outputs_value);
  out["objective_value"] = Value(rc.objective_value);
  out["quota_value"] = Value(rc.quota_value);
  out["inputs_value"] = Value(rc.inputs_value);
  out["resource_cost"] = Value(rc.resource_cost);
  out["capital_rent"] = Value(rc.capital_rent);
  out["reduced_cost"] = Value(rc.reduced_cost);
  out["verdict"] = rc.verdict;
  out["sentence"] = rc.sentence;
  return out;
}

Json RequirementList(const std::vector<Requirement>& list, const auto& id_of) {
  Json out = Json::array();
  for (const Requirement& r : list) {
    out.push_back({{"id", id_of(r.item)}, {"direct", Value(r.direct)}, {"total", Value(r.total)}});
  }
  return out;
}

}  // namespace

std::string ExplainText(const Model& model, const ExplainReport& report) {
  std::string out;
  const int year = model.CalendarYear(report.year);
  out += fmt::format("{} {} ({}) in {}\n", ToString(report.subject), SubjectId(model, report),
                     SubjectName(model, report), year);
  out += fmt::format("prices in {}\n", report.objective_unit);
  if (!report.prices.empty()) out += report.prices + "\n";
  if (std::isfinite(report.currency_price)) {
    out += fmt::format("currency price {} per unit of {} in {} (the plan's real exchange rate)\n",
                       Num(report.currency_price), model.settings.trade_currency, year);
  }
  std::string unit;
  if (report.subject == ExplainSubject::kProduct) unit = model.products[report.index].unit;
  if (report.has_destinations) {
    const ProductDestinations& d = report.destinations;
    if (report.subject == ExplainSubject::kProduct) {
      std::string supply;
      if (d.stock_in > 0) supply += fmt::format(" + {} {} from stock", Num(d.stock_in), unit);
      if (d.imports > 0) supply += fmt::format(" + {} {} imported", Num(d.imports), unit);
      if (d.transport_in > 0) {
        supply += fmt::format(" + {} {} from other regions", Num(d.transport_in), unit);
      }
      if (!supply.empty()) supply += fmt::format(" = supply {} {}", Num(d.supply), unit);
      out += fmt::format("\nwhere it goes{}: production {} {}{}\n",
                         report.regional_destinations && report.region >= 0
                             ? " in " + RegionName(model, report.region)
                             : std::string(),
                         Num(d.production), unit, supply);
    } else {
      out += "\nwhat it makes:\n";
    }
    for (const Destination& dest : d.destinations) {
      const std::string dest_unit = report.subject == ExplainSubject::kProduct
                                        ? unit
                                        : model.products[model.product_index.at(dest.id)].unit;
      out += fmt::format("  {:<56} {:>14} {:<6} {:>7}{}\n", dest.name, Num(dest.quantity),
                         dest_unit, Percent(dest.share),
                         report.subject == ExplainSubject::kProduct ? "" : " of its production");
    }
  }
  if (report.has_requirements) {
    const ProductRequirements& r = report.requirements;
    out +=
        fmt::format("\nwhat one {} needs in {} (direct; total = direct + indirect):\n", unit, year);
    if (!r.produced) {
      out += "  " + r.note + "\n";
    } else {
      for (const TechniqueShare& share : r.techniques) {
        out += fmt::format("  made by {} by {}: {} % of the year's output{}\n",
                           model.enterprises[share.enterprise].name,
                           model.techniques[share.technique].name,
                           fmt::format("{:.1f}", 100 * share.weight),
                           share.allocation < 1 ? fmt::format(", {:.1f} % of its inputs charged "
                                                              "to this product",
                                                              100 * share.allocation)
                                                : std::string());
      }
      auto total = [](double value) { return std::isfinite(value) ? Num(value) : "-"; };
      for (const Requirement& q : r.inputs) {
        const Product& p = model.products[q.item];
        out += fmt::format("  {:<40} {:>14} {:>14} {}\n", p.name, Num(q.direct), total(q.total),
                           p.unit);
      }
      for (const Requirement& q : r.resources) {
        const Resource& res = model.resources[q.item];
        out += fmt::format("  {:<40} {:>14} {:>14} {} (embodied)\n", res.name, Num(q.direct),
                           total(q.total), res.unit);
      }
      for (const Requirement& q : r.capital) {
        const Product& p = model.products[q.item];
        out += fmt::format("  {:<40} {:>14} {:>14} {} (capital tied up)\n", p.name, Num(q.direct),
                           total(q.total), p.unit);
      }
      if (!r.note.empty()) out += "  note: " + r.note + "\n";
    }
  }
  if (!report.regions.empty()) {
    out += fmt::format("\nby region in {}:\n  {:<40} {:>12} {:>12} {:>12} {:>12} {:>12}\n", year,
                       "region", "production", "supply", "moved in", "moved out", "price");
    for (const RegionalSupply& r : report.regions) {
      out += fmt::format("  {:<40} {:>12} {:>12} {:>12} {:>12} {:>12}\n",
                         RegionName(model, r.region), Num(r.production), Num(r.supply),
                         Num(r.transport_in), Num(r.transport_out), Num(r.price));
    }
  }
  if (report.has_limits) {
    out += "\nwhat limits it:\n";
    if (report.subject == ExplainSubject::kProduct) {
      out += fmt::format("  shadow price {}: {}\n", Num(report.limits.shadow_price),
                         report.limits.sentence);
    }
    if (report.limits.limits.empty()) out += "  no binding constraint touches it\n";
    for (const Limit& limit : report.limits.limits) {
      out += fmt::format("  [{}] {}\n", limit.kind, limit.sentence);
    }
  }
  if (!report.reduced_costs.empty()) {
    out += "\nreduced costs at the plan's prices (Kantorovich's test), per unit of activity:\n";
    for (const ReducedCost& rc : report.reduced_costs) {
      // d = 0 within rounding is shown as 0 (the sentence says so).
      const bool zero = rc.verdict == "used" || rc.verdict == "idle";
      out += fmt::format("  {:>12}  {}\n", zero ? "0" : Num(rc.reduced_cost), rc.sentence);
    }
  }
  return out;
}

std::string ExplainJson(const Model& model, const ExplainReport& report) {
  Json doc = util::JsonDocument("gosplan.explain/1");
  doc["subject"] = {{"kind", ToString(report.subject)},
                    {"id", SubjectId(model, report)},
                    {"name", SubjectName(model, report)}};
  doc["year"] = model.CalendarYear(report.year);
  doc["objective_unit"] = report.objective_unit;
  doc["region"] = report.region >= 0 ? Json(model.regions[report.region].id) : Json(nullptr);
  doc["prices"] = report.prices.empty() ? Json(nullptr) : Json(report.prices);
  doc["currency_price"] = Value(report.currency_price);
  if (report.regions.empty()) {
    doc["regions"] = nullptr;
  } else {
    Json regions = Json::array();
    for (const RegionalSupply& r : report.regions) {
      regions.push_back({{"region", model.regions[r.region].id},
                         {"production", Value(r.production)},
                         {"supply", Value(r.supply)},
                         {"transport_in", Value(r.transport_in)},
                         {"transport_out", Value(r.transport_out)},
                         {"price", Value(r.price)}});
    }
    doc["regions"] = regions;
  }
  if (report.has_destinations) {
    const ProductDestinations& d = report.destinations;
    Json list = Json::array();
    for (const Destination& dest : d.destinations) {
      list.push_back(
          {{"kind", dest.kind},
           {"id", dest.id.empty() ? Json(nullptr) : Json(dest.id)},
           {"enterprise",
            dest.enterprise >= 0 ? Json(EnterpriseId(model, dest.enterprise)) : Json(nullptr)},
           {"name", dest.name},
           {"quantity", Value(dest.quantity)},
           {"share", Value(dest.share)}});
    }
    if (report.subject == ExplainSubject::kProduct) {
      doc["destinations"] = {
          {"production", Value(d.production)}, {"stock_in", Value(d.stock_in)},
          {"imports", Value(d.imports)},       {"transport_in", Value(d.transport_in)},
          {"supply", Value(d.supply)},         {"uses", list}};
    } else {
      doc["destinations"] = {{"outputs", list}};
    }
  } else {
    doc["destinations"] = nullptr;
  }
  if (report.has_requirements) {
    const ProductRequirements& r = report.requirements;
    Json techniques = Json::array();
    for (const TechniqueShare& share : r.techniques) {
      techniques.push_back({{"enterprise", model.enterprises[share.enterprise].id},
                            {"technique", model.techniques[share.technique].id},
                            {"activity", Value(share.activity)},
                            {"output", Value(share.output)},
                            {"weight", Value(share.weight)},
                            {"allocation", Value(share.allocation)}});
    }
    auto product_id = [&](Index i) { return model.products[i].id; };
    auto resource_id = [&](Index r) { return model.resources[r].id; };
    doc["requirements"] = {{"produced", r.produced},
                           {"totals_computed", r.totals_computed},
                           {"note", r.note.empty() ? Json(nullptr) : Json(r.note)},
                           {"techniques", techniques},
                           {"inputs", RequirementList(r.inputs, product_id)},
                           {"resources", RequirementList(r.resources, resource_id)},
                           {"capital", RequirementList(r.capital, product_id)}};
  } else {
    doc["requirements"] = nullptr;
  }
  if (report.has_limits) {
    Json list = Json::array();
    for (const Limit& limit : report.limits.limits) {
      list.push_back(
          {{"kind", limit.kind},
           {"id", limit.id},
           {"enterprise",
            limit.enterprise >= 0 ? Json(EnterpriseId(model, limit.enterprise)) : Json(nullptr)},
           {"year", limit.year},
           {"shadow_price", Value(limit.shadow_price)},
           {"sentence", limit.sentence}});
    }
    if (report.subject == ExplainSubject::kProduct) {
      doc["limits"] = {{"shadow_price", Value(report.limits.shadow_price)},
                       {"sentence", report.limits.sentence},
                       {"binding", list}};
    } else {
      doc["limits"] = {{"binding", list}};
    }
  } else {
    doc["limits"] = nullptr;
  }
  if (report.reduced_costs.empty()) {
    doc["reduced_cost"] = nullptr;
  } else {
    Json list = Json::array();
    for (const ReducedCost& rc : report.reduced_costs) list.push_back(ReducedCostJson(model, rc));
    doc["reduced_cost"] = list;
  }
  return util::JsonText(doc);
}

std::string ExplainCsv(const Model& model, const ExplainReport& report) {
  std::string out;
  util::CsvWriter csv(out, 12);
  csv.Header("section", "kind", "id", "enterprise", "year", "quantity", "share", "direct", "total",
             "shadow_price", "reduced_cost", "sentence");
  const int year = model.CalendarYear(report.year);
  for (const Destination& d : report.destinations.destinations) {
    csv.Text("destination").Text(d.kind).Text(d.id).Text(EnterpriseId(model, d.enterprise));
    csv.Integer(year)
        .Number(d.quantity)
        .Number(d.share)
        .Empty()
        .Empty()
        .Empty()
        .Empty()
        .Text(d.name);
    csv.EndRow();
  }
  for (const RegionalSupply& r : report.regions) {
    csv.Text("region").Text("balance").Text(model.regions[r.region].id).Empty();
    csv.Integer(year).Number(r.supply).Empty().Empty().Empty().Number(r.price).Empty().Text(
        fmt::format("{}: production {}, moved in {}, moved out {}", RegionName(model, r.region),
                    Num(r.production), Num(r.transport_in), Num(r.transport_out)));
    csv.EndRow();
  }
  auto requirements = [&](const char* kind, const std::vector<Requirement>& list, bool resource) {
    for (const Requirement& r : list) {
      csv.Text("requirement")
          .Text(kind)
          .Text(resource ? model.resources[r.item].id : model.products[r.item].id)
          .Empty()
          .Integer(year)
          .Empty()
          .Empty()
          .Number(r.direct)
          .Number(r.total)
          .Empty()
          .Empty()
          .Empty();
      csv.EndRow();
    }
  };
  requirements("input", report.requirements.inputs, false);
  requirements("resource", report.requirements.resources, true);
  requirements("capital", report.requirements.capital, false);
  for (const Limit& limit : report.limits.limits) {
    csv.Text("limit").Text(limit.kind).Text(limit.id).Text(EnterpriseId(model, limit.enterprise));
    csv.Integer(limit.year)
        .Empty()
        .Empty()
        .Empty()
        .Empty()
        .Number(limit.shadow_price)
        .Empty()
        .Text(limit.sentence);
    csv.EndRow();
  }
  for (const ReducedCost& rc : report.reduced_costs) {
    csv.Text("reduced_cost")
        .Text(rc.verdict)
        .Text(model.techniques[rc.technique].id)
        .Text(EnterpriseId(model, rc.enterprise))
        .Integer(year)
        .Number(rc.activity)
        .Empty()
        .Empty()
        .Empty()
        .Empty()
        .Number(rc.reduced_cost)
        .Text(rc.sentence);
    csv.EndRow();
  }
  return out;
}

}  // namespace gosplan
