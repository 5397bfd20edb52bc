// Field-by-field comparison of two models for the round-trip tests (doubles compared exactly),
// through the one description of the Model (src/model/model_fields.h): a field added there is
// compared here without a change.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "gosplan/model.h"
#include "model/model_fields.h"

namespace gosplan::testing {

inline std::map<std::string, Index> Sorted(const IdIndex& map) { return {map.begin(), map.end()}; }

// Compares `a` (visited) with `b`; every failure names the part, the column and the row.
class ModelComparison {
 public:
  ModelComparison(const Model& a, const Model& b) : a_(a), b_(b) {}

  template <class Description>
  void Settings(const Description& description, const ModelSettings& a) {
    SCOPED_TRACE(std::string(description.key));
    const ModelSettings& b = b_.*description.settings;
    model::ForEachField(description, [&](const auto& field) {
      SCOPED_TRACE(std::string(field.name));
      EXPECT_EQ(a.*field.member, b.*field.member);
    });
  }

  template <class Description, class Record>
  void Records(const Description& table, const std::vector<Record>& a) {
    SCOPED_TRACE(std::string(table.key));
    const std::vector<Record>& b = b_.*table.records;
    ASSERT_EQ(a.size(), b.size());
    model::ForEachField(table, [&](const auto& field) {
      SCOPED_TRACE(std::string(field.name));
      for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].*field.member, b[k].*field.member) << "row " << k;
      }
    });
    if (table.index != nullptr) {
      EXPECT_EQ(Sorted(a_.*table.index), Sorted(b_.*table.index)) << "id -> index map";
    }
  }

  template <class List, class Value>
  void Values(const List& list, const std::vector<Value>& a) {
    SCOPED_TRACE(std::string(list.key));
    EXPECT_EQ(a, b_.*list.values);
    if (list.index != nullptr) {
      EXPECT_EQ(Sorted(a_.*list.index), Sorted(b_.*list.index)) << "id -> index map";
    }
  }

 private:
  const Model& a_;
  const Model& b_;
};

// Everything except Model::folder (where each was read from). Doubles must be equal bit for bit
// (== and same sign of zero is not required: -0 == 0).
inline void ExpectSameModel(const Model& a, const Model& b) {
  ModelComparison comparison(a, b);
  model::VisitModel(a, comparison);
}

}  // namespace gosplan::testing
