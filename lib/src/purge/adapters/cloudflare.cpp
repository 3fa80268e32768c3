// Cloudflare: POST {endpoint}/zones/{zone_id}/purge_cache with one kind per request (`files`,
// `tags`, `prefixes` without scheme, `hosts`, or `purge_everything`), `Authorization: Bearer`.
// Success is the body's `success: true`, not the status: Cloudflare answers some failures with
// HTTP 200 and `success: false` (cdn-purge.md §1).
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// The Cloudflare API error list as one line: "message (code N); ...".
std::string
cloudflare_errors(const nlohmann::json& body)
{
  std::vector<std::string> parts;
  if (body.is_object() && body.contains("errors") && body["errors"].is_array()) {
    for (const auto& error : body["errors"]) {
      const std::string message = json_string(error, "message");
      const std::string code = json_string(error, "code");
      parts.push_back(code.empty() ? message : fmt::format("{} (code {})", message, code));
    }
  }
  return body_excerpt(fmt::format("{}", fmt::join(parts, "; ")));
}

// Cloudflare's purge_cache API.
class CloudflareAdapter final : public PurgeAdapter {
public:
  // An adapter purging zone `zone`.
  CloudflareAdapter(const PurgeContext& context, std::string zone)
      : m_context(context)
      , m_url(fmt::format("{}/zones/{}/purge_cache", context.endpoint, zone))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    nlohmann::json body = nlohmann::json::object();
    switch (batch.kind) {
    case TargetKind::url:
      body["files"] = batch.items;
      break;
    case TargetKind::tag:
      body["tags"] = batch.items;
      break;
    case TargetKind::prefix: {
      // Prefixes are written without a scheme: `www.example.com/blog`.
      auto& prefixes = body["prefixes"] = nlohmann::json::array();
      for (const auto& item : batch.items) {
        prefixes.push_back(item.substr(item.find("://") + 3));
      }
      break;
    }
    case TargetKind::host:
      body["hosts"] = batch.items;
      break;
    default:
      body["purge_everything"] = true;
      break;
    }
    return {{json_request("POST", m_url, body, m_context.token), {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    const nlohmann::json body = parse_json(response.body);
    Verdict verdict = verdict_from_status(
        response, body.is_object() ? cloudflare_errors(body) : body_excerpt(response.body));
    if (verdict.kind != Verdict::Kind::ok) {
      return verdict;
    }
    if (!body.is_object() || !body.contains("success") || !body["success"].is_boolean()) {
      // Purging twice is harmless; an unreadable answer is retried rather than trusted.
      verdict.kind = Verdict::Kind::retry;
      verdict.reason = fmt::format(
          "HTTP {} with an unreadable body: {}", response.status, body_excerpt(response.body));
      return verdict;
    }
    if (!body["success"].get<bool>()) {
      verdict.kind = Verdict::Kind::fail;
      verdict.reason =
          fmt::format("HTTP {} but success: false: {}", response.status, cloudflare_errors(body));
      return verdict;
    }
    if (body.contains("result") && body["result"].is_object()) {
      verdict.id = json_string(body["result"], "id");
    }
    return verdict;
  }

  std::size_t
  item_bytes(std::string_view item) const override
  {
    return item.size() + 3;
  }

private:
  const PurgeContext& m_context;
  std::string m_url;
};

} // namespace

AdapterResult
make_cloudflare(const PurgeContext& context)
{
  return std::make_unique<CloudflareAdapter>(context, context.value("zone_id"));
}

} // namespace cachectl::purge
