// The report's sections drawn from the plan (sections.h): everything here is read from the Model
// and Plan that LoadModelAndPlan gives back from a plan folder.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "report/sections.h"

namespace gosplan::report {
namespace {

// The kind in words: its model.toml name with spaces ("construction site").
std::string EnterpriseKindWords(EnterpriseKind kind) {
  std::string words = ToString(kind);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string ProductName(const Model& model, Index product) {
  const Product& p = model.products[static_cast<std::size_t>(product)];
  return p.name.empty() ? p.id : p.name;
}
std::string EnterpriseName(const Model& model, Index enterprise) {
  const Enterprise& e = model.enterprises[static_cast<std::size_t>(enterprise)];
  return e.name.empty() ? e.id : e.name;
}

// The plan's shadow price of product i in plan year t (objective units per product unit); NaN when
// the plan folder has none.
double ProductPrice(const Model& model, const Plan& plan, Index product, int year) {
  const std::size_t at = static_cast<std::size_t>(product * model.horizon() + year - 1);
  return at < plan.product_prices.size() ? plan.product_prices[at] : std::nan("");
}

std::vector<std::string> YearLabels(const Model& model) {
  std::vector<std::string> labels;
  for (int t = 1; t <= model.horizon(); ++t)
    labels.push_back(std::to_string(model.CalendarYear(t)));
  return labels;
}

std::string ObjectiveWords(ObjectiveKind kind) {
  switch (kind) {
    case ObjectiveKind::kPlanRay:
      return "plan ray: the largest fulfilment λ of the target mix, summed over the years with "
             "their weights";
    case ObjectiveKind::kMinResources:
      return "minimum resources: the least weighted use of primary resources that meets every "
             "floor";
    case ObjectiveKind::kPriorityOutput:
      return "priority output: the largest weighted output of the priority products";
    case ObjectiveKind::kHarmony:
      return "harmony: the largest Σ_t w_t Σ_i H(s) of final use against its targets, "
             "s = (x − target)/target (shortfall costs more than over-fulfilment earns)";
    case ObjectiveKind::kMaxmin:
      return "maxmin: the least-served group of final demand's fulfilment as large as it can be, "
             "then the next group's (lexicographic)";
  }
  return "";
}

// Production of every product and year, from the balances: [product][t − 1].
std::vector<std::vector<double>> ProductionTable(const Model& model, const Plan& plan) {
  std::vector<std::vector<double>> production(model.products.size(),
                                              std::vector<double>(model.horizon(), 0.0));
  for (const ProductBalance& balance : plan.balances) {
    if (balance.year < 1 || balance.year > model.horizon()) continue;
    production[static_cast<std::size_t>(balance.product)][balance.year - 1] = balance.production;
  }
  return production;
}

Section ProductionSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  Section section{"production", "Production by product and group", ""};
  const int horizon = model.horizon();
  const std::vector<std::string> years = YearLabels(model);
  const auto production = ProductionTable(model, plan);
  std::string& body = section.body;
  body += Paragraph(
      "Gross output of every product in each plan year (balances.csv, column production), in the "
      "product's own unit.");
  // Index charts: each product's output relative to the first plan year with output, per group,
  // the products with the largest output value in the last year.
  for (ProductGroup group : {ProductGroup::kMeansOfProduction, ProductGroup::kConsumerGoods}) {
    std::vector<std::pair<double, Index>> ranked;
    for (Index i = 0; i < static_cast<Index>(model.products.size()); ++i) {
      if (model.products[static_cast<std::size_t>(i)].group != group) continue;
      const double value = production[static_cast<std::size_t>(i)][horizon - 1] *
                           ProductPrice(model, plan, i, horizon);
      ranked.push_back({std::isfinite(value) ? value : 0.0, i});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (ranked.size() > 8) ranked.resize(8);
    svg::LineChart chart;
    chart.title = group == ProductGroup::kMeansOfProduction
                      ? "Group A (means of production): output index"
                      : "Group B (consumer goods): output index";
    chart.y_label = "first plan year with output = 100";
    chart.categories = years;
    for (const auto& [value, i] : ranked) {
      const auto& row = production[static_cast<std::size_t>(i)];
      svg::Series series{ProductName(model, i), {}};
      double base = 0;
      for (double quantity : row) {
        if (base == 0 && quantity > 0) base = quantity;
        series.values.push_back(base > 0 ? 100.0 * quantity / base : std::nan(""));
      }
      chart.series.push_back(std::move(series));
    }
    body += Figure(svg::RenderLineChart(chart),
                   "Output relative to the product's first plan year with output (= 100), for the "
                   "group's products with the largest output value in the last year (at that "
                   "year's shadow prices); at most eight.");
  }
  // Group A vs group B valued at each year's shadow prices.
  svg::BarChart groups;
  groups.title = "Group A and group B output at each year's shadow prices";
  groups.y_label = "objective units";
  groups.categories = years;
  groups.stacked = true;
  groups.series = {{"group A (means of production)", std::vector<double>(horizon, 0.0)},
                   {"group B (consumer goods)", std::vector<double>(horizon, 0.0)}};
  for (Index i = 0; i < static_cast<Index>(model.products.size()); ++i) {
    const int g =
        model.products[static_cast<std::size_t>(i)].group == ProductGroup::kMeansOfProduction ? 0
                                                                                              : 1;
    for (int t = 1; t <= horizon; ++t) {
      const double price = ProductPrice(model, plan, i, t);
      if (std::isfinite(price)) {
        groups.series[g].values[t - 1] += production[static_cast<std::size_t>(i)][t - 1] * price;
      }
    }
  }
  body += "<h3>Group A and group B</h3>\n";
  body += Figure(svg::RenderBarChart(groups),
                 "Σ production × shadow price of the product in that year (prices.csv, kind "
                 "product): objective units, as `gosplan track` values its group aggregates.");
  std::vector<std::vector<Cell>> group_rows;
  for (int t = 1; t <= horizon; ++t) {
    const double a = groups.series[0].values[t - 1], b = groups.series[1].values[t - 1];
    group_rows.push_back({TextCell(years[t - 1]), NumberCell(a), NumberCell(b),
                          PercentCell(a + b > 0 ? 100.0 * a / (a + b) : std::nan(""))});
  }
  body += Table({"year", "group A", "group B", "group A share"}, group_rows,
                "Output valued at each year's shadow prices (objective units)");
  // The full table.
  body += "<h3>Output of every product</h3>\n";
  std::vector<std::string> headers = {"product", "id", "group", "unit"};
  headers.insert(headers.end(), years.begin(), years.end());
  std::vector<std::vector<Cell>> rows;
  for (Index i = 0; i < static_cast<Index>(model.products.size()); ++i) {
    const Product& product = model.products[static_cast<std::size_t>(i)];
    std::vector<Cell> row = {TextCell(ProductName(model, i)), TextCell(product.id),
                             TextCell(ToString(product.group)), TextCell(product.unit)};
    for (int t = 1; t <= horizon; ++t) {
      row.push_back(NumberCell(production[static_cast<std::size_t>(i)][t - 1]));
    }
    rows.push_back(std::move(row));
  }
  body += Table(headers, rows, "Production (balances.csv)");
  (void)options;
  return section;
}

Section EnterpriseSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  Section section{"enterprises", "Enterprises: targets, capacity and utilisation", ""};
  const int horizon = model.horizon();
  std::vector<double> value(model.enterprises.size(), 0.0);
  for (const ProductionTarget& target : plan.targets) {
    const double price = ProductPrice(model, plan, target.product, target.year);
    if (std::isfinite(price))
      value[static_cast<std::size_t>(target.enterprise)] += target.quantity * price;
  }
  std::vector<Index> ranked(model.enterprises.size());
  std::iota(ranked.begin(), ranked.end(), Index{0});
  std::stable_sort(ranked.begin(), ranked.end(), [&](Index a, Index b) {
    return value[static_cast<std::size_t>(a)] > value[static_cast<std::size_t>(b)];
  });
  if (ranked.size() > static_cast<std::size_t>(options.top_enterprises)) {
    ranked.resize(static_cast<std::size_t>(options.top_enterprises));
  }
  std::string& body = section.body;
  body += Paragraph(fmt::format(
      "The {} enterprises with the largest output over the plan, valued at each year's shadow "
      "prices; their targets by technique, product and year (targets.csv). Capacity is what the "
      "enterprise's usable stocks and activity bounds allow by that technique alone; utilisation "
      "= target / capacity; \"no limit\" where nothing bounds it.",
      ranked.size()));
  std::vector<std::vector<Cell>> rows;
  svg::HorizontalBarChart utilisation;
  utilisation.title = fmt::format("Utilisation of capacity in {}", model.CalendarYear(horizon));
  utilisation.unit = "% of capacity";
  for (Index e : ranked) {
    for (const ProductionTarget& target : plan.targets) {
      if (target.enterprise != e) continue;
      if (target.quantity <= 0 && target.capacity <= 0) continue;
      const bool unbounded = target.capacity <= 0 && target.quantity > 0;
      const Product& product = model.products[static_cast<std::size_t>(target.product)];
      rows.push_back(
          {TextCell(EnterpriseName(model, e)),
           TextCell(EnterpriseKindWords(model.enterprises[static_cast<std::size_t>(e)].kind)),
           TextCell(model.techniques[static_cast<std::size_t>(target.technique)].id),
           TextCell(ProductName(model, target.product)), TextCell(product.unit),
           TextCell(std::to_string(model.CalendarYear(target.year))), NumberCell(target.quantity),
           unbounded ? Cell{"no limit", "", true} : NumberCell(target.capacity),
           target.capacity > 0 ? PercentCell(100.0 * target.utilisation) : Cell{"–", "", true}});
      if (target.year == horizon && target.capacity > 0 &&
          utilisation.labels.size() < static_cast<std::size_t>(options.chart_rows)) {
        utilisation.labels.push_back(
            EnterpriseName(model, e) + " — " + ProductName(model, target.product) + " (" +
            model.techniques[static_cast<std::size_t>(target.technique)].id + ")");
        utilisation.values.push_back(100.0 * target.utilisation);
      }
    }
  }
  body += Figure(svg::RenderHorizontalBarChart(utilisation),
                 "Target / capacity in the last plan year, for the enterprises above.");
  body += Table({"enterprise", "kind", "technique", "product", "unit", "year", "target", "capacity",
                 "utilisation"},
                rows, "Targets of the top enterprises (targets.csv)");
  // Collective and state farms.
  body += "<h3 id=\"farms\">Collective and state farms' deliveries</h3>\n";
  std::map<std::pair<Index, Index>, std::vector<double>> farm_output;  // (farm, product) → years
  std::map<Index, std::vector<std::vector<double>>> by_product;        // product → [kind][t]
  for (const ProductionTarget& target : plan.targets) {
    const EnterpriseKind kind = model.enterprises[static_cast<std::size_t>(target.enterprise)].kind;
    if (kind != EnterpriseKind::kCollectiveFarm && kind != EnterpriseKind::kStateFarm) continue;
    auto& years = farm_output[{target.enterprise, target.product}];
    years.resize(static_cast<std::size_t>(horizon), 0.0);
    years[target.year - 1] += target.quantity;
    auto& kinds = by_product[target.product];
    kinds.resize(2, std::vector<double>(horizon, 0.0));
    kinds[kind == EnterpriseKind::kCollectiveFarm ? 0 : 1][target.year - 1] += target.quantity;
  }
  if (farm_output.empty()) {
    body += Paragraph("The model has no collective or state farms.");
    return section;
  }
  body += Paragraph(
      "What the plan asks of every collective farm and state farm, by product and year "
      "(targets.csv, summed over the farm's techniques), in the product's unit.");
  // Charts for the products with the largest delivery value.
  std::vector<std::pair<double, Index>> farm_products;
  for (const auto& [product, kinds] : by_product) {
    double total = 0;
    for (int t = 1; t <= horizon; ++t) {
      const double price = ProductPrice(model, plan, product, t);
      if (std::isfinite(price)) total += (kinds[0][t - 1] + kinds[1][t - 1]) * price;
    }
    farm_products.push_back({total, product});
  }
  std::stable_sort(farm_products.begin(), farm_products.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; k < farm_products.size() && k < 3; ++k) {
    const Index product = farm_products[k].second;
    svg::BarChart chart;
    chart.title = "Farm deliveries: " + ProductName(model, product);
    chart.y_label = model.products[static_cast<std::size_t>(product)].unit;
    chart.categories = YearLabels(model);
    chart.series = {{"collective farms", by_product[product][0]},
                    {"state farms", by_product[product][1]}};
    body += Figure(svg::RenderBarChart(chart));
  }
  std::vector<std::string> headers = {"farm", "kind", "product", "unit"};
  for (const std::string& year : YearLabels(model)) headers.push_back(year);
  rows.clear();
  for (const auto& [key, years] : farm_output) {
    std::vector<Cell> row = {
        TextCell(EnterpriseName(model, key.first)),
        TextCell(EnterpriseKindWords(model.enterprises[static_cast<std::size_t>(key.first)].kind)),
        TextCell(ProductName(model, key.second)),
        TextCell(model.products[static_cast<std::size_t>(key.second)].unit)};
    for (double quantity : years) row.push_back(NumberCell(quantity));
    rows.push_back(std::move(row));
  }
  body += Table(headers, rows, "Deliveries of collective and state farms (targets.csv)");
  return section;
}

Section InvestmentSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  Section section{"investment", "Investment and construction", ""};
  std::string& body = section.body;
  if (plan.investments.empty()) {
    body += Paragraph("The plan starts no construction.");
    return section;
  }
  // Per (enterprise, capital good): first start, last usable year, total quantity and its value
  // at the prices of the years started.
  struct Project {
    Index enterprise = 0, product = 0;
    int start = 0, usable = 0;
    double quantity = 0, value = 0;
    bool site = false;
  };
  std::map<std::pair<Index, Index>, Project> projects;
  for (const Investment& investment : plan.investments) {
    if (investment.quantity <= 0) continue;
    Project& project = projects[{investment.enterprise, investment.product}];
    project.enterprise = investment.enterprise;
    project.product = investment.product;
    project.site = model.enterprises[static_cast<std::size_t>(investment.enterprise)].kind ==
                   EnterpriseKind::kConstructionSite;
    if (project.start == 0 || investment.year_started < project.start) {
      project.start = investment.year_started;
    }
    project.usable = std::max(project.usable, investment.year_usable);
    project.quantity += investment.quantity;
    const double price = ProductPrice(model, plan, investment.product, investment.year_started);
    if (std::isfinite(price)) project.value += investment.quantity * price;
  }
  // Construction sites first (by start), then the other enterprises by value.
  std::vector<Project> ordered;
  for (const auto& [key, project] : projects) ordered.push_back(project);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Project& a, const Project& b) {
    if (a.site != b.site) return a.site;
    if (a.site) return a.start < b.start;
    return a.value > b.value;
  });
  const std::size_t most = static_cast<std::size_t>(options.chart_rows) + 5;
  svg::TimelineChart timeline;
  timeline.title = "Investment: construction sites first, then the largest other projects";
  int site_count = 0;
  for (const Project& project : ordered) {
    site_count += project.site ? 1 : 0;
    if (timeline.items.size() >= most) continue;
    const Product& good = model.products[static_cast<std::size_t>(project.product)];
    timeline.items.push_back({(project.site ? "▲ " : "") +
                                  EnterpriseName(model, project.enterprise) + " — " +
                                  ProductName(model, project.product),
                              static_cast<double>(model.CalendarYear(project.start)),
                              static_cast<double>(model.CalendarYear(project.usable)),
                              svg::FormatNumber(project.quantity) + " " + good.unit});
  }
  body += Paragraph(fmt::format(
      "Capital put into enterprises (investment.csv), per enterprise and capital good: each bar "
      "runs from the year the first delivery starts to the year the last one becomes usable, "
      "labelled with the total quantity delivered. The {} projects at construction sites "
      "(marked ▲) come first, then the other projects by value at the shadow prices of the years "
      "started; at most {} bars of {}.",
      site_count, most, ordered.size()));
  body += Figure(svg::RenderTimelineChart(timeline));
  std::vector<std::vector<Cell>> rows;
  for (const Investment& investment : plan.investments) {
    const Enterprise& enterprise =
        model.enterprises[static_cast<std::size_t>(investment.enterprise)];
    const double price = ProductPrice(model, plan, investment.product, investment.year_started);
    rows.push_back({TextCell(EnterpriseName(model, investment.enterprise)),
                    TextCell(EnterpriseKindWords(enterprise.kind)),
                    TextCell(ProductName(model, investment.product)),
                    TextCell(std::to_string(model.CalendarYear(investment.year_started))),
                    TextCell(std::to_string(model.CalendarYear(investment.year_usable))),
                    NumberCell(investment.quantity),
                    TextCell(model.products[static_cast<std::size_t>(investment.product)].unit),
                    NumberCell(investment.quantity * price)});
  }
  body += Table({"enterprise", "kind", "capital good", "started", "usable", "quantity", "unit",
                 "value at the start year's prices"},
                rows, "Every investment of the plan (investment.csv)");
  return section;
}

