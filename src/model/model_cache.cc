// The binary model cache (layout in include/gosplan/model_cache.h): a streaming writer and reader
// with a running checksum, so neither holds the whole file in memory next to the Model.
#include "gosplan/model_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "model/loader.h"
#include "model/manifest.h"
#include "model/model_fields.h"
#include "util/atomic_output.h"
#include "util/huge_pages.h"

namespace gosplan {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'G', 'O', 'S', 'P', 'L', 'A', 'N', 'C'};
constexpr std::size_t kIoBufferBytes = std::size_t{4} << 20;
constexpr std::size_t kTrailerBytes = 8;

// ---- little-endian encoding, independent of the host's byte order ------------------------------

template <typename T>
using UnsignedOf =
    std::conditional_t<sizeof(T) == 1, std::uint8_t,
                       std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>;

template <typename T>
void StoreLittleEndian(unsigned char* out, T value) {
  auto bits = std::bit_cast<UnsignedOf<T>>(value);
  for (std::size_t k = 0; k < sizeof(T); ++k) {
    out[k] = static_cast<unsigned char>(bits & 0xFFu);
    if constexpr (sizeof(T) > 1) bits = static_cast<UnsignedOf<T>>(bits >> 8);
  }
}

template <typename T>
T LoadLittleEndian(const unsigned char* in) {
  UnsignedOf<T> bits = 0;
  for (std::size_t k = sizeof(T); k-- > 0;) {
    bits = static_cast<UnsignedOf<T>>((static_cast<std::uint64_t>(bits) << 8) | in[k]);
  }
  return std::bit_cast<T>(bits);
}

// ---- checksum: XXH64's round function on four lanes of 8-byte words ---------------------------
// Detects truncation and corruption (a flipped bit in a double passes every range check); it is not
// a defence against deliberate tampering.
class Checksum {
 public:
  void Update(const unsigned char* data, std::size_t size) {
    total_ += size;
    if (pending_size_ > 0) {
      const std::size_t take = std::min(size, sizeof(pending_) - pending_size_);
      std::memcpy(pending_ + pending_size_, data, take);
      pending_size_ += take;
      data += take;
      size -= take;
      if (pending_size_ < sizeof(pending_)) return;
      Stripe(pending_);
      pending_size_ = 0;
    }
    while (size >= sizeof(pending_)) {
      Stripe(data);
      data += sizeof(pending_);
      size -= sizeof(pending_);
    }
    std::memcpy(pending_, data, size);
    pending_size_ = size;
  }

  std::uint64_t Finish() const {
    std::uint64_t hash = std::rotl(lanes_[0], 1) + std::rotl(lanes_[1], 7) +
                         std::rotl(lanes_[2], 12) + std::rotl(lanes_[3], 18);
    hash += total_;
    for (std::size_t k = 0; k < pending_size_; ++k) {
      hash ^= pending_[k] * kPrime5;
      hash = std::rotl(hash, 11) * kPrime1;
    }
    hash ^= hash >> 33;
    hash *= kPrime2;
    hash ^= hash >> 29;
    hash *= kPrime3;
    hash ^= hash >> 32;
    return hash;
  }

 private:
  static constexpr std::uint64_t kPrime1 = 11400714785074694791ull;
  static constexpr std::uint64_t kPrime2 = 14029467366897019727ull;
  static constexpr std::uint64_t kPrime3 = 1609587929392839161ull;
  static constexpr std::uint64_t kPrime5 = 2870177450012600261ull;

  void Stripe(const unsigned char* words) {
    for (int lane = 0; lane < 4; ++lane) {
      const auto word = LoadLittleEndian<std::uint64_t>(words + 8 * lane);
      lanes_[lane] = std::rotl(lanes_[lane] + word * kPrime2, 31) * kPrime1;
    }
  }

  std::uint64_t lanes_[4] = {kPrime1 + kPrime2, kPrime2, 0, 0 - kPrime1};
  unsigned char pending_[32] = {};
  std::size_t pending_size_ = 0;
  std::uint64_t total_ = 0;
};

// ---- writer
// ----------------------------------------------------------------------------------------

