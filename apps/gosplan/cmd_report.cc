// `gosplan report [PLAN_DIR] [DOCUMENT.json ...] [--check C.json] [--track T.json] [--io I.json]
// --out report.html`: the plan and the other commands' JSON documents as one self-contained HTML
// page (include/gosplan/report.h, docs/report.md). Positional JSON files are recognised by their
// "schema" key. The page is written atomically: on any problem nothing is written.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli_output.h"
#include "gosplan/plan.h"
#include "gosplan/report.h"
#include "util/atomic_output.h"
#include "util/json.h"
#include "util/text_file.h"

namespace gosplan::cli {
namespace {

struct ReportFlags {
  std::vector<std::string> inputs;
  std::string check_path, track_path, io_path;
  std::string model_folder;
  std::string out;
  std::string title;
  int year = 0;
  int top = 12;
  bool force = false;
  bool quiet = false;
};

int ReportReportFailure(const Status& status) {
  FailureWording wording;
  wording.consequence = "no report was written";
  return ReportFailure(status, wording);
}

constexpr std::string_view kExpectedReportInput = "a JSON document or a plan folder";

// The model folder a plan folder was made from: --model, else summary.json's model_path.
Result<std::string> PlanModelFolder(const std::string& plan_folder, const std::string& given) {
  if (!given.empty()) return given;
  const std::string summary_path = plan_folder + "/summary.json";
  auto text = util::ReadWholeFile(summary_path, "a plan folder's summary.json");
  if (!text.ok()) return text.status();
  auto parsed = util::ParseJsonText(summary_path, text.value(), "a plan folder's summary.json");
  if (!parsed.ok()) return parsed.status();
  const util::Json& summary = parsed.value();
  const auto found = summary.find("model_path");
  const std::size_t at = text->find("\"model_path\"");
  const std::int64_t line =
      at == std::string::npos ? 1 : util::LineAndColumn(text.value(), at).first;
  if (found == summary.end() || !found->is_string() || found->get<std::string>().empty()) {
    return Status::InvalidInput(summary_path, line, 0, "names no model folder (model_path)",
                                "--model MODEL_DIR");
  }
  const std::string model = found->get<std::string>();
  std::error_code error;
  if (!std::filesystem::is_directory(model, error)) {
    return Status::InvalidInput(
        summary_path, line, 0,
        "the model folder '" + model + "' named by model_path does not exist", "--model MODEL_DIR");
  }
  return model;
}

int RunReport(const ReportFlags& flags) {
  namespace fs = std::filesystem;
  if (auto refused = RefuseOutputPath(flags.out, "report", flags.force)) return *refused;
  {
    std::error_code error;
    const fs::path target(flags.out);
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, error)) {
      std::fprintf(stderr, "gosplan: report %s: the folder %s does not exist; nothing was done\n",
                   flags.out.c_str(), parent.string().c_str());
      return kBadInput;
    }
    if (fs::is_directory(target, error)) {
      std::fprintf(stderr,
                   "gosplan: report %s is a folder; nothing was done (expected a file name)\n",
                   flags.out.c_str());
      return kBadInput;
    }
  }
  std::string plan_folder;
  ReportInput input;
  // Positional inputs: one plan folder, JSON documents recognised by their schema.
  for (const std::string& path : flags.inputs) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      if (!plan_folder.empty()) {
        return ReportReportFailure(Status::InvalidInput(
            path, 0, 0, "a second plan folder (the first is " + plan_folder + ")",
            "one plan folder"));
      }
      plan_folder = path;
      continue;
    }
    auto text = util::ReadWholeFile(path, kExpectedReportInput);
    if (!text.ok()) return ReportReportFailure(text.status());
    input.documents.push_back({path, std::move(text.value())});
  }
  // Named documents must be of their kind.
  const std::pair<const std::string*, std::string_view> named[] = {
      {&flags.check_path, "gosplan.check/1"},
      {&flags.track_path, "gosplan.track/1"},
      {&flags.io_path, "gosplan.io/1"}};
  for (const auto& [path, schema] : named) {
    if (path->empty()) continue;
    auto text = util::ReadWholeFile(*path, kExpectedReportInput);
    if (!text.ok()) return ReportReportFailure(text.status());
    ReportDocument document{*path, std::move(text.value())};
    auto found = ReportDocumentSchema(document);
    if (!found.ok()) return ReportReportFailure(found.status());
    const bool io = schema == "gosplan.io/1" && found.value() == "gosplan.io-extended/1";
    if (found.value() != schema && !io) {
      return ReportReportFailure(Status::InvalidInput(
          *path, 1, 1, "the document's schema is '" + found.value() + "'",
          std::string(schema) + (schema == "gosplan.io/1" ? " or gosplan.io-extended/1" : "") +
              " for this option"));
    }
    input.documents.push_back(std::move(document));
  }
  if (plan_folder.empty() && input.documents.empty()) {
    return ReportReportFailure(Status::InvalidInput(
        "gosplan report", 0, 0, "nothing to report",
        "a plan folder or a JSON document (" + std::string(kReportSchemas) + ")"));
  }
  if (plan_folder.empty() && !flags.model_folder.empty()) {
    return ReportReportFailure(Status::InvalidInput("--model", 0, 0, "given without a plan folder",
                                                    "PLAN_DIR beside --model"));
  }
  std::optional<ModelAndPlan> loaded;
  if (!plan_folder.empty()) {
    auto model_folder = PlanModelFolder(plan_folder, flags.model_folder);
    if (!model_folder.ok()) return ReportReportFailure(model_folder.status());
    LoadOptions load_options;
    SetCacheOptions(load_options, false);
    Progress(flags.quiet, "loading " + model_folder.value() + " and the plan " + plan_folder);
    auto read = LoadModelAndPlan(model_folder.value(), plan_folder, load_options);
    if (!read.ok()) return ReportReportFailure(read.status());
    loaded = std::move(read.value());
    input.model = &loaded->model;
    input.plan = &loaded->plan;
    input.plan_folder = plan_folder;
  }
  ReportOptions options;
  options.title = flags.title;
  options.sankey_year = flags.year;
  options.top_enterprises = flags.top;
  auto html = BuildHtmlReport(input, options);
  if (!html.ok()) return ReportReportFailure(html.status());
  Status written = util::WriteFileAtomically(flags.out, html.value());
  if (!written.ok()) return ReportReportFailure(written);
  Progress(flags.quiet, fmt::format("wrote {} ({} bytes)", flags.out, html->size()));
  return kSuccess;
}

}  // namespace

void RegisterReportCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report",
      "One self-contained HTML page (inline CSS and SVG charts, no network) of a plan folder and "
      "of check, track and io JSON documents");
  command->add_option("INPUTS", flags->inputs,
                      "a plan folder (gosplan plan --out) and/or JSON documents of gosplan check, "
                      "track or io --format json, recognised by their \"schema\"");
  command->add_option("--check", flags->check_path,
                      "gosplan check --format json output (gosplan.check/1)");
  command->add_option("--track", flags->track_path,
                      "gosplan track --format json output (gosplan.track/1)");
  command->add_option("--io", flags->io_path,
                      "gosplan io --format json output (gosplan.io/1 or gosplan.io-extended/1)");
  command->add_option(
      "--model", flags->model_folder,
      "the plan's model folder (default: the model_path in the plan's summary.json)");
  command->add_option("--out", flags->out, "the HTML file to write")->required();
  command->add_flag("--force", flags->force, "replace an existing --out file");
  command->add_option("--title", flags->title, "the page's title (default: from the model's name)");
  command
      ->add_option("--year", flags->year,
                   "calendar year of the flow diagram (default 0: the plan's last year)")
      ->capture_default_str();
  command->add_option("--top", flags->top, "enterprises shown with their targets")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  AddQuietAndProgressFlags(command, &flags->quiet);
  command->callback([flags, &exit_code] { exit_code = RunReport(*flags); });
}

}  // namespace gosplan::cli