Section BottleneckSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  Section section{"bottlenecks", "Bottlenecks: binding resources and capacities", ""};
  const int horizon = model.horizon();
  std::string& body = section.body;
  body += Paragraph(
      "A shadow price is the objective gained by one more unit of a resource or of an "
      "enterprise's usable capital stock in that year (prices.csv); it is positive only where the "
      "limit binds.");
  svg::LineChart chart;
  chart.title = "Shadow prices of the primary resources";
  chart.y_label = "objective units per resource unit";
  chart.categories = YearLabels(model);
  std::vector<std::vector<Cell>> rows;
  for (Index r = 0; r < static_cast<Index>(model.resources.size()); ++r) {
    const Resource& resource = model.resources[static_cast<std::size_t>(r)];
    svg::Series series{resource.name.empty() ? resource.id : resource.name, {}};
    for (int t = 1; t <= horizon; ++t) {
      const std::size_t at = static_cast<std::size_t>(r * horizon + t - 1);
      const double price =
          at < plan.resource_prices.size() ? plan.resource_prices[at] : std::nan("");
      const double use = at < plan.resource_use.size() ? plan.resource_use[at] : std::nan("");
      const double available = model.Availability(r, t);
      // As PlanTextReport: fully used when use ≥ availability·(1 − 1e-7).
      const bool binding = std::isfinite(use) && use >= available * (1 - 1e-7);
      series.values.push_back(price);
      rows.push_back({TextCell(series.name), TextCell(resource.unit),
                      TextCell(std::to_string(model.CalendarYear(t))), NumberCell(available),
                      NumberCell(use), NumberCell(price), TextCell(binding ? "fully used" : "")});
    }
    chart.series.push_back(std::move(series));
  }
  body += "<h3>Primary resources</h3>\n";
  body += Figure(svg::RenderLineChart(chart));
  body += Table({"resource", "unit", "year", "available", "used", "shadow price", "binding"}, rows,
                "Resources per year (resource_availability.csv, prices.csv)");
  // Capital stocks whose limit binds (rent > 0), the largest rents first.
  struct Account {
    Index enterprise, product;
    std::vector<double> rent;
    double largest = 0;
  };
  std::map<std::pair<Index, Index>, Account> accounts;
  std::vector<const CapitalAccount*> binding;
  for (const CapitalAccount& account : plan.capital) {
    if (!(account.rent > 1e-12)) continue;
    binding.push_back(&account);
    Account& entry = accounts[{account.enterprise, account.product}];
    entry.enterprise = account.enterprise;
    entry.product = account.product;
    entry.rent.resize(static_cast<std::size_t>(horizon), 0.0);
    if (account.year >= 1 && account.year <= horizon) entry.rent[account.year - 1] = account.rent;
    entry.largest = std::max(entry.largest, account.rent);
  }
  body += "<h3>Capacities</h3>\n";
  if (binding.empty()) {
    body += Paragraph("No enterprise's capital stock limits the plan in any year.");
    return section;
  }
  std::vector<Account> ranked;
  for (const auto& [key, account] : accounts) ranked.push_back(account);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Account& a, const Account& b) { return a.largest > b.largest; });
  svg::LineChart rents;
  rents.title = "Rent of the most valuable binding capital stocks";
  rents.y_label = "objective units per unit of stock";
  rents.categories = YearLabels(model);
  for (std::size_t k = 0; k < ranked.size() && k < 8; ++k) {
    rents.series.push_back({EnterpriseName(model, ranked[k].enterprise) + " — " +
                                ProductName(model, ranked[k].product),
                            ranked[k].rent});
  }
  body +=
      Figure(svg::RenderLineChart(rents),
             "The shadow price (rent) of a unit of usable stock at the enterprise, for the "
             "eight stocks with the largest rent in any year; 0 where the stock does not bind.");
  std::stable_sort(
      binding.begin(), binding.end(),
      [](const CapitalAccount* a, const CapitalAccount* b) { return a->rent > b->rent; });
  rows.clear();
  for (const CapitalAccount* account : binding) {
    if (rows.size() >= static_cast<std::size_t>(options.chart_rows) * 2) break;
    rows.push_back({TextCell(EnterpriseName(model, account->enterprise)),
                    TextCell(ProductName(model, account->product)),
                    TextCell(model.products[static_cast<std::size_t>(account->product)].unit),
                    TextCell(std::to_string(model.CalendarYear(account->year))),
                    NumberCell(account->usable), NumberCell(account->used),
                    NumberCell(account->rent)});
  }
  body +=
      Table({"enterprise", "capital good", "unit", "year", "usable stock", "used", "rent"}, rows,
            fmt::format("Binding capital stocks, largest rent first ({} of {})", rows.size(),
                        binding.size()));
  return section;
}

