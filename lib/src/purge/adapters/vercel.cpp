// Vercel: tags through POST {endpoint}/v1/edge-cache/invalidate-by-tags (or
// dangerously-delete-by-tags with `action = "delete"`) `?projectIdOrName=…[&teamId=…]`, at most
// 16 tags per call; everything through /v1/edge-cache/purge-all; `Authorization: Bearer`.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Vercel's edge-cache API.
class VercelAdapter final : public PurgeAdapter {
public:
  // An adapter for the project and team of `context`.
  explicit VercelAdapter(const PurgeContext& context)
      : m_context(context)
  {
    m_query = fmt::format("projectIdOrName={}", percent_encode(context.value("project_id")));
    if (const std::string team = context.value("team_id"); !team.empty()) {
      m_query += fmt::format("&teamId={}", percent_encode(team));
    }
    m_tags_path =
        context.value("action") == "delete" ? "dangerously-delete-by-tags" : "invalidate-by-tags";
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    if (batch.kind == TargetKind::tag) {
      return {{json_request(
                   "POST",
                   fmt::format("{}/v1/edge-cache/{}?{}", m_context.endpoint, m_tags_path, m_query),
                   nlohmann::json{{"tags", batch.items}},
                   m_context.token),
               {}}};
    }
    return {{json_request("POST",
                          fmt::format("{}/v1/edge-cache/purge-all?{}", m_context.endpoint, m_query),
                          nullptr,
                          m_context.token),
             {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    // 200 without `error`; the error shape is {"error": {"code": …, "message": …}}.
    return check_success_shape(
        verdict_from_status(response, error_text(response.body)), response, {.error_key = "error"});
  }

private:
  const PurgeContext& m_context;
  std::string m_query;
  std::string m_tags_path;
};

} // namespace

AdapterResult
make_vercel(const PurgeContext& context)
{
  return std::make_unique<VercelAdapter>(context);
}

} // namespace cachectl::purge
