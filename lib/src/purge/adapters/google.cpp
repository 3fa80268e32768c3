// Google Cloud CDN: POST {endpoint}/projects/{project}/global/urlMaps/{url_map}/invalidateCache
// ?requestId={uuid} with one CacheInvalidationRule per call (`path` — `/*`-terminated for
// prefixes —, `host`, `cacheTags` ≤ 10); `Authorization: Bearer` (an OAuth2 access token). The
// requestId is fixed per call, so a retried call is the same invalidation, not a second one.
#include "purge/adapters/adapters.hpp"
#include "purge/crypto.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Cloud CDN's invalidateCache API.
class GoogleAdapter final : public PurgeAdapter {
public:
  // An adapter for the project and URL map of `context`.
  explicit GoogleAdapter(const PurgeContext& context)
      : m_context(context)
      , m_url(fmt::format("{}/projects/{}/global/urlMaps/{}/invalidateCache",
                          context.endpoint,
                          context.value("project"),
                          context.value("url_map")))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    nlohmann::json rule = nlohmann::json::object();
    const std::string_view item = batch.items.front();
    switch (batch.kind) {
    case TargetKind::url: {
      // Paths carry no query: the rule invalidates every query variant of the path.
      const std::string_view path = url_path(item);
      rule["host"] = url_host(item);
      rule["path"] = path.substr(0, path.find('?'));
      break;
    }
    case TargetKind::prefix: {
      std::string path(url_path(item));
      rule["host"] = url_host(item);
      rule["path"] = path.ends_with('/') ? path + "*" : path + "/*";
      break;
    }
    case TargetKind::host:
      rule["host"] = url_host("https://" + std::string(item));
      rule["path"] = "/*";
      break;
    case TargetKind::tag:
      rule["path"] = "/*";
      rule["cacheTags"] = batch.items;
      break;
    default:
      rule["path"] = "/*";
      break;
    }
    // A fresh requestId per call, kept across its retries (the request is built once).
    const std::string id = random_uuid().value_or("");
    return {{json_request("POST",
                          id.empty() ? m_url : fmt::format("{}?requestId={}", m_url, id),
                          rule,
                          m_context.token),
             {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    Verdict verdict = verdict_from_status(response, error_text(response.body));
    if (verdict.kind == Verdict::Kind::ok) {
      const nlohmann::json body = parse_json(response.body);
      verdict.id = json_string(body, "name");
      if (const nlohmann::json* error =
              body.is_object() && body.contains("error") ? &body["error"] : nullptr) {
        verdict.kind = Verdict::Kind::fail;
        verdict.reason = fmt::format("operation failed: {}", body_excerpt(error->dump()));
      }
    }
    return verdict;
  }

  std::string
  refuse(const Target& target) const override
  {
    return wildcard_url_refusal(m_context, target, false);
  }

private:
  const PurgeContext& m_context;
  std::string m_url;
};

} // namespace

AdapterResult
make_google(const PurgeContext& context)
{
  return std::make_unique<GoogleAdapter>(context);
}

} // namespace cachectl::purge
