// Fulfilment (include/gosplan/track.h): actuals equal to the plan give 100 % everywhere (the
// actuals derived from targets.csv by an independent read), a hand-derived shortfall, and the
// impossible-report flags on a hand-made case.
#include "gosplan/track.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "test_support.h"
#include "track_model.h"
#include "util/csv.h"

namespace gosplan {
namespace {

using testing::ScratchFolder;
using testing::SourcePath;

// A plan's own targets as actuals: 100 % of every planned quantity, and no flag, since a plan holds
// its capacity rows (z ≤ max_activity), its capital rows (Σ_p b·z ≤ K, so each z_p ≤ min_k K/b)
// and its balances (intermediate use ≤ production + carried stock ≤ the bound of the inputs test).
TEST(Track, ActualsEqualToThePlanAreFulfilledEverywhere) {
  const std::string model_folder = SourcePath("examples/ussr-1928");
  auto model = LoadModel(model_folder);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto solved = SolvePlan(model.value());
  ASSERT_TRUE(solved.ok()) << solved.status().ToString();
  ScratchFolder scratch;
  const std::string folder = scratch.path() + "/plan";
  ASSERT_TRUE(WritePlanFolder(model.value(), solved.value(), folder, false).ok());

  // The independent path: targets.csv read as a table, summed over techniques per enterprise,
  // product and year, written as an actuals file.
  auto targets = util::CsvFile::Open(folder + "/targets.csv");
  ASSERT_TRUE(targets.ok());
  Diagnostics diagnostics;
  const int e = targets->Find("enterprise"), i = targets->Find("product"),
            y = targets->Find("year"), q = targets->Find("quantity");
  std::map<std::tuple<std::string, std::string, std::string>, double> sums;
  util::CsvRow row;
  while (targets->Next(row, diagnostics)) {
    sums[{std::string(row.fields[e]), std::string(row.fields[i]), std::string(row.fields[y])}] +=
        std::stod(std::string(row.fields[q]));
  }
  ASSERT_TRUE(diagnostics.empty());
  ASSERT_GT(sums.size(), 100u);
  std::string actuals_text = "enterprise,product,year,quantity\n";
  for (const auto& [key, quantity] : sums) {
    char number[40];
    std::snprintf(number, sizeof number, "%.17g", quantity);
    actuals_text +=
        std::get<0>(key) + "," + std::get<1>(key) + "," + std::get<2>(key) + "," + number + "\n";
  }
  const std::string actuals_path = scratch.Write("actuals.csv", actuals_text);

  auto loaded = LoadModelAndPlan(model_folder, folder);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto actuals = ReadActualsFile(loaded->model, actuals_path);
  ASSERT_TRUE(actuals.ok()) << actuals.status().ToString();
  EXPECT_EQ(actuals->size(), sums.size());
  auto report = TrackFulfilment(loaded->model, loaded->plan, actuals.value());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->years, (std::vector<int>{1, 2, 3, 4, 5}));
  std::size_t planned_rows = 0;
  for (const FulfilmentRow& r : report->rows) {
    EXPECT_TRUE(r.has_report);
    if (r.planned > 0) {
      ++planned_rows;
      EXPECT_NEAR(r.percent, 100.0, 1e-9) << loaded->model.enterprises[r.enterprise].id;
    } else {
      EXPECT_EQ(r.reported, 0.0);
      EXPECT_TRUE(std::isnan(r.percent));
    }
  }
  EXPECT_GT(planned_rows, 100u);
  for (const FulfilmentAggregate& a : report->aggregates) {
    if (a.planned > 0) EXPECT_NEAR(a.percent, 100.0, 1e-9);
  }
  EXPECT_TRUE(report->impossible.empty())
      << report->impossible.size() << " flags, the first: " << report->impossible[0].explanation;
}

// Hand-derived: planned old_works 10, new_works 8 (steel), pit 27 (coal), farm 5 (grain); reported
// 8, 8, 27, 4. Rows: farm 4/5 = 80 %, old_works 8/10 = 80 % (tie: by enterprise id), new_works
// 8/8 = 100 %, pit 27/27 = 100 %. Steel 16/18 = 88.888… %. Group A at prices steel 2, coal 1:
// (2·16 + 27) / (2·18 + 27) = 59/63 = 93.650… %; group B (grain at 3): 12/15 = 80 %. Coal needed
// by the steel reported: 16·1.5 = 24 ≤ 27 made: no flag.
TEST(Track, HandDerivedShortfall) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, testing::kTrackToml, testing::TrackTables(false));
  const Plan plan = testing::HandPlan(model);
  const auto e = [&](const char* id) { return model.enterprise_index.at(id); };
  const auto i = [&](const char* id) { return model.product_index.at(id); };
  const std::vector<Actual> actuals = {{e("old_works"), i("steel"), 1, 8.0},
                                       {e("new_works"), i("steel"), 1, 8.0},
                                       {e("pit"), i("coal"), 1, 27.0},
                                       {e("farm"), i("grain"), 1, 4.0}};
  auto report = TrackFulfilment(model, plan, actuals);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->rows.size(), 4u);
  const std::vector<std::pair<std::string, double>> expected = {
      {"farm", 80.0}, {"old_works", 80.0}, {"new_works", 100.0}, {"pit", 100.0}};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(model.enterprises[report->rows[k].enterprise].id, expected[k].first) << k;
    EXPECT_NEAR(report->rows[k].percent, expected[k].second, 1e-12) << k;
  }
  std::map<std::string, double> product_percent, group_percent;
  for (const FulfilmentAggregate& a : report->aggregates) {
    if (a.level == AggregateLevel::kProduct) {
      product_percent[model.products[a.product].id] = a.percent;
    } else {
      group_percent[ToString(a.group)] = a.percent;
    }
  }
  EXPECT_NEAR(product_percent["steel"], 100.0 * 16 / 18, 1e-12);
  EXPECT_NEAR(product_percent["coal"], 100.0, 1e-12);
  EXPECT_NEAR(product_percent["grain"], 80.0, 1e-12);
  EXPECT_NEAR(group_percent["A"], 100.0 * 59 / 63, 1e-12);
  EXPECT_NEAR(group_percent["B"], 80.0, 1e-12);
  EXPECT_TRUE(report->impossible.empty());

  // An enterprise the batch leaves out counts as making nothing: new_works 0 of 8, steel 8/18.
  auto partial = TrackFulfilment(model, plan, {{e("old_works"), i("steel"), 1, 8.0}});
  ASSERT_TRUE(partial.ok());
  ASSERT_EQ(partial->rows.size(), 2u);
  EXPECT_EQ(model.enterprises[partial->rows[0].enterprise].id, "new_works");
  EXPECT_FALSE(partial->rows[0].has_report);
  EXPECT_EQ(partial->rows[0].percent, 0.0);
  EXPECT_NEAR(partial->aggregates[0].percent, 100.0 * 8 / 18, 1e-12);
}