class CacheWriter {
 public:
  explicit CacheWriter(int fd) : fd_(fd) { buffer_.reserve(kIoBufferBytes); }

  void Bytes(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    checksum_.Update(bytes, size);
    Append(bytes, size);
  }
  template <typename T>
  void Value(T value) {
    unsigned char encoded[sizeof(T)];
    StoreLittleEndian(encoded, value);
    Bytes(encoded, sizeof(T));
  }
  void U8(std::uint8_t value) { Value(value); }
  void I32(std::int32_t value) { Value(value); }
  void U32(std::uint32_t value) { Value(value); }
  void I64(std::int64_t value) { Value(value); }
  void U64(std::uint64_t value) { Value(value); }
  void String(const std::string& text) {
    U64(text.size());
    Bytes(text.data(), text.size());
  }
  // One field of `count` records as a block: value_of(k) for k = 0..count-1.
  template <typename T, typename ValueOf>
  void Column(std::size_t count, ValueOf value_of) {
    constexpr std::size_t kChunk = 8192;
    unsigned char chunk[kChunk * sizeof(T)];
    for (std::size_t begin = 0; begin < count; begin += kChunk) {
      const std::size_t end = std::min(count, begin + kChunk);
      for (std::size_t k = begin; k < end; ++k) {
        StoreLittleEndian(chunk + (k - begin) * sizeof(T), static_cast<T>(value_of(k)));
      }
      Bytes(chunk, (end - begin) * sizeof(T));
    }
  }

  // Appends the checksum trailer and flushes everything to disk.
  bool Finish() {
    unsigned char trailer[kTrailerBytes];
    StoreLittleEndian(trailer, checksum_.Finish());
    Append(trailer, sizeof(trailer));
    Flush();
    if (failed_) return false;
    return ::fsync(fd_) == 0 || errno == EINVAL;  // EINVAL: a file system without fsync
  }

 private:
  void Append(const unsigned char* bytes, std::size_t size) {
    while (size > 0) {
      const std::size_t take = std::min(size, kIoBufferBytes - buffer_.size());
      buffer_.insert(buffer_.end(), bytes, bytes + take);
      bytes += take;
      size -= take;
      if (buffer_.size() == kIoBufferBytes) Flush();
    }
  }
  void Flush() {
    std::size_t written = 0;
    while (!failed_ && written < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed_ = true;
        break;
      }
      written += static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }

  int fd_;
  std::vector<unsigned char> buffer_;
  Checksum checksum_;
  bool failed_ = false;
};

// ---- reader
// ----------------------------------------------------------------------------------------

