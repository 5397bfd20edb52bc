// A partitioned LP on disk (lp_partition.h).
#include "partition/lp_partition.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "partition/balanced_ranges.h"
#include "partition/original_slice.h"
#include "partition/part_writer.h"
#include "partition/postsolve_record.h"
#include "pdlp/pdlp_stages.h"
#include "util/atomic_output.h"
#include "util/fnv1a.h"

namespace gosplan::partition {
namespace {

constexpr char kMagic[8] = {'G', 'S', 'L', 'P', 'P', 'A', 'R', 'T'};
constexpr long long kHeaderBytes = 64;
constexpr const char* kManifestName = "manifest.txt";
constexpr const char* kManifestFirstLine = "gosplan-lp-partition";

bool LittleEndianHost() {
  const std::uint16_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

template <typename T>
std::string_view BytesOf(const std::vector<T>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)};
}

// The bytes of part `rank` (header and arrays), in the order of lp_partition.h.
long long PartBytes(const LpPartitionPart& part) {
  const long long m = part.row_end - part.row_begin, n = part.column_end - part.column_begin,
                  e = part.entry_end - part.entry_begin;
  return kHeaderBytes + 8 * (m + 1) + 16 * e + 24 * m + 32 * n;
}

std::string HexFloat(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", value);
  return text;
}

std::string ManifestText(const LpPartitionManifest& m) {
  std::ostringstream out;
  char checksum[32];
  std::snprintf(checksum, sizeof checksum, "%016" PRIx64, m.lp_checksum);
  out << kManifestFirstLine << ' ' << m.version << '\n'
      << "source " << m.source_kind << ' ' << m.source_path << '\n'
      << "lp_checksum " << checksum << '\n'
      << "lp_rows " << m.lp_rows << '\n'
      << "lp_columns " << m.lp_columns << '\n'
      << "lp_nonzeros " << m.lp_nonzeros << '\n'
      << "lp_maximize " << (m.lp_maximize ? 1 : 0) << '\n'
      << "lp_offset " << HexFloat(m.lp_offset) << '\n'
      << "presolve " << (m.presolve ? 1 : 0) << '\n'
      << "ruiz_iterations " << m.ruiz_iterations << '\n'
      << "ranks " << m.ranks << '\n'
      << "rows " << m.rows << '\n'
      << "columns " << m.columns << '\n'
      << "nonzeros " << m.nonzeros << '\n'
      << "offset " << HexFloat(m.offset) << '\n'
      << "objective_norm " << HexFloat(m.objective_norm) << '\n'
      << "bound_norm " << HexFloat(m.bound_norm) << '\n'
      << "initial_step_size " << HexFloat(m.initial_step_size) << '\n'
      << "initial_primal_weight " << HexFloat(m.initial_primal_weight) << '\n';
  for (std::size_t r = 0; r < m.parts.size(); ++r) {
    const LpPartitionPart& p = m.parts[r];
    std::snprintf(checksum, sizeof checksum, "%016" PRIx64, p.checksum);
    out << "part " << r << " rows " << p.row_begin << ' ' << p.row_end << " columns "
        << p.column_begin << ' ' << p.column_end << " entries " << p.entry_begin << ' '
        << p.entry_end << " bytes " << p.bytes << " checksum " << checksum << '\n';
  }
  for (std::size_t r = 0; r < m.originals.size(); ++r) {
    const LpPartitionPart& p = m.originals[r];
    std::snprintf(checksum, sizeof checksum, "%016" PRIx64, p.checksum);
    out << "original " << r << " rows " << p.row_begin << ' ' << p.row_end << " columns "
        << p.column_begin << ' ' << p.column_end << " entries " << p.entry_begin << ' '
        << p.entry_end << " bytes " << p.bytes << " checksum " << checksum << '\n';
  }
  std::snprintf(checksum, sizeof checksum, "%016" PRIx64, m.postsolve_checksum);
  out << "postsolve bytes " << m.postsolve_bytes << " checksum " << checksum << '\n';
  return out.str();
}

}  // namespace

std::string PostsolveRecordPath(const std::string& folder) {
  return (std::filesystem::path(folder) / "postsolve.bin").string();
}