// Reported old_works 12 Mt (max_activity 10: capacity), new_works 9 Mt (4 machinery / 0.5 per Mt
// = 8: capital), pit 10 Mt coal. The steel reported needs (12 + 9)·1.5 = 31.5 Mt coal; coal is
// not storable, so at most the 10 Mt reported made can have been there: inputs. With coal
// storable and 25 Mt in stock at the start the bound is 10 + 25 = 35 ≥ 31.5: no inputs flag.
TEST(Track, ImpossibleReportsAreFlagged) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, testing::kTrackToml, testing::TrackTables(false));
  const Plan plan = testing::HandPlan(model);
  const auto e = [&](const char* id) { return model.enterprise_index.at(id); };
  const auto i = [&](const char* id) { return model.product_index.at(id); };
  const std::vector<Actual> actuals = {{e("old_works"), i("steel"), 1, 12.0},
                                       {e("new_works"), i("steel"), 1, 9.0},
                                       {e("pit"), i("coal"), 1, 10.0}};
  auto report = TrackFulfilment(model, plan, actuals);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->impossible.size(), 3u);
  const ImpossibleReport& capacity = report->impossible[0];
  EXPECT_EQ(capacity.kind, ImpossibleKind::kCapacity);
  EXPECT_EQ(model.enterprises[capacity.enterprise].id, "old_works");
  EXPECT_DOUBLE_EQ(capacity.reported, 12.0);
  EXPECT_DOUBLE_EQ(capacity.limit, 10.0);
  const ImpossibleReport& capital = report->impossible[1];
  EXPECT_EQ(capital.kind, ImpossibleKind::kCapital);
  EXPECT_EQ(model.enterprises[capital.enterprise].id, "new_works");
  EXPECT_DOUBLE_EQ(capital.limit, 8.0);
  const ImpossibleReport& inputs = report->impossible[2];
  EXPECT_EQ(inputs.kind, ImpossibleKind::kInputs);
  EXPECT_EQ(inputs.enterprise, -1);
  EXPECT_EQ(model.products[inputs.product].id, "coal");
  EXPECT_DOUBLE_EQ(inputs.reported, 31.5);
  EXPECT_DOUBLE_EQ(inputs.limit, 10.0);

  // The same plan as read from a folder without prices.csv (every price and stock 0): capital is
  // not tested (a stock of 0 there means "not written", not "none"), the groups are not valued.
  Plan unpriced = plan;
  std::fill(unpriced.product_prices.begin(), unpriced.product_prices.end(), 0.0);
  for (CapitalAccount& account : unpriced.capital) account.usable = 0.0;
  auto without_prices = TrackFulfilment(model, unpriced, actuals);
  ASSERT_TRUE(without_prices.ok());
  EXPECT_FALSE(without_prices->plan_prices);
  ASSERT_EQ(without_prices->impossible.size(), 2u);
  EXPECT_EQ(without_prices->impossible[0].kind, ImpossibleKind::kCapacity);
  EXPECT_EQ(without_prices->impossible[1].kind, ImpossibleKind::kInputs);
  for (const FulfilmentAggregate& a : without_prices->aggregates) {
    if (a.level == AggregateLevel::kGroup) EXPECT_TRUE(std::isnan(a.percent));
  }

  ScratchFolder storable_scratch;
  const Model storable =
      testing::LoadTables(storable_scratch, testing::kTrackToml, testing::TrackTables(true));
  auto stored = TrackFulfilment(storable, testing::HandPlan(storable), actuals);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->impossible.size(), 2u);
  for (const ImpossibleReport& flag : stored->impossible) {
    EXPECT_NE(flag.kind, ImpossibleKind::kInputs) << flag.explanation;
  }
}