// Reads the bytes before the trailer through a buffer, checksumming them as they come in. Every
// read checks the bytes left first, so a count or length from a corrupt file can never make it
// allocate or read beyond the file.
class CacheReader {
 public:
  CacheReader(std::FILE* file, std::uint64_t file_size)
      : file_(file),
        limit_(file_size - kTrailerBytes),
        buffer_(static_cast<std::size_t>(std::min<std::uint64_t>(limit_, kIoBufferBytes))) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool Fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
    return false;
  }
  std::uint64_t Remaining() const { return limit_ - position_; }

  bool Bytes(void* out, std::size_t size) {
    if (!ok()) return false;
    if (size > Remaining()) return Fail("truncated (a field runs past the end of the file)");
    auto* target = static_cast<unsigned char*>(out);
    while (size > 0) {
      if (buffer_position_ == buffer_end_ && !Refill()) return false;
      const std::size_t take = std::min(size, buffer_end_ - buffer_position_);
      std::memcpy(target, buffer_.data() + buffer_position_, take);
      buffer_position_ += take;
      position_ += take;
      target += take;
      size -= take;
    }
    return true;
  }
  template <typename T>
  bool Value(T& out) {
    unsigned char encoded[sizeof(T)];
    if (!Bytes(encoded, sizeof(T))) return false;
    out = LoadLittleEndian<T>(encoded);
    return true;
  }
  bool String(std::string& out) {
    std::uint64_t size = 0;
    if (!Value(size)) return false;
    if (size > Remaining()) return Fail("a string length exceeds the file");
    out.resize(static_cast<std::size_t>(size));
    return Bytes(out.data(), out.size());
  }
  // A record count; each record takes at least `min_record_bytes`, which bounds the count by the
  // bytes left before anything is allocated.
  bool Count(std::size_t& count, std::uint64_t min_record_bytes, std::string_view what) {
    std::uint64_t value = 0;
    if (!Value(value)) return false;
    if (value > Remaining() / min_record_bytes) {
      return Fail("count of " + std::string(what) + " (" + std::to_string(value) +
                  ") exceeds the file");
    }
    count = static_cast<std::size_t>(value);
    return true;
  }
  // One field of `count` records: assign(k, value).
  template <typename T, typename Assign>
  bool Column(std::size_t count, Assign assign) {
    constexpr std::size_t kChunk = 8192;
    unsigned char chunk[kChunk * sizeof(T)];
    for (std::size_t begin = 0; begin < count; begin += kChunk) {
      const std::size_t end = std::min(count, begin + kChunk);
      if (!Bytes(chunk, (end - begin) * sizeof(T))) return false;
      for (std::size_t k = begin; k < end; ++k) {
        assign(k, LoadLittleEndian<T>(chunk + (k - begin) * sizeof(T)));
      }
    }
    return true;
  }

  // Every byte before the trailer was read and the checksum matches.
  bool Finish() {
    if (!ok()) return false;
    if (position_ != limit_) return Fail("unexpected bytes after the model");
    unsigned char trailer[kTrailerBytes];
    if (std::fread(trailer, 1, sizeof(trailer), file_) != sizeof(trailer)) {
      return Fail("cannot read the checksum");
    }
    if (LoadLittleEndian<std::uint64_t>(trailer) != checksum_.Finish()) {
      return Fail("checksum mismatch (the file is corrupt)");
    }
    return true;
  }

 private:
  bool Refill() {
    const std::uint64_t unread = limit_ - file_position_;
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(unread, buffer_.size()));
    if (want == 0) return Fail("truncated");
    const std::size_t got = std::fread(buffer_.data(), 1, want, file_);
    if (got != want) return Fail("cannot read (the file shrank while being read?)");
    checksum_.Update(buffer_.data(), got);
    file_position_ += got;
    buffer_position_ = 0;
    buffer_end_ = got;
    return true;
  }

  std::FILE* file_;
  std::uint64_t limit_;              // bytes before the trailer
  std::uint64_t position_ = 0;       // bytes handed out
  std::uint64_t file_position_ = 0;  // bytes read from the file
  std::vector<unsigned char> buffer_;
  std::size_t buffer_position_ = 0;
  std::size_t buffer_end_ = 0;
  Checksum checksum_;
  std::string error_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// ---- key ---------------------------------------------------------------------------------------

void WriteKey(CacheWriter& out, const ModelCacheKey& key) {
  out.I32(key.horizon_override);
  out.U32(static_cast<std::uint32_t>(key.files.size()));
  for (const ModelSourceFile& file : key.files) {
    out.String(file.role);
    out.String(file.relative_path);
    out.U8(file.present ? 1 : 0);
    out.U64(file.size);
    out.I64(file.mtime_ns);
  }
}

bool ReadKey(CacheReader& in, ModelCacheKey& key) {
  std::uint32_t count = 0;
  if (!in.Value(key.horizon_override) || !in.Value(count)) return false;
  if (count > 64) return in.Fail("key lists " + std::to_string(count) + " files");
  key.files.resize(count);
  for (ModelSourceFile& file : key.files) {
    std::uint8_t present = 0;
    if (!in.String(file.role) || !in.String(file.relative_path) || !in.Value(present) ||
        !in.Value(file.size) || !in.Value(file.mtime_ns)) {
      return false;
    }
    if (present > 1) return in.Fail("bad key");
    file.present = present == 1;
  }
  return true;
}

// Which file of the key differs, for the report.
std::string StaleReason(const ModelCacheKey& cached, const ModelCacheKey& current) {
  if (cached.horizon_override != current.horizon_override) return "stale: other horizon override";
  for (std::size_t k = 0; k < current.files.size(); ++k) {
    if (k >= cached.files.size() || !(cached.files[k] == current.files[k])) {
      return "stale: " + current.files[k].relative_path + " changed";
    }
  }
  return "stale: the list of files changed";
}

