// LoadModel: model.toml plus the CSV tables of docs/model-format.md -> gosplan::Model, with every
// problem of the run collected as a Diagnostic (file:line:column).
//
// Order: the manifest, then the tables in TableKeys() order (each table only refers to tables read
// before it), then the checks across tables. A table that could not be read completely (missing,
// missing column, malformed or ragged row) is marked so; references into it and the cross-table
// checks that depend on it are skipped, so one mistake is reported once, not once per reference.
//
// With more than one OpenMP thread the tables that do not depend on each other are read in parallel
// (the id tables, then the tables referring to them), each into its own Diagnostics, appended in
// the order above afterwards: the same model and the same problems as the sequential read
// (Loader::Run).
//
// Each table's key and columns (names, order, required or not) come from model_fields.h; the
// parsing and checking of each cell, with its message, is written out here.
#include "model/loader.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gosplan/horizon.h"
#include "gosplan/model.h"
#include "gosplan/model_range.h"
#include "model/manifest.h"
#include "model/model_fields.h"
#include "model/quota_kind.h"
#include "util/csv.h"
#include "util/flat_lookup.h"

namespace gosplan {
namespace {

using util::CsvFile;
using util::CsvRow;

enum class TableState {
  kAbsent,      // optional table without a file: empty
  kFailed,      // could not be opened or lacks a required column: nothing read
  kIncomplete,  // read, but some rows were skipped (ragged, malformed, or the diagnostics cap)
  kComplete,    // every row was read (rows may still carry value errors)
};

std::string Shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// A technique's cost per unit of activity in the min_resources objective (Σ_r weight[r]·use[p,r])
// and in the priority_output objective (Σ_i priority_weight[i]·out[p,i]): objective coefficients of
// the plan LP, whichever objective `plan --objective` picks.
struct TechniqueCosts {
  std::vector<double> resources, priority;
};
TechniqueCosts CostsOf(const Model& model) {
  TechniqueCosts costs;
  costs.resources.assign(model.techniques.size(), 0.0);
  costs.priority.assign(model.techniques.size(), 0.0);
  for (const Coefficient& c : model.resource_use) {
    if (c.technique < 0 || c.technique >= static_cast<Index>(model.techniques.size()) ||
        c.item < 0 || c.item >= static_cast<Index>(model.resources.size())) {
      continue;
    }
    costs.resources[static_cast<std::size_t>(c.technique)] +=
        model.resources[c.item].weight * c.value;
  }
  for (const Coefficient& c : model.outputs) {
    if (c.technique < 0 || c.technique >= static_cast<Index>(model.techniques.size()) ||
        c.item < 0 || c.item >= static_cast<Index>(model.products.size())) {
      continue;
    }
    costs.priority[static_cast<std::size_t>(c.technique)] +=
        model.products[c.item].priority_weight * c.value;
  }
  return costs;
}
constexpr const char* kResourceCostRule =
    "in the min_resources objective (the sum over technique_resources of resource weight x "
    "coefficient)";
constexpr const char* kPriorityCostRule =
    "in the priority_output objective (the sum over technique_outputs of priority_weight x "
    "coefficient)";
constexpr const char* kCostExpected =
    "a cost of at most 1e20, the simplex solver's limit (smaller weights, or larger units)";

// What a number beyond kMaxModelMagnitude is told to be instead.
constexpr const char* kRangeExpected =
    "a magnitude of at most 1e20, the simplex solver's limit (choose a larger unit to scale it "
    "down)";

bool Usable(TableState state) {
  return state == TableState::kComplete || state == TableState::kAbsent;
}

// Keys of util::FirstLines: a position (>= 0), and a position with a plan year (1..kMaxHorizon <
// 2^16) in its low bits.
std::uint64_t Key(Index position) { return static_cast<std::uint64_t>(position); }
std::uint64_t WithYear(Index position, int year) {
  return (static_cast<std::uint64_t>(position) << 16) | static_cast<std::uint64_t>(year);
}

struct ColumnSpec {
  std::string_view name;
  bool required;
};

// What an id table (products, resources, ...) tells the tables that refer to it.
struct IdTable {
  std::string_view noun;  // "product"
  std::string file;       // path of the defining table
  TableState state = TableState::kFailed;
  util::ViewIndex index;            // id -> position, viewing the ids in the model
  std::vector<std::int64_t> lines;  // line of each entity's defining row

  // Indexes the ids of the table's records once they are all read (the records no longer move).
  template <class Record>
  void IndexIds(const std::vector<Record>& records) {
    index.Reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      index.Emplace(records[i].id, static_cast<std::int64_t>(i));
    }
  }
};

// One CSV table being read: columns resolved by name, rows with their positions.
class Table {
 public:
  Table(std::string key, std::string path, Diagnostics& diagnostics)
      : key_(std::move(key)), path_(std::move(path)), diagnostics_(diagnostics) {}

  const std::string& path() const { return path_; }
  TableState state() const { return state_; }
  std::int64_t header_line() const { return file_ ? file_->header_line() : 0; }

  // Opens the file and resolves the columns. `required`: a missing file is an error.
  // `named_explicitly`: the file was named in model.toml, so it must exist even if optional.
  bool Open(bool required, bool named_explicitly, std::uint64_t max_file_bytes,
            const CsvDialect& dialect, const std::vector<ColumnSpec>& columns) {
    std::error_code error;
    if (!std::filesystem::exists(path_, error)) {
      if (required) {
        diagnostics_.Add(path_, 0, 0, "required table '" + key_ + "' not found",
                         "a CSV file (named by [tables] " + key_ + " in model.toml)");
      } else if (named_explicitly) {
        diagnostics_.Add(path_, 0, 0, "table '" + key_ + "' named in model.toml [tables] not found",
                         "an existing CSV file, or no [tables] " + key_ + " entry");
      } else {
        state_ = TableState::kAbsent;
        return false;
      }
      state_ = TableState::kFailed;
      return false;
    }
    required_ = required;
    delimiter_ = dialect.delimiter;
    util::CsvOptions csv_options;
    csv_options.max_file_bytes = max_file_bytes;
    csv_options.dialect = dialect;
    Result<CsvFile> opened = CsvFile::Open(path_, csv_options);
    if (!opened.ok()) {
      diagnostics_.Append(opened.status().diagnostics());
      state_ = TableState::kFailed;
      return false;
    }
    file_.emplace(std::move(opened).value());
    const std::size_t before = diagnostics_.total();
    for (const ColumnSpec& spec : columns) {
      columns_.push_back({spec.name, spec.required ? file_->Require(spec.name, diagnostics_)
                                                   : file_->Find(spec.name)});
    }
    const auto& header = file_->header();
    for (std::size_t c = 0; c < header.size(); ++c) {
      const std::string& name = header[c];
      const bool listed = std::any_of(columns_.begin(), columns_.end(),
                                      [&](const auto& column) { return column.first == name; });
      if (listed || name.starts_with("note")) continue;
      std::string known;
      for (const ColumnSpec& spec : columns) known += std::string(spec.name) + ", ";
      diagnostics_.Add(path_, file_->header_line(), static_cast<std::int64_t>(c + 1),
                       "unknown column '" + name + "'",
                       "one of: " + known + "or a name starting with 'note'");
    }
    if (diagnostics_.total() != before) {
      state_ = TableState::kFailed;
      return false;
    }
    state_ = TableState::kComplete;
    return true;
  }

  // Next data row; structural problems (ragged, malformed rows, the cap) mark the table incomplete.
  bool Next(CsvRow& row) {
    if (diagnostics_.full()) {
      state_ = TableState::kIncomplete;
      return false;
    }
    const std::size_t before = diagnostics_.total();
    const bool more = file_->Next(row, diagnostics_);
    if (diagnostics_.total() != before) state_ = TableState::kIncomplete;
    if (more) ++rows_;
    if (more && !ahead_columns_.empty()) PrefetchAhead();
    return more && !diagnostics_.full();
  }

  // A guess at the number of data rows still to come (for reserving room; may be off either way).
  std::size_t EstimatedRows() const { return file_ ? file_->EstimateRows() : 0; }

  // Call after the row loop. An empty required table is an error.
  TableState Finish(std::string_view expected_rows) {
    if (state_ == TableState::kComplete && rows_ == 0 && required_) {
      diagnostics_.Add(path_, file_->header_line(), 0, "table has a header but no rows",
                       std::string(expected_rows));
      state_ = TableState::kFailed;  // references into it would all be "unknown": say it once
    }
    return state_;
  }

  // A row that defines an entity was dropped (bad id): references into this table are not checked.
  void MarkIncomplete() {
    if (state_ == TableState::kComplete) state_ = TableState::kIncomplete;
  }

  // Column number (0-based, -1 when absent) of a column model_fields.h lists for the table. Called
  // several times per row: names are string literals, so the same text is usually the same pointer
  // and the search compares pointers before texts.
  int Column(std::string_view name) const {
    for (const auto& [known, index] : columns_) {
      if (known.data() == name.data() && known.size() == name.size()) return index;
    }
    return ColumnByText(name);
  }
  // Column's rare case, out of line so that the pointer comparisons above inline into each cell's
  // code: the same name as another literal (compared by text).
  [[gnu::noinline]] int ColumnByText(std::string_view name) const {
    for (const auto& [known, index] : columns_) {
      if (known == name) return index;
    }
    assert(false && "a column that model_fields.h does not list for the table");
    return -1;
  }
  bool Has(std::string_view name) const { return Column(name) >= 0; }
  std::string_view Cell(const CsvRow& row, std::string_view name) const {
    const int column = Column(name);
    return column < 0 ? std::string_view() : row.fields[static_cast<std::size_t>(column)];
  }
  std::int64_t ColumnNumber(std::string_view name) const { return Column(name) + 1; }

  void Error(const CsvRow& row, std::string_view column, std::string message,
             std::string expected = {}) {
    diagnostics_.Add(path_, row.line, ColumnNumber(column), std::move(message),
                     std::move(expected));
  }

