// Bunny: one URL per call (`POST {endpoint}/purge?url=…&async=false&exactPath=true`: without
// exactPath a URL ending in `/` purges everything under it; a prefix is the URL with a trailing
// `*`), tags and everything through `POST {endpoint}/pullzone/{id}/purgeCache`
// (`{"CacheTag": …}` or no body); `AccessKey` auth.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Bunny's purge API.
class BunnyAdapter final : public PurgeAdapter {
public:
  // An adapter purging pull zone `zone`.
  BunnyAdapter(const PurgeContext& context, std::string zone)
      : m_context(context)
      , m_zone(std::move(zone))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    const std::string zone_url =
        fmt::format("{}/pullzone/{}/purgeCache", m_context.endpoint, m_zone);
    switch (batch.kind) {
    case TargetKind::url:
    case TargetKind::prefix: {
      const bool prefix = batch.kind == TargetKind::prefix;
      const std::string url = prefix ? batch.items.front() + "*" : batch.items.front();
      return {{json_request("POST",
                            fmt::format("{}/purge?url={}&async=false{}",
                                        m_context.endpoint,
                                        percent_encode(url),
                                        prefix ? "" : "&exactPath=true"),
                            nullptr,
                            m_context.token,
                            "AccessKey",
                            ""),
               {}}};
    }
    case TargetKind::tag:
      return {{json_request("POST",
                            zone_url,
                            nlohmann::json{{"CacheTag", batch.items.front()}},
                            m_context.token,
                            "AccessKey",
                            ""),
               {}}};
    default:
      return {{json_request("POST", zone_url, nullptr, m_context.token, "AccessKey", ""), {}}};
    }
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    // 200/204 with no body; the error shape is {"ErrorKey": …, "Message": …}.
    return check_success_shape(verdict_from_status(response, error_text(response.body)),
                               response,
                               {.error_key = "ErrorKey"});
  }

private:
  const PurgeContext& m_context;
  std::string m_zone;
};

} // namespace

AdapterResult
make_bunny(const PurgeContext& context)
{
  return std::make_unique<BunnyAdapter>(context, context.value("pull_zone_id"));
}

} // namespace cachectl::purge
