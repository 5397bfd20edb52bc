// Input-output analysis by region of a model with regions.csv (`gosplan io MODEL --by-region`,
// docs/io.md "By region").
//
// The model's technology is national: a technique has the same coefficients in every region
// (docs/planning-model.md, "Regions and transport"), so the static IO model of the model folder
// (IoTableFromModel: A[i,j] = in[p_j, i] of the one technique p_j making j) is the technology of
// every region. What differs between regions is final demand: y_g[i] = Σ_c (floor + target) of
// final_demand.csv's rows of region g in the first plan year (the national rule of
// IoTableFromModel, split by the rows' `region`). The gross output the economy must produce to
// deliver region g's final demand is
//
//     x_g = (I − A)^-1 y_g,       and its primary requirement  r_g = C x_g  (C: use[p_j, r]),
//
// wherever in the country that output is made (A is national: the inputs of region g's demand may
// be produced in any region). Since (I − A)^-1 is linear and Σ_g y_g = y, Σ_g x_g = x = (I − A)^-1
// y and Σ_g r_g = C x: the national output split by the region whose final demand it serves (the
// textbook "output attributable to a final-demand block", Miller & Blair 2009, §2.3). It is not
// where output is produced (that is the plan's regional_balances.csv), and it leaves transport out:
// moving goods between regions takes transport products that a static A does not know.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "gosplan/io_table.h"
#include "gosplan/leontief.h"
#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

struct RegionalIo {
  std::string model;                       // the model folder
  std::vector<std::string> regions;        // ids, regions.csv order
  std::vector<std::string> region_names;   // names ("" allowed)
  std::vector<std::string> sectors;        // n product ids
  std::vector<std::string> primary_names;  // m resource ids
  Eigen::MatrixXd final_demand;            // n × G: y_g
  Eigen::MatrixXd total_output;            // n × G: x_g = (I − A)^-1 y_g
  Eigen::MatrixXd primary_coefficients;    // m × n: C[r,j] = use[p_j, r]
  Eigen::MatrixXd primary_use;             // m × G: r_g = C x_g
  Eigen::VectorXd national_output;         // x = (I − A)^-1 y, solved on its own
  // max_i |Σ_g x_g[i] − x[i]| / max(1, |x[i]|): the identity Σ_g x_g = x as the solves met it.
  double identity_gap = 0.0;
  std::string solver;
  double residual = 0.0;  // worst relative residual over every solve
};

// The final demand of every region, n × G (column g: y_g as above), for `table` =
// IoTableFromModel(model).
Eigen::MatrixXd RegionalFinalDemand(const Model& model, const IoTable& table);

// x_g, r_g and x for every region. kInvalidInput naming the model folder for a model without
// regions.csv; the errors of AnalyseIoTable (not productive, a solve that failed) otherwise.
Result<RegionalIo> AnalyseIoByRegion(const Model& model, const IoTable& table,
                                     const IoAnalysisOptions& options = {});

// For people: per sector the output for each region's final demand, their sum and the national
// output, then each region's final demand and primary requirement totals.
std::string RegionalIoText(const RegionalIo& io);
// One row per region and sector: region,sector,final_demand,total_output,<resource>_use...
std::string RegionalIoCsv(const RegionalIo& io);
// The gosplan.io-regions/1 document (docs/json.md).
std::string RegionalIoJson(const RegionalIo& io);

}  // namespace gosplan
