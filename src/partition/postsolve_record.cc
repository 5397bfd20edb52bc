// The postsolve record (postsolve_record.h).
#include "partition/postsolve_record.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "util/fnv1a.h"

namespace gosplan::pdlp {

// The presolver's private record (presolve.h befriends this struct; nothing else reads it).
struct PostsolveRecordAccess {
  static void Fill(const MinimisationLp& original, const Presolver& p,
                   partition::PostsolveRecord* record) {
    record->kept_rows.assign(p.kept_rows_.begin(), p.kept_rows_.end());
    record->kept_columns.assign(p.kept_columns_.begin(), p.kept_columns_.end());
    record->reduced_column_lower = p.reduced_.column_lower;
    record->reduced_column_upper = p.reduced_.column_upper;
    for (std::size_t j = 0; j < p.column_fixed_.size(); ++j) {
      if (!p.column_fixed_[j]) continue;
      record->fixed_columns.push_back(static_cast<long long>(j));
      record->fixed_values.push_back(p.fixed_value_[j]);
    }
    for (const Presolver::Step& step : p.steps_) {
      if (step.kind != Presolver::Step::kSingletonRow) continue;
      const Index j = step.column;
      const long long flags =
          (p.lower_from_row_[j] == step.row ? 1 : 0) | (p.upper_from_row_[j] == step.row ? 2 : 0);
      if (flags == 0) continue;  // it set no final bound: its dual stays 0 (Postsolve)
      for (Index k = original.matrix.starts[j]; k < original.matrix.starts[j + 1]; ++k) {
        record->entry_rows.push_back(original.matrix.indices[k]);
        record->entry_values.push_back(original.matrix.values[k]);
      }
      partition::PostsolveRecord::Restore restore;
      restore.row = step.row;
      restore.column = j;
      restore.bound_flags = flags;
      restore.entry_end = static_cast<long long>(record->entry_rows.size());
      restore.coefficient = step.coefficient;
      restore.objective = original.objective[j];
      record->restores.push_back(restore);
    }
  }
};

}  // namespace gosplan::pdlp