  // A number in the column; `empty_value` (if set) is used for an empty or absent cell. A written
  // number must lie within the solvers' range (kMaxModelMagnitude), whatever the column.
  std::optional<double> Number(const CsvRow& row, std::string_view column, std::string_view what,
                               std::optional<double> empty_value = std::nullopt) {
    const int index = Column(column);
    const std::string_view text =
        index < 0 ? std::string_view() : row.fields[static_cast<std::size_t>(index)];
    if (empty_value && text.empty()) return empty_value;
    if (double plain;
        util::ReadPlainNumber(text, plain) && std::fabs(plain) <= kMaxModelMagnitude) {
      return plain;
    }
    const auto value = util::ParseNumber(text, path_, row.line, index, diagnostics_, what);
    if (!value || std::fabs(*value) <= kMaxModelMagnitude) return value;
    return OutOfRange(row, column, what);
  }
  std::optional<double> NonNegative(const CsvRow& row, std::string_view column,
                                    std::string_view what,
                                    std::optional<double> empty_value = std::nullopt) {
    const int index = Column(column);
    const std::string_view text =
        index < 0 ? std::string_view() : row.fields[static_cast<std::size_t>(index)];
    if (empty_value && text.empty()) return empty_value;
    // The common case inline (a plain number >= 0); the checked conversion for everything else.
    if (double plain;
        util::ReadPlainNumber(text, plain) && plain >= 0 && plain <= kMaxModelMagnitude) {
      return plain;
    }
    const auto value = util::ParseNonNegative(text, path_, row.line, index, diagnostics_, what);
    if (!value || std::fabs(*value) <= kMaxModelMagnitude) return value;
    return OutOfRange(row, column, what);
  }
  // Reports a number beyond kMaxModelMagnitude; nullopt.
  std::optional<double> OutOfRange(const CsvRow& row, std::string_view column,
                                   std::string_view what) {
    std::string expected = kRangeExpected;
    if (column == "max_activity") expected += "; leave the cell empty for no ceiling";
    Error(row, column,
          std::string(what) + " " + std::string(Cell(row, column).substr(0, 40)) +
              " is beyond the solvers' range",
          expected);
    return std::nullopt;
  }

  // An id defined by this row: non-empty, no comma, quote or control character.
  std::optional<std::string> Id(const CsvRow& row, std::string_view column, std::string_view noun) {
    const std::string_view text = Cell(row, column);
    if (text.empty()) {
      Error(row, column, std::string(noun) + " id is empty", "a non-empty id");
      return std::nullopt;
    }
    for (const char c : text) {
      if (c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20) {
        Error(row, column,
              std::string(noun) + " id '" + std::string(text) +
                  "' contains a comma, double quote or control character",
              "an id without ',', '\"' or control characters");
        return std::nullopt;
      }
    }
    return std::string(text);
  }

  // A reference to an entity of `target`. nullopt when empty, unknown (reported) or when the target
  // table could not be read completely (not reported again).
  std::optional<Index> Reference(const CsvRow& row, std::string_view column,
                                 const IdTable& target) {
    const std::string_view text = Cell(row, column);
    if (text.empty()) {
      Error(row, column, std::string(column) + " is empty",
            "a " + std::string(target.noun) + " id from " + target.file);
      return std::nullopt;
    }
    if (!Usable(target.state)) return std::nullopt;
    // Rows come grouped (a technique's inputs one after another): the id of the row before in
    // this column is compared first, and the index searched only for another id.
    const auto column_index = static_cast<std::size_t>(Column(column));
    if (column_index >= last_.size()) last_.resize(column_index + 1);
    LastReference& last = last_[column_index];
    if (!last.ahead && target.index.size() >= kPrefetchFrom) {
      last.ahead = true;  // from the next row on, this column's ids are looked up ahead
      ahead_columns_.push_back({static_cast<int>(column_index), &target, {}});
      std::sort(ahead_columns_.begin(), ahead_columns_.end(),
                [](const AheadColumn& a, const AheadColumn& b) { return a.column < b.column; });
    }
    if (last.target == &target && util::SameText(last.text, text)) return last.position;
    const std::int64_t found = target.index.Find(text);
    if (found >= 0) {
      last.target = &target;
      last.text = text;
      last.position = static_cast<Index>(found);
    }
    if (found < 0) {
      Error(row, column, "unknown " + std::string(target.noun) + " '" + std::string(text) + "'",
            "a " + std::string(target.noun) + " id defined in " + target.file);
      return std::nullopt;
    }
    return static_cast<Index>(found);
  }

  // A calendar year -> plan year t. nullopt: bad (reported) or unknown base year; 0: a year after
  // an override that shortened the horizon (the row is skipped silently).
  std::optional<int> Year(const CsvRow& row, std::string_view column,
                          const model::Manifest& manifest) {
    const auto year = util::ParseInteger(Cell(row, column), path_, row.line, Column(column),
                                         diagnostics_, "year");
    if (!year || !manifest.years_known) return std::nullopt;
    const ModelSettings& settings = manifest.settings;
    const int longest = std::max(settings.horizon, manifest.declared_horizon);
    const std::int64_t t = *year - settings.base_year;
    if (t < 1 || t > longest) {
      Error(row, column, "year " + std::to_string(*year) + " is outside the plan",
            "a year from " + std::to_string(settings.base_year + 1) + " to " +
                std::to_string(settings.base_year + longest) + " (base_year " +
                std::to_string(settings.base_year) + " is t = 0)");
      return std::nullopt;
    }
    if (t > settings.horizon) return 0;
    return static_cast<int>(t);
  }

 private:
  std::string key_;
  std::string path_;
  Diagnostics& diagnostics_;
  std::optional<CsvFile> file_;
  // The table's columns (model_fields.h's names, static texts) and their positions in the file.
  std::vector<std::pair<std::string_view, int>> columns_;
  // Per column: the last id Reference found, and where; whether the column is read ahead.
  struct LastReference {
    const IdTable* target = nullptr;
    std::string text;
    Index position = -1;
    bool ahead = false;
  };
  std::vector<LastReference> last_;

  // Read-ahead of the id lookups. A lookup in a large id index is one cache miss (≈ 0.2 µs from
  // memory, longer than the rest of a row's work), and rows refer to ids in no order the cache can
  // guess (a technique's inputs are any products). So a cursor runs kAheadLines lines ahead of the
  // row being read, and for each column that Reference resolves into an index of at least
  // kPrefetchFrom ids it starts loading the slot of that line's id (ViewIndex::Prefetch): by the
  // time the row is read, its lookups hit the cache. Only a hint, never a result: the cursor
  // splits lines on the delimiter alone, so a quoted cell, a comment or a multi-line row costs a
  // wasted prefetch at worst, and the cursor restarts at the reader whenever it falls behind.
  static constexpr int kAheadLines = 16;
  static constexpr std::size_t kPrefetchFrom = 4096;  // smaller indexes stay in the cache
  struct AheadColumn {
    int column;             // 0-based field number
    const IdTable* target;  // the index the ids are looked up in
    std::string_view last;  // the id prefetched last (repeats are not prefetched again)
  };
  std::vector<AheadColumn> ahead_columns_;
  const char* ahead_ = nullptr;  // the start of the next line the cursor will look at
  int ahead_lines_ = 0;          // lines between the reader and the cursor
  char delimiter_ = ',';

  void PrefetchAhead() {
    const std::string_view unread = file_->Unread();
    const char* const begin = unread.data();
    const char* const end = begin + unread.size();
    if (ahead_ == nullptr || std::less<>{}(ahead_, begin)) {
      ahead_ = begin;  // the first row, or the cursor fell behind (comments, quoted line ends)
      ahead_lines_ = 0;
    } else if (ahead_lines_ > 0) {
      --ahead_lines_;  // the row just read was one of the lines ahead
    }
    for (; ahead_lines_ < kAheadLines && std::less<>{}(ahead_, end); ++ahead_lines_) {
      // The line's fields up to the last column read ahead (registered in column order).
      const char* field = ahead_;
      int column = 0;
      for (AheadColumn& ahead : ahead_columns_) {
        while (column < ahead.column && field != end && *field != '\n') {
          field = util::FindFieldEnd(field, end, delimiter_);
          if (field != end && *field == delimiter_) ++field;
          ++column;
        }
        if (column != ahead.column) break;  // a short line (or none): nothing to look up
        const char* field_end = util::FindFieldEnd(field, end, delimiter_);
        std::size_t size = static_cast<std::size_t>(field_end - field);
        if (size != 0 && field[size - 1] == '\r') --size;
        const std::string_view id(field, size);
        if (util::SameText(id, ahead.last)) continue;
        ahead.target->index.Prefetch(id);
        ahead.last = id;
      }
      // On to the next line: the rest of this one is one search for its end (the delimiter given
      // as '\n' too), not one per field.
      field = util::FindFieldEnd(field, end, '\n');
      ahead_ = field != end ? field + 1 : end;
    }
  }
  TableState state_ = TableState::kFailed;
  bool required_ = false;
  std::int64_t rows_ = 0;
};

std::string Line(std::int64_t line) { return "line " + std::to_string(line); }

// Regions a model may have (final-demand keys pack the region beside the category).
constexpr Index kMaxRegions = 4096;

class Loader {
 public:
  // threads > 1: the tables of a phase are read in parallel (the same model and problems).
  Loader(const std::string& folder, const LoadOptions& options, int threads)
      : options_(options), diagnostics_(options.max_diagnostics), threads_(threads) {
    model_.folder = folder;
  }

