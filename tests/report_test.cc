// The HTML report (include/gosplan/report.h) and `gosplan report`: sections present, numbers
// traceable to the plan folder's own files (read here independently, as text), names escaped, and
// bad input refused with a located error and nothing written.
#include "gosplan/report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gosplan/plan.h"
#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

// The rows of a plan folder's CSV file split at commas (the plan's CSVs quote no field that holds
// a number, and the columns used here come before any name).
std::vector<std::vector<std::string>> CsvRows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream text(ReadFile(path));
  std::string line;
  std::getline(text, line);  // header
  while (std::getline(text, line)) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream split(line);
    while (std::getline(split, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

// One plan of the example economy, with its check and track documents, shared by the tests.
class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new ScratchFolder();
    const std::string model = SourcePath("examples/ussr-1928");
    plan_ = scratch_->path() + "/plan";
    ASSERT_EQ(RunCli("plan " + model + " --out " + plan_ + " -q").exit_code, 0);
    const auto check = RunCli("check " + model + " --format json -q");
    ASSERT_EQ(check.exit_code, 4) << check.errors;  // the verdict: not all quotas can hold
    check_ = scratch_->Write("check.json", check.output);
    const auto track = RunCli("track " + model + " " + plan_ + " --actuals " + model +
                              "/actuals.csv --format json -q");
    ASSERT_EQ(track.exit_code, 0) << track.errors;
    track_ = scratch_->Write("track.json", track.output);
    const auto io = RunCli("io " + testing::DataPath("io/miller-blair-2009-2x2.csv") +
                           " --linkages --format json");
    ASSERT_EQ(io.exit_code, 0) << io.errors;
    io_ = scratch_->Write("io.json", io.output);
  }
  static void TearDownTestSuite() { delete scratch_; }

  static std::string Html(const ReportOptions& options = {}, bool with_documents = true) {
    auto loaded = LoadModelAndPlan(SourcePath("examples/ussr-1928"), plan_);
    EXPECT_TRUE(loaded.ok());
    ReportInput input;
    input.model = &loaded->model;
    input.plan = &loaded->plan;
    input.plan_folder = plan_;
    if (with_documents) {
      input.documents = {{check_, ReadFile(check_)}, {track_, ReadFile(track_)}};
    }
    auto html = BuildHtmlReport(input, options);
    EXPECT_TRUE(html.ok()) << html.status().ToString();
    return html.ok() ? html.value() : "";
  }

  static ScratchFolder* scratch_;
  static std::string plan_, check_, track_, io_;
};
ScratchFolder* ReportTest::scratch_ = nullptr;
std::string ReportTest::plan_, ReportTest::check_, ReportTest::track_, ReportTest::io_;