// A malformed batch is refused whole, every bad row located (line, column 1-based).
TEST(Track, MalformedActualsAreRefusedWithEveryRowLocated) {
  ScratchFolder scratch;
  const Model model =
      testing::LoadTables(scratch, testing::kTrackToml, testing::TrackTables(false));
  const std::string path = scratch.Write("bad.csv",
                                         "enterprise,product,year,quantity\n"
                                         "old_works,steel,2001,8\n"
                                         "nowhere,steel,2001,1\n"
                                         "pit,coal,1999,1\n"
                                         "farm,grain,2001,-2\n"
                                         "old_works,steel,2001,9\n");
  auto read = ReadActualsFile(model, path);
  ASSERT_FALSE(read.ok());
  ASSERT_EQ(read.status().code(), StatusCode::kInvalidInput);
  const auto& list = read.status().diagnostics().list();
  ASSERT_EQ(list.size(), 4u) << read.status().ToString();
  EXPECT_EQ(list[0].line, 3);
  EXPECT_EQ(list[0].column, 1);
  EXPECT_NE(list[0].message.find("unknown enterprise 'nowhere'"), std::string::npos);
  EXPECT_EQ(list[1].line, 4);
  EXPECT_EQ(list[1].column, 3);
  EXPECT_EQ(list[2].line, 5);
  EXPECT_EQ(list[2].column, 4);
  EXPECT_EQ(list[3].line, 6);
  EXPECT_NE(list[3].message.find("first on line 2"), std::string::npos);
}

}  // namespace
}  // namespace gosplan