  // The model, or its problems. nullopt: the tables were read in parallel and their problems
  // reached max_diagnostics, where a sequential read would have stopped early; read them again
  // with threads = 1 for exactly the problems a sequential read reports.
  std::optional<Result<Model>> Run() {
    if (!model::ReadManifest(model_.folder, options_, manifest_, diagnostics_)) {
      return Result<Model>(Status::InvalidInput(std::move(diagnostics_)));
    }
    if (options_.horizon_override > 0) {
      if (options_.horizon_override > model::kMaxHorizon) {
        diagnostics_.Add(
            manifest_.path, 0, 0,
            "horizon override " + std::to_string(options_.horizon_override) + " is too large",
            "at most " + std::to_string(model::kMaxHorizon) + " plan years");
        manifest_.years_known = false;
      } else {
        manifest_.settings.horizon = options_.horizon_override;
      }
    }
    model_.settings = manifest_.settings;
    SetYearWeights();

    products_.noun = "product";
    products_.file = manifest_.tables["products"].path;
    resources_.noun = "resource";
    resources_.file = manifest_.tables["resources"].path;
    techniques_.noun = "technique";
    techniques_.file = manifest_.tables["techniques"].path;
    enterprises_.noun = "enterprise";
    enterprises_.file = manifest_.tables["enterprises"].path;
    regions_.noun = "region";
    regions_.file = manifest_.tables["regions"].path;
    transport_links_.noun = "transport link";

    if (options_.progress) {
      std::error_code error;
      for (const auto& [key, file] : manifest_.tables) {
        const auto size = std::filesystem::file_size(file.path, error);
        if (!error) table_bytes_[key] = size, bytes_total_ += size;
      }
    }
    // The tables in the order their problems are reported. Phase 1 reads the id tables (products,
    // resources, techniques, enterprises), which refer to nothing; phase 2 the tables that refer to
    // them. Within a phase no table reads what another writes, so they may be read in parallel.
    const Step steps[] = {
        {&Loader::ReadProducts, 1, model::kProducts.key},
        {&Loader::ReadResources, 1, model::kResources.key},
        {&Loader::ReadAvailability, 2, model::kResourceAvailability.key},
        {&Loader::ReadTechniques, 1, model::kTechniques.key},
        {&Loader::ReadInputs, 2, model::kInputs.key},
        {&Loader::ReadOutputs, 2, model::kOutputs.key},
        {&Loader::ReadResourceUse, 2, model::kResourceUse.key},
        {&Loader::ReadCapital, 2, model::kCapital.key},
        {&Loader::ReadEnterprises, 1, model::kEnterprises.key},
        {&Loader::ReadRegions, 1, model::kRegions.key},
        {&Loader::ReadEnterpriseTechniques, 2, model::kEnterpriseTechniques.key},
        {&Loader::ReadInitialStocks, 2, model::kInitialStocks.key},
        {&Loader::ReadConstructionInProgress, 2, model::kConstructionInProgress.key},
        {&Loader::ReadOutlayProfiles, 2, model::kOutlayProfiles.key},
        {&Loader::ReadFinalDemand, 2, model::kFinalDemand.key},
        {&Loader::ReadTargets, 2, model::kQuotas.key},
        {&Loader::ReadActuals, 2, model::kActuals.key},
        {&Loader::ReadWorldPrices, 2, model::kWorldPrices.key},
        {&Loader::ReadTransportLinks, 2, model::kTransportLinks.key}};
    if (threads_ > 1) {
      if (!ReadInParallel(steps)) return std::nullopt;
    } else {
      for (const Step& step : steps) {
        if (diagnostics_.full()) break;
        (this->*step.read)(diagnostics_);
      }
    }
    if (!diagnostics_.full()) CheckAcrossTables();
    if (options_.progress) options_.progress(LoadProgress{{}, bytes_total_, bytes_total_});
    if (!diagnostics_.empty()) return Result<Model>(Status::InvalidInput(std::move(diagnostics_)));
    CarryFinalDemandPastDeclaredHorizon();
    return Result<Model>(std::move(model_));
  }

 private:
  struct Step {
    void (Loader::*read)(Diagnostics&);
    int phase;
    std::string_view key;  // the table's key, for the order of the parallel reads
  };

  // Reads phase 1's tables in parallel, then phase 2's, each into its own Diagnostics, the larger
  // tables first; then appends their problems in the order of `steps`. That is exactly what the
  // sequential read reports as long as no table's problems fill max_diagnostics (the sequential
  // read stops there): false when they would.
  template <std::size_t kSteps>
  bool ReadInParallel(const Step (&steps)[kSteps]) {
    std::vector<Diagnostics> found(kSteps, Diagnostics(options_.max_diagnostics));
    std::vector<std::exception_ptr> failures(kSteps);
    for (const int phase : {1, 2}) {
      std::vector<std::pair<std::uintmax_t, std::size_t>> order;  // (bytes, step)
      for (std::size_t k = 0; k < kSteps; ++k) {
        if (steps[k].phase != phase) continue;
        std::error_code error;
        const auto bytes =
            std::filesystem::file_size(manifest_.tables.find(steps[k].key)->second.path, error);
        order.push_back({error ? 0 : bytes, k});
      }
      std::sort(order.begin(), order.end(), std::greater<>());
      const int count = static_cast<int>(order.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
      for (int i = 0; i < count; ++i) {
        const std::size_t k = order[static_cast<std::size_t>(i)].second;
        try {
          (this->*steps[k].read)(found[k]);
        } catch (...) {
          failures[k] = std::current_exception();
        }
      }
      for (const std::exception_ptr& failure : failures) {
        if (failure) std::rethrow_exception(failure);
      }
    }
    for (const Diagnostics& problems : found) {
      if (diagnostics_.list().size() + problems.total() >= options_.max_diagnostics) return false;
      diagnostics_.Append(problems);
    }
    return true;
  }

  // A table of model_fields.h, with its columns from there.
  template <class Description>
  Table Open(Diagnostics& diagnostics, const Description& description, bool required,
             bool& opened) {
    std::vector<ColumnSpec> columns;
    for (const auto& [name, column_required] : model::ColumnsOf(description)) {
      columns.push_back({name, column_required});
    }
    return Open(diagnostics, description.key, required, columns, opened);
  }

  Table Open(Diagnostics& diagnostics, std::string_view key, bool required,
             const std::vector<ColumnSpec>& columns, bool& opened) {
    const model::TableFile& file = manifest_.tables.find(key)->second;
    if (options_.progress) {
      // Told on the calling thread only (the master thread of a parallel read).
      if (omp_get_thread_num() == 0) {
        options_.progress(LoadProgress{key, bytes_done_.load(), bytes_total_});
      }
      if (auto size = table_bytes_.find(key); size != table_bytes_.end())
        bytes_done_ += size->second;
    }
    Table table(std::string(key), file.path, diagnostics);
    opened = table.Open(required, file.named_explicitly, options_.max_file_bytes,
                        options_.csv.value_or(manifest_.csv), columns);
    return table;
  }

  // LoadOptions::progress: the tables' sizes not yet counted as read, and the sums.
  std::map<std::string, std::uint64_t, std::less<>> table_bytes_;
  std::atomic<std::uint64_t> bytes_done_ = 0;
  std::uint64_t bytes_total_ = 0;

  void SetYearWeights() {
    std::vector<double>& weights = model_.settings.year_weights;
    const auto horizon = static_cast<std::size_t>(std::max(model_.settings.horizon, 1));
    // Under a horizon override the declared weights are cut, or extended with weight 1.
    weights.resize(horizon, 1.0);
  }

  // ---- id tables -------------------------------------------------------------------------------

  void ReadProducts(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kProducts, true, opened);
    if (!opened) {
      products_.state = TableState::kFailed;
      return;
    }
    Reserve(table, products_, model_.product_index, model_.products);
    CsvRow row;
    while (table.Next(row)) {
      Product product;
      const auto id = table.Id(row, "id", "product");
      if (!id) table.MarkIncomplete();
      product.name = std::string(table.Cell(row, "name"));
      product.unit = std::string(table.Cell(row, "unit"));
      const std::string_view group = table.Cell(row, "group");
      if (group == "A") {
        product.group = ProductGroup::kMeansOfProduction;
      } else if (group == "B") {
        product.group = ProductGroup::kConsumerGoods;
      } else {
        table.Error(row, "group", "group is '" + std::string(group) + "'",
                    "A (means of production) or B (consumer goods)");
      }
      const std::string_view storable = table.Cell(row, "storable");
      bool storable_ok =
          true;  // rules that depend on storable are checked only when it is readable
      if (storable == "true") {
        product.storable = true;
      } else if (storable == "false" || storable.empty()) {
        product.storable = false;
      } else {
        table.Error(row, "storable", "storable is '" + std::string(storable) + "'",
                    "true or false (empty = false)");
        storable_ok = false;
      }
      if (auto loss = table.NonNegative(row, "storage_loss", "storage_loss", 0.0)) {
        if (*loss >= 1.0) {
          table.Error(
              row, "storage_loss",
              "storage_loss " + std::string(table.Cell(row, "storage_loss")) + " is not below 1",
              "a yearly loss fraction 0 <= storage_loss < 1");
        } else if (*loss > 0 && !product.storable && storable_ok) {
          table.Error(row, "storage_loss", "storage_loss given for a product that is not storable",
                      "storable = true, or no storage_loss");
        }
        product.storage_loss = *loss;
      }
      if (auto stock = table.NonNegative(row, "initial_stock", "initial_stock", 0.0)) {
        if (*stock > 0 && !product.storable && storable_ok) {
          table.Error(row, "initial_stock",
                      "initial_stock given for a product that is not storable",
                      "storable = true, or initial_stock 0");
        }
        product.initial_stock = *stock;
      }
      if (auto weight = table.NonNegative(row, "priority_weight", "priority_weight", 0.0)) {
        product.priority_weight = *weight;
      }
      if (!id) continue;
      product.id = *id;
      if (product.name.empty()) product.name = product.id;
      if (!Define(table, row, "id", products_, model_.product_index, *id)) continue;
      model_.products.push_back(std::move(product));
    }
    products_.state = table.Finish("one row per product");
    products_.IndexIds(model_.products);
  }

  // Room for the rows an id table is estimated to hold: its records, their index in the Model and
  // their lines (growing them row by row would copy them and fault in fresh pages several times).
  template <class Record>
  static void Reserve(const Table& table, IdTable& ids, IdIndex& index,
                      std::vector<Record>& records) {
    const std::size_t rows = table.EstimatedRows();
    records.reserve(records.size() + rows);
    index.reserve(index.size() + rows);
    ids.lines.reserve(ids.lines.size() + rows);
  }
  // Room for the rows a table of records is estimated to hold, and for its duplicate check.
  template <class Record>
  static void Reserve(const Table& table, std::vector<Record>& records, util::FirstLines& seen) {
    const std::size_t rows = table.EstimatedRows();
    records.reserve(records.size() + rows);
    seen.Reserve(rows);
  }

  // Registers a new id; reports a duplicate. Returns false for a duplicate.
  bool Define(Table& table, const CsvRow& row, std::string_view column, IdTable& ids,
              IdIndex& index, const std::string& id) {
    const auto [found, inserted] = index.emplace(id, static_cast<Index>(ids.lines.size()));
    if (!inserted) {
      table.Error(row, column,
                  "duplicate " + std::string(ids.noun) + " id '" + id + "' (first defined on " +
                      Line(ids.lines[static_cast<std::size_t>(found->second)]) + ")",
                  "each id once");
      return false;
    }
    ids.lines.push_back(row.line);
    return true;
  }

