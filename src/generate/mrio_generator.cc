// Dense multi-regional IO tables with satellites, for benchmarks (see WriteMrioTable in
// gosplan/generate.h).
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "generate/buffered_file.h"
#include "generate/random.h"
#include "gosplan/generate.h"

namespace gosplan {
namespace {

using generate::BufferedFile;
using generate::Random;

// The value as printed with 6 significant digits, and the text appended to `out` after a comma.
double Printed(double value, std::string& out) {
  char text[32];
  const auto end = fmt::format_to_n(text, sizeof(text) - 1, "{:.6g}", value).out;
  *end = '\0';
  out += ',';
  out.append(text, end);
  return std::strtod(text, nullptr);
}

}  // namespace

bool MrioGenerateOptions::IsValid(std::string* error) const {
  auto fail = [&](std::string what) {
    if (error) *error = std::move(what);
    return false;
  };
  if (regions < 1) return fail(fmt::format("regions is {}; it must be ≥ 1", regions));
  if (sectors < 1) return fail(fmt::format("sectors is {}; it must be ≥ 1", sectors));
  if (stressors < 0) return fail(fmt::format("stressors is {}; it must be ≥ 0", stressors));
  if (regions * sectors > 100000)
    return fail(
        fmt::format("regions × sectors is {}; at most 100000 (a dense table)", regions * sectors));
  if (!(domestic_share >= 0.0 && domestic_share <= 1.0))
    return fail(fmt::format("domestic_share is {}; it must be in [0, 1]", domestic_share));
  return true;
}

Status WriteMrioTable(const MrioGenerateOptions& options, const std::string& folder) {
  if (Status invalid = ValidateOptions(options, "MrioGenerateOptions"); !invalid.ok())
    return invalid;
  std::error_code ignored;
  std::filesystem::create_directories(folder, ignored);
  if (!std::filesystem::is_directory(folder, ignored))
    return Status::InvalidInput(folder, 0, 0, "cannot create the folder", "a writable folder");
  const std::string base = folder + "/";
  const Index regions = options.regions, sectors = options.sectors, n = regions * sectors;
  const Index categories = 2 * regions;
  Random random(options.seed);
  std::vector<double> target(static_cast<std::size_t>(n)), share(static_cast<std::size_t>(n));
  for (Index j = 0; j < n; ++j) {
    target[static_cast<std::size_t>(j)] = random.Uniform(1000.0, 2000.0);
    share[static_cast<std::size_t>(j)] = random.Uniform(0.2, 0.6);
  }
  auto region_of = [&](Index j) { return j / sectors; };
  std::vector<std::string> labels;
  for (Index r = 0; r < regions; ++r) {
    for (Index s = 0; s < sectors; ++s) labels.push_back(fmt::format("r{}/s{}", r + 1, s + 1));
  }
  BufferedFile table;
  if (Status s = table.Open(base + "table.csv"); !s.ok()) return s;
  std::string& out = table.buffer();
  out += "sector";
  for (const std::string& label : labels) out += "," + label;
  for (Index r = 0; r < regions; ++r) out += fmt::format(",r{0}/households,r{0}/investment", r + 1);
  out += ",total_output\n";
  std::vector<double> output(static_cast<std::size_t>(n)), column_sum(static_cast<std::size_t>(n));
  std::vector<double> weight(static_cast<std::size_t>(std::max(n, categories)));
  const double d = options.domestic_share;
  // Weight of a purchase by region `buyer` from a seller in `seller`: d at home, the rest spread.
  auto regional = [&](Index seller, Index buyer) {
    if (regions == 1) return 1.0;
    return seller == buyer ? d : (1.0 - d) / static_cast<double>(regions - 1);
  };
  for (Index i = 0; i < n; ++i) {
    const double x = target[static_cast<std::size_t>(i)];
    const double u = share[static_cast<std::size_t>(i)];
    out += labels[static_cast<std::size_t>(i)];
    double total = 0.0;
    double sum = 0.0;
    for (Index j = 0; j < n; ++j) {
      weight[static_cast<std::size_t>(j)] =
          random.Uniform(0.5, 1.5) * regional(region_of(i), region_of(j)) / sectors;
      sum += weight[static_cast<std::size_t>(j)];
    }
    for (Index j = 0; j < n; ++j) {
      const double z = Printed(u * x * weight[static_cast<std::size_t>(j)] / sum, out);
      total += z;
      column_sum[static_cast<std::size_t>(j)] += z;
    }
    sum = 0.0;
    for (Index c = 0; c < categories; ++c) {
      weight[static_cast<std::size_t>(c)] =
          random.Uniform(0.5, 1.5) * regional(region_of(i), c / 2);
      sum += weight[static_cast<std::size_t>(c)];
    }
    for (Index c = 0; c < categories; ++c)
      total += Printed((1.0 - u) * x * weight[static_cast<std::size_t>(c)] / sum, out);
    output[static_cast<std::size_t>(i)] = total;
    out += fmt::format(",{}\n", total);
    table.MaybeFlush();
  }
  out += "value_added";
  for (Index j = 0; j < n; ++j)
    Printed(output[static_cast<std::size_t>(j)] - column_sum[static_cast<std::size_t>(j)], out);
  out += std::string(static_cast<std::size_t>(categories + 1), ',') + "\nemployment";
  for (Index j = 0; j < n; ++j)
    Printed(output[static_cast<std::size_t>(j)] * random.Uniform(0.005, 0.02), out);
  out += std::string(static_cast<std::size_t>(categories + 1), ',') + "\n";
  if (Status s = table.Close(); !s.ok()) return s;

  BufferedFile satellite, final_users;
  if (Status s = satellite.Open(base + "satellite.csv"); !s.ok()) return s;
  if (Status s = final_users.Open(base + "satellite_final_demand.csv"); !s.ok()) return s;
  std::string& f = satellite.buffer();
  std::string& fy = final_users.buffer();
  f += "stressor";
  for (const std::string& label : labels) f += "," + label;
  f += "\n";
  fy += "stressor";
  for (Index r = 0; r < regions; ++r) fy += fmt::format(",r{}/households", r + 1);
  fy += "\n";
  for (Index k = 0; k < options.stressors; ++k) {
    const double scale = std::pow(10.0, random.Uniform(-3.0, 1.0));
    f += fmt::format("stressor{}", k + 1);
    for (Index j = 0; j < n; ++j)
      Printed(output[static_cast<std::size_t>(j)] * scale * random.Uniform(), f);
    f += "\n";
    satellite.MaybeFlush();
    if (k % 10 == 0) {
      fy += fmt::format("stressor{}", k + 1);
      for (Index r = 0; r < regions; ++r) Printed(scale * random.Uniform(0.0, 50000.0), fy);
      fy += "\n";
    }
  }
  if (Status s = satellite.Close(); !s.ok()) return s;
  return final_users.Close();
}

}  // namespace gosplan
