// The version of gosplan, recorded in every plan folder's summary.json and printed by --version.
#pragma once

namespace gosplan {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace gosplan
