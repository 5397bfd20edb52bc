// The two ways LoadModel reads a model folder (include/gosplan/model.h): the CSV tables, and the
// binary cache in front of them (include/gosplan/model_cache.h).
#pragma once

#include <string>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan::model {

// model.toml and the CSV tables; options.cache is ignored.
Result<Model> LoadModelFromTables(const std::string& folder, const LoadOptions& options);

// A cache whose key matches the files, else the tables (then, with kReadWrite, a fresh cache).
// Fills options.cache_report when set. Never fails because of the cache.
Result<Model> LoadModelThroughCache(const std::string& folder, const LoadOptions& options);

}  // namespace gosplan::model
