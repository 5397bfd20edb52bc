// libFuzzer target: model.toml of a copy of examples/two-sector replaced by the input, then
// LoadModel.
#include <cstdint>
#include <string>

#include "model_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gosplan;
  static const std::string folder = fuzz::ScratchFolder("examples/two-sector");
  fuzz::WriteBytes(folder + "/model.toml", data, size);
  auto model = LoadModel(folder);
  if (!model.ok()) {
    fuzz::Require(model.status().code() == StatusCode::kInvalidInput,
                  "a loader error is bad input");
    fuzz::Require(!model.status().diagnostics().empty(), "bad input names its problem");
    return 0;
  }
  fuzz::CheckModel(model.value());
  return 0;
}