  void ReadResources(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kResources, false, opened);
    if (!opened) {
      resources_.state = table.state();
      return;
    }
    Reserve(table, resources_, model_.resource_index, model_.resources);
    CsvRow row;
    while (table.Next(row)) {
      Resource resource;
      const auto id = table.Id(row, "id", "resource");
      if (!id) table.MarkIncomplete();
      resource.name = std::string(table.Cell(row, "name"));
      resource.unit = std::string(table.Cell(row, "unit"));
      if (auto weight = table.NonNegative(row, "weight", "weight", 1.0)) resource.weight = *weight;
      if (!id) continue;
      resource.id = *id;
      if (resource.name.empty()) resource.name = resource.id;
      if (!Define(table, row, "id", resources_, model_.resource_index, *id)) continue;
      model_.resources.push_back(std::move(resource));
    }
    resources_.state = table.Finish({});
    resources_.IndexIds(model_.resources);
  }

  void ReadAvailability(Diagnostics& diagnostics) {
    // Required as soon as resources.csv lists a resource (every resource needs every plan year).
    bool opened = false;
    const auto& columns = model::kResourceAvailability.columns;  // resource, year, quantity
    Table table = Open(diagnostics, model::kResourceAvailability.key, !model_.resources.empty(),
                       {{columns[0], true}, {columns[1], true}, {columns[2], true}}, opened);
    if (!opened) {
      availability_state_ = table.state();
      return;
    }
    const int horizon = model_.settings.horizon;
    model_.resource_availability.assign(model_.resources.size() * static_cast<std::size_t>(horizon),
                                        0.0);
    availability_seen_.assign(model_.resource_availability.size(), false);
    util::FirstLines seen;
    CsvRow row;
    while (table.Next(row)) {
      const auto resource = table.Reference(row, "resource", resources_);
      const auto year = table.Year(row, "year", manifest_);
      const auto quantity = table.NonNegative(row, "quantity", "quantity");
      if (resource && year && *year != 0 && !quantity) {
        // The row is there, its number is wrong (told above): not also "no availability for
        // <year>".
        availability_seen_[static_cast<std::size_t>(*resource * horizon + *year - 1)] = true;
      }
      if (!resource || !year || !quantity || *year == 0) continue;
      const auto [found, inserted] = seen.Emplace(Key(*resource), Key(*year), row.line);
      if (!inserted) {
        table.Error(row, "resource",
                    "duplicate availability of resource '" +
                        std::string(table.Cell(row, "resource")) + "' in " +
                        std::string(table.Cell(row, "year")) + " (first on " + Line(found) + ")",
                    "one row per resource and year");
        continue;
      }
      const std::size_t slot = static_cast<std::size_t>(*resource * horizon + *year - 1);
      model_.resource_availability[slot] = *quantity;
      availability_seen_[slot] = true;
    }
    availability_state_ = table.Finish({});
  }

