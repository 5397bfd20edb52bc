// A program built against an installed gosplan (tests/consumer/CMakeLists.txt): the total output
// of Miller & Blair's two-sector example by the library's own table reader and Leontief solver.
//
// Miller & Blair, Input-Output Analysis (2009), table 2.3 (../shared/data/README.md): A =
// [[.15, .25], [.20, .05]]; final demand (600, 1500) gives x = (1247.52, 1841.58).
#include <Eigen/Core>
#include <cstdio>

#include "gosplan/io_table.h"
#include "gosplan/leontief.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: gosplan_consumer TABLE.csv\n", stderr);
    return 2;
  }
  auto table = gosplan::LoadIoTable(argv[1]);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    return 2;
  }
  Eigen::VectorXd final_demand(2);
  final_demand << 600.0, 1500.0;
  auto analysis = gosplan::AnalyseIoTable(table.value(), final_demand);
  if (!analysis.ok()) {
    std::fprintf(stderr, "%s\n", analysis.status().ToString().c_str());
    return 1;
  }
  std::printf("x = %.2f %.2f\n", analysis->total_output(0), analysis->total_output(1));
  return 0;
}
