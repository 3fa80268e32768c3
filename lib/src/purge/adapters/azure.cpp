// Azure Front Door (Standard/Premium): POST {endpoint}/subscriptions/{s}/resourceGroups/{rg}/
// providers/Microsoft.Cdn/profiles/{p}/afdEndpoints/{e}/purge?api-version=2024-02-01 with
// `contentPaths` (≤ 100; prefixes end in `/*`) and the `domains` of the batch's URLs;
// `Authorization: Bearer` (an Entra ID access token); 200 or 202.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::purge {

namespace {

// Azure Front Door's purge API.
class AzureAdapter final : public PurgeAdapter {
public:
  // An adapter for the endpoint named in `context`.
  explicit AzureAdapter(const PurgeContext& context)
      : m_context(context)
      , m_url(fmt::format("{}/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Cdn/profiles/"
                          "{}/afdEndpoints/{}/purge?api-version=2024-02-01",
                          context.endpoint,
                          context.value("subscription_id"),
                          context.value("resource_group"),
                          context.value("profile"),
                          context.value("endpoint_name")))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    nlohmann::json paths = nlohmann::json::array();
    std::vector<std::string> domains;
    for (const auto& item : batch.items) {
      if (batch.kind == TargetKind::everything) {
        paths.push_back("/*");
        continue;
      }
      std::string path(url_path(item));
      if (batch.kind == TargetKind::prefix) {
        path += path.ends_with('/') ? "*" : "/*";
      }
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
        paths.push_back(path); // the same path of two origins is one content path
      }
      const std::string host(url_host(item));
      if (std::find(domains.begin(), domains.end(), host) == domains.end()) {
        domains.push_back(host);
      }
    }
    nlohmann::json body = {{"contentPaths", paths}};
    if (!domains.empty()) {
      body["domains"] = domains;
    }
    return {{json_request("POST", m_url, body, m_context.token), {}}};
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    // 200, or 202 with azure-asyncoperation, and no body; an ARM error or a failed status fails.
    Verdict verdict = check_success_shape(verdict_from_status(response, error_text(response.body)),
                                          response,
                                          {.error_key = "error", .state_key = "status"});
    if (verdict.kind == Verdict::Kind::ok) {
      verdict.id = header_value(response, "azure-asyncoperation").value_or("");
    }
    return verdict;
  }

  std::string
  refuse(const Target& target) const override
  {
    return wildcard_url_refusal(m_context, target, true);
  }

private:
  const PurgeContext& m_context;
  std::string m_url;
};

} // namespace

AdapterResult
make_azure(const PurgeContext& context)
{
  return std::make_unique<AzureAdapter>(context);
}

} // namespace cachectl::purge
