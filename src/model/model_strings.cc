// Names of the model's enumerations, as written in the model files (docs/model-format.md).
#include "gosplan/model.h"

namespace gosplan {

const char* ToString(ProductGroup group) {
  switch (group) {
    case ProductGroup::kMeansOfProduction:
      return "A";
    case ProductGroup::kConsumerGoods:
      return "B";
  }
  return "?";
}

const char* ToString(EnterpriseKind kind) {
  switch (kind) {
    case EnterpriseKind::kFactory:
      return "factory";
    case EnterpriseKind::kMine:
      return "mine";
    case EnterpriseKind::kConstructionSite:
      return "construction_site";
    case EnterpriseKind::kCollectiveFarm:
      return "collective_farm";
    case EnterpriseKind::kStateFarm:
      return "state_farm";
    case EnterpriseKind::kPowerStation:
      return "power_station";
    case EnterpriseKind::kOther:
      return "other";
  }
  return "?";
}

const char* ToString(ObjectiveKind kind) {
  switch (kind) {
    case ObjectiveKind::kPlanRay:
      return "plan_ray";
    case ObjectiveKind::kMinResources:
      return "min_resources";
    case ObjectiveKind::kPriorityOutput:
      return "priority_output";
    case ObjectiveKind::kHarmony:
      return "harmony";
    case ObjectiveKind::kMaxmin:
      return "maxmin";
  }
  return "?";
}

std::optional<ObjectiveKind> ParseObjectiveKind(std::string_view text) {
  for (ObjectiveKind kind :
       {ObjectiveKind::kPlanRay, ObjectiveKind::kMinResources, ObjectiveKind::kPriorityOutput,
        ObjectiveKind::kHarmony, ObjectiveKind::kMaxmin}) {
    if (text == ToString(kind)) return kind;
  }
  if (text == "min_labour") return ObjectiveKind::kMinResources;
  return std::nullopt;
}

const char* ToString(TerminalCondition condition) {
  switch (condition) {
    case TerminalCondition::kNone:
      return "none";
    case TerminalCondition::kKeepCapital:
      return "keep_capital";
    case TerminalCondition::kGrowth:
      return "growth";
  }
  return "?";
}

std::optional<TerminalCondition> ParseTerminalCondition(std::string_view text) {
  for (TerminalCondition condition :
       {TerminalCondition::kNone, TerminalCondition::kKeepCapital, TerminalCondition::kGrowth}) {
    if (text == ToString(condition)) return condition;
  }
  return std::nullopt;
}

const char* ToString(SolverKind kind) {
  switch (kind) {
    case SolverKind::kClp:
      return "clp";
    case SolverKind::kPdlp:
      return "pdlp";
    case SolverKind::kAuto:
      return "auto";
  }
  return "?";
}

std::optional<SolverKind> ParseSolverKind(std::string_view text) {
  for (SolverKind kind : {SolverKind::kClp, SolverKind::kPdlp, SolverKind::kAuto}) {
    if (text == ToString(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace gosplan