  void ReadTechniques(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kTechniques, true, opened);
    if (!opened) {
      techniques_.state = TableState::kFailed;
      return;
    }
    Reserve(table, techniques_, model_.technique_index, model_.techniques);
    CsvRow row;
    while (table.Next(row)) {
      const auto id = table.Id(row, "id", "technique");
      if (!id) table.MarkIncomplete();
      if (!id) continue;
      Technique technique{*id, std::string(table.Cell(row, "name"))};
      if (technique.name.empty()) technique.name = technique.id;
      if (!Define(table, row, "id", techniques_, model_.technique_index, *id)) continue;
      model_.techniques.push_back(std::move(technique));
    }
    techniques_.state = table.Finish("one row per technique");
    techniques_.IndexIds(model_.techniques);
    has_output_.assign(model_.techniques.size(), false);
    is_run_.assign(model_.techniques.size(), false);
  }

  // ---- technique coefficient triplets -----------------------------------------------------------

  // Reads technique_inputs / technique_outputs / technique_resources: (technique, item,
  // coefficient).
  using TripletTable = std::decay_t<decltype(model::kInputs)>;
  TableState ReadTriplets(Diagnostics& diagnostics, const TripletTable& description,
                          const IdTable& items, bool required, bool positive,
                          std::vector<Coefficient>& out, std::vector<bool>* mentioned) {
    const std::string_view item_column = std::get<1>(description.fields).name;
    bool opened = false;
    Table table = Open(diagnostics, description, required, opened);
    if (!opened) return table.state();
    util::FirstLines seen;
    Reserve(table, out, seen);
    CsvRow row;
    while (table.Next(row)) {
      const auto technique = table.Reference(row, "technique", techniques_);
      const auto item = table.Reference(row, item_column, items);
      if (technique && mentioned != nullptr)
        (*mentioned)[static_cast<std::size_t>(*technique)] = true;
      auto value = table.NonNegative(row, "coefficient", "coefficient");
      if (value && positive && *value == 0) {
        table.Error(row, "coefficient", "output coefficient is 0",
                    "a number > 0 (leave out the row instead)");
        value.reset();
      }
      if (!technique || !item || !value) continue;
      const auto [found, inserted] = seen.Emplace(Key(*technique), Key(*item), row.line);
      if (!inserted) {
        table.Error(row, item_column,
                    "duplicate row for technique '" + std::string(table.Cell(row, "technique")) +
                        "' and " + std::string(items.noun) + " '" +
                        std::string(table.Cell(row, item_column)) + "' (first on " + Line(found) +
                        ")",
                    "each (technique, " + std::string(items.noun) + ") pair once");
        continue;
      }
      if (*value == 0) continue;  // explicit zeros are allowed and not stored (sparse tables)
      out.push_back(Coefficient{*technique, *item, *value});
    }
    return table.Finish("at least one row");
  }

  void ReadInputs(Diagnostics& diagnostics) {
    ReadTriplets(diagnostics, model::kInputs, products_, false, false, model_.inputs, nullptr);
  }
  void ReadOutputs(Diagnostics& diagnostics) {
    outputs_state_ = ReadTriplets(diagnostics, model::kOutputs, products_, true, true,
                                  model_.outputs, &has_output_);
  }
  void ReadResourceUse(Diagnostics& diagnostics) {
    ReadTriplets(diagnostics, model::kResourceUse, resources_, false, false, model_.resource_use,
                 nullptr);
  }

  void ReadCapital(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kCapital, false, opened);
    if (!opened) return;
    util::FirstLines seen;
    Reserve(table, model_.capital, seen);
    CsvRow row;
    while (table.Next(row)) {
      const auto technique = table.Reference(row, "technique", techniques_);
      const auto product = table.Reference(row, "product", products_);
      const auto value = table.NonNegative(row, "coefficient", "coefficient");
      const auto depreciation = table.NonNegative(row, "depreciation", "depreciation");
      const bool depreciation_ok = depreciation.has_value() && *depreciation <= 1.0;
      if (depreciation && !depreciation_ok) {
        table.Error(row, "depreciation",
                    "depreciation " + std::string(table.Cell(row, "depreciation")) + " is above 1",
                    "a yearly wear fraction 0 <= depreciation <= 1");
      }
      if (!technique || !product || !value || !depreciation_ok) continue;
      const auto [found, inserted] = seen.Emplace(Key(*technique), Key(*product), row.line);
      if (!inserted) {
        table.Error(row, "product",
                    "duplicate row for technique '" + std::string(table.Cell(row, "technique")) +
                        "' and product '" + std::string(table.Cell(row, "product")) +
                        "' (first on " + Line(found) + ")",
                    "each (technique, product) pair once");
        continue;
      }
      if (*value == 0) continue;
      model_.capital.push_back(CapitalCoefficient{*technique, *product, *value, *depreciation});
    }
    table.Finish({});
  }

  // ---- enterprises ------------------------------------------------------------------------------

  void ReadEnterprises(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kEnterprises, true, opened);
    if (!opened) {
      enterprises_.state = TableState::kFailed;
      return;
    }
    static const std::pair<std::string_view, EnterpriseKind> kinds[] = {
        {"factory", EnterpriseKind::kFactory},
        {"mine", EnterpriseKind::kMine},
        {"construction_site", EnterpriseKind::kConstructionSite},
        {"collective_farm", EnterpriseKind::kCollectiveFarm},
        {"state_farm", EnterpriseKind::kStateFarm},
        {"power_station", EnterpriseKind::kPowerStation},
        {"other", EnterpriseKind::kOther}};
    Reserve(table, enterprises_, model_.enterprise_index, model_.enterprises);
    CsvRow row;
    while (table.Next(row)) {
      Enterprise enterprise;
      const auto id = table.Id(row, "id", "enterprise");
      if (!id) table.MarkIncomplete();
      enterprise.name = std::string(table.Cell(row, "name"));
      enterprise.region = std::string(table.Cell(row, "region"));
      const std::string_view kind = table.Cell(row, "kind");
      bool kind_ok = false;
      for (const auto& [name, value] : kinds) {
        if (kind == name) {
          enterprise.kind = value;
          kind_ok = true;
        }
      }
      if (!kind_ok) {
        table.Error(row, "kind", "unknown enterprise kind '" + std::string(kind) + "'",
                    "one of: factory, mine, construction_site, collective_farm, state_farm, "
                    "power_station, other");
      }
      const std::string_view lag_text = table.Cell(row, "construction_lag");
      if (!lag_text.empty()) {
        const int column = table.Column("construction_lag");
        if (auto lag = util::ParseInteger(lag_text, table.path(), row.line, column, diagnostics,
                                          "construction_lag")) {
          if (*lag < 1 || *lag > model::kMaxHorizon) {
            table.Error(row, "construction_lag",
                        "construction_lag " + std::to_string(*lag) + " is out of range",
                        "a whole number of years from 1 to " + std::to_string(model::kMaxHorizon));
          } else {
            enterprise.construction_lag = static_cast<int>(*lag);
          }
        }
      }
      if (!id) continue;
      enterprise.id = *id;
      if (enterprise.name.empty()) enterprise.name = enterprise.id;
      if (!Define(table, row, "id", enterprises_, model_.enterprise_index, *id)) continue;
      model_.enterprises.push_back(std::move(enterprise));
    }
    enterprises_.state = table.Finish("one row per enterprise");
    enterprises_.IndexIds(model_.enterprises);
    runs_something_.assign(model_.enterprises.size(), false);
  }

  void ReadEnterpriseTechniques(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kEnterpriseTechniques, true, opened);
    if (!opened) {
      enterprise_techniques_state_ = TableState::kFailed;
      return;
    }
    util::FirstLines seen;
    Reserve(table, model_.enterprise_techniques, seen);
    CsvRow row;
    while (table.Next(row)) {
      const auto enterprise = table.Reference(row, "enterprise", enterprises_);
      const auto technique = table.Reference(row, "technique", techniques_);
      if (enterprise) runs_something_[static_cast<std::size_t>(*enterprise)] = true;
      if (technique) is_run_[static_cast<std::size_t>(*technique)] = true;
      const auto min_activity = table.NonNegative(row, "min_activity", "min_activity", 0.0);
      const auto max_activity = table.NonNegative(row, "max_activity", "max_activity", kUnbounded);
      bool bounds_ok = min_activity && max_activity;
      if (bounds_ok && *min_activity > *max_activity) {
        table.Error(row, "max_activity",
                    "max_activity " + std::string(table.Cell(row, "max_activity")) +
                        " is below min_activity " + std::string(table.Cell(row, "min_activity")),
                    "min_activity <= max_activity");
        bounds_ok = false;
      }
      if (!enterprise || !technique || !bounds_ok) continue;
      const auto [found, inserted] = seen.Emplace(Key(*enterprise), Key(*technique), row.line);
      if (!inserted) {
        table.Error(row, "technique",
                    "duplicate row for enterprise '" + std::string(table.Cell(row, "enterprise")) +
                        "' and technique '" + std::string(table.Cell(row, "technique")) +
                        "' (first on " + Line(found) + ")",
                    "each (enterprise, technique) pair once");
        continue;
      }
      model_.enterprise_techniques.push_back(
          EnterpriseTechnique{*enterprise, *technique, *min_activity, *max_activity});
    }
    enterprise_techniques_state_ = table.Finish("one row per enterprise and technique it may run");
  }

  void ReadInitialStocks(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kInitialStocks, false, opened);
    if (!opened) return;
    util::FirstLines seen;
    Reserve(table, model_.initial_stocks, seen);
    CsvRow row;
    while (table.Next(row)) {
      const auto enterprise = table.Reference(row, "enterprise", enterprises_);
      const auto product = table.Reference(row, "product", products_);
      const auto quantity = table.NonNegative(row, "quantity", "quantity");
      if (!enterprise || !product || !quantity) continue;
      const auto [found, inserted] = seen.Emplace(Key(*enterprise), Key(*product), row.line);
      if (!inserted) {
        table.Error(row, "product",
                    "duplicate stock of product '" + std::string(table.Cell(row, "product")) +
                        "' at enterprise '" + std::string(table.Cell(row, "enterprise")) +
                        "' (first on " + Line(found) + ")",
                    "each (enterprise, product) pair once");
        continue;
      }
      model_.initial_stocks.push_back(InitialStock{*enterprise, *product, *quantity});
    }
    table.Finish({});
  }

  // construction_in_progress.csv (optional): sunk construction still arriving; one row per
  // enterprise, product and year it becomes usable.
  void ReadConstructionInProgress(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kConstructionInProgress, false, opened);
    if (!opened) return;
    util::FirstLines seen;
    CsvRow row;
    while (table.Next(row)) {
      const auto enterprise = table.Reference(row, "enterprise", enterprises_);
      const auto product = table.Reference(row, "product", products_);
      const auto year = table.Year(row, "year_usable", manifest_);
      const auto quantity = table.NonNegative(row, "quantity", "quantity");
      if (!enterprise || !product || !year || !quantity || *year == 0) continue;
      const auto [found, inserted] =
          seen.Emplace(Key(*enterprise), WithYear(*product, *year), row.line);
      if (!inserted) {
        table.Error(
            row, "year_usable",
            "duplicate construction of product '" + std::string(table.Cell(row, "product")) +
                "' at enterprise '" + std::string(table.Cell(row, "enterprise")) + "' usable in " +
                std::string(table.Cell(row, "year_usable")) + " (first on " + Line(found) + ")",
            "one row per enterprise, product and year usable");
        continue;
      }
      model_.construction_in_progress.push_back(
          ConstructionInProgress{*enterprise, *product, *year, *quantity});
    }
    table.Finish({});
  }

  // outlay_profiles.csv (optional): per enterprise or enterprise kind, the share of a project's
  // outlay paid in each year of its construction lag (docs/planning-model.md, "Outlay profiles").
  // Each row names an enterprise or an enterprise kind (not both); offsets run from 0 to L_e − 1
  // for every enterprise the row covers; shares lie in [0, 1], each (scope, offset) once, and a
  // profile's shares sum to 1.
  void ReadOutlayProfiles(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kOutlayProfiles, false, opened);
    if (!opened) return;
    static constexpr std::string_view kKinds =
        "factory, mine, construction_site, collective_farm, state_farm, power_station, other";
    struct Scope {
      std::int64_t first_line = 0;
      double sum = 0.0;
      std::string what;  // "enterprise 'x'" or "enterprise kind 'y'"
    };
    std::map<std::string, Scope> scopes;  // "e:<id>" or "k:<kind>", in a fixed order
    std::map<std::pair<std::string, std::int64_t>, std::int64_t> seen;  // (scope, offset) -> line
    CsvRow row;
    while (table.Next(row)) {
      const std::string_view enterprise_text = table.Cell(row, "enterprise");
      const std::string_view kind_text = table.Cell(row, "enterprise_kind");
      if (enterprise_text.empty() == kind_text.empty()) {
        table.Error(row, enterprise_text.empty() ? "enterprise" : "enterprise_kind",
                    enterprise_text.empty() ? "the row names neither an enterprise nor a kind"
                                            : "the row names both an enterprise and a kind",
                    "an enterprise id or an enterprise kind, not both");
        continue;
      }
      std::optional<Index> enterprise;
      std::optional<EnterpriseKind> kind;
      if (!enterprise_text.empty()) {
        enterprise = table.Reference(row, "enterprise", enterprises_);
        if (!enterprise) continue;
      } else {
        for (int k = 0; k <= static_cast<int>(EnterpriseKind::kOther); ++k) {
          if (kind_text == ToString(static_cast<EnterpriseKind>(k))) {
            kind = static_cast<EnterpriseKind>(k);
          }
        }
        if (!kind) {
          table.Error(row, "enterprise_kind",
                      "unknown enterprise kind '" + std::string(kind_text) + "'",
                      "one of: " + std::string(kKinds));
          continue;
        }
      }
      const auto offset =
          util::ParseInteger(table.Cell(row, "year_offset"), table.path(), row.line,
                             table.Column("year_offset"), diagnostics, "year_offset");
      const auto share = table.NonNegative(row, "share", "share");
      if (!offset || !share) continue;
      if (*share > 1.0) {
        table.Error(row, "share", "share " + std::string(table.Cell(row, "share")) + " is above 1",
                    "a fraction of the project's outlay from 0 to 1");
        continue;
      }
      // The offset must fall inside the lag of every enterprise the row covers.
      bool offset_ok = *offset >= 0;
      std::string lag_problem;
      for (std::size_t e = 0; offset_ok && e < model_.enterprises.size(); ++e) {
        const Enterprise& covered = model_.enterprises[e];
        const bool covers =
            enterprise ? static_cast<Index>(e) == *enterprise : covered.kind == *kind;
        if (covers && *offset >= covered.construction_lag) {
          offset_ok = false;
          lag_problem = " is not below the construction lag " +
                        std::to_string(covered.construction_lag) + " of enterprise '" + covered.id +
                        "'";
        }
      }
      if (!offset_ok) {
        table.Error(row, "year_offset",
                    "year_offset " + std::string(table.Cell(row, "year_offset")) +
                        (lag_problem.empty() ? " is negative" : lag_problem),
                    "a whole number of years from 0 to the construction lag − 1");
        continue;
      }
      const std::string key =
          enterprise ? "e:" + std::string(enterprise_text) : "k:" + std::string(kind_text);
      const auto [found, inserted] = seen.emplace(std::pair{key, *offset}, row.line);
      if (!inserted) {
        table.Error(row, "year_offset",
                    "duplicate share for year_offset " +
                        std::string(table.Cell(row, "year_offset")) + " (first on " +
                        Line(found->second) + ")",
                    "one row per enterprise (or kind) and year_offset");
        continue;
      }
      Scope& scope = scopes[key];
      if (scope.first_line == 0) {
        scope.first_line = row.line;
        scope.what = enterprise ? "enterprise '" + std::string(enterprise_text) + "'"
                                : "enterprise kind '" + std::string(kind_text) + "'";
      }
      scope.sum += *share;
      OutlayShare record;
      record.enterprise = enterprise.value_or(-1);
      record.enterprise_kind = enterprise ? std::string() : std::string(kind_text);
      record.year_offset = static_cast<int>(*offset);
      record.share = *share;
      model_.outlay_shares.push_back(std::move(record));
    }
    if (table.Finish({}) != TableState::kComplete) return;
    for (const auto& [key, scope] : scopes) {
      if (std::fabs(scope.sum - 1.0) <= kOutlayShareSumTolerance) continue;
      diagnostics.Add(table.path(), scope.first_line, table.ColumnNumber("share"),
                      "the outlay shares of " + scope.what + " sum to " + Shown(scope.sum),
                      "shares that sum to 1");
    }
  }

  // ---- goals and records ------------------------------------------------------------------------

  // horizon_override beyond model.toml's horizon: a plan year whose final demand no table names
  // repeats the last declared year's floors and target mix (as resource availability does), so that
  // the added years plan an economy that goes on rather than one with λ = 0 and nothing consumed.
  void CarryFinalDemandPastDeclaredHorizon() {
    RepeatFinalDemand(model_.final_demand, manifest_.declared_horizon, model_.settings.horizon);
  }

  void ReadFinalDemand(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kFinalDemand, false, opened);
    if (!opened) return;
    if (!table.Has("floor") && !table.Has("target")) {
      diagnostics.Add(table.path(), table.header_line(), 0,
                      "final_demand has neither a 'floor' nor a 'target' column",
                      "a header with column 'floor', 'target' or both");
      return;
    }
    util::FirstLines seen;
    Reserve(table, model_.final_demand, seen);
    // Per (product, plan year): the sum of the targets over the categories read so far.
    std::vector<double> target_mix;
    const auto horizon = static_cast<std::size_t>(model_.settings.horizon);
    auto last_category = model_.category_index.end();
    CsvRow row;
    while (table.Next(row)) {
      const auto category = table.Id(row, "category", "category");
      const auto product = table.Reference(row, "product", products_);
      const auto year = table.Year(row, "year", manifest_);
      const auto floor = table.NonNegative(row, "floor", "floor", 0.0);
      const auto target = table.NonNegative(row, "target", "target", 0.0);
      // The region it is consumed in (regions.csv); empty: none given (one region at most).
      Index where = -1;  // -1: none given
      bool region_ok = true;
      if (!table.Cell(row, "region").empty()) {
        const std::optional<Index> region = table.Reference(row, "region", regions_);
        region_ok = region.has_value();
        if (region_ok) where = *region;
      } else if (model_.regions.size() > 1) {
        table.Error(row, "region",
                    "final demand without a region in a model of " +
                        std::to_string(model_.regions.size()) + " regions",
                    "a region id defined in " + regions_.file);
        region_ok = false;
      }
      if (!category || !product || !year || !floor || !target || !region_ok || *year == 0) continue;
      // The category of the row before is compared first (rows come grouped by category).
      auto slot = last_category != model_.category_index.end() && last_category->first == *category
                      ? last_category
                      : model_.category_index.find(*category);  // (emplace: a node per row)
      if (slot == model_.category_index.end()) {
        slot = model_.category_index
                   .emplace(*category, static_cast<Index>(model_.final_demand_categories.size()))
                   .first;
        model_.final_demand_categories.push_back(*category);
      }
      last_category = slot;
      const auto [found, inserted] = seen.Emplace(Key(slot->second * (kMaxRegions + 1) + where + 1),
                                                  WithYear(*product, *year), row.line);
      if (!inserted) {
        table.Error(row, "year",
                    "duplicate final demand of category '" + *category + "' for product '" +
                        std::string(table.Cell(row, "product")) + "' in " +
                        std::string(table.Cell(row, "year")) +
                        (where >= 0 ? " in region '" + std::string(table.Cell(row, "region")) + "'"
                                    : std::string()) +
                        " (first on " + Line(found) + ")",
                    model_.regions.empty() ? "one row per category, product and year"
                                           : "one row per category, product, region and year");
        continue;
      }
      model_.final_demand.push_back(
          FinalDemand{slot->second, *product, *year, *floor, *target, where});
      // The plan-ray target mix of (product, year) is the sum over categories: an LP coefficient
      // too.
      if (target_mix.empty()) target_mix.assign(model_.products.size() * horizon, 0.0);
      double& mix = target_mix[static_cast<std::size_t>(*product) * horizon +
                               static_cast<std::size_t>(*year - 1)];
      const bool was_in_range = mix <= kMaxModelMagnitude;
      mix += *target;
      if (was_in_range && mix > kMaxModelMagnitude) {
        table.Error(
            row, "target",
            "the targets of product '" + std::string(table.Cell(row, "product")) + "' in " +
                std::string(table.Cell(row, "year")) + " add up to " + Shown(mix) +
                " over all categories with this row, beyond the solvers' range",
            "a total of at most 1e20 per product and year (the plan-ray target mix; only the "
            "proportions of the targets matter, so all of them can be scaled down)");
      }
    }
    table.Finish({});
  }

  void ReadTargets(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kQuotas, false, opened);
    if (!opened) return;
    std::unordered_map<std::string, std::int64_t> ids;
    CsvRow row;
    while (table.Next(row)) {
      const auto id = table.Id(row, "id", "quota");
      const auto product = table.Reference(row, "product", products_);
      std::optional<Index> enterprise = -1;
      bool enterprise_ok = true;
      if (!table.Cell(row, "enterprise").empty()) {
        enterprise = table.Reference(row, "enterprise", enterprises_);
        enterprise_ok = enterprise.has_value();
      }
      const auto year = table.Year(row, "year", manifest_);
      const auto quantity = table.NonNegative(row, "quantity", "quantity");
      // kind: output (empty), import or export (model/quota_kind.h; checked against the world
      // prices in CheckAcrossTables, once both tables are read).
      const auto kind = table.Cell(row, "kind").empty() ? std::optional(QuotaKind::kOutput)
                                                        : ParseQuotaKind(table.Cell(row, "kind"));
      if (!kind) {
        table.Error(row, "kind",
                    "unknown quota kind '" + std::string(table.Cell(row, "kind")) + "'",
                    model::kQuotaKindExpected);
      }
      if (!id) continue;
      const auto [found, inserted] = ids.emplace(*id, row.line);
      if (!inserted) {
        table.Error(
            row, "id",
            "duplicate quota id '" + *id + "' (first defined on " + Line(found->second) + ")",
            "each id once");
        continue;
      }
      if (!product || !enterprise_ok || !year || !quantity || *year == 0 || !kind) continue;
      model_.quotas.push_back(Quota{*id, *product, *enterprise, *year, *quantity, *kind});
      if (*kind != QuotaKind::kOutput) {
        trade_quotas_.push_back({model_.quotas.size() - 1, row.line,
                                 table.ColumnNumber("enterprise"), table.ColumnNumber("kind")});
      }
    }
    targets_state_ = table.Finish({});
  }

  void ReadActuals(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kActuals, false, opened);
    if (!opened) return;
    util::FirstLines seen;
    CsvRow row;
    while (table.Next(row)) {
      const auto enterprise = table.Reference(row, "enterprise", enterprises_);
      const auto product = table.Reference(row, "product", products_);
      const auto year = table.Year(row, "year", manifest_);
      const auto quantity = table.NonNegative(row, "quantity", "quantity");
      if (!enterprise || !product || !year || !quantity || *year == 0) continue;
      const auto [found, inserted] =
          seen.Emplace(Key(*enterprise), WithYear(*product, *year), row.line);
      if (!inserted) {
        table.Error(row, "year",
                    "duplicate actual of enterprise '" +
                        std::string(table.Cell(row, "enterprise")) + "' for product '" +
                        std::string(table.Cell(row, "product")) + "' in " +
                        std::string(table.Cell(row, "year")) + " (first on " + Line(found) + ")",
                    "one row per enterprise, product and year");
        continue;
      }
      model_.actuals.push_back(Actual{*enterprise, *product, *year, *quantity});
    }
    table.Finish({});
  }

  // world_prices.csv (optional; docs/planning-model.md, "Foreign trade"): per product and year the
  // export and import price in currency units per product unit (an empty cell: not traded that
  // way) and optional caps on the yearly flows; each (product, year) once.
  void ReadWorldPrices(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kWorldPrices, false, opened);
    if (!opened) return;
    util::FirstLines seen;
    CsvRow row;
    while (table.Next(row)) {
      const auto product = table.Reference(row, "product", products_);
      const auto year = table.Year(row, "year", manifest_);
      const auto export_price = table.NonNegative(row, "export_price", "export price", kUnbounded);
      const auto import_price = table.NonNegative(row, "import_price", "import price", kUnbounded);
      const auto max_export = table.NonNegative(row, "max_export", "max_export", kUnbounded);
      const auto max_import = table.NonNegative(row, "max_import", "max_import", kUnbounded);
      if (!product || !year || !export_price || !import_price || !max_export || !max_import ||
          *year == 0) {
        continue;
      }
      if (*export_price < kUnbounded && *import_price<kUnbounded&& * export_price> * import_price) {
        // Buying at the import price and selling at a higher export price would be an unbounded
        // currency machine.
        table.Error(row, "export_price",
                    "export price " + std::string(table.Cell(row, "export_price")) +
                        " is above the import price " +
                        std::string(table.Cell(row, "import_price")),
                    "an export price at most the import price (else re-exporting imports earns "
                    "without end)");
        continue;
      }
      const auto [found, inserted] = seen.Emplace(Key(*product), Key(*year), row.line);
      if (!inserted) {
        table.Error(row, "year",
                    "duplicate world price of product '" + std::string(table.Cell(row, "product")) +
                        "' in " + std::string(table.Cell(row, "year")) + " (first on " +
                        Line(found) + ")",
                    "one row per product and year");
        continue;
      }
      model_.world_prices.push_back(
          WorldPrice{*product, *year, *export_price, *import_price, *max_export, *max_import});
    }
    world_prices_state_ = table.Finish({});
  }

  // regions.csv (optional; docs/planning-model.md, "Regions and transport"): id, name.
  void ReadRegions(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kRegions, false, opened);
    if (!opened) {
      regions_.state = table.state();
      return;
    }
    CsvRow row;
    while (table.Next(row)) {
      Region region;
      const auto id = table.Id(row, "id", "region");
      if (!id) table.MarkIncomplete();
      region.name = std::string(table.Cell(row, "name"));
      if (!id) continue;
      region.id = *id;
      if (region.name.empty()) region.name = region.id;
      if (static_cast<Index>(model_.regions.size()) >= kMaxRegions) {
        table.Error(row, "id", "more than " + std::to_string(kMaxRegions) + " regions",
                    "at most " + std::to_string(kMaxRegions) + " regions");
        continue;
      }
      if (!Define(table, row, "id", regions_, model_.region_index, *id)) continue;
      model_.regions.push_back(std::move(region));
    }
    regions_.state = table.Finish("one row per region");
    regions_.IndexIds(model_.regions);
  }

  // transport_links.csv (optional; docs/planning-model.md, "Regions and transport"): one-way links
  // between two regions for one product, with the transport product consumed per unit and km, an
  // optional yearly capacity and optional construction of more capacity.
  void ReadTransportLinks(Diagnostics& diagnostics) {
    bool opened = false;
    Table table = Open(diagnostics, model::kTransportLinks, false, opened);
    if (!opened) return;
    transport_links_.file = table.path();
    CsvRow row;
    while (table.Next(row)) {
      TransportLink link;
      const auto id = table.Id(row, "id", "transport link");
      const auto from = table.Reference(row, "from_region", regions_);
      const auto to = table.Reference(row, "to_region", regions_);
      const auto product = table.Reference(row, "product", products_);
      const auto distance = table.NonNegative(row, "distance_km", "distance_km");
      std::optional<Index> carrier = -1;
      if (!table.Cell(row, "transport_product").empty())
        carrier = table.Reference(row, "transport_product", products_);
      const auto per_km =
          table.NonNegative(row, "transport_per_unit_km", "transport_per_unit_km", 0.0);
      const auto capacity = table.NonNegative(row, "capacity", "capacity", kUnbounded);
      std::optional<Index> builder = -1;
      if (!table.Cell(row, "capacity_product").empty())
        builder = table.Reference(row, "capacity_product", products_);
      const auto cost = table.NonNegative(row, "capacity_cost", "capacity_cost", 0.0);
      int lag = 1;
      bool lag_ok = true;
      if (const std::string_view text = table.Cell(row, "construction_lag"); !text.empty()) {
        const auto parsed =
            util::ParseInteger(text, table.path(), row.line, table.Column("construction_lag"),
                               diagnostics, "construction_lag");
        lag_ok = parsed.has_value();
        if (lag_ok && (*parsed < 1 || *parsed > model::kMaxHorizon)) {
          table.Error(row, "construction_lag",
                      "construction_lag " + std::to_string(*parsed) + " is out of range",
                      "a whole number of years from 1 to " + std::to_string(model::kMaxHorizon));
          lag_ok = false;
        } else if (lag_ok) {
          lag = static_cast<int>(*parsed);
        }
      }
      if (!id || !from || !to || !product || !distance || !carrier || !per_km || !capacity ||
          !builder || !cost || !lag_ok) {
        continue;
      }
      if (*from == *to) {
        table.Error(row, "to_region",
                    "transport link '" + *id + "' leads from region '" +
                        std::string(table.Cell(row, "from_region")) + "' to itself",
                    "two different regions");
        continue;
      }
      if (*carrier < 0 && *per_km > 0) {
        table.Error(row, "transport_product",
                    "transport link '" + *id + "' consumes transport_per_unit_km " +
                        std::string(table.Cell(row, "transport_per_unit_km")) +
                        " of no transport product",
                    "a transport product id (e.g. rail freight in tonne-km) or no "
                    "transport_per_unit_km");
        continue;
      }
      if (*carrier == *product && *per_km > 0) {
        table.Error(row, "transport_product",
                    "transport link '" + *id + "' moves its own transport product '" +
                        std::string(table.Cell(row, "product")) + "'",
                    "another product (a transport service cannot be shipped)");
        continue;
      }
      link.id = *id;
      link.from_region = *from;
      link.to_region = *to;
      link.product = *product;
      link.distance_km = *distance;
      link.transport_product = *carrier;
      link.transport_per_unit_km = *per_km;
      link.capacity = *capacity;
      link.capacity_product = *builder;
      link.capacity_cost = *cost;
      link.construction_lag = lag;
      if (!Define(table, row, "id", transport_links_, model_.transport_link_index, *id)) continue;
      model_.transport_links.push_back(std::move(link));
    }
    table.Finish({});
  }

  // ---- checks across tables ---------------------------------------------------------------------

  void CheckAcrossTables() {
    model::CheckTradeQuotas(model_, manifest_.tables["targets"].path,
                            manifest_.tables["world_prices"].path, trade_quotas_,
                            Usable(world_prices_state_) && Usable(targets_state_), diagnostics_);
    // With regions.csv every enterprise is in one of its regions.
    if (!model_.regions.empty() && regions_.state == TableState::kComplete &&
        enterprises_.state == TableState::kComplete) {
      for (std::size_t e = 0; e < model_.enterprises.size(); ++e) {
        const std::string& region = model_.enterprises[e].region;
        if (model_.region_index.count(region) != 0) continue;
        diagnostics_.Add(enterprises_.file, enterprises_.lines[e], 0,
                         region.empty() ? "enterprise '" + model_.enterprises[e].id +
                                              "' has no region in a model with regions"
                                        : "enterprise '" + model_.enterprises[e].id +
                                              "' is in unknown region '" + region + "'",
                         "a region id defined in " + regions_.file);
      }
    }
    // Derived objective coefficients (per technique) within the solvers' range.
    if (techniques_.lines.size() == model_.techniques.size()) {
      const TechniqueCosts costs = CostsOf(model_);
      for (std::size_t p = 0; p < model_.techniques.size(); ++p) {
        for (const auto& [cost, rule] : {std::pair{costs.resources[p], kResourceCostRule},
                                         std::pair{costs.priority[p], kPriorityCostRule}}) {
          if (cost <= kMaxModelMagnitude) continue;
          diagnostics_.Add(techniques_.file, techniques_.lines[p], 1,
                           "technique '" + model_.techniques[p].id + "' costs " + Shown(cost) +
                               " per unit of activity " + rule + ", beyond the solvers' range",
                           kCostExpected);
        }
      }
    }
    const std::string& outputs_file = manifest_.tables["technique_outputs"].path;
    const std::string& runs_file = manifest_.tables["enterprise_techniques"].path;
    if (techniques_.state == TableState::kComplete && outputs_state_ == TableState::kComplete) {
      for (std::size_t p = 0; p < model_.techniques.size(); ++p) {
        if (has_output_[p]) continue;
        diagnostics_.Add(
            techniques_.file, techniques_.lines[p], 1,
            "technique '" + model_.techniques[p].id + "' produces nothing",
            "at least one row for '" + model_.techniques[p].id + "' in " + outputs_file);
      }
    }
    if (enterprise_techniques_state_ == TableState::kComplete) {
      if (enterprises_.state == TableState::kComplete) {
        for (std::size_t e = 0; e < model_.enterprises.size(); ++e) {
          if (runs_something_[e]) continue;
          diagnostics_.Add(
              enterprises_.file, enterprises_.lines[e], 1,
              "enterprise '" + model_.enterprises[e].id + "' runs no technique",
              "at least one row for '" + model_.enterprises[e].id + "' in " + runs_file);
        }
      }
      if (techniques_.state == TableState::kComplete) {
        for (std::size_t p = 0; p < model_.techniques.size(); ++p) {
          if (is_run_[p]) continue;
          diagnostics_.Add(
              techniques_.file, techniques_.lines[p], 1,
              "technique '" + model_.techniques[p].id + "' is run by no enterprise",
              "at least one row for '" + model_.techniques[p].id + "' in " + runs_file);
        }
      }
    }
    if (resources_.state == TableState::kComplete && availability_state_ == TableState::kComplete &&
        manifest_.years_known) {
      const int horizon = model_.settings.horizon;
      const int declared = manifest_.declared_horizon;
      for (std::size_t r = 0; r < model_.resources.size(); ++r) {
        for (int t = 1; t <= horizon; ++t) {
          const std::size_t slot =
              r * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(t - 1);
          if (availability_seen_[slot]) continue;
          if (t > declared && t > 1) {
            // Beyond the declared horizon (override): the last year's availability carries forward.
            model_.resource_availability[slot] = model_.resource_availability[slot - 1];
            availability_seen_[slot] = true;
            continue;
          }
          const int year = model_.CalendarYear(t);
          diagnostics_.Add(resources_.file, resources_.lines[r], 1,
                           "resource '" + model_.resources[r].id + "' has no availability for " +
                               std::to_string(year) + " (plan year " + std::to_string(t) + ")",
                           "a row '" + model_.resources[r].id + "," + std::to_string(year) +
                               ",<quantity>' in " + manifest_.tables["resource_availability"].path);
        }
      }
    }
  }

  LoadOptions options_;
  Diagnostics diagnostics_;
  int threads_ = 1;
  Model model_;
  model::Manifest manifest_;

  IdTable products_, resources_, techniques_, enterprises_, regions_, transport_links_;
  TableState availability_state_ = TableState::kFailed;
  TableState outputs_state_ = TableState::kFailed;
  TableState enterprise_techniques_state_ = TableState::kFailed;
  TableState targets_state_ = TableState::kFailed, world_prices_state_ = TableState::kAbsent;
  std::vector<model::TradeQuotaRow> trade_quotas_;  // targets.csv rows of import/export quotas
  std::vector<bool> availability_seen_;
  std::vector<bool> has_output_;      // per technique: named in technique_outputs
  std::vector<bool> is_run_;          // per technique: named in enterprise_techniques
  std::vector<bool> runs_something_;  // per enterprise: named in enterprise_techniques
};

}  // namespace

