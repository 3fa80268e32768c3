// Netlify: POST {endpoint}/purge with `site_id` and `cache_tags` (tags), or `site_id` alone
// (everything: omitting cache_tags purges the whole site), `Authorization: Bearer`; 202.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Netlify's purge API.
class NetlifyAdapter final : public PurgeAdapter {
public:
  // An adapter purging site `site`.
  NetlifyAdapter(const PurgeContext& context, std::string site)
      : m_context(context)
      , m_site(std::move(site))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    nlohmann::json body = {{"site_id", m_site}};
    if (batch.kind == TargetKind::tag) {
      body["cache_tags"] = batch.items;
    }
    return {
        {json_request("POST", fmt::format("{}/purge", m_context.endpoint), body, m_context.token),
         {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    // 202, empty or {"status": "ok"}; the error shape is {"code": n, "message": …}.
    return check_success_shape(
        verdict_from_status(response, error_text(response.body)), response, {.code_key = "code"});
  }

private:
  const PurgeContext& m_context;
  std::string m_site;
};

} // namespace

AdapterResult
make_netlify(const PurgeContext& context)
{
  return std::make_unique<NetlifyAdapter>(context, context.value("site_id"));
}

} // namespace cachectl::purge