// ---- body --------------------------------------------------------------------------------------
// Every part and field of the Model in the order of src/model/model_fields.h: the settings field by
// field; a list of records as its u64 count, then one block per field in column order (strings each
// as u64 length + bytes, i64 indices, f64 numbers, u8 enums and booleans, i32 years and integers).

// How a field's values are stored (std::string and std::vector<double> apart).
template <typename Member>
using Encoded =
    std::conditional_t<std::is_same_v<Member, bool> || std::is_enum_v<Member>, std::uint8_t,
                       std::conditional_t<std::is_same_v<Member, int>, std::int32_t, Member>>;

template <typename Member>
constexpr std::uint64_t MinBytes() {
  if constexpr (std::is_same_v<Member, std::string>) {
    return 8;  // the length
  } else {
    return sizeof(Encoded<Member>);
  }
}

template <typename FieldType>
using MemberOf = typename std::decay_t<FieldType>::MemberType;

class BodyWriter {
 public:
  explicit BodyWriter(CacheWriter& out) : out_(out) {}

  template <typename Description>
  void Settings(const Description& description, const ModelSettings& settings) {
    model::VisitFields(description, settings,
                       [&](const auto&, const auto& value) { Scalar(value); });
  }

  template <typename Description, typename Record>
  void Records(const Description& table, const std::vector<Record>& records) {
    out_.U64(records.size());
    model::ForEachField(table, [&](const auto& field) {
      using Member = MemberOf<decltype(field)>;
      if constexpr (std::is_same_v<Member, std::string>) {
        for (const Record& record : records) out_.String(record.*field.member);
      } else {
        out_.Column<Encoded<Member>>(records.size(), [&](std::size_t k) {
          return static_cast<Encoded<Member>>(records[k].*field.member);
        });
      }
    });
  }

  template <typename List, typename Value>
  void Values(const List&, const std::vector<Value>& values) {
    out_.U64(values.size());
    if constexpr (std::is_same_v<Value, std::string>) {
      for (const std::string& value : values) out_.String(value);
    } else {
      out_.Column<Value>(values.size(), [&](std::size_t k) { return values[k]; });
    }
  }

 private:
  template <typename Member>
  void Scalar(const Member& value) {
    if constexpr (std::is_same_v<Member, std::string>) {
      out_.String(value);
    } else if constexpr (std::is_same_v<Member, std::vector<double>>) {
      out_.U64(value.size());
      out_.Column<double>(value.size(), [&](std::size_t k) { return value[k]; });
    } else {
      out_.Value(static_cast<Encoded<Member>>(value));
    }
  }

  CacheWriter& out_;
};

void WriteBody(CacheWriter& out, const Model& model) {
  BodyWriter writer(out);
  model::VisitModel(model, writer);
}

// Reading: every value is checked as the description says (indices against the table they point
// into, plan years, enum and integer ranges, booleans, ids non-empty and distinct, sizes); the
// first problem stops the read (in.Fail).
class BodyReader {
 public:
  BodyReader(CacheReader& in, Model& model) : in_(in), model_(model) {}

  bool Read() {
    model::VisitModel(model_, *this);
    return in_.ok();
  }

  template <typename Description>
  void Settings(const Description& description, ModelSettings& settings) {
    model::ForEachField(description, [&](const auto& field) {
      if (in_.ok()) ReadScalar(description.noun, field, settings.*field.member);
    });
    if (in_.ok() && !ParseSolverKind(settings.solver)) in_.Fail("unknown solver");
  }

