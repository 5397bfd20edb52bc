// libFuzzer target: one of the four 5yearplan CSVs (flows, cap, dep, labtarg; picked by the first
// byte) of a copy of tests/data/plans/5yearplan-toy replaced by the input, then ImportFiveYearPlan.
#include <cstdint>
#include <string>

#include "gosplan/import.h"
#include "model_check.h"

namespace {
const char* const kFiles[] = {"flows.csv", "cap.csv", "dep.csv", "labtarg.csv"};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  if (size == 0) return 0;
  static const std::string folder = fuzz::ScratchFolder("tests/data/plans/5yearplan-toy");
  static std::string originals[4];
  static bool loaded = false;
  if (!loaded) {
    for (int k = 0; k < 4; ++k) originals[k] = fuzz::ReadBytes(folder + "/" + kFiles[k]);
    loaded = true;
  }
  const int file = data[0] % 4;
  const std::string path = folder + "/" + kFiles[file];
  fuzz::WriteBytes(path, data + 1, size - 1);
  auto model = ImportFiveYearPlan(folder);
  fuzz::WriteBytes(path, reinterpret_cast<const std::uint8_t*>(originals[file].data()),
                   originals[file].size());
  if (!model.ok()) {
    fuzz::Require(model.status().code() == StatusCode::kInvalidInput,
                  "an import error is bad input");
    fuzz::Require(!model.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  fuzz::CheckModel(model.value());
  return 0;
}
