// The verification reports itself: the text `gosplan verify` prints and the document
// "gosplan.verify/1" (docs/json.md).
#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <utility>

#include "gosplan/verify.h"
#include "util/csv_writer.h"
#include "util/json.h"

namespace gosplan {
namespace {

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// "at tolerance 1e-06", or for an approximate plan the tolerance it states ("within"/"at" it).
std::string ToleranceWords(const VerifyReport& report, const char* preposition) {
  if (!report.approximate) return fmt::format("at tolerance {:g}", report.tolerance);
  if (report.tolerance > report.stated_tolerance) {
    return fmt::format(
        "at tolerance {:g} (looser than the stated tolerance {:g} of this approximate plan)",
        report.tolerance, report.stated_tolerance);
  }
  return fmt::format("{} the stated tolerance {:g} of an approximate plan", preposition,
                     report.tolerance);
}

}  // namespace

std::string VerifyTextReport(const VerifyReport& report) {
  std::string out;
  if (!report.has_solution) {
    Append(out, "not verified: the plan's status is '{}'; the folder holds no plan to check\n",
           report.plan_status);
    return out;
  }
  for (const std::string& note : report.notes) Append(out, "note: {}\n", note);
  for (const Violation& violation : report.violations) Append(out, "{}\n", violation.message);
  const std::string gap =
      report.duality_checked
          ? fmt::format("duality gap {:.3g} (primal {:.10g}, dual {:.10g})", report.duality_gap,
                        report.primal_objective, report.dual_objective)
          : std::string(
                "duality gap not checked (no prices.csv, or group rows without prices: "
                "see the notes)");
  if (report.violation_count > 0) {
    const auto listed = static_cast<std::int64_t>(report.violations.size());
    Append(out, "NOT verified: {} of {} checks failed {}{}, max violation {:.3g}, {}\n",
           report.violation_count, report.checks, ToleranceWords(report, "at"),
           listed < report.violation_count ? fmt::format(" ({} listed)", listed) : std::string(),
           report.max_violation, gap);
  } else if (report.approximate) {
    Append(out, "verified: holds {}: {} checks, max violation {:.3g}, {}\n",
           ToleranceWords(report, "within"), report.checks, report.max_violation, gap);
  } else {
    // Say the tolerance: "verified" means nothing without it (a loose --tolerance passes more).
    Append(out, "verified: {} checks {}, max violation {:.3g}, {}\n", report.checks,
           ToleranceWords(report, "at"), report.max_violation, gap);
  }
  return out;
}

std::string VerifyJson(const VerifyReport& report) {
  using util::Json;
  using util::JsonNumber;
  Json document = util::JsonDocument("gosplan.verify/1");
  document["verified"] = report.ok();
  document["plan_status"] = report.plan_status;
  document["has_plan"] = report.has_solution;
  document["approximate"] = report.approximate;
  // summary.json states no tolerance (older plan folders): null, not 0.
  document["stated_tolerance"] =
      report.stated_tolerance > 0 ? JsonNumber(report.stated_tolerance) : Json(nullptr);
  document["tolerance"] = JsonNumber(report.tolerance);
  document["checks"] = report.checks;
  document["violation_count"] = report.violation_count;
  document["max_violation"] = JsonNumber(report.max_violation);
  Json violations = Json::array();
  for (const Violation& violation : report.violations) {
    violations.push_back({{"constraint", violation.constraint},
                          {"message", violation.message},
                          {"amount", JsonNumber(violation.amount)},
                          {"relative", JsonNumber(violation.relative)}});
  }
  document["violations"] = violations;
  document["notes"] = report.notes;
  if (report.duality_checked) {
    document["duality"] = {{"primal_objective", JsonNumber(report.primal_objective)},
                           {"dual_objective", JsonNumber(report.dual_objective)},
                           {"gap", JsonNumber(report.duality_gap)}};
  } else {
    document["duality"] = nullptr;  // no prices.csv, or group rows: the gap was not checked
  }
  return util::JsonText(document);
}

std::string VerifyCsv(const VerifyReport& report) {
  std::string out;
  util::CsvWriter csv(out);
  csv.Header("constraint", "amount", "relative", "message");
  for (const Violation& violation : report.violations) {
    csv.Text(violation.constraint)
        .Number(violation.amount)
        .Number(violation.relative)
        .Text(violation.message)
        .EndRow();
  }
  return out;
}

}  // namespace gosplan