namespace gosplan::partition {
namespace {

constexpr char kMagic[8] = {'G', 'S', 'L', 'P', 'P', 'O', 'S', 'T'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kCounts = 7;
constexpr std::size_t kHeaderBytes = 16 + 8 * kCounts;

template <typename T>
void Append(std::string* out, const std::vector<T>& values) {
  if (values.empty()) return;  // data() may be null: no memcpy from it (UBSan)
  out->append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

}  // namespace

PostsolveRecord RecordOf(const pdlp::MinimisationLp& original, const pdlp::Presolver* presolver) {
  PostsolveRecord record;
  record.rows = original.matrix.num_rows;
  record.columns = original.matrix.num_columns;
  if (presolver) {
    pdlp::PostsolveRecordAccess::Fill(original, *presolver, &record);
    return record;
  }
  for (long long i = 0; i < record.rows; ++i) record.kept_rows.push_back(i);
  for (long long j = 0; j < record.columns; ++j) record.kept_columns.push_back(j);
  record.reduced_column_lower = original.column_lower;
  record.reduced_column_upper = original.column_upper;
  return record;
}

void Postsolve(const PostsolveRecord& record, const std::vector<double>& reduced_x,
               const std::vector<double>& reduced_y, std::vector<double>* x,
               std::vector<double>* y) {
  x->assign(static_cast<std::size_t>(record.columns), 0.0);
  y->assign(static_cast<std::size_t>(record.rows), 0.0);
  for (std::size_t k = 0; k < record.kept_columns.size(); ++k)
    (*x)[record.kept_columns[k]] = reduced_x[k];
  for (std::size_t k = 0; k < record.kept_rows.size(); ++k)
    (*y)[record.kept_rows[k]] = reduced_y[k];
  for (std::size_t k = 0; k < record.fixed_columns.size(); ++k)
    (*x)[record.fixed_columns[k]] = record.fixed_values[k];
  // The singleton rows in reverse order, with Presolver::Postsolve's arithmetic (same order of the
  // column's entries, so the same bits).
  for (std::size_t s = record.restores.size(); s-- > 0;) {
    const PostsolveRecord::Restore& r = record.restores[s];
    const long long begin = s == 0 ? 0 : record.restores[s - 1].entry_end;
    double reduced_cost = r.objective;
    for (long long k = begin; k < r.entry_end; ++k)
      reduced_cost -= record.entry_values[k] * (*y)[record.entry_rows[k]];
    if ((reduced_cost > 0 && (r.bound_flags & 1)) || (reduced_cost < 0 && (r.bound_flags & 2)))
      (*y)[r.row] = reduced_cost / r.coefficient;
  }
}

std::string PostsolveRecordBytes(const PostsolveRecord& record) {
  std::string out(kMagic, 8);
  const std::uint32_t ids[2] = {kVersion, 0};
  out.append(reinterpret_cast<const char*>(ids), sizeof ids);
  const std::vector<long long> counts = {record.rows,
                                         record.columns,
                                         static_cast<long long>(record.kept_rows.size()),
                                         static_cast<long long>(record.kept_columns.size()),
                                         static_cast<long long>(record.fixed_columns.size()),
                                         static_cast<long long>(record.restores.size()),
                                         static_cast<long long>(record.entry_rows.size())};
  Append(&out, counts);
  Append(&out, record.kept_rows);
  Append(&out, record.kept_columns);
  Append(&out, record.reduced_column_lower);
  Append(&out, record.reduced_column_upper);
  Append(&out, record.fixed_columns);
  Append(&out, record.fixed_values);
  for (const PostsolveRecord::Restore& r : record.restores) {
    const long long words[4] = {r.row, r.column, r.bound_flags, r.entry_end};
    out.append(reinterpret_cast<const char*>(words), sizeof words);
    const double numbers[2] = {r.coefficient, r.objective};
    out.append(reinterpret_cast<const char*>(numbers), sizeof numbers);
  }
  Append(&out, record.entry_rows);
  Append(&out, record.entry_values);
  return out;
}

Result<PostsolveRecord> ReadPostsolveRecord(const std::string& path, long long bytes,
                                            std::uint64_t checksum) {
  auto bad = [&](const std::string& what, const std::string& expected) {
    return Status::InvalidInput(path, 0, 0, what, expected);
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad("cannot open the postsolve record", "the file `gosplan partition` wrote");
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (static_cast<long long>(data.size()) != bytes) {
    return bad("the file has " + std::to_string(data.size()) + " bytes; the manifest says " +
                   std::to_string(bytes) +
                   (static_cast<long long>(data.size()) < bytes ? " (truncated)" : ""),
               "the file `gosplan partition` wrote, whole (re-run it)");
  }
  const std::uint64_t found = util::Fnv1a(util::kFnv1aOffsetBasis, data);
  if (found != checksum) {
    char text[80];
    std::snprintf(text, sizeof text,
                  "its FNV-1a checksum is %016" PRIx64 "; the manifest says %016" PRIx64, found,
                  checksum);
    return bad(std::string(text) + " (the file is damaged or from another partition)",
               "the file `gosplan partition` wrote (re-run it)");
  }
  std::uint32_t ids[2] = {0, 0};
  long long counts[kCounts] = {};
  if (data.size() < kHeaderBytes || std::memcmp(data.data(), kMagic, 8) != 0) {
    return bad("its first 8 bytes are not GSLPPOST", "a postsolve record");
  }
  std::memcpy(ids, data.data() + 8, sizeof ids);
  std::memcpy(counts, data.data() + 16, sizeof counts);
  if (ids[0] != kVersion) {
    return bad("format version " + std::to_string(ids[0]) + " is not one this gosplan reads",
               "version 1 (re-run `gosplan partition` with this gosplan)");
  }
  for (long long count : counts) {
    if (count < 0 || count > (1LL << 40)) return bad("a count of " + std::to_string(count), "≥ 0");
  }
  PostsolveRecord record;
  record.rows = counts[0];
  record.columns = counts[1];
  const long long kept_rows = counts[2], kept_columns = counts[3], fixed = counts[4],
                  restores = counts[5], entries = counts[6];
  const long long expected_size =
      static_cast<long long>(kHeaderBytes) +
      8 * (kept_rows + 3 * kept_columns + 2 * fixed + 6 * restores + 2 * entries);
  if (expected_size != bytes) {
    return bad("its counts (bytes 16-71) describe " + std::to_string(expected_size) +
                   " bytes, not " + std::to_string(bytes),
               "counts that match the file's size");
  }
  std::size_t offset = kHeaderBytes;
  auto take = [&](auto* vector, long long count) {
    vector->resize(static_cast<std::size_t>(count));
    if (count == 0) return;  // data() may be null: no memcpy to it (UBSan)
    std::memcpy(vector->data(), data.data() + offset, static_cast<std::size_t>(count) * 8);
    offset += static_cast<std::size_t>(count) * 8;
  };
  take(&record.kept_rows, kept_rows);
  take(&record.kept_columns, kept_columns);
  take(&record.reduced_column_lower, kept_columns);
  take(&record.reduced_column_upper, kept_columns);
  take(&record.fixed_columns, fixed);
  take(&record.fixed_values, fixed);
  record.restores.resize(static_cast<std::size_t>(restores));
  for (PostsolveRecord::Restore& r : record.restores) {
    long long words[4];
    double numbers[2];
    std::memcpy(words, data.data() + offset, sizeof words);
    std::memcpy(numbers, data.data() + offset + sizeof words, sizeof numbers);
    offset += sizeof words + sizeof numbers;
    r.row = words[0];
    r.column = words[1];
    r.bound_flags = words[2];
    r.entry_end = words[3];
    r.coefficient = numbers[0];
    r.objective = numbers[1];
  }
  take(&record.entry_rows, entries);
  take(&record.entry_values, entries);

  // Structure: every index in range, the kept ones ascending, the entry ranges rising to the end.
  auto ascending_below = [](const std::vector<long long>& v, long long limit) {
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (v[k] < 0 || v[k] >= limit || (k > 0 && v[k] <= v[k - 1])) return false;
    }
    return true;
  };
  if (!ascending_below(record.kept_rows, record.rows))
    return bad("its kept rows are not ascending rows of the LP", "rows in [0, rows)");
  if (!ascending_below(record.kept_columns, record.columns) ||
      !ascending_below(record.fixed_columns, record.columns))
    return bad("its kept or fixed columns are not ascending columns of the LP",
               "columns in [0, columns)");
  long long previous_end = 0;
  for (std::size_t s = 0; s < record.restores.size(); ++s) {
    const PostsolveRecord::Restore& r = record.restores[s];
    if (r.row < 0 || r.row >= record.rows || r.column < 0 || r.column >= record.columns ||
        r.bound_flags < 1 || r.bound_flags > 3 || r.entry_end < previous_end ||
        r.entry_end > entries || r.coefficient == 0.0) {
      return bad("singleton row record " + std::to_string(s) + " is malformed",
                 "a row and column of the LP, bound flags 1-3, rising entry ends, a ≠ 0");
    }
    previous_end = r.entry_end;
  }
  if (previous_end != entries)
    return bad("the singleton rows' entries do not end at the record's entries",
               "entry ends up to restore_entries");
  for (long long row : record.entry_rows) {
    if (row < 0 || row >= record.rows)
      return bad("an entry of a singleton row's column names row " + std::to_string(row),
                 "rows in [0, rows)");
  }
  return record;
}

}  // namespace gosplan::partition