std::string LpPartitionPartPath(const std::string& folder, int rank) {
  return (std::filesystem::path(folder) / ("part-" + std::to_string(rank) + ".bin")).string();
}

std::uint64_t LpChecksum(const LinearProgram& lp) {
  std::uint64_t hash = util::kFnv1aOffsetBasis;
  const long long sizes[3] = {static_cast<long long>(lp.num_rows),
                              static_cast<long long>(lp.num_columns), lp.maximize ? 1LL : 0LL};
  hash = util::Fnv1a(hash, {reinterpret_cast<const char*>(sizes), sizeof sizes});
  hash = util::Fnv1a(hash, {reinterpret_cast<const char*>(&lp.objective_offset), sizeof(double)});
  for (const std::vector<double>* values : {&lp.objective, &lp.column_lower, &lp.column_upper,
                                            &lp.row_lower, &lp.row_upper, &lp.values}) {
    hash = util::Fnv1a(hash, BytesOf(*values));
  }
  hash = util::Fnv1a(hash, BytesOf(lp.column_starts));
  hash = util::Fnv1a(hash, BytesOf(lp.row_indices));
  return hash;
}

Status WriteLpPartition(const LinearProgram& lp, const PdlpOptions& options, int ranks,
                        const std::string& source_kind, const std::string& source_path,
                        const std::string& folder, bool overwrite, LpPartitionSummary* summary) {
  if (ranks < 1) {
    return Status::InvalidArgument("partition",
                                   "ranks is " + std::to_string(ranks) + "; it must be at least 1");
  }
  if (!LittleEndianHost()) {
    return Status::Internal("partitioned LPs are little-endian; this host is big-endian");
  }
  *summary = LpPartitionSummary{};
  PdlpSummary facts;
  // The serial solver's own first stage: the same presolve and scaling as SolveWithPdlp.
  auto started = pdlp::StartPdlp(lp, options, options.threads, &facts);
  if (!started.ok()) return started.status();
  const pdlp::PdlpStart& start = *started.value();
  if (start.presolve_infeasible()) {
    summary->presolve_infeasible = true;
    summary->infeasibility_reason = start.presolver->infeasibility_reason();
    return Status::Ok();
  }
  const pdlp::ScaledLp& scaled = *start.scaled;
  const pdlp::CscMatrix& by_row = scaled.kernels->by_row();
  LpPartitionManifest& m = summary->manifest;
  m.source_kind = source_kind;
  m.source_path = source_path;
  m.lp_checksum = LpChecksum(lp);
  m.lp_rows = lp.num_rows;
  m.lp_columns = lp.num_columns;
  m.lp_nonzeros = lp.num_nonzeros();
  m.lp_maximize = lp.maximize;
  m.lp_offset = lp.objective_offset;
  m.presolve = options.presolve;
  m.ruiz_iterations = options.ruiz_iterations;
  m.ranks = ranks;
  m.rows = scaled.kernels->num_rows();
  m.columns = scaled.kernels->num_columns();
  m.nonzeros = scaled.kernels->num_nonzeros();
  m.offset = scaled.offset;
  m.objective_norm = scaled.objective_norm;
  m.bound_norm = scaled.bound_norm;
  m.initial_step_size = scaled.initial_step_size;
  m.initial_primal_weight = scaled.initial_primal_weight;
  const std::vector<long long> row_start = BalancedRanges(m.rows, ranks, by_row.starts);
  const std::vector<long long> column_start =
      BalancedRanges(m.columns, ranks, scaled.kernels->by_column().starts);

  auto staged = util::StagedFolder::Create(folder, overwrite);
  if (!staged.ok()) return staged.status();
  for (int r = 0; r < ranks; ++r) {
    LpPartitionPart part;
    part.row_begin = row_start[r];
    part.row_end = row_start[r + 1];
    part.column_begin = column_start[r];
    part.column_end = column_start[r + 1];
    part.entry_begin = by_row.starts[part.row_begin];
    part.entry_end = by_row.starts[part.row_end];
    part.bytes = PartBytes(part);
    const std::string name = "part-" + std::to_string(r) + ".bin";
    PartWriter out((std::filesystem::path(staged.value()->staging_path()) / name).string());
    char header[kHeaderBytes] = {};
    std::memcpy(header, kMagic, 8);
    const std::uint32_t ids[2] = {static_cast<std::uint32_t>(kLpPartitionVersion),
                                  static_cast<std::uint32_t>(r)};
    std::memcpy(header + 8, ids, sizeof ids);
    const long long ranges[6] = {part.row_begin,  part.row_end,     part.column_begin,
                                 part.column_end, part.entry_begin, part.entry_end};
    std::memcpy(header + 16, ranges, sizeof ranges);
    out.Write({header, sizeof header});
    std::vector<long long> offsets(static_cast<std::size_t>(part.row_end - part.row_begin) + 1);
    for (std::size_t i = 0; i < offsets.size(); ++i)
      offsets[i] = by_row.starts[part.row_begin + static_cast<long long>(i)] - part.entry_begin;
    out.Write(BytesOf(offsets));
    static_assert(sizeof(Index) == 8, "column indices are written as i64");
    out.Write(SliceBytes(by_row.indices, part.entry_begin, part.entry_end));
    out.Write(SliceBytes(by_row.values, part.entry_begin, part.entry_end));
    for (const std::vector<double>* v : {&scaled.row_lower, &scaled.row_upper, &scaled.row_scale})
      out.Write(SliceBytes(*v, part.row_begin, part.row_end));
    for (const std::vector<double>* v :
         {&scaled.objective, &scaled.column_lower, &scaled.column_upper, &scaled.column_scale})
      out.Write(SliceBytes(*v, part.column_begin, part.column_end));
    if (Status closed = out.Close(); !closed.ok()) return closed;
    part.checksum = out.checksum();
    m.parts.push_back(part);
  }
  // Each rank's slice of the LP as given, for the measures by slices.
  m.originals = OriginalRanges(lp, ranks);
  for (int r = 0; r < ranks; ++r) {
    const std::string name = "original-" + std::to_string(r) + ".bin";
    if (Status written = WriteOriginalSlice(
            lp, r, (std::filesystem::path(staged.value()->staging_path()) / name).string(),
            &m.originals[r]);
        !written.ok())
      return written;
  }
  {
    // The presolve's record, for rank 0's postsolve without the LP's copies.
    const std::string record = PostsolveRecordBytes(
        RecordOf(start.original, start.presolver ? &*start.presolver : nullptr));
    m.postsolve_bytes = static_cast<long long>(record.size());
    m.postsolve_checksum = util::Fnv1a(util::kFnv1aOffsetBasis, record);
    if (Status written = staged.value()->WriteFile("postsolve.bin", record); !written.ok())
      return written;
  }
  if (Status written = staged.value()->WriteFile(kManifestName, ManifestText(m)); !written.ok())
    return written;
  return staged.value()->Commit();
}

