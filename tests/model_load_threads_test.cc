// LoadModel reads the tables of a phase in parallel (src/model/loader.cc): the model and the
// problems it reports must not depend on the number of threads. The reference is the read on one
// thread, which reads the tables one after another in the order the loader always had.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gosplan/model.h"
#include "model_compare.h"
#include "test_support.h"

// libgomp's API (the library links it; the tests are not compiled with -fopenmp).
extern "C" void omp_set_num_threads(int threads);
extern "C" int omp_get_max_threads();

namespace gosplan {
namespace {

using gosplan::testing::ExpectSameModel;
using gosplan::testing::RunCli;
using gosplan::testing::ScratchFolder;

// LoadModel with OpenMP's thread count set to `threads` for the call.
Result<Model> LoadOn(int threads, const std::string& folder, const LoadOptions& options = {}) {
  const int before = omp_get_max_threads();
  omp_set_num_threads(threads);
  Result<Model> loaded = LoadModel(folder, options);
  omp_set_num_threads(before);
  return loaded;
}

// A generated economy (every table of the format, 3000 products) in `scratch`.
std::string Generate(const ScratchFolder& scratch) {
  const std::string folder = scratch.path() + "/economy";
  const auto run = RunCli(
      "generate --products 3000 --inputs-per-product 8 --years 5 --seed 3 --out " + folder + " -q");
  EXPECT_EQ(run.exit_code, 0) << run.errors;
  return folder;
}

void AppendLine(const std::string& path, const std::string& line) {
  std::ofstream(path, std::ios::app) << line << "\n";
}

TEST(ModelLoadThreads, TheSameModelOnOneTwoAndFourThreads) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch);
  Result<Model> one = LoadOn(1, folder);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  for (const int threads : {2, 4}) {
    Result<Model> more = LoadOn(threads, folder);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    ExpectSameModel(one.value(), more.value());
  }
}

TEST(ModelLoadThreads, TheSameProblemsInTheSameOrderOnAnyNumberOfThreads) {
  ScratchFolder scratch;
  const std::string folder = Generate(scratch);
  // One mistake in each of five tables, read in both phases (id tables, tables referring to them).
  // Rows are appended, so each is the table's last line.
  AppendLine(folder + "/products.csv", "p0,product 0,unit,A,false,0,0,0");  // duplicate id
  AppendLine(folder + "/enterprises.csv", "e_new,enterprise new,castle,region 0,1");  // kind
  AppendLine(folder + "/technique_inputs.csv", "make_p0,nowhere,0.5");   // unknown product
  AppendLine(folder + "/technique_capital.csv", "make_p1,p2,x,0.05");    // not a number
  AppendLine(folder + "/final_demand.csv", "consumption,p0,2026,0,-1");  // negative target
  // The five problems are told in the loader's table order: products, technique_inputs,
  // technique_capital, enterprises, final_demand (docs/model-format.md) — the enterprise that
  // runs no technique is one more, from the checks across tables.
  for (const std::size_t cap : {std::size_t{100}, std::size_t{3}}) {
    LoadOptions options;
    options.max_diagnostics = cap;
    Result<Model> one = LoadOn(1, folder, options);
    ASSERT_FALSE(one.ok());
    const Diagnostics& reference = one.status().diagnostics();
    if (cap == 100) {
      ASSERT_EQ(reference.list().size(), 6u) << one.status().ToString();
      const std::vector<std::string> files = {"products.csv",          "technique_inputs.csv",
                                              "technique_capital.csv", "enterprises.csv",
                                              "final_demand.csv",      "enterprises.csv"};
      for (std::size_t k = 0; k < files.size(); ++k) {
        EXPECT_EQ(std::filesystem::path(reference.list()[k].file).filename(), files[k])
            << one.status().ToString();
      }
    } else {
      EXPECT_EQ(reference.list().size(), 3u) << one.status().ToString();
    }
    for (const int threads : {2, 4}) {
      Result<Model> more = LoadOn(threads, folder, options);
      ASSERT_FALSE(more.ok());
      EXPECT_EQ(more.status().ToString(), one.status().ToString()) << threads << " threads";
      EXPECT_EQ(more.status().diagnostics().total(), reference.total());
    }
  }
}

}  // namespace
}  // namespace gosplan