Section FlowSection(const Model& model, const Plan& plan, const ReportOptions& options) {
  const int horizon = model.horizon();
  const int year =
      options.sankey_year == 0 ? horizon : options.sankey_year - model.settings.base_year;
  const int calendar = model.CalendarYear(year);
  Section section{"flows", fmt::format("Where the products go in {}", calendar), ""};
  std::string& body = section.body;
  // Sinks: intermediate use, construction, each final-demand category, stocks, surplus.
  std::vector<std::string> sinks = {"intermediate use", "construction (accumulation)"};
  for (const std::string& category : model.final_demand_categories)
    sinks.push_back("final: " + category);
  sinks.push_back("stock for next year");
  sinks.push_back("surplus");
  auto flows_of = [&](const ProductBalance& balance) {
    std::vector<double> flows = {balance.intermediate_use, balance.accumulation};
    for (std::size_t c = 0; c < model.final_demand_categories.size(); ++c) {
      flows.push_back(c < balance.final_use.size() ? balance.final_use[c] : 0.0);
    }
    flows.push_back(balance.stock_out);
    flows.push_back(balance.surplus);
    return flows;
  };
  std::vector<const ProductBalance*> balances;
  for (const ProductBalance& balance : plan.balances) {
    if (balance.year == year) balances.push_back(&balance);
  }
  auto value_of = [&](const ProductBalance* balance) {
    const double price = ProductPrice(model, plan, balance->product, year);
    return std::isfinite(price) ? (balance->production + balance->stock_in) * price : 0.0;
  };
  std::vector<const ProductBalance*> ranked = balances;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](const auto* a, const auto* b) { return value_of(a) > value_of(b); });
  svg::SankeyDiagram sankey;
  sankey.title =
      fmt::format("Product flows to their uses in {}, at {} shadow prices", calendar, calendar);
  sankey.unit = "objective units";
  sankey.sinks = sinks;
  const std::size_t shown =
      std::min(ranked.size(), static_cast<std::size_t>(options.sankey_products));
  std::vector<double> other(sinks.size(), 0.0);
  for (std::size_t k = 0; k < ranked.size(); ++k) {
    const ProductBalance* balance = ranked[k];
    const double price = ProductPrice(model, plan, balance->product, year);
    const std::vector<double> flows = flows_of(*balance);
    if (k < shown) sankey.sources.push_back(ProductName(model, balance->product));
    for (std::size_t s = 0; s < flows.size(); ++s) {
      const double value = std::isfinite(price) ? flows[s] * price : 0.0;
      if (k < shown) {
        sankey.flows.push_back({k, s, value});
      } else {
        other[s] += value;
      }
    }
  }
  if (ranked.size() > shown) {
    sankey.sources.push_back(fmt::format("other products ({})", ranked.size() - shown));
    for (std::size_t s = 0; s < other.size(); ++s) sankey.flows.push_back({shown, s, other[s]});
  }
  body += Paragraph(fmt::format(
      "Each product's supply in {} (production and stock drawn in) split by use, valued at the "
      "year's shadow prices so that different units add up (balances.csv and prices.csv). The {} "
      "products of largest value are drawn on their own. A product whose shadow price is 0 (it is "
      "in surplus) has no width here; the table gives every flow in physical units.",
      calendar, shown));
  body += Figure(svg::RenderSankeyDiagram(sankey));
  std::vector<std::string> headers = {"product", "unit", "production", "stock drawn in"};
  headers.insert(headers.end(), sinks.begin(), sinks.end());
  headers.push_back("shadow price");
  std::vector<std::vector<Cell>> rows;
  for (const ProductBalance* balance : ranked) {
    std::vector<Cell> row = {
        TextCell(ProductName(model, balance->product)),
        TextCell(model.products[static_cast<std::size_t>(balance->product)].unit),
        NumberCell(balance->production), NumberCell(balance->stock_in)};
    for (double flow : flows_of(*balance)) row.push_back(NumberCell(flow));
    row.push_back(NumberCell(ProductPrice(model, plan, balance->product, year)));
    rows.push_back(std::move(row));
  }
  body += Table(headers, rows, fmt::format("Balances of {} (balances.csv)", calendar));
  return section;
}

}  // namespace

