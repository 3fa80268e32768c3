#include "util/secret.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace cachectl {

bool
looks_like_secret(std::string_view value)
{
  static const RE2 known(
      R"((AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_(live|test)_[A-Za-z0-9]{16,}|(?i:bearer)\s+\S{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----.*)");
  if (RE2::FullMatch(value, known)) {
    return true;
  }
  if (value.size() < 32 || value.size() > 512) {
    return false;
  }
  bool lower = false;
  bool upper = false;
  bool digit = false;
  for (char c : value) {
    if (c >= 'a' && c <= 'z') {
      lower = true;
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '_' && c != '-' && c != '+' && c != '/' && c != '=' && c != '.') {
      return false; // URLs, paths and sentences contain other characters
    }
  }
  return digit && lower && upper; // hex ids (one case) are not flagged
}

bool
is_secret_key_name(std::string_view name)
{
  static const RE2 secretish(
      R"((?i)(.*[_-])?(token|secret|password|passwd|pass|api[_-]?key|access[_-]?key|private[_-]?key|auth|credentials?)([_-].*)?)");
  return name != "token_env" && RE2::FullMatch(name, secretish);
}

std::string
mask_secrets(std::string_view line)
{
  static const RE2 credential(R"((?i)bearer\s+\S{8,}|basic\s+\S{8,}|://[^/@\s:]+:[^/@\s]+@)");
  std::string out(line);
  // The key of the line (before `=`), when it is a plain `key = value` line.
  const std::size_t equals = line.find('=');
  std::string_view key =
      equals == std::string_view::npos ? std::string_view() : line.substr(0, equals);
  while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) {
    key.remove_prefix(1);
  }
  while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) {
    key.remove_suffix(1);
  }
  const bool secret_key = !key.empty() && is_secret_key_name(key);
  std::size_t i = 0;
  while (i < line.size()) {
    const char quote = line[i];
    if (quote != '"' && quote != '\'') {
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < line.size() && line[end] != quote) {
      end += quote == '"' && line[end] == '\\' ? std::size_t{2} : std::size_t{1};
    }
    end = std::min(end, line.size()); // an unterminated string runs to the end of the line
    const std::string_view content = line.substr(i + 1, end - i - 1);
    if (secret_key || looks_like_secret(content) || RE2::PartialMatch(content, credential)) {
      for (std::size_t k = i + 1; k < end; ++k) {
        out[k] = '*';
      }
    }
    i = end + 1;
  }
  return out;
}

} // namespace cachectl