Status CheckModelRange(const Model& model) {
  auto beyond = [](const std::string& table, const std::string& what, double value,
                   std::string expected = kRangeExpected) {
    return Status::InvalidInput(table, 0, 0,
                                what + " is " + Shown(value) + ", beyond the solvers' range",
                                std::move(expected));
  };
  auto too_large = [](double value) {
    return !(std::fabs(value) <= kMaxModelMagnitude);
  };  // NaN too
  auto year = [&](int t) { return std::to_string(model.CalendarYear(t)); };
  auto product = [&](Index i) {
    return "product '" + model.products[static_cast<std::size_t>(i)].id + "'";
  };
  auto technique = [&](Index p) {
    return "technique '" + model.techniques[static_cast<std::size_t>(p)].id + "'";
  };
  for (std::size_t t = 0; t < model.settings.year_weights.size(); ++t) {
    if (too_large(model.settings.year_weights[t])) {
      return beyond("model.toml", "objective.year_weights for " + year(static_cast<int>(t) + 1),
                    model.settings.year_weights[t]);
    }
  }
  for (const Product& p : model.products) {
    if (too_large(p.initial_stock))
      return beyond("products", "initial_stock of product '" + p.id + "'", p.initial_stock);
    if (too_large(p.priority_weight)) {
      return beyond("products", "priority_weight of product '" + p.id + "'", p.priority_weight);
    }
  }
  for (const Resource& r : model.resources) {
    if (too_large(r.weight))
      return beyond("resources", "weight of resource '" + r.id + "'", r.weight);
  }
  const int T = model.horizon();
  for (std::size_t r = 0; r < model.resources.size(); ++r) {
    for (int t = 1; t <= T; ++t) {
      const std::size_t slot = r * static_cast<std::size_t>(T) + static_cast<std::size_t>(t - 1);
      if (slot < model.resource_availability.size() &&
          too_large(model.resource_availability[slot])) {
        return beyond("resource_availability",
                      "availability of resource '" + model.resources[r].id + "' in " + year(t),
                      model.resource_availability[slot]);
      }
    }
  }
  auto triplets = [&](const std::vector<Coefficient>& table, const char* name,
                      bool resources) -> Status {
    for (const Coefficient& c : table) {
      if (!too_large(c.value)) continue;
      const std::string item =
          resources ? "resource '" + model.resources[static_cast<std::size_t>(c.item)].id + "'"
                    : product(c.item);
      return beyond(name, "coefficient of " + technique(c.technique) + " for " + item, c.value);
    }
    return Status::Ok();
  };
  if (Status s = triplets(model.inputs, "technique_inputs", false); !s.ok()) return s;
  if (Status s = triplets(model.outputs, "technique_outputs", false); !s.ok()) return s;
  if (Status s = triplets(model.resource_use, "technique_resources", true); !s.ok()) return s;
  for (const CapitalCoefficient& c : model.capital) {
    if (too_large(c.per_unit_activity)) {
      return beyond("technique_capital",
                    "coefficient of " + technique(c.technique) + " for " + product(c.product),
                    c.per_unit_activity);
    }
  }
  for (const EnterpriseTechnique& et : model.enterprise_techniques) {
    // The row's words are built only for a row that is reported (built for every row, with the
    // target sums' std::map below, they took about a third of the load from the binary cache).
    auto who = [&] {
      return technique(et.technique) + " at enterprise '" +
             model.enterprises[static_cast<std::size_t>(et.enterprise)].id + "'";
    };
    if (too_large(et.min_activity))
      return beyond("enterprise_techniques", "min_activity of " + who(), et.min_activity);
    if (et.max_activity != kUnbounded && too_large(et.max_activity)) {
      return beyond("enterprise_techniques", "max_activity of " + who(), et.max_activity,
                    std::string(kRangeExpected) + "; no value for no ceiling");
    }
  }
  for (const InitialStock& stock : model.initial_stocks) {
    if (too_large(stock.quantity)) {
      return beyond("initial_stocks",
                    "stock of " + product(stock.product) + " at enterprise '" +
                        model.enterprises[static_cast<std::size_t>(stock.enterprise)].id + "'",
                    stock.quantity);
    }
  }
  for (const ConstructionInProgress& cip : model.construction_in_progress) {
    if (too_large(cip.quantity)) {
      return beyond("construction_in_progress",
                    "construction of " + product(cip.product) + " at enterprise '" +
                        model.enterprises[static_cast<std::size_t>(cip.enterprise)].id + "'",
                    cip.quantity);
    }
  }
  // Σ |target| over all rows bounds every (product, year)'s sum of targets: when it lies well
  // within the range (a margin of 1e-6 relative for the rounding of the two sums' different
  // orders), no sum per product and year can be beyond it, and the sums need not be formed.
  double all_targets = 0;
  for (const FinalDemand& fd : model.final_demand) {
    auto what = [&] {  // built only for a row that is reported
      return product(fd.product) + " in " + year(fd.year) + " for category '" +
             model.final_demand_categories[static_cast<std::size_t>(fd.category)] + "'";
    };
    if (too_large(fd.floor)) return beyond("final_demand", "floor of " + what(), fd.floor);
    if (too_large(fd.target)) return beyond("final_demand", "target of " + what(), fd.target);
    all_targets += std::fabs(fd.target);
  }
  std::map<std::pair<Index, int>, double> target_mix;
  if (!(all_targets <= kMaxModelMagnitude * (1 - 1e-6))) {
    for (const FinalDemand& fd : model.final_demand) target_mix[{fd.product, fd.year}] += fd.target;
  }
  for (const auto& [key, mix] : target_mix) {
    if (too_large(mix)) {
      return beyond("final_demand",
                    "the sum of the targets of " + product(key.first) + " in " + year(key.second) +
                        " over all categories",
                    mix, "a total of at most 1e20 per product and year (the plan-ray target mix)");
    }
  }
  for (const Quota& quota : model.quotas) {
    if (too_large(quota.quantity))
      return beyond("targets", "quantity of quota '" + quota.id + "'", quota.quantity);
  }
  for (const Actual& actual : model.actuals) {
    if (too_large(actual.quantity)) {
      return beyond("actuals",
                    "quantity of " + product(actual.product) + " at enterprise '" +
                        model.enterprises[static_cast<std::size_t>(actual.enterprise)].id +
                        "' in " + year(actual.year),
                    actual.quantity);
    }
  }
  // Outlay profiles (the loader's rules, for a model built in code): each row names one enterprise
  // or a known kind, its offset lies within the lag of every enterprise it covers, its share in
  // [0, 1], and each profile sums to 1.
  std::map<std::string, double> profile_sums;
  for (const OutlayShare& row : model.outlay_shares) {
    const bool by_enterprise = row.enterprise >= 0;
    if (by_enterprise == !row.enterprise_kind.empty() ||
        (by_enterprise && static_cast<std::size_t>(row.enterprise) >= model.enterprises.size())) {
      return Status::InvalidInput("outlay_profiles", 0, 0,
                                  "an outlay share names neither one enterprise nor one kind",
                                  "an enterprise or an enterprise kind, not both");
    }
    const std::string what =
        by_enterprise
            ? "enterprise '" + model.enterprises[static_cast<std::size_t>(row.enterprise)].id + "'"
            : "enterprise kind '" + row.enterprise_kind + "'";
    bool kind_known = by_enterprise;
    for (int k = 0; k <= static_cast<int>(EnterpriseKind::kOther); ++k) {
      kind_known = kind_known || row.enterprise_kind == ToString(static_cast<EnterpriseKind>(k));
    }
    if (!kind_known) {
      return Status::InvalidInput("outlay_profiles", 0, 0, "unknown " + what,
                                  "a kind of enterprises.csv");
    }
    if (!(row.share >= 0.0 && row.share <= 1.0)) {
      return Status::InvalidInput("outlay_profiles", 0, 0,
                                  "an outlay share of " + what + " is " + Shown(row.share),
                                  "a fraction from 0 to 1");
    }
    for (std::size_t e = 0; e < model.enterprises.size(); ++e) {
      const Enterprise& covered = model.enterprises[e];
      const bool covers = by_enterprise ? row.enterprise == static_cast<Index>(e)
                                        : row.enterprise_kind == ToString(covered.kind);
      if (covers && (row.year_offset < 0 || row.year_offset >= covered.construction_lag)) {
        return Status::InvalidInput("outlay_profiles", 0, 0,
                                    "year_offset " + std::to_string(row.year_offset) + " of " +
                                        what + " is outside the construction lag " +
                                        std::to_string(covered.construction_lag) +
                                        " of enterprise '" + covered.id + "'",
                                    "0 to the construction lag − 1");
      }
    }
    profile_sums[what] += row.share;
  }
  for (const auto& [what, sum] : profile_sums) {
    if (std::fabs(sum - 1.0) > kOutlayShareSumTolerance) {
      return Status::InvalidInput("outlay_profiles", 0, 0,
                                  "the outlay shares of " + what + " sum to " + Shown(sum),
                                  "shares that sum to 1");
    }
  }
  const TechniqueCosts costs = CostsOf(model);
  for (std::size_t p = 0; p < model.techniques.size(); ++p) {
    if (too_large(costs.resources[p])) {
      return beyond("technique_resources",
                    "the cost of " + technique(static_cast<Index>(p)) + " " + kResourceCostRule,
                    costs.resources[p], kCostExpected);
    }
    if (too_large(costs.priority[p])) {
      return beyond("technique_outputs",
                    "the cost of " + technique(static_cast<Index>(p)) + " " + kPriorityCostRule,
                    costs.priority[p], kCostExpected);
    }
  }
  return Status::Ok();
}