Section GlanceSection(const Model* model, const Plan* plan, const Json* check) {
  Section section{"glance", "The plan at a glance", ""};
  std::string& body = section.body;
  if (model != nullptr && plan != nullptr) {
    body += "<dl class=\"facts\">";
    auto fact = [&](std::string_view term, const std::string& text) {
      body += "<dt>" + Escape(term) + "</dt><dd>" + Escape(text) + "</dd>";
    };
    fact("Model", model->settings.name);
    fact("Years", fmt::format("{}–{} (base year {})", model->CalendarYear(1),
                              model->CalendarYear(model->horizon()), model->settings.base_year));
    fact("Status", ToString(plan->status));
    if (!plan->explanation.empty()) fact("In words", plan->explanation);
    fact("Objective", fmt::format("{} = {}", ToString(plan->objective_kind),
                                  svg::FormatNumber(plan->objective, 6)));
    fact("Objective in words", ObjectiveWords(plan->objective_kind));
    if (plan->status == PlanStatus::kApproximate) {
      fact("Holds within", fmt::format("relative {}", svg::FormatNumber(plan->stated_tolerance)));
    }
    fact("Quotas", plan->quotas_are_law ? "hard constraints of the plan"
                                        : "not imposed (checked separately by gosplan check)");
    body += "</dl>\n";
    if (!plan->fulfilment.empty()) {
      svg::BarChart chart;
      chart.title = "Fulfilment of the target mix per year (λ, 1 = the whole target)";
      chart.categories = YearLabels(*model);
      chart.series = {{"λ", plan->fulfilment}};
      body += Figure(svg::RenderBarChart(chart));
      std::vector<std::vector<Cell>> rows;
      for (std::size_t t = 0; t < plan->fulfilment.size(); ++t) {
        rows.push_back({TextCell(chart.categories[t]), NumberCell(plan->fulfilment[t], 4),
                        PercentCell(100.0 * plan->fulfilment[t])});
      }
      body += Table({"year", "λ", "of the target mix"}, rows, "Fulfilment (summary.json)");
    }
  }
  if (check != nullptr) {
    const std::string status = StringAt(*check, "status");
    std::string verdict =
        status == "feasible"           ? "every quota can hold together"
        : status == "unreachable"      ? "the quotas cannot all hold together"
        : status == "model_infeasible" ? "the model cannot hold even without quotas"
        : status == "time_limit" || status == "iteration_limit" || status == "interrupted"
            ? "the check stopped before it knew (" + status + ")"
            : status;
    int short_count = 0, total = 0;
    if (const Json* quotas = ArrayAt(*check, "quotas")) {
      for (const Json& quota : *quotas) {
        ++total;
        if (NumberAt(quota, "short_by") > 0) ++short_count;
      }
    }
    body += "<h3>The check's verdict</h3>\n<p class=\"verdict " + Escape(status) + "\"><strong>" +
            Escape(verdict) + "</strong>";
    if (total > 0) {
      body += Escape(
          fmt::format(": {} of {} quotas fall short in the nearest plan", short_count, total));
      const double shortfall = NumberAt(*check, "weighted_shortfall");
      if (std::isfinite(shortfall)) {
        body += Escape(
            fmt::format(" (weighted shortfall Σ short/asked = {})", svg::FormatNumber(shortfall)));
      }
    }
    body += ".</p>\n";
    const std::string conflict = StringAt(*check, "conflict_sentence");
    if (!conflict.empty()) body += "<p class=\"conflict\">" + Escape(conflict) + "</p>\n";
    const double earliest = NumberAt(*check, "earliest_year_all");
    if (std::isfinite(earliest)) {
      body += Paragraph(fmt::format("All quotas together hold from {} (each delayed alike).",
                                    svg::FormatNumber(earliest, 6)));
    }
  }
  return section;
}

std::vector<Section> PlanSections(const Model& model, const Plan& plan,
                                  const ReportOptions& options) {
  std::vector<Section> sections = {
      ProductionSection(model, plan, options), EnterpriseSection(model, plan, options),
      InvestmentSection(model, plan, options), BottleneckSection(model, plan, options),
      FlowSection(model, plan, options)};
  if (!plan.regional_balances.empty()) sections.push_back(RegionSection(model, plan, options));
  return sections;
}

}  // namespace gosplan::report