  template <typename Description, typename Record>
  void Records(const Description& table, std::vector<Record>& records) {
    if (!in_.ok()) return;
    std::uint64_t min_record_bytes = 0;
    model::ForEachField(table, [&](const auto& field) {
      min_record_bytes += MinBytes<MemberOf<decltype(field)>>();
    });
    std::size_t count = 0;
    if (!in_.Count(count, min_record_bytes, table.key)) return;
    records.reserve(count);
    util::AdviseHugePagesForCapacity(records);  // fewer page faults while it is filled
    records.resize(count);
    model::ForEachField(table, [&](const auto& field) {
      if (!in_.ok()) return;
      using Member = MemberOf<decltype(field)>;
      if constexpr (std::is_same_v<Member, std::string>) {
        for (Record& record : records) {
          if (!in_.String(record.*field.member)) return;
        }
        if (field.is_id) {
          IdIndex local;
          IdIndex& index = table.index != nullptr ? model_.*table.index : local;
          BuildIndex(
              records.size(),
              [&](std::size_t k) -> const std::string& { return records[k].*field.member; }, index,
              std::string(table.noun) + " id");
        }
      } else {
        bool valid = true;
        in_.Column<Encoded<Member>>(count, [&](std::size_t k, Encoded<Member> raw) {
          if (valid) valid = Decode(table.key, table.noun, field, raw, records[k].*field.member);
        });
      }
    });
  }

  template <typename List, typename Value>
  void Values(const List& list, std::vector<Value>& values) {
    if (!in_.ok()) return;
    std::size_t count = 0;
    if (!in_.Count(count, 8, list.noun)) return;
    if (list.per_resource_and_year &&
        count != model_.resources.size() * static_cast<std::size_t>(model_.settings.horizon)) {
      in_.Fail(std::string(list.noun) + " does not match resources x horizon");
      return;
    }
    values.resize(count);
    if constexpr (std::is_same_v<Value, std::string>) {
      for (std::string& value : values) {
        if (!in_.String(value)) return;
      }
      if (list.index != nullptr) {
        BuildIndex(
            count, [&](std::size_t k) -> const std::string& { return values[k]; },
            model_.*list.index, std::string(list.noun));
      }
    } else {
      in_.Column<Value>(count, [&](std::size_t k, Value value) { values[k] = value; });
    }
  }

 private:
  using IdIndex = model::IdIndex;

  // Fills an id -> position map; ids must be non-empty and distinct.
  template <typename IdOf>
  void BuildIndex(std::size_t count, IdOf id_of, IdIndex& index, const std::string& what) {
    index.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
      const std::string& id = id_of(k);
      if (id.empty() || !index.emplace(id, static_cast<gosplan::Index>(k)).second) {
        in_.Fail("empty or duplicate " + what);
        return;
      }
    }
  }

  std::size_t TargetSize(model::Target target) const {
    switch (target) {
      case model::Target::kProduct:
        return model_.products.size();
      case model::Target::kResource:
        return model_.resources.size();
      case model::Target::kTechnique:
        return model_.techniques.size();
      case model::Target::kEnterprise:
        return model_.enterprises.size();
      case model::Target::kCategory:
        return model_.final_demand_categories.size();
      case model::Target::kRegion:
        return model_.regions.size();
      case model::Target::kNone:
        break;
    }
    return 0;
  }

  template <typename FieldType, typename Member>
  void ReadScalar(std::string_view noun, const FieldType& field, Member& value) {
    if constexpr (std::is_same_v<Member, std::string>) {
      in_.String(value);
    } else if constexpr (std::is_same_v<Member, std::vector<double>>) {
      std::size_t count = 0;
      if (!in_.Count(count, 8, field.name)) return;
      if (field.per_plan_year && count != static_cast<std::size_t>(model_.settings.horizon)) {
        in_.Fail(std::string(field.name) + " do not match the horizon");
        return;
      }
      value.resize(count);
      in_.Column<double>(count, [&](std::size_t k, double number) { value[k] = number; });
    } else {
      Encoded<Member> raw{};
      if (in_.Value(raw)) Decode(noun, noun, field, raw, value);
    }
  }

  // Stores one value, checking it against its field's description.
  template <typename FieldType, typename Member>
  bool Decode(std::string_view key, std::string_view noun, const FieldType& field,
              Encoded<Member> raw, Member& value) {
    const auto what = [&] { return std::string(noun) + " " + model::Spaced(field.name); };
    if constexpr (std::is_same_v<Member, bool>) {
      if (raw > 1) return in_.Fail(what() + " is " + std::to_string(raw) + ", not a boolean");
      value = raw == 1;
    } else if constexpr (std::is_enum_v<Member>) {
      if (raw > static_cast<std::uint8_t>(model::kLastValue<Member>)) {
        return in_.Fail(what() + " out of range");
      }
      value = static_cast<Member>(raw);
    } else if constexpr (std::is_same_v<Member, int>) {
      if (field.plan_year && (raw < 1 || raw > model_.settings.horizon)) {
        return in_.Fail(std::string(key) + ": plan year out of range");
      }
      if (field.min <= field.max && (raw < field.min || raw > field.max)) {
        return in_.Fail(what() + " out of range");
      }
      value = raw;
    } else if constexpr (std::is_same_v<Member, gosplan::Index>) {
      if (field.target != model::Target::kNone) {
        const gosplan::Index low = field.none_allowed ? -1 : 0;
        if (raw < low || raw >= static_cast<gosplan::Index>(TargetSize(field.target))) {
          return in_.Fail(std::string(key) + " " + std::string(field.name) + " index out of range");
        }
      }
      value = raw;
    } else {
      value = raw;
    }
    return true;
  }

  CacheReader& in_;
  Model& model_;
};
Status CacheProblem(const std::string& path, std::string reason) {
  return Status::InvalidInput(path, 0, 0, std::move(reason));
}

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string ModelCachePath(const std::string& folder, int horizon_override) {
  const std::string name = horizon_override > 0
                               ? "model-horizon-" + std::to_string(horizon_override) + ".bin"
                               : "model.bin";
  return (fs::path(folder) / kModelCacheFolder / name).string();
}

