// `gosplan report` loaded in a real browser: Debian's chromium, headless, opens the report of the
// example economy (plan + check + track) and of an input-output analysis from disk. Checked: no
// console message or uncaught error, the page's script ran (and sorts), every chart <svg> is in the
// rendered DOM and draws something, and a screenshot has the asked dimensions and is far from
// blank. Skipped, saying why, where chromium is not installed (scripts/install-deps.sh installs
// it where it can).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace gosplan {
namespace {

using testing::ReadFile;
using testing::RunCli;
using testing::ScratchFolder;
using testing::SourcePath;

// The chromium program on PATH, or "" when there is none.
std::string FindChromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const std::string command = std::string("command -v ") + name + " >/dev/null 2>&1";
    if (std::system(command.c_str()) == 0) return name;
  }
  return "";
}

struct BrowserRun {
  int exit_code = -1;
  std::string dom;     // stdout (--dump-dom)
  std::string errors;  // stderr (--enable-logging=stderr)
};

// Runs headless chromium on a local file with the flags, a fresh profile each time, and
// --disable-dev-shm-usage (containers often give /dev/shm only 64 MB).
BrowserRun RunChromium(const std::string& chromium, const ScratchFolder& scratch,
                       const std::string& page, const std::string& extra) {
  static int runs = 0;
  const std::string tag = std::to_string(++runs);
  const std::string profile = scratch.path() + "/profile-" + tag;
  const std::string out = scratch.path() + "/stdout-" + tag,
                    err = scratch.path() + "/stderr-" + tag;
  const std::string command =
      "timeout 180 " + chromium +
      " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir=" +
      profile + " --enable-logging=stderr --v=0 " + extra + " 'file://" + page + "' >" + out +
      " 2>" + err + " </dev/null";
  BrowserRun run;
  const int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.dom = ReadFile(out);
  run.errors = ReadFile(err);
  return run;
}

// The page's console output and uncaught errors, as chromium logs them on stderr with
// --enable-logging ("...:INFO:CONSOLE(12)] \"Uncaught ReferenceError: ...\", source: ...").
std::vector<std::string> ConsoleLines(const std::string& errors) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < errors.size()) {
    std::size_t end = errors.find('\n', start);
    if (end == std::string::npos) end = errors.size();
    const std::string line = errors.substr(start, end - start);
    if (line.find("CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos) {
      lines.push_back(line);
    }
    start = end + 1;
  }
  return lines;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Every <svg>…</svg> of a document.
std::vector<std::string> SvgElements(const std::string& html) {
  std::vector<std::string> elements;
  for (std::size_t at = html.find("<svg"); at != std::string::npos;
       at = html.find("<svg", at + 1)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    elements.push_back(html.substr(at, end + 6 - at));
  }
  return elements;
}

int Count(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

struct PngSize {
  std::uint32_t width = 0, height = 0;
};
// Width and height from a PNG's IHDR chunk: the 8-byte signature, then the chunk length (4), the
// type "IHDR" (4) and the big-endian width and height (4 each) at bytes 16..23.
PngSize ReadPngSize(const std::string& bytes) {
  PngSize size;
  if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 ||
      bytes.compare(12, 4, "IHDR") != 0) {
    return size;
  }
  auto be32 = [&](std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  size.width = be32(16);
  size.height = be32(20);
  return size;
}

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      GTEST_SKIP() << "chromium is not installed (Debian package chromium; scripts/install-deps.sh "
                      "installs it where it can): the HTML report is not tested in a browser here";
    }
  }
  // The report of examples/ussr-1928 with its check and track documents, as scripts/demo.sh makes
  // them.
  std::string MakeExampleReport() {
    const std::string model = SourcePath("examples/ussr-1928");
    const std::string plan = scratch_.path() + "/plan";
    EXPECT_EQ(RunCli("plan " + model + " --out " + plan + " -q").exit_code, 0);
    const auto check = RunCli("check " + model + " --format json -q");
    EXPECT_EQ(check.exit_code, 4) << check.errors;  // the verdict: not all quotas can hold
    const std::string check_path = scratch_.Write("check.json", check.output);
    const auto track = RunCli("track " + model + " " + plan + " --actuals " + model +
                              "/actuals.csv --format json -q");
    EXPECT_EQ(track.exit_code, 0) << track.errors;
    const std::string track_path = scratch_.Write("track.json", track.output);
    const std::string page = scratch_.path() + "/report.html";
    const auto report = RunCli("report " + plan + " --check " + check_path + " --track " +
                               track_path + " --out " + page + " -q");
    EXPECT_EQ(report.exit_code, 0) << report.errors;
    return page;
  }

  std::string chromium_;
  ScratchFolder scratch_;
};

