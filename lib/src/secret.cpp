#include "secret.hpp"

#include <re2/re2.h>

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

} // namespace cachectl