bool LoadOptions::IsValid(std::string* error) const {
  if (max_diagnostics < 1) {
    if (error) *error = "max_diagnostics is 0; it must be ≥ 1";
    return false;
  }
  if (max_file_bytes < 1) {
    if (error) *error = "max_file_bytes is 0; it must be ≥ 1";
    return false;
  }
  // (Too long an override is told against model.toml, where the horizon is: Loader.)
  if (horizon_override < 0) {
    if (error) {
      *error = "horizon_override is " + std::to_string(horizon_override) +
               "; it must be ≥ 0 (0: as model.toml says)";
    }
    return false;
  }
  if (std::string rule; csv && !csv->IsValid(&rule)) {
    if (error) *error = "csv." + rule;
    return false;
  }
  return true;
}

namespace {

// The note on years added by horizon_override (the same whether the model came from its tables or
// the cache, which stores the carried values but not the note).
void NoteHorizonOverride(const std::string& folder, const LoadOptions& options,
                         const Model& model) {
  if (options.notes == nullptr || options.horizon_override <= 0) return;
  model::Manifest manifest;
  Diagnostics ignored;
  LoadOptions plain = options;
  plain.horizon_override = 0;
  if (!model::ReadManifest(folder, plain, manifest, ignored)) return;
  const int declared = manifest.declared_horizon;
  if (declared < 1 || options.horizon_override <= declared) return;
  const int first = model.CalendarYear(declared + 1),
            last = model.CalendarYear(options.horizon_override);
  options.notes->push_back(
      (first == last ? "plan year " + std::to_string(first)
                     : "plan years " + std::to_string(first) + "–" + std::to_string(last)) +
      " lie beyond model.toml's horizon (" + std::to_string(model.CalendarYear(declared)) +
      "): where the tables name no resource availability or final demand for them, they repeat " +
      std::to_string(model.CalendarYear(declared)) +
      "'s (availability, final-demand floors and target mix)");
}

}  // namespace