TEST_F(ReportTest, HasEverySectionOfTheIssue) {
  const std::string html = Html();
  for (const char* id : {"glance", "production", "enterprises", "farms", "investment",
                         "bottlenecks", "flows", "quotas", "fulfilment"}) {
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  // Self-contained: nothing fetched from elsewhere.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  // The same inputs give the same bytes.
  EXPECT_EQ(html, Html());
}

TEST_F(ReportTest, NumbersComeFromThePlanFolder) {
  ReportOptions options;
  options.top_enterprises = 1000;  // every enterprise's targets
  const std::string html = Html(options);
  // Every production figure of balances.csv (column 3) and every investment quantity (column 5)
  // is on the page, exactly (data-v holds the value as the file writes it).
  int checked = 0;
  for (const auto& row : CsvRows(plan_ + "/balances.csv")) {
    ASSERT_GE(row.size(), 3u);
    EXPECT_NE(html.find("data-v=\"" + row[2] + "\""), std::string::npos) << row[0] << " " << row[1];
    ++checked;
  }
  for (const auto& row : CsvRows(plan_ + "/investment.csv")) {
    EXPECT_NE(html.find("data-v=\"" + row[4] + "\""), std::string::npos) << row[0] << " " << row[2];
    ++checked;
  }
  // Every target with output (column 5), with its capacity (column 6) when there is one.
  for (const auto& row : CsvRows(plan_ + "/targets.csv")) {
    if (row[4] == "0") continue;
    EXPECT_NE(html.find("data-v=\"" + row[4] + "\""), std::string::npos) << row[0] << " " << row[3];
    if (row[5] != "0") EXPECT_NE(html.find("data-v=\"" + row[5] + "\""), std::string::npos);
    ++checked;
  }
  EXPECT_GT(checked, 300);
  // Fulfilment per year as summary.json gives it, shown to 4 significant digits.
  const auto summary = nlohmann::json::parse(ReadFile(plan_ + "/summary.json"));
  for (const auto& year : summary["fulfilment"]) {
    const std::string shown = fmt::format(">{:.4g}</td>", year["fulfilment"].get<double>());
    EXPECT_NE(html.find(shown), std::string::npos) << shown;
  }
  // The check's conflict sentence and a never-reachable quota in words.
  EXPECT_NE(html.find("Superphosphates 3.4 Mt in 1933 conflicts with"), std::string::npos);
  EXPECT_NE(html.find("impossible in any year"), std::string::npos);
}

TEST_F(ReportTest, FulfilmentTableKeepsTheWorstShortfallsFirst) {
  const std::string html = Html();
  // gosplan.track/1 lists its rows worst first; the page keeps that order: the first row of the
  // fulfilment section's table is the first of the document.
  const std::string track = ReadFile(track_);
  const std::size_t first_enterprise = track.find("\"enterprise\": \"") + 15;
  const std::string id =
      track.substr(first_enterprise, track.find('"', first_enterprise) - first_enterprise);
  auto loaded = LoadModelAndPlan(SourcePath("examples/ussr-1928"), plan_);
  ASSERT_TRUE(loaded.ok());
  const std::string name =
      loaded->model.enterprises[static_cast<std::size_t>(loaded->model.enterprise_index.at(id))]
          .name;
  const std::size_t section = html.find("<section id=\"fulfilment\"");
  const std::size_t body = html.find("<tbody>", html.find("Planned vs reported", section));
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(html.compare(body + 12, 4 + name.size(), "<td>" + name), 0) << html.substr(body, 200);
}

TEST_F(ReportTest, EscapesNamesWithMarkupCharacters) {
  ScratchFolder scratch;
  const std::string model = scratch.path() + "/model";
  std::filesystem::copy(SourcePath("examples/ussr-1928"), model);
  std::string products = ReadFile(model + "/products.csv");
  const std::string before = "Steel (crude)";
  products.replace(products.find(before), before.size(), "Steel <b>crude</b> & rolled");
  scratch.Write("model/products.csv", products);
  ASSERT_EQ(RunCli("plan " + model + " --out " + scratch.path() + "/plan -q").exit_code, 0);
  auto loaded = LoadModelAndPlan(model, scratch.path() + "/plan");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ReportInput input{&loaded->model, &loaded->plan, scratch.path() + "/plan", {}};
  auto html = BuildHtmlReport(input);
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("Steel &lt;b&gt;crude&lt;/b&gt; &amp; rolled"), std::string::npos);
  EXPECT_EQ(html->find("<b>crude"), std::string::npos);
  EXPECT_EQ(html->find("& rolled"), std::string::npos);
}

TEST_F(ReportTest, InputOutputDocumentAlone) {
  ReportInput input;
  input.documents = {{io_, ReadFile(io_)}};
  auto html = BuildHtmlReport(input);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("id=\"io\""), std::string::npos);
  EXPECT_EQ(html->find("id=\"production\""), std::string::npos);
  // By hand from the table: A = Z·diag(x)^-1 = [[0.15, 0.25], [0.2, 0.05]], det(I − A) =
  // 0.85·0.95 − 0.25·0.2 = 0.7575, L = [[0.95, 0.25], [0.2, 0.85]] / 0.7575; the output
  // multipliers are its column sums 1.15/0.7575 = 1.518 and 1.1/0.7575 = 1.452 (Miller & Blair
  // 2009, section 2.3).
  EXPECT_NE(html->find(">1.518</td>"), std::string::npos);
  EXPECT_NE(html->find(">1.452</td>"), std::string::npos);
  EXPECT_NE(html->find("backward linkage"), std::string::npos);
}

ReportDocument Document(std::string path, std::string text) {
  return {std::move(path), std::move(text)};
}

TEST(ReportErrors, MalformedJsonIsLocated) {
  ReportInput input;
  input.documents = {
      Document("bad.json", "{\n  \"schema\": \"gosplan.check/1\",\n  \"quotas\": [1,\n}\n")};
  auto html = BuildHtmlReport(input);
  ASSERT_FALSE(html.ok());
  const std::string message = html.status().ToString();
  EXPECT_NE(message.find("bad.json:4:1: not valid JSON"), std::string::npos) << message;
}

