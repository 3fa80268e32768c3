// Masking of the secrets in play (the API token, an adapter's credentials) in every string that
// came from the network, before anything parses, cuts or prints it: a server that echoes a
// credential (in an error body, a purge id, a header) never gets it shown, whole or in part.
#pragma once

#include "purge/http_client.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The secrets of a run and how to hide them.
class SecretMask {
public:
  /// Masks `secrets` (those shorter than 4 bytes are ignored: they would mask ordinary text).
  explicit SecretMask(std::vector<std::string> secrets);

  /// `text` with every secret replaced by `***`.
  std::string operator()(std::string_view text) const;

  /// `response` with its body and header values masked. A JSON body is masked string by
  /// string after decoding (a secret spelt with JSON escapes is found too), then re-encoded.
  void mask(HttpResponse& response) const;

private:
  std::vector<std::string> m_secrets; ///< longest first, each with its JSON-escaped spellings
};

} // namespace cachectl
