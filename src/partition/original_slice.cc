// The original LP by slices (original_slice.h).
#include "partition/original_slice.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "partition/balanced_ranges.h"
#include "partition/part_writer.h"
#include "util/fnv1a.h"

namespace gosplan::partition {
namespace {

constexpr char kMagic[8] = {'G', 'S', 'L', 'P', 'O', 'R', 'I', 'G'};
constexpr long long kHeaderBytes = 64;

}  // namespace

long long OriginalSliceBytes(const LpPartitionPart& range) {
  const long long m = range.row_end - range.row_begin, n = range.column_end - range.column_begin,
                  e = range.entry_end - range.entry_begin;
  return kHeaderBytes + 8 * (n + 1) + 16 * e + 24 * n + 16 * m;
}

std::string OriginalSlicePath(const std::string& folder, int rank) {
  return (std::filesystem::path(folder) / ("original-" + std::to_string(rank) + ".bin")).string();
}

std::vector<LpPartitionPart> OriginalRanges(const LinearProgram& lp, int ranks) {
  const std::vector<long long> columns = BalancedRanges(lp.num_columns, ranks, lp.column_starts);
  const std::vector<long long> rows = BalancedRanges(lp.num_rows, ranks, {});
  std::vector<LpPartitionPart> ranges(static_cast<std::size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    LpPartitionPart& range = ranges[r];
    range.row_begin = rows[r];
    range.row_end = rows[r + 1];
    range.column_begin = columns[r];
    range.column_end = columns[r + 1];
    range.entry_begin = lp.column_starts[range.column_begin];
    range.entry_end = lp.column_starts[range.column_end];
    range.bytes = OriginalSliceBytes(range);
  }
  return ranges;
}

Status WriteOriginalSlice(const LinearProgram& lp, int rank, const std::string& path,
                          LpPartitionPart* range) {
  PartWriter out(path);
  char header[kHeaderBytes] = {};
  std::memcpy(header, kMagic, 8);
  const std::uint32_t ids[2] = {static_cast<std::uint32_t>(kLpPartitionVersion),
                                static_cast<std::uint32_t>(rank)};
  std::memcpy(header + 8, ids, sizeof ids);
  const long long ranges[6] = {range->row_begin,  range->row_end,     range->column_begin,
                               range->column_end, range->entry_begin, range->entry_end};
  std::memcpy(header + 16, ranges, sizeof ranges);
  out.Write({header, sizeof header});
  std::vector<long long> offsets(static_cast<std::size_t>(range->column_end - range->column_begin) +
                                 1);
  for (std::size_t j = 0; j < offsets.size(); ++j)
    offsets[j] =
        lp.column_starts[range->column_begin + static_cast<long long>(j)] - range->entry_begin;
  out.Write(SliceBytes(offsets, 0, static_cast<long long>(offsets.size())));
  static_assert(sizeof(Index) == 8, "row indices are written as i64");
  out.Write(SliceBytes(lp.row_indices, range->entry_begin, range->entry_end));
  out.Write(SliceBytes(lp.values, range->entry_begin, range->entry_end));
  for (const std::vector<double>* v : {&lp.objective, &lp.column_lower, &lp.column_upper})
    out.Write(SliceBytes(*v, range->column_begin, range->column_end));
  for (const std::vector<double>* v : {&lp.row_lower, &lp.row_upper})
    out.Write(SliceBytes(*v, range->row_begin, range->row_end));
  if (Status closed = out.Close(); !closed.ok()) return closed;
  range->checksum = out.checksum();
  return Status::Ok();
}

Result<OriginalSlice> ReadOriginalSlice(const std::string& folder,
                                        const LpPartitionManifest& manifest, int rank, bool keep) {
  const std::string path = OriginalSlicePath(folder, rank);
  auto bad = [&](const std::string& what, const std::string& expected) {
    return Status::InvalidInput(path, 0, 0, what, expected);
  };
  if (rank < 0 || rank >= static_cast<int>(manifest.originals.size()))
    return bad("no such slice", "a rank below the manifest's ranks");
  const LpPartitionPart& range = manifest.originals[rank];
  if (Status whole = CheckWrittenSize(path, range.bytes, "the original LP's slice"); !whole.ok())
    return whole;
  // Read straight into the arrays (or, only checking, through one small buffer), the checksum
  // taken on the way: no copy of the file in memory.
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad("cannot open the original LP's slice", "the file `gosplan partition` wrote");
  std::uint64_t checksum = util::kFnv1aOffsetBasis;
  auto read_into = [&](char* out, long long bytes) {
    in.read(out, bytes);
    checksum = util::Fnv1a(checksum, {out, static_cast<std::size_t>(bytes)});
  };
  char header[kHeaderBytes];
  read_into(header, kHeaderBytes);
  std::uint32_t ids[2] = {0, 0};
  long long ranges[6] = {};
  std::memcpy(ids, header + 8, sizeof ids);
  std::memcpy(ranges, header + 16, sizeof ranges);
  const long long expected[6] = {range.row_begin,  range.row_end,     range.column_begin,
                                 range.column_end, range.entry_begin, range.entry_end};
  if (!in || std::memcmp(header, kMagic, 8) != 0 || ids[0] != kLpPartitionVersion ||
      ids[1] != static_cast<std::uint32_t>(rank) ||
      std::memcmp(ranges, expected, sizeof ranges) != 0) {
    return bad("its header (bytes 0-63) is not that of slice " + std::to_string(rank) +
                   " as the manifest describes it",
               "the magic GSLPORIG, version " + std::to_string(kLpPartitionVersion) + ", rank " +
                   std::to_string(rank) + " and the manifest's ranges");
  }
  const long long m = range.row_end - range.row_begin, n = range.column_end - range.column_begin,
                  e = range.entry_end - range.entry_begin;
  OriginalSlice slice;
  if (keep) {
    slice.row_begin = range.row_begin;
    slice.row_end = range.row_end;
    slice.column_begin = range.column_begin;
    slice.column_end = range.column_end;
    auto take = [&](auto& vector, long long count) {
      vector.resize(static_cast<std::size_t>(count));
      if (in) read_into(reinterpret_cast<char*>(vector.data()), count * 8);
    };
    take(slice.column_offsets, n + 1);
    take(slice.row_index, e);
    take(slice.values, e);
    for (auto* v : {&slice.objective, &slice.column_lower, &slice.column_upper}) take(*v, n);
    for (auto* v : {&slice.row_lower, &slice.row_upper}) take(*v, m);
  } else {
    std::vector<char> buffer(1 << 20);
    for (long long left = range.bytes - kHeaderBytes; left > 0 && in;) {
      const long long bytes = std::min<long long>(left, static_cast<long long>(buffer.size()));
      read_into(buffer.data(), bytes);
      left -= bytes;
    }
  }
  if (!in) return bad("cannot read the original LP's slice", "a readable file");
  if (checksum != range.checksum) {
    char text[80];
    std::snprintf(text, sizeof text,
                  "its FNV-1a checksum is %016" PRIx64 "; the manifest says %016" PRIx64, checksum,
                  range.checksum);
    return bad(std::string(text) + " (the file is damaged or from another partition)",
               "the file `gosplan partition` wrote (re-run it)");
  }
  if (!keep) return slice;  // checked: its size, header and checksum
  // Cheap structural checks, so that nothing malformed is indexed.
  bool rising = slice.column_offsets.front() == 0 && slice.column_offsets.back() == e;
  for (long long j = 0; rising && j < n; ++j)
    rising = slice.column_offsets[j] <= slice.column_offsets[j + 1];
  if (!rising) return bad("its column offsets do not rise from 0 to its entries", "CSC offsets");
  for (long long k = 0; k < e; ++k) {
    if (slice.row_index[k] < 0 || slice.row_index[k] >= manifest.lp_rows)
      return bad("entry " + std::to_string(k) + " has row " + std::to_string(slice.row_index[k]),
                 "a row in [0, " + std::to_string(manifest.lp_rows) + ")");
  }
  return slice;
}

}  // namespace gosplan::partition
