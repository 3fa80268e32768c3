// Fastly: one URL per call (`POST {endpoint}/purge/{host/path}`), surrogate keys in bulk
// (`POST {endpoint}/service/{id}/purge`, JSON `surrogate_keys`, at most 256), everything with
// `POST {endpoint}/service/{id}/purge_all`; `Fastly-Key` auth, `Fastly-Soft-Purge: 1` for --soft.
// A bulk answer lists a purge id per key; a key missing from it is reported failed.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

#include <ctime>

namespace cachectl::purge {

namespace {

// Fastly's purge API.
class FastlyAdapter final : public PurgeAdapter {
public:
  // An adapter purging service `service`.
  FastlyAdapter(const PurgeContext& context, std::string service)
      : m_context(context)
      , m_service(std::move(service))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    HttpRequest request;
    switch (batch.kind) {
    case TargetKind::url: {
      // The cached URL without its scheme, as the API documents: /purge/www.example.com/a?b.
      const std::string& url = batch.items.front();
      request = json_request("POST",
                             fmt::format("{}/purge/{}",
                                         m_context.endpoint,
                                         std::string_view(url).substr(url.find("://") + 3)),
                             nullptr,
                             m_context.token,
                             "Fastly-Key",
                             "");
      break;
    }
    case TargetKind::tag:
      request = json_request("POST",
                             fmt::format("{}/service/{}/purge", m_context.endpoint, m_service),
                             nlohmann::json{{"surrogate_keys", batch.items}},
                             m_context.token,
                             "Fastly-Key",
                             "");
      break;
    default:
      request = json_request("POST",
                             fmt::format("{}/service/{}/purge_all", m_context.endpoint, m_service),
                             nullptr,
                             m_context.token,
                             "Fastly-Key",
                             "");
      break;
    }
    request.headers.emplace_back("Accept", "application/json");
    if (m_context.soft && batch.kind != TargetKind::everything) {
      request.headers.emplace_back("Fastly-Soft-Purge", "1");
    }
    return {{std::move(request), {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& batch) const override
  {
    Verdict verdict = verdict_from_status(response, error_text(response.body));
    if (verdict.rate_limited && !verdict.retry_after) {
      // Fastly says when the hourly window resets instead of Retry-After.
      if (const auto reset = header_value(response, "fastly-ratelimit-reset")) {
        if (const auto at = parse_retry_after(*reset)) {
          verdict.retry_after = std::max(0.0, *at - static_cast<double>(std::time(nullptr)));
        }
      }
    }
    if (verdict.kind != Verdict::Kind::ok) {
      return verdict;
    }
    const nlohmann::json body = parse_json(response.body);
    if (!body.is_object()) {
      verdict.kind = Verdict::Kind::retry;
      verdict.reason = fmt::format(
          "HTTP {} with an unreadable body: {}", response.status, body_excerpt(response.body));
      return verdict;
    }
    if (batch.kind == TargetKind::tag) {
      // {"key": "purge id", ...}: every key must be there.
      std::vector<std::string> ids;
      for (const auto& key : batch.items) {
        const std::string id = json_string(body, key);
        if (id.empty()) {
          verdict.failed_items.push_back(key);
        } else if (ids.size() < 3) {
          ids.push_back(id);
        }
      }
      verdict.id = fmt::format("{}", fmt::join(ids, ","));
      return verdict;
    }
    if (json_string(body, "status") != "ok") {
      verdict.kind = Verdict::Kind::fail;
      verdict.reason = fmt::format(
          "HTTP {} but status is not ok: {}", response.status, error_text(response.body));
      return verdict;
    }
    verdict.id = json_string(body, "id");
    return verdict;
  }

private:
  const PurgeContext& m_context;
  std::string m_service;
};

} // namespace

AdapterResult
make_fastly(const PurgeContext& context)
{
  return std::make_unique<FastlyAdapter>(context, context.value("service_id"));
}

} // namespace cachectl::purge
