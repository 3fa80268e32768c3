// Amazon CloudFront: POST {endpoint}/2020-05-31/distribution/{id}/invalidation with an XML
// InvalidationBatch (paths: a URL's path and query, a prefix's path with `*`, `/*` for
// everything; a CallerReference fixed per call so a retry is the same invalidation), signed
// with SigV4 (service cloudfront, region us-east-1) before every attempt, credentials from
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. 201 with the invalidation
// Id; TooManyInvalidationsInProgress and Throttling are waited out.
#include "purge/adapters/adapters.hpp"
#include "purge/crypto.hpp"
#include "purge/sigv4.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::purge {

namespace {

// `text` escaped for XML character data.
std::string
xml_escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// The text of the first `<name>…</name>` element of `xml`, or empty.
std::string
xml_element(std::string_view xml, std::string_view name)
{
  const std::string open = fmt::format("<{}>", name);
  const std::size_t start = xml.find(open);
  if (start == std::string_view::npos) {
    return {};
  }
  const std::size_t end = xml.find(fmt::format("</{}>", name), start);
  if (end == std::string_view::npos) {
    return {};
  }
  return std::string(xml.substr(start + open.size(), end - start - open.size()));
}

// CloudFront's CreateInvalidation API.
class CloudFrontAdapter final : public PurgeAdapter {
public:
  // An adapter for distribution `distribution`, signing with `credentials`.
  CloudFrontAdapter(const PurgeContext& context,
                    AwsCredentials credentials,
                    std::string distribution)
      : m_context(context)
      , m_credentials(std::move(credentials))
      , m_url(fmt::format(
            "{}/2020-05-31/distribution/{}/invalidation", context.endpoint, distribution))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    // Invalidations are per distribution, not per host: the same path of two origins is one.
    std::vector<std::string> paths;
    for (const auto& item : batch.items) {
      std::string path = batch.kind == TargetKind::everything ? "/*" : std::string(url_path(item));
      if (batch.kind == TargetKind::prefix) {
        path += "*";
      }
      if (std::find(paths.begin(), paths.end(), path) == paths.end()) {
        paths.push_back(std::move(path));
      }
    }
    std::string items;
    for (const auto& path : paths) {
      items += fmt::format("<Path>{}</Path>", xml_escape(path));
    }
    HttpRequest request;
    request.method = "POST";
    request.url = m_url;
    request.body =
        fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                    "<Paths><Quantity>{}</Quantity><Items>{}</Items></Paths>"
                    "<CallerReference>cachectl-{}</CallerReference></InvalidationBatch>",
                    paths.size(),
                    items,
                    random_uuid().value_or("0"));
    request.headers.emplace_back("Content-Type", "application/xml");
    request.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 (signed when sent)");
    request.secret_headers = {"authorization", "x-amz-security-token"};
    return {{std::move(request), {}}};
  }

  void
  sign(HttpRequest& request) const override
  {
    std::erase_if(request.headers, [](const auto& header) {
      return header.first == "Authorization" || header.first == "X-Amz-Date" ||
             header.first == "X-Amz-Security-Token";
    });
    const auto [origin, path_and_query] = split_url(request.url);
    const std::size_t question = path_and_query.find('?');
    SigV4Request sign_request{.method = request.method,
                              .host = std::string(url_authority(request.url)),
                              .path = std::string(path_and_query.substr(0, question)),
                              .query = question == std::string_view::npos
                                           ? std::string()
                                           : std::string(path_and_query.substr(question + 1)),
                              .headers = {},
                              .body = request.body,
                              .amz_date = aws_amz_date(std::chrono::system_clock::now()),
                              .region = "us-east-1",
                              .service = "cloudfront"};
    if (auto headers = sigv4_sign(m_credentials, sign_request)) {
      for (auto& header : *headers) {
        request.headers.push_back(std::move(header));
      }
    }
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& /*batch*/) const override
  {
    const std::string code = xml_element(response.body, "Code");
    const std::string message = xml_element(response.body, "Message");
    Verdict verdict = verdict_from_status(
        response,
        body_excerpt(code.empty() ? response.body : fmt::format("{}: {}", code, message)));
    if (code == "TooManyInvalidationsInProgress" || code == "Throttling") {
      // Invalidations finish within minutes; the in-progress limit frees up by itself.
      verdict.kind = Verdict::Kind::retry;
      verdict.rate_limited = true;
      if (verdict.reason.empty()) { // the code came with a success status
        verdict.reason =
            body_excerpt(fmt::format("HTTP {}: {}: {}", response.status, code, message));
      }
      if (!verdict.retry_after) {
        verdict.retry_after = code == "Throttling" ? 1.0 : 10.0;
      }
    }
    if (verdict.kind == Verdict::Kind::ok) {
      verdict.id = xml_element(response.body, "Id");
      if (verdict.id.empty()) {
        // A created invalidation always has an Id; an answer without one is retried (the
        // CallerReference makes the retry the same invalidation).
        verdict.kind = Verdict::Kind::retry;
        verdict.reason = fmt::format(
            "HTTP {} without an invalidation Id: {}", response.status, body_excerpt(response.body));
      }
    }
    return verdict;
  }

  std::vector<std::string>
  secrets() const override
  {
    return {m_credentials.secret_access_key, m_credentials.session_token};
  }

  std::size_t
  item_bytes(std::string_view item) const override
  {
    return item.size() + 13;
  }

  std::string
  refuse(const Target& target) const override
  {
    return wildcard_url_refusal(m_context, target, true);
  }

private:
  const PurgeContext& m_context;
  AwsCredentials m_credentials;
  std::string m_url;
};

} // namespace

AdapterResult
make_cloudfront(const PurgeContext& context)
{
  auto credentials = aws_credentials_from_env(*context.environment);
  if (!credentials) {
    if (!context.dry_run) {
      return std::unexpected(PurgeError{PurgeErrorKind::credentials, credentials.error().message});
    }
    credentials = AwsCredentials{};
  }
  return std::make_unique<CloudFrontAdapter>(
      context, std::move(*credentials), context.value("distribution_id"));
}

} // namespace cachectl::purge