Result<ModelCacheKey> ComputeModelCacheKey(const std::string& folder, const LoadOptions& options,
                                           std::uint64_t* total_bytes) {
  model::Manifest manifest;
  Diagnostics diagnostics;
  if (!model::ReadManifest(folder, options, manifest, diagnostics) || !diagnostics.empty()) {
    if (diagnostics.empty()) diagnostics.Add(folder, 0, 0, "model folder not found");
    return Status::InvalidInput(std::move(diagnostics));
  }
  ModelCacheKey key;
  key.horizon_override = options.horizon_override;
  std::uint64_t total = 0;
  const auto add = [&](std::string role, const std::string& path) {
    ModelSourceFile file;
    file.role = std::move(role);
    file.relative_path = fs::path(path).lexically_relative(folder).generic_string();
    if (file.relative_path.empty()) file.relative_path = path;
    struct ::stat info {};
    if (::stat(path.c_str(), &info) == 0) {
      file.present = true;  // any kind of entry: a folder appearing where a table was absent counts
      file.size = static_cast<std::uint64_t>(info.st_size);
      file.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                      static_cast<std::int64_t>(info.st_mtim.tv_nsec);
      if (S_ISREG(info.st_mode)) total += file.size;
    }
    key.files.push_back(std::move(file));
  };
  add("model.toml", manifest.path);
  for (std::string_view role : model::TableKeys()) {
    add(std::string(role), manifest.tables[std::string(role)].path);
  }
  if (total_bytes != nullptr) *total_bytes = total;
  return key;
}

Status WriteModelCache(const Model& model, const ModelCacheKey& key, const std::string& path) {
  std::error_code error;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, error);
  if (error) return Status::Internal("cannot create " + parent.string() + ": " + error.message());
  util::CleanStaleTemporaries(path);  // "<path>.tmp-<pid>" left by writers that were killed
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Internal("cannot create " + temporary);
  bool written = false;
  try {
    CacheWriter out(fd);
    out.Bytes(kMagic, sizeof(kMagic));
    out.U32(kModelCacheFormatVersion);
    WriteKey(out, key);
    WriteBody(out, model);
    written = out.Finish();
  } catch (const std::bad_alloc&) {
    written = false;
  }
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    fs::remove(temporary, error);
    return Status::Internal("cannot write " + temporary + " (disk full?)");
  }
  fs::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return Status::Internal("cannot move the cache into place at " + path + ": " + error.message());
  }
  return Status::Ok();
}

