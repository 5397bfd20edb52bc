// WriteModelFolder: a gosplan::Model -> a model folder (model.toml plus every table of
// docs/model-format.md), so that LoadModel(folder) gives back the same model.
//
// Round trip: LoadModel(WriteModelFolder(m)) == m field by field (except Model::folder), for every
// model LoadModel can produce. Numbers are written in their shortest round-trip decimal form (fmt
// "{}"), so doubles come back bit for bit; an unbounded max_activity is an empty cell. Every table
// is written (header only when empty) and named under [tables] in model.toml.
//
// Limits of the format that the writer cannot express (reported, nothing is written):
//  - final-demand categories exist only through final_demand rows: the loader numbers them in order
//    of first appearance, so a category without rows, or categories listed in another order than
//    their first appearance in `final_demand`, are refused (kInvalidInput);
//  - ids must be loadable: non-empty, no comma, double quote or control character, no surrounding
//    blanks, and not starting with '#' (the CSV reader takes such a first field for a comment);
//  - indices must be in range, numbers finite (max_activity may be +infinity), year_weights empty
//  or
//    one per plan year, the name non-empty.
// Semantic checks (negative coefficients, unknown kinds, ...) are left to LoadModel.
//
// The folder appears complete or not at all (util::StagedFolder). `overwrite`: replace an existing
// folder; otherwise an existing folder is an error (kInvalidInput).
#pragma once

#include <string>

#include "gosplan/model.h"
#include "gosplan/status.h"

namespace gosplan {

Status WriteModelFolder(const Model& model, const std::string& folder, bool overwrite);

}  // namespace gosplan