namespace {

// One manifest line split into words.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool ParseInteger(const std::string& text, long long* value) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  *value = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end == text.c_str() + text.size();
}

bool ParseDouble(const std::string& text, double* value) {
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*value);
}

bool ParseHex64(const std::string& text, std::uint64_t* value) {
  if (text.size() != 16) return false;
  char* end = nullptr;
  errno = 0;
  *value = std::strtoull(text.c_str(), &end, 16);
  return errno == 0 && end == text.c_str() + text.size();
}

}  // namespace

Result<LpPartitionManifest> ReadLpPartitionManifest(const std::string& folder) {
  const std::string path = (std::filesystem::path(folder) / kManifestName).string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::InvalidInput(path, 0, 0, "cannot open the partition's manifest",
                                "a folder written by `gosplan partition`");
  }
  LpPartitionManifest m;
  long long line_number = 0;
  std::string line;
  auto bad = [&](const std::string& what, const std::string& expected) {
    return Status::InvalidInput(path, line_number, 1, what, expected);
  };
  // The keys in their order: (key, integer target or double target).
  bool seen_header = false;
  std::vector<std::string> missing = {"source",
                                      "lp_checksum",
                                      "lp_rows",
                                      "lp_columns",
                                      "lp_nonzeros",
                                      "lp_maximize",
                                      "lp_offset",
                                      "presolve",
                                      "ruiz_iterations",
                                      "ranks",
                                      "rows",
                                      "columns",
                                      "nonzeros",
                                      "offset",
                                      "objective_norm",
                                      "bound_norm",
                                      "initial_step_size",
                                      "initial_primal_weight",
                                      "postsolve"};
  auto seen = [&](const std::string& key) {
    for (auto it = missing.begin(); it != missing.end(); ++it) {
      if (*it == key) {
        missing.erase(it);
        return;
      }
    }
  };
  while (std::getline(in, line)) {
    ++line_number;
    const std::vector<std::string> w = Words(line);
    if (w.empty()) continue;
    if (!seen_header) {
      long long version = 0;
      if (w.size() != 2 || w[0] != kManifestFirstLine || !ParseInteger(w[1], &version)) {
        return bad("'" + line + "' is not a partition manifest's first line",
                   std::string(kManifestFirstLine) + " " + std::to_string(kLpPartitionVersion));
      }
      if (version != kLpPartitionVersion) {
        return bad("format version " + w[1] + " is not one this gosplan reads",
                   "version " + std::to_string(kLpPartitionVersion) +
                       " (re-run `gosplan partition` with this gosplan)");
      }
      seen_header = true;
      continue;
    }
    const std::string& key = w[0];
    if (key == "source") {
      if (w.size() < 3 || (w[1] != "mps" && w[1] != "model"))
        return bad("a bad source line", "source mps|model PATH");
      m.source_kind = w[1];
      // The path may hold spaces: everything after "source KIND ".
      const std::string prefix = "source " + w[1] + " ";
      if (line.rfind(prefix, 0) != 0) return bad("a bad source line", "source mps|model PATH");
      m.source_path = line.substr(prefix.size());
      seen(key);
      continue;
    }
    if (key == "lp_checksum") {
      if (w.size() != 2 || !ParseHex64(w[1], &m.lp_checksum))
        return bad("a bad lp_checksum", "lp_checksum and 16 hexadecimal digits");
      seen(key);
      continue;
    }
    if (key == "postsolve") {
      if (w.size() != 5 || w[1] != "bytes" || !ParseInteger(w[2], &m.postsolve_bytes) ||
          m.postsolve_bytes < 0 || w[3] != "checksum" || !ParseHex64(w[4], &m.postsolve_checksum))
        return bad("a bad postsolve line", "postsolve bytes N checksum HEX16");
      seen(key);
      continue;
    }
    if (key == "part" || key == "original") {
      // part|original R rows B E columns B E entries B E bytes N checksum H
      LpPartitionPart p;
      long long r = -1;
      if (w.size() != 15 || !ParseInteger(w[1], &r) || w[2] != "rows" ||
          !ParseInteger(w[3], &p.row_begin) || !ParseInteger(w[4], &p.row_end) ||
          w[5] != "columns" || !ParseInteger(w[6], &p.column_begin) ||
          !ParseInteger(w[7], &p.column_end) || w[8] != "entries" ||
          !ParseInteger(w[9], &p.entry_begin) || !ParseInteger(w[10], &p.entry_end) ||
          w[11] != "bytes" || !ParseInteger(w[12], &p.bytes) || w[13] != "checksum" ||
          !ParseHex64(w[14], &p.checksum)) {
        return bad("a bad " + key + " line",
                   key +
                       " R rows BEGIN END columns BEGIN END entries BEGIN END bytes N checksum "
                       "HEX16");
      }
      std::vector<LpPartitionPart>& list = key == "part" ? m.parts : m.originals;
      const long long expected = static_cast<long long>(list.size());
      if (r != expected) {
        return bad(
            key + " " + w[1] + " where " + key + " " + std::to_string(expected) + " was expected",
            "the " + key + " lines in order from 0");
      }
      const LpPartitionPart* previous = list.empty() ? nullptr : &list.back();
      const long long bytes = key == "part" ? PartBytes(p) : OriginalSliceBytes(p);
      // An original slice's rows are those of its row bounds, independent of its columns.
      const bool contiguous = p.row_begin == (previous ? previous->row_end : 0) &&
                              p.column_begin == (previous ? previous->column_end : 0) &&
                              p.entry_begin == (previous ? previous->entry_end : 0) &&
                              p.row_end >= p.row_begin && p.column_end >= p.column_begin &&
                              p.entry_end >= p.entry_begin && p.bytes == bytes;
      if (!contiguous) {
        return bad(key + " " + w[1] +
                       "'s ranges do not follow the previous one's, or its size "
                       "does not match its ranges",
                   "contiguous row, column and entry ranges from 0");
      }
      list.push_back(p);
      continue;
    }
    if (w.size() != 2) return bad("'" + line + "' is not 'key value'", "one value after " + key);
    long long integer = 0;
    double real = 0.0;
    long long* integer_target = nullptr;
    double* double_target = nullptr;
    long long presolve = 0, ruiz = 0, ranks = 0, maximize = 0;
    if (key == "lp_rows")
      integer_target = &m.lp_rows;
    else if (key == "lp_columns")
      integer_target = &m.lp_columns;
    else if (key == "lp_nonzeros")
      integer_target = &m.lp_nonzeros;
    else if (key == "rows")
      integer_target = &m.rows;
    else if (key == "columns")
      integer_target = &m.columns;
    else if (key == "nonzeros")
      integer_target = &m.nonzeros;
    else if (key == "presolve")
      integer_target = &presolve;
    else if (key == "lp_maximize")
      integer_target = &maximize;
    else if (key == "ruiz_iterations")
      integer_target = &ruiz;
    else if (key == "ranks")
      integer_target = &ranks;
    else if (key == "offset")
      double_target = &m.offset;
    else if (key == "lp_offset")
      double_target = &m.lp_offset;
    else if (key == "objective_norm")
      double_target = &m.objective_norm;
    else if (key == "bound_norm")
      double_target = &m.bound_norm;
    else if (key == "initial_step_size")
      double_target = &m.initial_step_size;
    else if (key == "initial_primal_weight")
      double_target = &m.initial_primal_weight;
    else
      return bad("unknown key '" + key + "'", "the keys of docs/distributed.md");
    if (integer_target) {
      if (!ParseInteger(w[1], &integer) || integer < 0)
        return bad(key + " is '" + w[1] + "'", "a whole number >= 0");
      *integer_target = integer;
      if (key == "presolve") m.presolve = presolve != 0;
      if (key == "lp_maximize") m.lp_maximize = maximize != 0;
      if (key == "ruiz_iterations") m.ruiz_iterations = static_cast<int>(ruiz);
      if (key == "ranks") {
        if (ranks < 1 || ranks > 1 << 20) return bad("ranks is " + w[1], "1 or more");
        m.ranks = static_cast<int>(ranks);
      }
    } else {
      if (!ParseDouble(w[1], &real)) return bad(key + " is '" + w[1] + "'", "a finite number");
      *double_target = real;
    }
    seen(key);
  }
  line_number = 0;
  if (!seen_header) return bad("an empty manifest", "a folder written by `gosplan partition`");
  if (!missing.empty()) return bad("no '" + missing.front() + "' line", "every key of the format");
  if (static_cast<long long>(m.parts.size()) != m.ranks) {
    return bad(std::to_string(m.parts.size()) + " part lines for ranks " + std::to_string(m.ranks),
               "one part line per rank");
  }
  const LpPartitionPart& last = m.parts.back();
  if (last.row_end != m.rows || last.column_end != m.columns || last.entry_end != m.nonzeros) {
    return bad("the parts cover rows, columns or entries other than the manifest's sizes",
               "parts that together cover every row, column and entry");
  }
  if (static_cast<long long>(m.originals.size()) != m.ranks) {
    return bad(
        std::to_string(m.originals.size()) + " original lines for ranks " + std::to_string(m.ranks),
        "one original line per rank");
  }
  const LpPartitionPart& original = m.originals.back();
  if (original.row_end != m.lp_rows || original.column_end != m.lp_columns ||
      original.entry_end != m.lp_nonzeros) {
    return bad(
        "the original slices cover rows, columns or entries other than lp_rows, "
        "lp_columns and lp_nonzeros",
        "slices that together cover the whole LP");
  }
  return m;
}

