// Internal: how the IO path opens its CSV files — the table, and the files that come with it (final
// demand, satellites, regions, concordances): all with the table options' size limit and dialect.
#pragma once

#include <string>

#include "gosplan/io_table.h"
#include "util/csv.h"

namespace gosplan {

inline Result<util::CsvFile> OpenIoCsv(const std::string& path, const IoTableOptions& options) {
  util::CsvOptions csv_options;
  csv_options.max_file_bytes = options.max_file_bytes;
  csv_options.dialect = options.csv;
  return util::CsvFile::Open(path, csv_options);
}

// A companion file of two named columns (sector,value; label,region; label,group): opened, and the
// positions of both columns, or kInvalidInput naming each missing one.
struct TwoColumnCsv {
  util::CsvFile csv;
  int first = -1;
  int second = -1;
};
inline Result<TwoColumnCsv> OpenTwoColumnCsv(const std::string& path, const IoTableOptions& options,
                                             const char* first, const char* second) {
  auto opened = OpenIoCsv(path, options);
  if (!opened.ok()) return opened.status();
  Diagnostics diagnostics(options.max_diagnostics);
  const int first_column = opened.value().Require(first, diagnostics);
  const int second_column = opened.value().Require(second, diagnostics);
  if (!diagnostics.empty()) return Status::InvalidInput(std::move(diagnostics));
  return TwoColumnCsv{std::move(opened.value()), first_column, second_column};
}

}  // namespace gosplan