Result<Model> ReadModelCache(const std::string& path, const ModelCacheKey& expected) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return CacheProblem(path, "no cache file");
  struct ::stat info {};
  if (::fstat(::fileno(file.get()), &info) != 0 || !S_ISREG(info.st_mode)) {
    return CacheProblem(path, "not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size < sizeof(kMagic) + 4 + kTrailerBytes) return CacheProblem(path, "truncated");
  try {
    CacheReader in(file.get(), size);
    char magic[sizeof(kMagic)];
    std::uint32_t version = 0;
    if (!in.Bytes(magic, sizeof(magic)) || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
      return CacheProblem(path, "not a gosplan model cache (magic)");
    }
    if (!in.Value(version) || version != kModelCacheFormatVersion) {
      return CacheProblem(path, "cache format version " + std::to_string(version) + ", expected " +
                                    std::to_string(kModelCacheFormatVersion));
    }
    ModelCacheKey key;
    if (!ReadKey(in, key)) return CacheProblem(path, "corrupt key: " + in.error());
    if (!(key == expected)) return CacheProblem(path, StaleReason(key, expected));
    Model model;
    BodyReader body(in, model);
    if (!body.Read() || !in.Finish()) return CacheProblem(path, "corrupt: " + in.error());
    return model;
  } catch (const std::bad_alloc&) {
    return CacheProblem(path, "out of memory while reading the cache");
  } catch (const std::exception& error) {  // length_error from a size no check foresaw
    return CacheProblem(path, std::string("corrupt: ") + error.what());
  }
}

namespace model {

Result<Model> LoadModelThroughCache(const std::string& folder, const LoadOptions& options) {
  ModelCacheReport local_report;
  ModelCacheReport& report = options.cache_report != nullptr ? *options.cache_report : local_report;
  report = ModelCacheReport{};
  report.path = ModelCachePath(folder, options.horizon_override);
  LoadOptions from_tables = options;
  from_tables.cache = ModelCacheMode::kOff;
  from_tables.cache_report = nullptr;

  const std::int64_t read_start_ns = NowNs();
  std::uint64_t total_bytes = 0;
  Result<ModelCacheKey> key = ComputeModelCacheKey(folder, options, &total_bytes);
  if (!key.ok()) {
    report.not_loaded = report.not_written = "model.toml cannot be read";
    return LoadModelFromTables(folder, from_tables);
  }
  bool over_size_cap = false;
  for (const ModelSourceFile& file : key->files)
    over_size_cap |= file.size > options.max_file_bytes;
  if (over_size_cap) {
    // The tables path reports the file as too large; the cache must not hide that.
    report.not_loaded = report.not_written = "a file exceeds max_file_bytes";
    return LoadModelFromTables(folder, from_tables);
  }
  Result<Model> cached = ReadModelCache(report.path, key.value());
  if (cached.ok()) {
    cached->folder = folder;
    report.loaded = true;
    return cached;
  }
  report.not_loaded = cached.status().diagnostics().list().empty()
                          ? "unreadable"
                          : cached.status().diagnostics().list().front().message;
  cached = Model();  // release whatever the failed read held

  Result<Model> loaded = LoadModelFromTables(folder, from_tables);
  if (!loaded.ok() || options.cache != ModelCacheMode::kReadWrite) return loaded;
  if (total_bytes < options.cache_write_min_bytes) {
    report.not_written =
        "model smaller than " + std::to_string(options.cache_write_min_bytes) + " bytes";
    return loaded;
  }
  const std::int64_t settled_before =
      read_start_ns - std::int64_t{kModelCacheSettleSeconds} * 1'000'000'000;
  for (const ModelSourceFile& file : key->files) {
    if (file.present && file.mtime_ns > settled_before) {
      report.not_written =
          file.relative_path + " was modified less than " +
          std::to_string(kModelCacheSettleSeconds) +
          " s before it was read (an edit within the same clock tick could go unseen)";
      return loaded;
    }
  }
  Result<ModelCacheKey> after = ComputeModelCacheKey(folder, options);
  if (!after.ok() || !(after.value() == key.value())) {
    report.not_written = "the files changed while they were read";
    return loaded;
  }
  const Status written = WriteModelCache(loaded.value(), key.value(), report.path);
  report.written = written.ok();
  if (!written.ok()) report.not_written = written.message();
  return loaded;
}

}  // namespace model
}  // namespace gosplan