TEST_F(ReportBrowser, ExampleReportLoadsWithoutErrorsAndDrawsEveryChart) {
  const std::string page = MakeExampleReport();
  const std::string html = ReadFile(page);
  const std::vector<std::string> charts = SvgElements(html);
  ASSERT_GE(charts.size(), 10u);
  const BrowserRun run = RunChromium(chromium_, scratch_, page, "--dump-dom");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(ConsoleLines(run.errors).empty()) << Joined(ConsoleLines(run.errors));
  // The page's script ran: it makes every sortable column header focusable.
  EXPECT_GT(Count(run.dom, "tabindex=\"0\""), 20);
  // Every chart is in the rendered DOM and draws something besides its background.
  const std::vector<std::string> rendered = SvgElements(run.dom);
  ASSERT_EQ(rendered.size(), charts.size());
  for (const std::string& chart : rendered) {
    const std::size_t title = chart.find("<title>");
    ASSERT_NE(title, std::string::npos);
    const std::string name = chart.substr(title + 7, chart.find("</title>") - title - 7);
    EXPECT_EQ(chart.find("no data to draw"), std::string::npos) << name;
    EXPECT_GE(Count(chart, "<path") + Count(chart, "<circle") + Count(chart, "<rect") - 1, 2)
        << name;
  }
  for (const char* section : {"glance", "production", "enterprises", "investment", "bottlenecks",
                              "flows", "quotas", "fulfilment"}) {
    EXPECT_NE(run.dom.find(std::string("<section id=\"") + section + "\""), std::string::npos)
        << section;
  }
}

TEST_F(ReportBrowser, AnInjectedScriptErrorIsDetected) {
  // The check above must be able to fail: the same page with a failing script shows an uncaught
  // error among the console lines.
  const std::string page = MakeExampleReport();
  std::string html = ReadFile(page);
  html.insert(html.rfind("</body>"), "<script>undefinedReportFunction();</script>\n");
  const std::string broken = scratch_.Write("broken.html", html);
  const BrowserRun run = RunChromium(chromium_, scratch_, broken, "--dump-dom");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const std::string lines = Joined(ConsoleLines(run.errors));
  EXPECT_NE(lines.find("Uncaught ReferenceError: undefinedReportFunction"), std::string::npos)
      << run.errors;
}

TEST_F(ReportBrowser, TablesSortWhenAHeaderIsClicked) {
  const std::string page = MakeExampleReport();
  std::string html = ReadFile(page);
  // Two clicks on the λ column of the first table (fulfilment per year): descending λ.
  html.insert(html.rfind("</body>"),
              "<script>var th = document.querySelector('#glance table.sortable th:nth-child(2)');"
              "th.click(); th.click();</script>\n");
  const std::string clicked = scratch_.Write("clicked.html", html);
  const BrowserRun run = RunChromium(chromium_, scratch_, clicked, "--dump-dom");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(ConsoleLines(run.errors).empty()) << Joined(ConsoleLines(run.errors));
  // The expected order, from summary.json: years by fulfilment, largest first.
  const auto summary = nlohmann::json::parse(ReadFile(scratch_.path() + "/plan/summary.json"));
  std::vector<std::pair<double, int>> years;
  for (const auto& year : summary["fulfilment"]) {
    years.push_back({year["fulfilment"].get<double>(), year["year"].get<int>()});
  }
  std::sort(years.begin(), years.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  const std::size_t table = run.dom.find("<tbody>", run.dom.find("<section id=\"glance\""));
  const std::string body = run.dom.substr(table, run.dom.find("</tbody>", table) - table);
  std::vector<int> shown;
  const std::regex first_cell("<tr><td>([0-9]{4})</td>");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), first_cell);
       it != std::sregex_iterator(); ++it) {
    shown.push_back(std::stoi((*it)[1].str()));
  }
  ASSERT_EQ(shown.size(), years.size()) << body;
  for (std::size_t k = 0; k < years.size(); ++k) EXPECT_EQ(shown[k], years[k].second) << k;
  EXPECT_NE(run.dom.find("aria-sort=\"descending\""), std::string::npos);
}

