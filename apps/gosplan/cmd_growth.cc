// `gosplan growth MODEL_DIR | --inputs A.csv --outputs B.csv`: the von Neumann expanding economy
// (α, β, intensities, prices) and, with --catch-up LEVELS.csv, the years the model needs to reach given
// output levels. See docs/growth.md and include/gosplan/growth.h.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_output.h"
#include "gosplan/growth.h"
#include "gosplan/model.h"
#include "gosplan/plan.h"

namespace gosplan::cli {
namespace {

struct GrowthFlags {
  std::string model_folder;
  std::string inputs, outputs;
  bool with_capital = false;
  std::string format = "text";
  std::string levels;
  int max_years = 50;
  bool bisect = false;
  std::string out_folder;
  bool force = false;
  bool quiet = false;
  bool no_cache = false;
  double time_limit = 0.0;
  double tolerance = 1e-10;
};

nlohmann::json Number(double value) {
  if (std::isfinite(value)) return value;
  return nullptr;
}

std::string Name(const std::vector<std::string>& names, Index k, const char* kind) {
  return names.empty() ? fmt::format("{} {}", kind, k + 1) : names[static_cast<std::size_t>(k)];
}

nlohmann::json Names(const std::vector<Index>& items, const std::vector<std::string>& names, const char* kind) {
  nlohmann::json out = nlohmann::json::array();
  for (Index k : items) {
    if (names.empty()) out.push_back(k + 1);
    else out.push_back(names[static_cast<std::size_t>(k)]);
  }
  return out;
}

nlohmann::json SolutionJson(const GrowthSolution& s) {
  return {{"factor", Number(s.factor)},
          {"intensities", s.intensities},
          {"prices", s.prices},
          {"value_produced", s.value_produced},
          {"nontrivial", s.nontrivial}};
}

void PrintVectors(const GrowthMatrices& t, const GrowthSolution& s, const char* label) {
  fmt::print("\nIntensities at {} (share of activity, Σ = 1):\n", label);
  for (Index i = 0; i < t.activities; ++i) {
    fmt::print("  {:<28} {:.10f}\n", Name(t.activity_names, i, "activity"), s.intensities[i]);
  }
  fmt::print("Prices at {} (Σ = 1):\n", label);
  for (Index j = 0; j < t.goods; ++j) {
    fmt::print("  {:<28} {:.10f}\n", Name(t.good_names, j, "good"), s.prices[j]);
  }
  fmt::print("Value produced x B p = {:.6g} ({})\n", s.value_produced,
             s.nontrivial ? "non-trivial: a KMT economic solution" : "ZERO: not an economic solution");
}

void PrintGrowth(const GrowthMatrices& t, const GrowthResult& r, bool with_capital, bool from_model) {
  fmt::print("von Neumann expanding economy (Kemeny–Morgenstern–Thompson 1956, labour-free{}): "
             "{} activities × {} goods\n",
             with_capital ? ", closed with capital stocks as joint outputs" : "", t.activities, t.goods);
  if (from_model) fmt::print("Labour and other resources are ignored (labour-free form).\n");
  fmt::print("Status: {}\n", ToString(r.status));
  if (r.status == GrowthStatus::kUnbounded) {
    fmt::print("Technological expansion factor α = unbounded\n{}\n", r.explanation);
    return;
  }
  if (r.status != GrowthStatus::kSolved) {
    fmt::print("{}\n", r.explanation);
    return;
  }
  fmt::print("Technological expansion factor α = {:.12f}  (at most {:+.4f} % a year)\n", r.alpha,
             100.0 * (r.alpha - 1.0));
  fmt::print("Economic interest factor       β = {:.12f}  (interest {:+.4f} % a year)\n", r.beta,
             100.0 * (r.beta - 1.0));
  fmt::print("Reducible (α ≠ β, several economic solutions): {}\n", r.reducible ? "yes" : "no");
  fmt::print("{}\n", r.explanation);
  PrintVectors(t, r.technological, "α (technological solution)");
  if (r.reducible) PrintVectors(t, r.economic, "β (interest solution)");
  fmt::print("\nMethod: {}; tolerance {:g}; {} LP solves; α in [{:.14g}, {:.14g}], β in [{:.14g}, {:.14g}]\n",
             r.method, r.tolerance, r.lp_solves, r.alpha_low, r.alpha_high, r.beta_low, r.beta_high);
}

nlohmann::json GrowthJson(const GrowthMatrices& t, const GrowthResult& r, bool with_capital, bool from_model) {
  nlohmann::json out = {
      {"status", ToString(r.status)},
      {"explanation", r.explanation},
      {"alpha", Number(r.alpha)},
      {"alpha_unbounded", r.status == GrowthStatus::kUnbounded},
      {"beta", Number(r.beta)},
      {"reducible", r.reducible},
      {"intensities", r.technological.intensities},
      {"prices", r.technological.prices},
      {"technological_solution", SolutionJson(r.technological)},
      {"interest_solution", SolutionJson(r.economic)},
      {"alpha_bracket", {r.alpha_low, r.alpha_high}},
      {"beta_bracket", {r.beta_low, r.beta_high}},
      {"method", r.method},
      {"tolerance", r.tolerance},
      {"lp_solves", r.lp_solves},
      {"labour_free", true},
      {"with_capital", with_capital},
      {"shape", {{"activities", t.activities}, {"goods", t.goods}}},
      {"unbounded_activities", Names(r.unbounded_activities, t.activity_names, "activity")},
      {"idle_activities", Names(r.idle_activities, t.activity_names, "activity")},
      {"never_produced_goods", Names(r.never_produced_goods, t.good_names, "good")},
  };
  if (from_model) {
    out["activities"] = t.activity_names;
    out["goods"] = t.good_names;
  }
  return out;
}

double OutputIn(const Plan& plan, Index product, int year) {
  for (const ProductBalance& balance : plan.balances) {
    if (balance.product == product && balance.year == year) return balance.production;
  }
  return 0.0;
}

int RunGrowth(const GrowthFlags& flags) {
  const bool from_model = !flags.model_folder.empty();
  const bool from_csv = !flags.inputs.empty() || !flags.outputs.empty();
  if (from_model == from_csv || (from_csv && (flags.inputs.empty() || flags.outputs.empty()))) {
    return ReportFailure(Status::InvalidInput("growth", 0, 0, "give either a model folder or both --inputs and --outputs",
                                              "gosplan growth MODEL_DIR, or gosplan growth --inputs A.csv --outputs B.csv"));
  }
  if (flags.format != "text" && flags.format != "json") {
    return ReportFailure(Status::InvalidInput("--format", 0, 0, "unknown format '" + flags.format + "'", "text or json"));
  }
  if (!flags.levels.empty() && !from_model) {
    return ReportFailure(Status::InvalidInput("--catch-up", 0, 0, "catch-up needs a model folder",
                                              "gosplan growth MODEL_DIR --catch-up LEVELS.csv"));
  }
  if (!flags.out_folder.empty() && flags.levels.empty()) {
    return ReportFailure(Status::InvalidInput("--out", 0, 0, "--out writes the catch-up plan",
                                              "--out together with --catch-up LEVELS.csv"));
  }
  if (from_csv && flags.with_capital) {
    return ReportFailure(Status::InvalidInput("--with-capital", 0, 0, "capital needs a model folder",
                                              "--with-capital with MODEL_DIR"));
  }

  GrowthMatrices technology;
  std::optional<Model> model;
  if (from_model) {
    auto loaded = LoadModelWithProgress(flags.model_folder, flags.no_cache, flags.quiet);
    if (!loaded.ok()) return ReportFailure(loaded.status());
    model = std::move(loaded.value());
    technology = GrowthMatricesFromModel(*model, flags.with_capital);
  } else {
    auto read = ReadGrowthMatrices(flags.inputs, flags.outputs);
    if (!read.ok()) return ReportFailure(read.status());
    technology = std::move(read.value());
  }
  std::vector<CatchUpLevel> levels;
  if (!flags.levels.empty()) {
    auto read = ReadCatchUpLevels(flags.levels, *model);
    if (!read.ok()) return ReportFailure(read.status());
    levels = std::move(read.value());
  }

  GrowthOptions options;
  options.tolerance = flags.tolerance;
  options.solver.time_limit_seconds = flags.time_limit;
  auto growth = SolveGrowth(technology, options);
  if (!growth.ok()) return ReportFailure(growth.status());
  const GrowthResult& result = growth.value();

  int code = kSuccess;
  switch (result.status) {
    case GrowthStatus::kSolved:
    case GrowthStatus::kUnbounded: code = kSuccess; break;
    case GrowthStatus::kNoEconomy: code = kNoPlan; break;
    case GrowthStatus::kLimit: code = kSolverLimit; break;
    case GrowthStatus::kError: code = kInternalFailure; break;
  }

  nlohmann::json json = GrowthJson(technology, result, flags.with_capital, from_model);
  if (flags.format == "text") PrintGrowth(technology, result, flags.with_capital, from_model);

  if (!levels.empty()) {
    CatchUpOptions catch_up;
    catch_up.max_years = flags.max_years;
    catch_up.assume_monotone = flags.bisect;
    catch_up.growth = options;
    catch_up.plan.solver.time_limit_seconds = flags.time_limit;
    catch_up.plan.log = [&](std::string_view message) { Progress(flags.quiet, message); };
    auto solved = SolveCatchUp(*model, levels, catch_up);
    if (!solved.ok()) return ReportFailure(solved.status());
    const CatchUpResult& c = solved.value();
    if (c.reached && !flags.out_folder.empty()) {
      Status written = WritePlanFolder(c.model, c.plan, flags.out_folder, flags.force);
      if (!written.ok()) return ReportFailure(written);
      Progress(flags.quiet, "wrote the catch-up plan to " + flags.out_folder);
    }
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t k = 0; k < levels.size(); ++k) {
      rows.push_back({{"product", model->products[levels[k].product].id},
                      {"level", levels[k].level},
                      {"base_capacity", Number(c.base_capacity[k])},
                      {"output_in_final_year", c.reached ? Number(OutputIn(c.plan, levels[k].product, c.years))
                                                         : nlohmann::json(nullptr)}});
    }
    nlohmann::json tried = nlohmann::json::array();
    for (PlanStatus s : c.tried) tried.push_back(ToString(s));
    json["catch_up"] = {{"reached", c.reached},
                        {"years", c.reached ? nlohmann::json(c.years) : nlohmann::json(nullptr)},
                        {"calendar_year", c.reached ? nlohmann::json(model->CalendarYear(c.years))
                                                    : nlohmann::json(nullptr)},
                        {"max_years", flags.max_years},
                        {"explanation", c.explanation},
                        {"above_design_capacity", c.above_design_capacity},
                        {"levels", rows},
                        {"fulfilment", c.reached ? nlohmann::json(c.plan.fulfilment) : nlohmann::json::array()},
                        {"plan_status", c.reached ? ToString(c.plan.status) : "infeasible"},
                        {"plan_objective", c.reached ? Number(c.plan.objective) : nlohmann::json(nullptr)},
                        {"tried", tried},
                        {"horizons_tried", c.horizons_tried},
                        {"von_neumann_alpha_with_capital", Number(c.alpha)},
                        {"von_neumann_status", ToString(c.growth_status)},
                        {"lower_bound_years", Number(c.lower_bound_years)},
                        {"search", flags.bisect ? "doubling then bisection (assumes feasibility monotone in H)"
                                                : "every horizon H = 1, 2, … in turn (exact)"}};
    if (flags.format == "text") {
      fmt::print("\nCatch-up with {} ({} level{}):\n", flags.levels, levels.size(), levels.size() == 1 ? "" : "s");
      fmt::print("{}\n", c.explanation);
      if (c.reached) {
        fmt::print("Years needed: {} (plan years {}–{})\n", c.years, model->CalendarYear(1),
                   model->CalendarYear(c.years));
        fmt::print("  {:<24} {:>14} {:>14} {:>14}\n", "product", "level", "output", "base capacity");
        for (std::size_t k = 0; k < levels.size(); ++k) {
          fmt::print("  {:<24} {:>14.6g} {:>14.6g} {:>14.6g}\n", model->products[levels[k].product].id,
                     levels[k].level, OutputIn(c.plan, levels[k].product, c.years), c.base_capacity[k]);
        }
        if (!c.plan.fulfilment.empty()) {
          fmt::print("Fulfilment of the target mix (λ) per year:");
          for (std::size_t t = 0; t < c.plan.fulfilment.size(); ++t) {
            fmt::print(" {}: {:.4g}", model->CalendarYear(static_cast<int>(t) + 1), c.plan.fulfilment[t]);
          }
          fmt::print("\n");
        }
      }
      if (std::isnan(c.lower_bound_years)) {
        fmt::print("von Neumann lower bound: none (a level's product has no base capacity, or α unknown)\n");
      } else {
        fmt::print("von Neumann lower bound (sanity): log(max_i level_i / x0_i) / log α = {:.4g} years "
                   "(α with capital = {})\n",
                   c.lower_bound_years, std::isfinite(c.alpha) ? fmt::format("{:.10g}", c.alpha) : "unbounded");
      }
    }
    if (!c.reached) code = StoppedEarly(c.plan.status) ? kSolverLimit : kNoPlan;
  }
  if (flags.format == "json") fmt::print("{}\n", json.dump(2));
  return code;
}

}  // namespace

void RegisterGrowthCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<GrowthFlags>();
  CLI::App* command = app.add_subcommand(
      "growth", "von Neumann expanding economy: expansion factor α, interest factor β, intensities, prices; "
                "catch-up time to given output levels");
  command->add_option("model", flags->model_folder, "model folder (techniques = activities, products = goods)")
      ->check(CLI::ExistingDirectory);
  command->add_option("--inputs", flags->inputs, "inputs matrix A (headerless CSV, rows = activities)");
  command->add_option("--outputs", flags->outputs, "outputs matrix B (headerless CSV, rows = activities)");
  command->add_flag("--with-capital", flags->with_capital,
                    "closed model: capital stock b as input, (1 − d)·b returned as joint output");
  command->add_option("--format", flags->format, "text or json");
  command->add_option("--catch-up", flags->levels, "LEVELS.csv (product,level): years to reach these outputs");
  command->add_option("--max-years", flags->max_years, "longest horizon tried for catch-up (default 50)")
      ->check(CLI::Range(1, 1000));
  command->add_flag("--bisect", flags->bisect,
                    "catch-up search by doubling and bisection (fast; assumes a feasible horizon stays "
                    "feasible when lengthened)");
  command->add_option("--out", flags->out_folder, "write the catch-up plan to this folder");
  command->add_flag("--force", flags->force, "replace an existing plan folder");
  command->add_option("--tolerance", flags->tolerance, "bisection tolerance on α and β (default 1e-10)")
      ->check(CLI::Range(1e-14, 1e-2));
  command->add_option("--time-limit", flags->time_limit, "solver time limit per LP in seconds (0: none)")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--quiet,-q", flags->quiet, "no progress messages on stderr");
  command->add_flag("--no-cache", flags->no_cache, "read the CSV tables, ignoring MODEL_DIR/.gosplan-cache");
  command->callback([flags, &exit_code] { exit_code = RunGrowth(*flags); });
}

}  // namespace gosplan::cli
