// Generic webhook (the surrogate-key purger shape): `method` (default POST) to `url` with a
// JSON body naming one kind — {"urls": […]}, {"tags": […]}, {"prefixes": […]}, {"hosts": […]}
// or {"everything": true} — tags also in the `tag_header` header (default Surrogate-Key,
// space-separated), and `Authorization: Bearer` when `token_env` is set. Any 2xx is success.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// A generic purge webhook.
class HttpAdapter final : public PurgeAdapter {
public:
  // An adapter calling the webhook of `context`.
  explicit HttpAdapter(const PurgeContext& context)
      : m_context(context)
      , m_url(context.value("url"))
      , m_method(context.value("method", "POST"))
      , m_tag_header(context.value("tag_header", "Surrogate-Key"))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    nlohmann::json body;
    switch (batch.kind) {
    case TargetKind::url:
      body = {{"urls", batch.items}};
      break;
    case TargetKind::tag:
      body = {{"tags", batch.items}};
      break;
    case TargetKind::prefix:
      body = {{"prefixes", batch.items}};
      break;
    case TargetKind::host:
      body = {{"hosts", batch.items}};
      break;
    default:
      body = {{"everything", true}};
      break;
    }
    HttpRequest request = json_request(m_method, m_url, body, m_context.token);
    if (batch.kind == TargetKind::tag) {
      request.headers.emplace_back(m_tag_header, fmt::format("{}", fmt::join(batch.items, " ")));
    }
    return {{std::move(request), {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    return verdict_from_status(response, error_text(response.body));
  }

private:
  const PurgeContext& m_context;
  std::string m_url;
  std::string m_method;
  std::string m_tag_header;
};

} // namespace

AdapterResult
make_http(const PurgeContext& context)
{
  if (context.value("url").empty()) {
    return std::unexpected(setting_error(context, "`url` (the webhook to call) is missing"));
  }
  return std::make_unique<HttpAdapter>(context);
}

} // namespace cachectl::purge
