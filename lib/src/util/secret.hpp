// Recognizing secrets written into a config file, so they can be refused without being echoed.
#pragma once

#include <string>
#include <string_view>

namespace cachectl {

/// True for values shaped like API tokens: well-known prefixes (AKIA…, ghp_…, sk_live_…,
/// Bearer …, PEM private keys) or a long random-looking mix of upper, lower case and digits.
bool looks_like_secret(std::string_view value);

/// True for key names that announce a secret (`api_token`, `password`, `secret_key`, …),
/// except `token_env`, which names an environment variable.
bool is_secret_key_name(std::string_view name);

/// `line` of a TOML file with the content of every string that may hold a secret replaced by
/// `*` (same length): strings of secret-like keys, strings that look like tokens, `Bearer …`
/// credentials, URLs with a password, and an unterminated string of such a line.
std::string mask_secrets(std::string_view line);

} // namespace cachectl
