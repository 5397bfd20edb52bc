// The sections of the HTML report, one function per source (src/report/).
#pragma once

#include <vector>

#include "gosplan/model.h"
#include "gosplan/plan.h"
#include "gosplan/report.h"
#include "report/html.h"

namespace gosplan::report {

// The plan at a glance (model, years, status, objective, fulfilment per year) and the check
// verdict when `check` is given; either may be absent (null).
Section GlanceSection(const Model* model, const Plan* plan, const Json* check);

// From the plan: production by product and group, the top enterprises' targets and the farms'
// deliveries, investment, bottlenecks, and the flow diagram of one year.
std::vector<Section> PlanSections(const Model& model, const Plan& plan,
                                  const ReportOptions& options);

// For a plan of a model with regions (plan.regional_balances not empty): per region and year its
// output, final use, shipments and resources used, and the largest flows between regions
// (region_sections.cc).
Section RegionSection(const Model& model, const Plan& plan, const ReportOptions& options);

// From a gosplan.check/1 document: the quotas, asked vs achievable vs earliest year.
Section QuotaSection(const Json& check, const Model* model, const ReportOptions& options);

// From a gosplan.track/1 document: planned vs reported, worst shortfalls first.
Section TrackSection(const Json& track, const Model* model, const ReportOptions& options);

// From a gosplan.io/1 or gosplan.io-extended/1 document: multipliers, linkages, footprints.
std::vector<Section> IoSections(const Json& io, const ReportOptions& options);

}  // namespace gosplan::report
