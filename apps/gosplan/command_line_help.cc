#include "command_line_help.h"

#include <algorithm>
#include <cstdio>

namespace gosplan::cli {
namespace {

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

CLI::App* FindSubcommand(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// "gosplan model check" for a command reached through its parents.
std::string CommandPath(const std::vector<std::string>& path) {
  std::string text = "gosplan";
  for (const std::string& name : path) text += " " + name;
  return text;
}

int UnknownCommand(const std::string& typed, const std::vector<std::string>& path,
                   const std::vector<std::string>& known) {
  const std::string nearest = NearestName(typed, known);
  const std::string where = path.empty() ? "" : " of '" + CommandPath(path) + "'";
  std::fprintf(stderr, "gosplan: unknown command '%s'%s%s (expected one of: %s)\n", typed.c_str(), where.c_str(),
               nearest.empty() ? "" : (" — did you mean '" + nearest + "'?").c_str(), Joined(known).c_str());
  return kBadInput;
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = EditDistance(typed, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<int> AnswerHelpOrMisspelling(CLI::App& app, const std::vector<std::string>& arguments) {
  if (arguments.empty() || (arguments.size() == 1 && arguments[0] == "help")) {
    std::fputs(app.help().c_str(), stdout);
    return kSuccess;
  }
  if (arguments[0] == "help") {
    CLI::App* command = &app;
    std::vector<std::string> path;
    for (std::size_t k = 1; k < arguments.size(); ++k) {
      CLI::App* sub = FindSubcommand(*command, arguments[k]);
      if (sub == nullptr) return UnknownCommand(arguments[k], path, SubcommandNames(*command));
      command = sub;
      path.push_back(arguments[k]);
    }
    std::fputs(command->help().c_str(), stdout);
    return kSuccess;
  }

  // Walk down the commands named by the leading words; then every --flag must be one of the command's.
  CLI::App* command = &app;
  std::vector<std::string> path;
  std::size_t k = 0;
  for (; k < arguments.size(); ++k) {
    const std::string& word = arguments[k];
    if (word.empty() || word[0] == '-') break;
    const std::vector<std::string> known = SubcommandNames(*command);
    if (known.empty()) break;  // a leaf command: the rest are its arguments
    CLI::App* sub = FindSubcommand(*command, word);
    if (sub == nullptr) return UnknownCommand(word, path, known);
    command = sub;
    path.push_back(word);
  }
  if (command == &app) return std::nullopt;  // `gosplan --version`, `gosplan --help`: CLI11's

  std::vector<std::string> flags;
  for (const CLI::Option* option : command->get_options()) {
    for (const std::string& name : option->get_lnames()) flags.push_back("--" + name);
  }
  for (; k < arguments.size(); ++k) {
    const std::string& word = arguments[k];
    if (word == "--") break;  // everything after is positional
    if (word.size() < 3 || word.compare(0, 2, "--") != 0) continue;
    const std::string flag = word.substr(0, word.find('='));
    if (std::find(flags.begin(), flags.end(), flag) != flags.end()) continue;
    const std::string nearest = NearestName(flag, flags);
    std::fprintf(stderr, "gosplan: unknown option '%s' for '%s'%s (expected one of: %s)\n", flag.c_str(),
                 CommandPath(path).c_str(), nearest.empty() ? "" : (" — did you mean '" + nearest + "'?").c_str(),
                 Joined(flags).c_str());
    return kBadInput;
  }
  return std::nullopt;
}

}  // namespace gosplan::cli
