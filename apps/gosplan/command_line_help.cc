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
  std::fprintf(stderr, "gosplan: unknown command '%s'%s%s (expected one of: %s)\n", typed.c_str(),
               where.c_str(), nearest.empty() ? "" : (" — did you mean '" + nearest + "'?").c_str(),
               Joined(known).c_str());
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

namespace {

// Text for roff: backslashes and a leading '.' or '\'' would be read as requests.
std::string Roff(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  std::string escaped;
  std::size_t start = 0;
  while (start <= out.size()) {
    const std::size_t end = std::min(out.find('\n', start), out.size());
    std::string line = out.substr(start, end - start);
    if (!line.empty() && (line[0] == '.' || line[0] == '\'')) line = "\\&" + line;
    escaped += line + (end < out.size() ? "\n" : "");
    start = end + 1;
  }
  return escaped;
}

void ManCommand(const CLI::App& command, const std::string& path, std::string& out) {
  if (!path.empty()) {
    out += ".SS \"" + Roff(path) + "\"\n" + Roff(command.get_description()) + "\n";
  }
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_lnames().empty() && option->get_snames().empty() && !option->get_positional())
      continue;
    std::string name =
        option->get_positional() ? option->get_name() : option->get_name(false, true);
    if (option->get_type_size() != 0 && !option->get_positional())
      name += " " + option->get_type_name();
    out += ".TP\n\\fB" + Roff(name) + "\\fR\n" + Roff(option->get_description());
    const std::string fallback = option->get_default_str();
    if (!fallback.empty() && option->get_type_size() != 0)
      out += " (default: " + Roff(fallback) + ")";
    out += "\n";
  }
  for (const CLI::App* sub : command.get_subcommands({})) {
    ManCommand(*sub, path.empty() ? "gosplan " + sub->get_name() : path + " " + sub->get_name(),
               out);
  }
}

void CompletionCases(const CLI::App& command, const std::string& path, std::string& out) {
  std::string commands, flags;
  for (const CLI::App* sub : command.get_subcommands({})) commands += sub->get_name() + " ";
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) flags += "--" + name + " ";
  }
  out += "    \"" + path + "\") commands=\"" + commands + "\" flags=\"" + flags + "\" ;;\n";
  for (const CLI::App* sub : command.get_subcommands({})) {
    CompletionCases(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
  }
}

}  // namespace

std::string ManPage(const CLI::App& app) {
  std::string out =
      ".TH GOSPLAN 1 \"\" \"gosplan\" \"User Commands\"\n"
      ".SH NAME\ngosplan \\- feasible, optimal, explainable multi\\-year economic plans\n"
      ".SH SYNOPSIS\n\\fBgosplan\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n"
      ".SH DESCRIPTION\n" +
      Roff(app.get_description()) +
      "\n.PP\nEvery command reads its input, prints results on stdout and progress on stderr, and "
      "exits 0 "
      "(success), 1 (internal failure), 2 (bad input or flags; nothing written), 3 (no plan: "
      "infeasible "
      "or unbounded), 4 (check: quotas unreachable), 5 (solver limit) or 6 (verify: plan fails).\n"
      ".SH COMMANDS\n";
  ManCommand(app, "", out);
  out +=
      ".SH SEE ALSO\nThe documentation in the source tree's docs/ folder (docs/model-format.md, "
      "docs/json.md).\n";
  return out;
}

std::string BashCompletion(const CLI::App& app) {
  std::string out =
      "# bash completion for gosplan (generated by `gosplan help --bash-completion`)\n"
      "_gosplan() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" commands=\"\" flags=\"\" candidate w\n"
      "  for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
      "    [[ $w == -* ]] && continue\n"
      "    candidate=\"${path:+$path }$w\"\n"
      "    case \"$candidate\" in\n";
  std::string paths;
  std::vector<std::pair<const CLI::App*, std::string>> stack = {{&app, ""}};
  while (!stack.empty()) {
    auto [command, path] = stack.back();
    stack.pop_back();
    if (!path.empty()) paths += (paths.empty() ? "" : "|") + ("\"" + path + "\"");
    for (const CLI::App* sub : command->get_subcommands({})) {
      stack.push_back({sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()});
    }
  }
  out += "      " + paths +
         ") path=\"$candidate\" ;;\n"
         "    esac\n"
         "  done\n"
         "  case \"$path\" in\n";
  CompletionCases(app, "", out);
  out +=
      "  esac\n"
      "  if [[ $cur == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n"
      "  elif [[ -n $commands ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}\n"
      "complete -o filenames -F _gosplan gosplan\n";
  return out;
}

std::string HelpHint(CLI::App& app, const std::vector<std::string>& arguments) {
  CLI::App* command = &app;
  std::string path = "gosplan help";
  for (const std::string& word : arguments) {
    if (word.empty() || word[0] == '-') break;
    CLI::App* sub = FindSubcommand(*command, word);
    if (sub == nullptr) break;
    command = sub;
    path += " " + word;
  }
  return "what `" + path + "` lists";
}

std::optional<int> AnswerHelpOrMisspelling(CLI::App& app,
                                           const std::vector<std::string>& arguments) {
  if (arguments.empty() || (arguments.size() == 1 && arguments[0] == "help")) {
    std::fputs(app.help().c_str(), stdout);
    return kSuccess;
  }
  if (arguments.size() == 2 && arguments[0] == "help" && arguments[1] == "--man") {
    std::fputs(ManPage(app).c_str(), stdout);
    return kSuccess;
  }
  if (arguments.size() == 2 && arguments[0] == "help" && arguments[1] == "--bash-completion") {
    std::fputs(BashCompletion(app).c_str(), stdout);
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

  // Walk down the commands named by the leading words; then every --flag must be one of the
  // command's.
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
    std::fprintf(stderr, "gosplan: unknown option '%s' for '%s'%s (expected one of: %s)\n",
                 flag.c_str(), CommandPath(path).c_str(),
                 nearest.empty() ? "" : (" — did you mean '" + nearest + "'?").c_str(),
                 Joined(flags).c_str());
    return kBadInput;
  }
  return std::nullopt;
}

}  // namespace gosplan::cli
