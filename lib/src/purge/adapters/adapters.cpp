#include "purge/adapters/adapters.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace cachectl {

namespace purge {

std::string
json_text(const nlohmann::json& value)
{
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json
parse_json(std::string_view body)
{
  return nlohmann::json::parse(body, nullptr, false);
}

std::string
json_string(const nlohmann::json& value, std::string_view key)
{
  if (!value.is_object()) {
    return {};
  }
  const auto it = value.find(key);
  if (it == value.end()) {
    return {};
  }
  if (it->is_string()) {
    return it->get<std::string>();
  }
  if (it->is_number()) {
    return it->dump();
  }
  return {};
}

HttpRequest
json_request(std::string method,
             std::string url,
             const nlohmann::json& body,
             std::string_view token,
             std::string_view auth_header,
             std::string_view auth_scheme)
{
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  if (!token.empty()) {
    request.headers.emplace_back(auth_header, fmt::format("{}{}", auth_scheme, token));
    std::string lower(auth_header);
    for (char& c : lower) {
      c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    request.secret_headers.push_back(lower);
  }
  if (!body.is_discarded() && !body.is_null()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = json_text(body);
  }
  return request;
}

std::string
error_text(std::string_view body)
{
  const nlohmann::json json = parse_json(body);
  if (json.is_object()) {
    const nlohmann::json* object = &json;
    if (const auto error = json.find("error"); error != json.end()) {
      if (error->is_string()) {
        return body_excerpt(error->get<std::string>());
      }
      object = &*error;
    } else if (const auto errors = json.find("errors");
               errors != json.end() && errors->is_array() && !errors->empty()) {
      object = &errors->front();
    }
    std::string code = json_string(*object, "code");
    for (const char* key : {"message", "Message", "detail", "title", "msg", "reason"}) {
      std::string text = json_string(*object, key);
      if (text.empty() && object != &json) {
        text = json_string(json, key);
      }
      if (!text.empty()) {
        return body_excerpt(code.empty() ? text : fmt::format("{} (code {})", text, code));
      }
    }
  }
  return body_excerpt(body);
}

Verdict
check_success_shape(Verdict verdict, const HttpResponse& response, const SuccessShape& shape)
{
  if (verdict.kind != Verdict::Kind::ok) {
    return verdict;
  }
  const auto unexpected = [&](std::string_view why) {
    Verdict retry;
    retry.kind = Verdict::Kind::retry;
    retry.reason =
        fmt::format("HTTP {} {}: {}",
                    response.status,
                    why,
                    response.body.empty() ? std::string("(empty)") : body_excerpt(response.body));
    return retry;
  };
  // A failure the body reports: judged as if the HTTP status were the one the body gives.
  const auto reported = [&](int status, std::string what) {
    HttpResponse as_status = response;
    as_status.status = status >= 400 && status < 600 ? status : 400;
    Verdict failed = verdict_from_status(as_status, what);
    failed.reason = fmt::format("HTTP {} but the body says {}", response.status, failed.reason);
    return failed;
  };
  const std::string_view trimmed = [&] {
    std::string_view text = response.body;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' ||
                             text.front() == '\t')) {
      text.remove_prefix(1);
    }
    return text;
  }();
  if (trimmed.empty()) {
    return shape.empty_ok ? verdict : unexpected("with an empty body");
  }
  const nlohmann::json body = parse_json(response.body);
  if (!body.is_object()) {
    return unexpected("with a body that is not the API's answer");
  }
  if (!shape.error_key.empty() && body.contains(shape.error_key)) {
    const nlohmann::json& error = body[std::string(shape.error_key)];
    int code = 0;
    if (error.is_object()) {
      const std::string name = json_string(error, "code");
      code = name == "rate_limited" ? 429 : name == "forbidden" ? 403 : 0;
    }
    return reported(code, error_text(response.body));
  }
  if (!shape.code_key.empty() && body.contains(shape.code_key) &&
      body[std::string(shape.code_key)].is_number_integer()) {
    return reported(body[std::string(shape.code_key)].get<int>(), error_text(response.body));
  }
  if (!shape.state_key.empty()) {
    const std::string state = ascii_lower(json_string(body, shape.state_key));
    if (state == "failed" || state == "canceled" || state == "cancelled") {
      return reported(0, fmt::format("status {}: {}", state, error_text(response.body)));
    }
  }
  if (!shape.status_key.empty()) {
    const auto it = body.find(shape.status_key);
    if (it == body.end() || !it->is_number_integer()) {
      return unexpected(fmt::format("without `{}`", shape.status_key));
    }
    if (it->get<int>() != shape.status_value) {
      return reported(it->get<int>(), error_text(response.body));
    }
  }
  return verdict;
}

PurgeError
setting_error(const PurgeContext& context, std::string message)
{
  return PurgeError{PurgeErrorKind::config,
                    fmt::format("[providers.{}]: {}", context.provider->name, message)};
}

std::string_view
url_path(std::string_view url)
{
  return split_url(url).second;
}

std::string_view
url_host(std::string_view url)
{
  std::string_view authority = url_authority(url);
  if (authority.starts_with('[')) {
    return authority.substr(0, authority.find(']') + 1);
  }
  return authority.substr(0, authority.find(':'));
}

PlannedRequest
node_request(const PurgeContext& context,
             std::string_view node,
             std::string method,
             std::string_view path,
             std::string_view host)
{
  std::string_view base = node;
  while (base.ends_with('/')) {
    base.remove_suffix(1);
  }
  HttpRequest request =
      json_request(std::move(method), fmt::format("{}{}", base, path), nullptr, context.token);
  if (!host.empty()) {
    request.headers.emplace_back("Host", host);
  }
  return {std::move(request), std::string(node)};
}

std::string
wildcard_url_refusal(const PurgeContext& context, const Target& target, bool query)
{
  if (target.kind != TargetKind::url) {
    return {};
  }
  std::string_view rest = url_path(target.value);
  if (!query) {
    rest = rest.substr(0, rest.find('?'));
  }
  if (rest.find('*') == std::string_view::npos) {
    return {};
  }
  return fmt::format("{} reads `*` in a path as a wildcard, so this URL cannot be purged exactly "
                     "(to purge everything under a path, use --prefix)",
                     context.provider->display);
}

std::expected<std::vector<std::string>, PurgeError>
cache_nodes(const PurgeContext& context)
{
  const auto it = context.lists.find("nodes");
  if (it == context.lists.end() || it->second.empty()) {
    return std::unexpected(setting_error(context, "`nodes` lists no cache node to purge"));
  }
  return it->second;
}

} // namespace purge

std::expected<std::unique_ptr<PurgeAdapter>, PurgeError>
make_purge_adapter(const PurgeContext& context)
{
  using Factory = purge::AdapterResult (*)(const PurgeContext&);
  static constexpr std::array<std::pair<std::string_view, Factory>, 12> factories = {{
      {"cloudflare", purge::make_cloudflare},
      {"fastly", purge::make_fastly},
      {"akamai", purge::make_akamai},
      {"netlify", purge::make_netlify},
      {"vercel", purge::make_vercel},
      {"bunny", purge::make_bunny},
      {"cloudfront", purge::make_cloudfront},
      {"google", purge::make_google},
      {"azure", purge::make_azure},
      {"varnish", purge::make_varnish},
      {"nginx", purge::make_nginx},
      {"http", purge::make_http},
  }};
  for (const auto& [name, factory] : factories) {
    if (name == context.provider->name) {
      return factory(context);
    }
  }
  return std::unexpected(PurgeError{
      PurgeErrorKind::usage, fmt::format("{} has no purge adapter", context.provider->display)});
}

} // namespace cachectl