TEST(ReportErrors, UnknownSchemaMissingKeyAndSecondDocumentOfAKind) {
  ReportInput input;
  input.documents = {Document("plan.json", "{\n\"schema\": \"gosplan.plan/1\"}")};
  auto html = BuildHtmlReport(input);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().ToString().find("plan.json:2:1: the report does not read documents of "
                                          "schema 'gosplan.plan/1'"),
            std::string::npos)
      << html.status().ToString();
  input.documents = {Document("check.json", "{\"schema\": \"gosplan.check/1\"}")};
  html = BuildHtmlReport(input);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().ToString().find("no array 'quotas'"), std::string::npos);
  input.documents = {
      Document("a.json", "{\"schema\": \"gosplan.io/1\", \"sectors\": []}"),
      Document("b.json", "{\"schema\": \"gosplan.io-extended/1\", \"sectors\": []}")};
  html = BuildHtmlReport(input);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().ToString().find(
                "a second gosplan.io-extended/1 document (the first is a.json)"),
            std::string::npos);
  input.documents = {Document("list.json", "[1, 2]")};
  html = BuildHtmlReport(input);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.status().ToString().find("not a JSON object"), std::string::npos);
  EXPECT_FALSE(BuildHtmlReport(ReportInput{}).ok());  // nothing to report
}

TEST(ReportErrors, OptionsOutOfRange) {
  ReportOptions options;
  options.top_enterprises = 0;
  std::string error;
  EXPECT_FALSE(options.IsValid(&error));
  EXPECT_EQ(error, "top_enterprises is 0; it must be ≥ 1");
  ReportInput input;
  input.documents = {Document("a.json", "{\"schema\": \"gosplan.io/1\", \"sectors\": []}")};
  EXPECT_EQ(BuildHtmlReport(input, options).status().code(), StatusCode::kInvalidArgument);
}

// ---- The command line ----

TEST_F(ReportTest, CommandWritesThePageFromPositionalDocuments) {
  ScratchFolder out;
  const std::string page = out.path() + "/report.html";
  const auto run =
      RunCli("report " + plan_ + " " + check_ + " " + track_ + " --out " + page + " -q");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(run.output.empty());
  EXPECT_TRUE(run.errors.empty());
  const std::string html = ReadFile(page);
  EXPECT_NE(html.find("id=\"quotas\""), std::string::npos);
  EXPECT_NE(html.find("id=\"fulfilment\""), std::string::npos);
  // The same page from named options.
  const std::string named = out.path() + "/named.html";
  ASSERT_EQ(RunCli("report " + plan_ + " --check " + check_ + " --track " + track_ + " --out " +
                   named + " -q")
                .exit_code,
            0);
  EXPECT_EQ(ReadFile(named), html);
  // An existing page is kept unless --force.
  const auto again = RunCli("report " + plan_ + " --out " + page + " -q");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.errors.find("already exists"), std::string::npos);
  EXPECT_EQ(ReadFile(page), html);
  EXPECT_EQ(RunCli("report " + plan_ + " --out " + page + " --force -q").exit_code, 0);
  EXPECT_NE(ReadFile(page), html);  // without the documents now
}

TEST_F(ReportTest, CommandRefusesBadInputAndWritesNothing) {
  ScratchFolder out;
  const std::string page = out.path() + "/report.html";
  const std::string broken =
      out.Write("broken.json", "{\"schema\": \"gosplan.check/1\",\n  \"quotas\": [}\n");
  struct Case {
    std::string arguments, message;
  };
  const Case cases[] = {
      {out.path() + "/missing.json", "missing.json: does not exist"},
      {broken, "broken.json:2:14: not valid JSON"},
      {"--check " + track_,
       "track.json:1:1: the document's schema is 'gosplan.track/1' (expected "
       "gosplan.check/1 for this option)"},
      {plan_ + " --year 1950", "sankey_year is 1950"},
      {plan_ + " " + plan_, "a second plan folder"},
      {"", "nothing to report"},
  };
  for (const Case& c : cases) {
    const auto run = RunCli("report " + c.arguments + " --out " + page + " -q");
    EXPECT_EQ(run.exit_code, 2) << c.arguments << "\n" << run.errors;
    EXPECT_NE(run.errors.find(c.message), std::string::npos) << c.arguments << "\n" << run.errors;
    EXPECT_FALSE(std::filesystem::exists(page)) << c.arguments;
  }
  // No temporary file is left beside the page either.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out.path()))
    ++entries;
  EXPECT_EQ(entries, 1);  // broken.json
}

}  // namespace
}  // namespace gosplan