Result<Model> LoadModel(const std::string& folder, const LoadOptions& options) {
  if (Status invalid = ValidateOptions(options, "LoadOptions"); !invalid.ok()) return invalid;
  // A dialect given by the caller is not part of the cache's key (model.toml's [csv] is): read the
  // tables.
  if (options.cache != ModelCacheMode::kOff && !options.csv) {
    Result<Model> loaded = model::LoadModelThroughCache(folder, options);
    // A cache written before the range checks existed may hold a model the tables no longer pass:
    // read the tables then, so the problem is reported where it is (file:line:column).
    if (loaded.ok() && !CheckModelRange(loaded.value()).ok()) {
      LoadOptions from_tables = options;
      from_tables.cache = ModelCacheMode::kOff;
      return model::LoadModelFromTables(folder, from_tables);
    }
    if (loaded.ok()) NoteHorizonOverride(folder, options, loaded.value());
    return loaded;
  }
  Result<Model> loaded = model::LoadModelFromTables(folder, options);
  if (loaded.ok()) NoteHorizonOverride(folder, options, loaded.value());
  return loaded;
}

namespace model {

Result<Model> LoadModelFromTables(const std::string& folder, const LoadOptions& options) {
  try {
    const int threads = std::max(1, omp_get_max_threads());
    if (threads > 1) {
      Loader parallel(folder, options, threads);
      if (std::optional<Result<Model>> loaded = parallel.Run()) return std::move(*loaded);
    }
    Loader sequential(folder, options, 1);
    return std::move(*sequential.Run());
  } catch (const std::bad_alloc&) {
    return Status::Internal("out of memory while loading the model in " + folder);
  } catch (const std::exception& error) {
    return Status::Internal(std::string("internal error while loading the model: ") + error.what());
  }
}

}  // namespace model

}  // namespace gosplan
