#include "purge/secret_mask.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

// Masks every string (keys too) of a JSON value in place.
void
mask_json(nlohmann::json& value, const SecretMask& mask)
{
  if (value.is_string()) {
    value = mask(value.get<std::string>());
  } else if (value.is_array()) {
    for (auto& item : value) {
      mask_json(item, mask);
    }
  } else if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto& [key, item] : value.items()) {
      mask_json(item, mask);
      out[mask(key)] = std::move(item);
    }
    value = std::move(out);
  }
}

} // namespace

SecretMask::SecretMask(std::vector<std::string> secrets)
{
  for (std::string& secret : secrets) {
    if (secret.size() < 4) {
      continue;
    }
    // The spellings a JSON body may use: as is, `/` as `\/`, and the encoder's escapes.
    std::string slashes;
    for (const char c : secret) {
      slashes += c == '/' ? std::string("\\/") : std::string(1, c);
    }
    std::string encoded =
        nlohmann::json(secret).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    encoded = encoded.substr(1, encoded.size() - 2);
    for (std::string* spelling : {&slashes, &encoded}) {
      if (*spelling != secret) {
        m_secrets.push_back(std::move(*spelling));
      }
    }
    m_secrets.push_back(std::move(secret));
  }
  std::sort(m_secrets.begin(), m_secrets.end(), [](const auto& a, const auto& b) {
    return a.size() > b.size();
  });
  m_secrets.erase(std::unique(m_secrets.begin(), m_secrets.end()), m_secrets.end());
}

std::string
SecretMask::operator()(std::string_view text) const
{
  std::string out(text);
  for (const std::string& secret : m_secrets) {
    for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
      out.replace(at, secret.size(), "***");
    }
  }
  return out;
}

void
SecretMask::mask(HttpResponse& response) const
{
  if (m_secrets.empty()) {
    return;
  }
  for (auto& [name, value] : response.headers) {
    value = (*this)(value);
  }
  response.error = (*this)(response.error);
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded()) {
    response.body = (*this)(response.body);
    return;
  }
  mask_json(json, *this);
  response.body = (*this)(json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace cachectl
