// libFuzzer target: one table of a copy of examples/two-sector replaced by the input, then
// LoadModel. The first byte picks the table (products, resources, ..., actuals); the rest is the
// file's content. Accepted models must satisfy model_check.h; rejected ones must be kInvalidInput
// with diagnostics.
#include <cstdint>
#include <string>

#include "model_check.h"

namespace {
const char* const kTables[] = {"products.csv",
                               "resources.csv",
                               "resource_availability.csv",
                               "techniques.csv",
                               "technique_inputs.csv",
                               "technique_outputs.csv",
                               "technique_resources.csv",
                               "technique_capital.csv",
                               "enterprises.csv",
                               "enterprise_techniques.csv",
                               "initial_stocks.csv",
                               "final_demand.csv",
                               "targets.csv",
                               "actuals.csv"};
constexpr std::size_t kTableCount = sizeof(kTables) / sizeof(kTables[0]);
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  if (size == 0) return 0;
  static const std::string folder = fuzz::ScratchFolder("examples/two-sector");
  static std::string originals[kTableCount];
  static bool loaded = false;
  if (!loaded) {
    for (std::size_t k = 0; k < kTableCount; ++k)
      originals[k] = fuzz::ReadBytes(folder + "/" + kTables[k]);
    loaded = true;
  }
  const std::size_t table = data[0] % kTableCount;
  const std::string path = folder + "/" + kTables[table];
  fuzz::WriteBytes(path, data + 1, size - 1);
  auto model = LoadModel(folder);
  // Put the original back so the next input changes only one table.
  fuzz::WriteBytes(path, reinterpret_cast<const std::uint8_t*>(originals[table].data()),
                   originals[table].size());
  if (!model.ok()) {
    fuzz::Require(model.status().code() == StatusCode::kInvalidInput,
                  "a loader error is bad input");
    fuzz::Require(!model.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  fuzz::CheckModel(model.value());
  return 0;
}
