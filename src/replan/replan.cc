// Replan: the re-planned model solved, frozen targets that cannot hold released as `check` finds
// them; the re-planned plan folder with its model.
#include "gosplan/replan.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gosplan/model_writer.h"
#include "util/atomic_output.h"
#include "util/json.h"
#include "util/text_file.h"

namespace gosplan {

Result<ReplanResult> Replan(const Model& model, const Plan& plan,
                            const std::vector<Actual>& actuals, const ReplanOptions& options) {
  ReplanResult result;
  auto replanned = ModelFromActualState(model, plan, actuals, options, &result.state);
  if (!replanned.ok()) return replanned.status();
  result.model = std::move(replanned.value());
  PlanOptions plan_options = options.plan;
  // The re-planned model says whether quotas are law (frozen targets make them so).
  plan_options.quotas_as_constraints = -1;
  auto solved = SolvePlan(result.model, plan_options);
  if (!solved.ok()) return solved.status();
  result.plan = std::move(solved.value());
  if (result.plan.status != PlanStatus::kInfeasible) return result;

  // Infeasible: `check`'s diagnosis says what cannot hold together.
  CheckOptions check;
  check.alone_max = true;
  check.conflict = true;
  check.earliest_year = false;
  check.tolerance = options.tolerance;
  check.time_limit_seconds = options.plan.solver.time_limit_seconds;
  check.log = options.plan.log;
  auto report = CheckQuotas(result.model, check);
  if (!report.ok()) return report.status();
  result.checked = true;
  result.check = std::move(report.value());
  if (result.check.model_status != LpStatus::kOptimal || result.state.frozen_targets == 0) {
    return result;
  }
  // Frozen targets are the last quotas of the re-planned model. Each one short in the nearest plan
  // is lowered to what that plan achieves (a hair below, so that rounding keeps it feasible): the
  // nearest plan meets all the lowered figures at once.
  const std::size_t first_frozen = result.model.quotas.size() - result.state.frozen_targets;
  bool lowered = false;
  for (const QuotaCheck& q : result.check.quotas) {
    if (static_cast<std::size_t>(q.quota) < first_frozen) continue;
    if (q.short_by <= options.tolerance * std::max(1.0, q.asked)) continue;
    Quota& quota = result.model.quotas[static_cast<std::size_t>(q.quota)];
    const double kept = std::max(0.0, q.achievable - 1e-7 * std::max(1.0, q.asked));
    result.released.push_back(
        {quota.id, quota.enterprise, quota.product, quota.year, quota.quantity, kept});
    quota.quantity = kept;
    lowered = true;
  }
  if (!lowered) return result;
  auto again = SolvePlan(result.model, plan_options);
  if (!again.ok()) return again.status();
  result.plan = std::move(again.value());
  return result;
}

namespace {

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Status WriteReplanFolder(const Model& old_model, const ReplanResult& result,
                         const std::string& folder, bool overwrite) {
  namespace fs = std::filesystem;
  std::string final_path = folder;
  while (final_path.size() > 1 && final_path.back() == '/') final_path.pop_back();
  auto staged = util::StagedFolder::Create(final_path, overwrite);
  if (!staged.ok()) return staged.status();
  util::StagedFolder& out = *staged.value();
  const std::string staging = out.staging_path();
  // The model first, so that the plan's summary can name it and carry its checksum (of the files'
  // names and bytes, the same once the folder is in place).
  const std::string staged_model = (fs::path(staging) / "model").string();
  if (Status written = WriteModelFolder(result.model, staged_model, false); !written.ok()) {
    return written;
  }
  Model model = result.model;
  model.folder = staged_model;
  const std::string plan_files = (fs::path(staging) / ".plan").string();
  if (Status written = WritePlanFolder(model, result.plan, plan_files, false); !written.ok()) {
    return written;
  }
  // The documents name the model folder where it will be: FOLDER/model.
  const std::string final_model = (fs::path(final_path) / "model").string();
  auto in_place = [&](std::string text) {
    ReplaceAll(text, util::Json(staged_model).dump(), util::Json(final_model).dump());
    ReplaceAll(text, staged_model, final_model);
    return text;
  };
  for (const std::string& name : PlanFolderFiles(result.plan)) {
    // Files just written by WritePlanFolder; one that cannot be read back is the machine's fault.
    auto text = util::ReadWholeFile((fs::path(plan_files) / name).string(), "a staged plan file");
    if (!text.ok()) return Status::Internal(text.status().ToString());
    if (Status written = out.WriteFile(name, in_place(std::move(text.value()))); !written.ok()) {
      return written;
    }
  }
  std::error_code error;
  fs::remove_all(plan_files, error);
  if (error) return Status::Internal("cannot remove " + plan_files + ": " + error.message());
  // replan.json: the re-plan document (its plan summary reads the checksum from the staged model).
  ReplanResult named = result;
  named.model.folder = staged_model;
  if (Status written = out.WriteFile("replan.json", in_place(ReplanJson(old_model, named)));
      !written.ok()) {
    return written;
  }
  return out.Commit();
}

}  // namespace gosplan
