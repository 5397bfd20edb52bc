// `gosplan io --supply S.csv --use U.csv --construct MODEL [--write-table T.csv]`: see
// cmd_io_supply_use.h and docs/io.md ("Symmetric tables from supply and use tables").
#include "cmd_io_supply_use.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "cli_output.h"
#include "util/json.h"

namespace gosplan::cli {

SupplyOrientation ParseOrientation(const std::string& text) {
  if (text == "products-by-industries") return SupplyOrientation::kProductsByIndustries;
  if (text == "industries-by-products") return SupplyOrientation::kIndustriesByProducts;
  return SupplyOrientation::kAuto;
}

void AddSupplyUseFlags(CLI::App* io, SupplyUseFlags& flags) {
  io->add_option("--supply", flags.supply,
                 "supply table CSV (products x industries, or BEA's make table industries x "
                 "products); with --use and --construct instead of TABLE");
  io->add_option("--use", flags.use,
                 "use table CSV (products x industries, then totals and final demand; primary "
                 "rows below)");
  io->add_option("--construct", flags.construct,
                 "symmetric table from --supply/--use: industry-technology, product-technology, "
                 "by-product-technology (product x product) or fixed-product-sales (industry x "
                 "industry)")
      ->check(CLI::IsMember({"industry-technology", "product-technology", "by-product-technology",
                             "fixed-product-sales"}));
  // --write-table is registered once, with the extensions (cmd_io_footprints.cc); RunIo hands it
  // to flags.write_table when --supply/--use are given.
  io->add_option("--negatives", flags.negatives,
                 "with --construct: negative flows (product and by-product technology): error, "
                 "keep (report the\nconstruction only, no analysis) or redistribute")
      ->check(CLI::IsMember({"keep", "error", "redistribute"}))
      ->capture_default_str();
  io->add_option("--supply-orientation", flags.orientation,
                 "auto (by the labels), products-by-industries or industries-by-products")
      ->check(CLI::IsMember({"auto", "products-by-industries", "industries-by-products"}))
      ->capture_default_str();
  io->add_option("--skip-rows", flags.skip_rows,
                 "with --supply/--use: row labels to drop (totals not recognised by name)")
      ->delimiter(';');
  io->add_option("--skip-columns", flags.skip_columns, "with --supply/--use: column labels to drop")
      ->delimiter(';');
}

Result<IoTable> BuildSupplyUseTable(const SupplyUseFlags& flags, const std::string& table,
                                    const std::optional<CsvDialect>& dialect, bool quiet,
                                    SupplyUseRun& run) {
  const std::string usage = "--supply S.csv --use U.csv --construct MODEL (and no TABLE)";
  auto invalid = [&](const std::string& message) {
    return Status::InvalidInput("gosplan io", 0, 0, message, usage);
  };
  if (!table.empty()) return invalid("TABLE and --supply/--use both given");
  if (flags.supply.empty() || flags.use.empty() || flags.construct.empty())
    return invalid("--supply, --use and --construct go together");
  SupplyUseOptions options;
  options.skip_rows = flags.skip_rows;
  options.skip_columns = flags.skip_columns;
  options.orientation = ParseOrientation(flags.orientation);
  options.csv = dialect.value_or(CsvDialect{});
  auto loaded = LoadSupplyUse(flags.supply, flags.use, options);
  if (!loaded.ok()) return loaded.status();
  run.tables = std::move(loaded.value());
  SymmetricOptions symmetric;
  ParseSymmetricModel(flags.construct, &symmetric.model);  // checked by CLI11
  ParseNegativeFlows(flags.negatives, &symmetric.negatives);
  auto built = BuildSymmetricTable(run.tables, symmetric);
  if (!built.ok()) return built.status();
  run.table = std::move(built.value());
  const std::string source = flags.supply + " + " + flags.use;
  if (!flags.write_table.empty()) {
    auto text = IoTableCsv(run.table, source);
    if (!text.ok()) return text.status();
    // Written whole to a temporary file, then renamed: never half a table.
    const std::string temporary = flags.write_table + ".partial";
    {
      std::ofstream out(temporary, std::ios::binary);
      out << text.value();
      if (!out.good()) {
        return Status::InvalidInput(flags.write_table, 0, 0, "cannot write the table",
                                    "a writable path");
      }
    }
    std::error_code error;
    std::filesystem::rename(temporary, flags.write_table, error);
    if (error) {
      std::filesystem::remove(temporary, error);
      return Status::InvalidInput(flags.write_table, 0, 0, "cannot write the table",
                                  "a writable path");
    }
    Progress(quiet, "symmetric table written to " + flags.write_table);
  }
  if (run.table.negatives.count > 0 && symmetric.negatives == NegativeFlows::kKeep) {
    Progress(quiet,
             fmt::format("{} negative flows kept: the Leontief analysis needs coefficients >= 0 "
                         "and is not run (--negatives redistribute runs it)",
                         run.table.negatives.count));
    run.skip_analysis = true;
  }
  return ToIoTable(run.table, source);
}

namespace {

util::Json ConstructJson(const SupplyUseRun& run) {
  util::Json construct = util::Json::object();
  const SymmetricTable& t = run.table;
  construct["model"] = ToString(t.model);
  construct["supply"] = run.tables.supply_source;
  construct["use"] = run.tables.use_source;
  construct["supply_orientation"] =
      run.tables.supply_was_make ? "industries_by_products" : "products_by_industries";
  construct["products"] = run.tables.product_count();
  construct["industries"] = run.tables.industry_count();
  construct["sectors"] = static_cast<Index>(t.sectors.size());
  util::Json negatives = util::Json::object();
  negatives["count"] = t.negatives.count;
  negatives["largest"] = t.negatives.largest;
  negatives["row"] = t.negatives.count > 0 ? util::Json(t.negatives.row) : util::Json(nullptr);
  negatives["column"] =
      t.negatives.count > 0 ? util::Json(t.negatives.column) : util::Json(nullptr);
  negatives["total"] = t.negatives.total;
  construct["negatives"] = negatives;
  construct["balance"] = {{"rows", t.row_balance_error}, {"columns", t.column_balance_error}};
  const Eigen::VectorXd residual = run.tables.ValuationResidual();
  construct["valuation_residual"] = residual.size() > 0 ? residual.sum() : 0.0;
  construct["suppressed_cells"] = run.tables.suppressed_cells;
  construct["totals_checked"] = run.tables.totals_checked;
  std::vector<std::string> notes = run.tables.notes;
  notes.insert(notes.end(), t.notes.begin(), t.notes.end());
  construct["notes"] = notes;
  return construct;
}

}  // namespace

std::string ConstructOnly(const std::string& format, const SupplyUseRun& run) {
  if (format == "json") {
    util::Json document = util::JsonDocument("gosplan.construct/1");
    document["construct"] = ConstructJson(run);
    return util::JsonText(document);
  }
  if (format == "csv") {
    return SymmetricTableCsv(run.table);
  }
  return WithConstruct("", format, run);
}

std::string WithConstruct(const std::string& output, const std::string& format,
                          const SupplyUseRun& run) {
  const SymmetricTable& t = run.table;
  if (format == "json") {
    util::Json document = util::Json::parse(output);
    document["construct"] = ConstructJson(run);
    return util::JsonText(document);
  }
  std::vector<std::string> notes = run.tables.notes;
  notes.insert(notes.end(), t.notes.begin(), t.notes.end());
  if (format == "csv") {
    for (const std::string& note : notes) std::fprintf(stderr, "gosplan: note: %s\n", note.c_str());
    return output;
  }
  std::string text = fmt::format(
      "construct: {} model from {} ({} products x {} industries{}) -> {} sectors\n",
      ToString(t.model), run.tables.supply_source + " + " + run.tables.use_source,
      run.tables.product_count(), run.tables.industry_count(),
      run.tables.supply_was_make ? ", supply read as a make table" : "", t.sectors.size());
  text += fmt::format("balance: rows {:.3g}, columns {:.3g} (largest gap / largest output)\n",
                      t.row_balance_error, t.column_balance_error);
  text += fmt::format("negative flows: {}", t.negatives.count);
  if (t.negatives.count > 0) {
    text += fmt::format(" (largest {:.6g} from '{}' to '{}')", t.negatives.largest, t.negatives.row,
                        t.negatives.column);
  }
  text += "\n";
  for (const std::string& note : notes) text += "note: " + note + "\n";
  return text + "\n" + output;
}

}  // namespace gosplan::cli
