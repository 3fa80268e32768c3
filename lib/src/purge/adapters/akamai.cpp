// Akamai Fast Purge (CCU v3): POST {endpoint}/ccu/v3/{invalidate|delete}/{url|tag}/{network}
// with `{"objects": […]}` (body at most 50,000 bytes), signed with EdgeGrid
// (EG1-HMAC-SHA256) afresh before every attempt. Credentials: `[providers.akamai] edgerc`
// (default $AKAMAI_EDGERC, else ~/.edgerc), section `edgerc_section` (default
// $AKAMAI_EDGERC_SECTION, else "default"); without the file, the AKAMAI_* variables. The
// endpoint defaults to https://{host of the credentials}.
#include "purge/adapters/adapters.hpp"
#include "purge/crypto.hpp"
#include "purge/edgegrid.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Akamai's Fast Purge API.
class AkamaiAdapter final : public PurgeAdapter {
public:
  // An adapter signing with `credentials` (empty in a dry run without any).
  AkamaiAdapter(const PurgeContext& context, EdgeGridCredentials credentials, std::string base)
      : m_context(context)
      , m_credentials(std::move(credentials))
      , m_base(std::move(base))
      , m_action(context.value("action", "invalidate"))
      , m_network(context.value("network", "production"))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    const std::string_view type = batch.kind == TargetKind::tag ? "tag" : "url";
    HttpRequest request =
        json_request("POST",
                     fmt::format("{}/ccu/v3/{}/{}/{}", m_base, m_action, type, m_network),
                     nlohmann::json{{"objects", batch.items}},
                     {});
    request.headers.emplace_back("Authorization", "EG1-HMAC-SHA256 (signed when sent)");
    request.secret_headers.emplace_back("authorization");
    return {{std::move(request), {}}};
  }

  void
  sign(HttpRequest& request) const override
  {
    const auto [origin, path] = split_url(request.url);
    const std::string scheme(origin.substr(0, origin.find("://")));
    const std::string nonce = random_uuid().value_or("");
    auto authorization =
        edgegrid_authorization(m_credentials,
                               request.method,
                               scheme,
                               url_authority(request.url),
                               path,
                               {},
                               request.body,
                               edgegrid_timestamp(std::chrono::system_clock::now()),
                               nonce);
    for (auto& [name, value] : request.headers) {
      if (name == "Authorization") {
        value = authorization ? *authorization : std::string("EG1-HMAC-SHA256 (unsigned)");
      }
    }
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    const nlohmann::json body = parse_json(response.body);
    std::string what = json_string(body, "title");
    if (const std::string detail = json_string(body, "detail"); !detail.empty()) {
      what = what.empty() ? detail : fmt::format("{}: {}", what, detail);
    }
    Verdict verdict =
        verdict_from_status(response, body_excerpt(what.empty() ? response.body : what));
    if (verdict.rate_limited && !verdict.retry_after) {
      verdict.retry_after = 5; // Akamai: "wait 5 seconds and retry" (no Retry-After header)
    }
    // 201 {"httpStatus": 201, "purgeId": …}: anything else is not an accepted purge.
    verdict = check_success_shape(
        verdict, response, {.empty_ok = false, .status_key = "httpStatus", .status_value = 201});
    if (verdict.kind == Verdict::Kind::ok) {
      verdict.id = json_string(body, "purgeId");
    }
    return verdict;
  }

  std::vector<std::string>
  secrets() const override
  {
    return {m_credentials.client_secret, m_credentials.client_token, m_credentials.access_token};
  }

  std::size_t
  item_bytes(std::string_view item) const override
  {
    return item.size() + 3;
  }

  std::size_t
  body_overhead() const override
  {
    return 16;
  }

private:
  const PurgeContext& m_context;
  EdgeGridCredentials m_credentials;
  std::string m_base;
  std::string m_action;
  std::string m_network;
};

} // namespace

AdapterResult
make_akamai(const PurgeContext& context)
{
  const Environment& env = *context.environment;
  std::string file = context.value("edgerc");
  if (file.empty()) {
    file = env("AKAMAI_EDGERC").value_or("");
  }
  if (file.empty()) {
    file = env("HOME").value_or("") + "/.edgerc";
  } else if (file.starts_with("~/")) {
    file = env("HOME").value_or("") + file.substr(1);
  }
  std::string section = context.value("edgerc_section");
  if (section.empty()) {
    section = env("AKAMAI_EDGERC_SECTION").value_or("default");
  }
  auto credentials = read_edgerc(file, section);
  if (!credentials && credentials.error().not_found) {
    auto from_env = edgegrid_from_env(section, env);
    if (from_env || !from_env.error().not_found) {
      credentials = std::move(from_env);
    }
  }
  std::string base = context.endpoint;
  if (!credentials) {
    if (!context.dry_run) {
      return std::unexpected(
          PurgeError{PurgeErrorKind::credentials,
                     credentials.error().not_found
                         ? fmt::format("no Akamai EdgeGrid credentials: {} has no section [{}] and "
                                       "AKAMAI_HOST, AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET and "
                                       "AKAMAI_ACCESS_TOKEN are not set",
                                       file,
                                       section)
                         : credentials.error().message});
    }
    EdgeGridCredentials placeholder;
    // A dry run without credentials cannot know the API host; RFC 2606's reserved name says so.
    placeholder.host = "edgerc-host.invalid";
    credentials = std::move(placeholder);
  }
  if (base.empty()) {
    base = fmt::format("https://{}", credentials->host);
  }
  return std::make_unique<AkamaiAdapter>(context, std::move(*credentials), std::move(base));
}

} // namespace cachectl::purge