TEST_F(ReportBrowser, ScreenshotHasTheWindowSizeAndIsNotBlank) {
  const std::string page = MakeExampleReport();
  const std::string shot = scratch_.path() + "/report.png";
  BrowserRun run = RunChromium(chromium_, scratch_, page,
                               "--hide-scrollbars --window-size=1280,2000 --screenshot=" + shot);
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const std::string png = ReadFile(shot);
  const PngSize size = ReadPngSize(png);
  EXPECT_EQ(size.width, 1280u);
  EXPECT_EQ(size.height, 2000u);
  // A blank page's screenshot of the same size compresses to a few kB (about 10 kB here); the
  // report's text, tables and charts make it many times larger.
  const std::string blank_page =
      scratch_.Write("blank.html", "<!DOCTYPE html><html><body></body></html>");
  const std::string blank_shot = scratch_.path() + "/blank.png";
  run = RunChromium(chromium_, scratch_, blank_page,
                    "--hide-scrollbars --window-size=1280,2000 --screenshot=" + blank_shot);
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  const std::string blank = ReadFile(blank_shot);
  EXPECT_EQ(ReadPngSize(blank).width, 1280u);
  EXPECT_GT(png.size(), 5 * blank.size())
      << "report " << png.size() << " bytes, blank " << blank.size() << " bytes";
  // Kept for a person to look at when GOSPLAN_REPORT_SCREENSHOT names a file.
  if (const char* keep = std::getenv("GOSPLAN_REPORT_SCREENSHOT")) {
    std::filesystem::copy_file(shot, keep, std::filesystem::copy_options::overwrite_existing);
  }
}

TEST_F(ReportBrowser, RegionalReportDrawsItsRegionSection) {
  // examples/two-regions: the "Regions and transport" section renders, its charts draw, and the
  // rendered output of the West in 2001 is Σ price × production of regional_balances.csv's West
  // rows of 2001 (by hand: (32·23 + 20·3)/183, tests/region_report_test.cc).
  const std::string plan = scratch_.path() + "/regional-plan";
  ASSERT_EQ(
      RunCli("plan " + SourcePath("examples/two-regions") + " --out " + plan + " -q").exit_code, 0);
  const std::string page = scratch_.path() + "/regions.html";
  ASSERT_EQ(RunCli("report " + plan + " --out " + page + " -q").exit_code, 0);
  const BrowserRun run = RunChromium(chromium_, scratch_, page, "--dump-dom");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(ConsoleLines(run.errors).empty()) << Joined(ConsoleLines(run.errors));
  const std::size_t section = run.dom.find("<section id=\"regions\"");
  ASSERT_NE(section, std::string::npos);
  const std::string regions =
      run.dom.substr(section, run.dom.find("</section>", section) - section);
  const std::vector<std::string> charts = SvgElements(regions);
  EXPECT_EQ(charts.size(), 3u);  // output by region and year; the map of flows; the largest flows
  for (const std::string& chart : charts) {
    EXPECT_EQ(chart.find("no data to draw"), std::string::npos);
    EXPECT_GE(Count(chart, "<path") + Count(chart, "<circle") + Count(chart, "<rect") - 1, 2);
  }
  double west_2001 = 0;
  std::istringstream balances(ReadFile(plan + "/regional_balances.csv"));
  std::string line;
  std::getline(balances, line);  // product,region,year,production,...,price (14th column)
  while (std::getline(balances, line)) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields[1] == "west" && fields[2] == "2001") {
      west_2001 += std::stod(fields[3]) * std::stod(fields[13]);
    }
  }
  EXPECT_NEAR(west_2001, (32.0 * 23 + 20 * 3) / 183, 1e-9);
  const std::size_t table = regions.find("<tbody>", regions.find("id=\"region-west\""));
  const std::smatch first = [&] {
    std::smatch match;
    const std::string& body = regions;
    std::regex_search(body.begin() + static_cast<std::ptrdiff_t>(table), body.end(), match,
                      std::regex("data-v=\"([^\"]+)\""));
    return match;
  }();
  ASSERT_FALSE(first.empty());
  EXPECT_NEAR(std::stod(first[1].str()), west_2001, 1e-9);
}

TEST_F(ReportBrowser, InputOutputReportLoadsWithoutErrors) {
  const auto io = RunCli("io " + testing::DataPath("io/miller-blair-2009-2x2.csv") +
                         " --linkages --format json");
  ASSERT_EQ(io.exit_code, 0) << io.errors;
  const std::string document = scratch_.Write("io.json", io.output);
  const std::string page = scratch_.path() + "/io.html";
  ASSERT_EQ(RunCli("report " + document + " --out " + page + " -q").exit_code, 0);
  const BrowserRun run = RunChromium(chromium_, scratch_, page, "--dump-dom");
  ASSERT_EQ(run.exit_code, 0) << run.errors;
  EXPECT_TRUE(ConsoleLines(run.errors).empty()) << Joined(ConsoleLines(run.errors));
  const std::vector<std::string> charts = SvgElements(run.dom);
  EXPECT_EQ(charts.size(), SvgElements(ReadFile(page)).size());
  EXPECT_GE(charts.size(), 3u);  // output multipliers, each row's multipliers, linkages
  for (const std::string& chart : charts) {
    EXPECT_EQ(chart.find("no data to draw"), std::string::npos);
  }
}

}  // namespace
}  // namespace gosplan