Result<LpPartitionSlice> ReadLpPartitionPart(const std::string& folder,
                                             const LpPartitionManifest& manifest, int rank) {
  const std::string path = LpPartitionPartPath(folder, rank);
  auto bad = [&](const std::string& what, const std::string& expected) {
    return Status::InvalidInput(path, 0, 0, what, expected);
  };
  if (!LittleEndianHost())
    return Status::Internal("partitioned LPs are little-endian; this host is big-endian");
  if (rank < 0 || rank >= static_cast<int>(manifest.parts.size()))
    return bad("no such part", "a rank below the manifest's ranks");
  const LpPartitionPart& part = manifest.parts[rank];
  if (Status whole = CheckWrittenSize(path, part.bytes, "the part file"); !whole.ok()) return whole;
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    return bad(std::string("cannot open the part file: ") + std::strerror(errno),
               "a readable file");
  std::uint64_t checksum = util::kFnv1aOffsetBasis;
  long long offset = 0;
  bool read_failed = false;
  auto read_into = [&](void* data, long long bytes) {
    char* out = static_cast<char*>(data);
    long long done = 0;
    while (done < bytes) {
      const ssize_t got = ::read(fd, out + done, static_cast<std::size_t>(bytes - done));
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        read_failed = true;
        return;
      }
      done += got;
    }
    checksum = util::Fnv1a(checksum, {out, static_cast<std::size_t>(bytes)});
    offset += bytes;
  };
  char header[kHeaderBytes];
  read_into(header, kHeaderBytes);
  LpPartitionSlice slice;
  const long long m = part.row_end - part.row_begin, n = part.column_end - part.column_begin,
                  e = part.entry_end - part.entry_begin;
  std::uint32_t ids[2] = {0, 0};
  long long ranges[6] = {};
  if (!read_failed) {
    std::memcpy(ids, header + 8, sizeof ids);
    std::memcpy(ranges, header + 16, sizeof ranges);
  }
  const long long expected[6] = {part.row_begin,  part.row_end,     part.column_begin,
                                 part.column_end, part.entry_begin, part.entry_end};
  if (read_failed || std::memcmp(header, kMagic, 8) != 0 || ids[0] != kLpPartitionVersion ||
      ids[1] != static_cast<std::uint32_t>(rank) ||
      std::memcmp(ranges, expected, sizeof ranges) != 0) {
    ::close(fd);
    return bad("its header (bytes 0-63) is not that of part " + std::to_string(rank) +
                   " as the manifest describes it",
               "the magic GSLPPART, version " + std::to_string(kLpPartitionVersion) + ", rank " +
                   std::to_string(rank) + " and the manifest's ranges");
  }
  auto read_vector = [&](auto& vector, long long count) {
    vector.resize(static_cast<std::size_t>(count));
    if (!read_failed) read_into(vector.data(), count * 8);
  };
  read_vector(slice.row_offsets, m + 1);
  read_vector(slice.column_index, e);
  read_vector(slice.values, e);
  for (auto* v : {&slice.row_lower, &slice.row_upper, &slice.row_scale}) read_vector(*v, m);
  for (auto* v : {&slice.objective, &slice.column_lower, &slice.column_upper, &slice.column_scale})
    read_vector(*v, n);
  ::close(fd);
  if (read_failed)
    return bad("cannot read the part file at byte " + std::to_string(offset), "a readable file");
  if (checksum != part.checksum) {
    char text[80];
    std::snprintf(text, sizeof text,
                  "its FNV-1a checksum is %016" PRIx64 "; the manifest says %016" PRIx64, checksum,
                  part.checksum);
    return bad(std::string(text) + " (the file is damaged or from another partition)",
               "the file `gosplan partition` wrote (re-run it)");
  }
  // Cheap structural checks, so that nothing malformed reaches PETSc.
  bool rising = slice.row_offsets.front() == 0 && slice.row_offsets.back() == e;
  for (long long i = 0; rising && i < m; ++i)
    rising = slice.row_offsets[i] <= slice.row_offsets[i + 1];
  if (!rising) return bad("its row offsets do not rise from 0 to its entries", "CSR offsets");
  for (long long k = 0; k < e; ++k) {
    if (slice.column_index[k] < 0 || slice.column_index[k] >= manifest.columns)
      return bad(
          "entry " + std::to_string(k) + " has column " + std::to_string(slice.column_index[k]),
          "a column in [0, " + std::to_string(manifest.columns) + ")");
  }
  return slice;
}

}  // namespace gosplan::partition
