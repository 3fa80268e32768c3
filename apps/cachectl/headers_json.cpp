#include "headers_json.hpp"

#include <cachectl/util/json_writer.hpp>

namespace cachectl::cli {

namespace {

constexpr auto replace = Json::error_handler_t::replace;

// The members every record starts with.
Json
base_json(const HeadersJsonShape& shape, std::string_view input, const Resolution& r)
{
  Json j;
  j["input"] = redacted_input(input);
  j["status"] = status_name(r.kind);
  j["path"] = r.kind == Resolution::Kind::invalid ? Json(nullptr) : Json(r.url.path);
  j["rule"] = r.match ? Json(shape.config->rules[r.match->rule].pattern.source()) : Json(nullptr);
  j["cacheable"] = nullptr;
  j["reasons"] = Json::array();
  if (shape.all) {
    j["warnings"] = Json::array();
    j["providers"] = Json::array();
  } else {
    j["provider"] = shape.providers.front()->name;
    j["headers"] = Json::array();
    j["warnings"] = Json::array();
    j["notes"] = Json::array();
  }
  j["error"] = nullptr;
  return j;
}

// One provider's headers, warnings and notes (and, with --explain, what it reads).
void
fill_provider(const HeadersJsonShape& shape, Json& j, const ProviderResult& result)
{
  Json headers = Json::array();
  for (const auto& header : result.set.headers) {
    headers.push_back({{"name", header.name}, {"value", header.value}});
  }
  j["headers"] = std::move(headers);
  for (const auto& warning : result.set.warnings) {
    j["warnings"].push_back(warning);
  }
  j["notes"] = result.set.notes;
  if (shape.explain) {
    Json order = Json::array();
    for (std::string_view source : result.provider->headers.precedence) {
      order.push_back(std::string(source));
    }
    j["precedence"] = std::move(order);
  }
}

// The members every streamed record starts with (`input` through `reasons`).
void
write_start(JsonWriter& w,
            const HeadersJsonShape& shape,
            std::string_view input,
            const Resolution& r)
{
  w.begin_object();
  w.key("input");
  w.string(input);
  w.key("status");
  w.string(status_name(r.kind));
  w.key("path");
  r.kind == Resolution::Kind::invalid ? w.null() : w.string(r.url.path);
  w.key("rule");
  r.match ? w.string(shape.config->rules[r.match->rule].pattern.source()) : w.null();
}

void
write_strings(JsonWriter& w, const std::vector<std::string>& items)
{
  w.begin_array();
  for (const auto& item : items) {
    w.string(item);
  }
  w.end_array();
}

void
write_headers(JsonWriter& w, const HeaderSet& set)
{
  w.begin_array();
  for (const auto& header : set.headers) {
    w.begin_object();
    w.key("name");
    w.string(header.name);
    w.key("value");
    w.string(header.value);
    w.end_object();
  }
  w.end_array();
}

} // namespace

std::vector<std::pair<std::string, Json>>
shown_options(const CacheOptions& o)
{
  std::vector<std::pair<std::string, Json>> out;
  auto add = [&](std::string name, const auto& value) {
    if (value) {
      out.emplace_back(std::move(name), Json(*value));
    }
  };
  out.emplace_back("cache", o.cache.value_or(true));
  add("max_age", o.max_age);
  add("swr", o.swr);
  add("stale_if_error", o.stale_if_error);
  add("browser_max_age", o.browser_max_age);
  add("browser_swr", o.browser_swr);
  add("browser_stale_if_error", o.browser_stale_if_error);
  add("browser_no_cache", o.browser_no_cache);
  add("public", o.public_);
  add("negative_max_age", o.negative_max_age);
  add("immutable", o.immutable);
  add("must_revalidate", o.must_revalidate);
  add("private", o.private_);
  if (!o.tags.empty()) {
    out.emplace_back("tags", Json(o.tags));
  }
  add("vary", o.vary);
  add("last_modified", o.last_modified);
  add("etag", o.etag);
  return out;
}

Json
headers_unmatched_json(const HeadersJsonShape& shape,
                       std::string_view input,
                       const Resolution& r,
                       std::string_view reason)
{
  Json j = base_json(shape, input, r);
  j["error"] = reason;
  return j;
}

Json
headers_matched_json(const HeadersJsonShape& shape,
                     std::string_view input,
                     const Resolution& r,
                     const Policy& policy,
                     const std::vector<ProviderResult>& results)
{
  Json j = base_json(shape, input, r);
  j["cacheable"] = policy.cacheable;
  for (const auto& hit : policy.reasons) {
    j["reasons"].push_back({{"condition", to_string(hit.condition)}, {"detail", hit.detail}});
  }
  for (const auto& warning : policy.warnings) {
    j["warnings"].push_back(warning);
  }
  if (shape.all) {
    for (const auto& result : results) {
      Json p;
      p["provider"] = result.provider->name;
      p["warnings"] = Json::array();
      fill_provider(shape, p, result);
      j["providers"].push_back(std::move(p));
    }
  } else {
    fill_provider(shape, j, results.front());
  }
  if (shape.explain) {
    Json params = Json::object();
    for (const auto& [name, value] : r.match->params) {
      params[name] = value;
    }
    j["params"] = std::move(params);
    Json options = Json::object();
    for (auto& [name, value] : shown_options(policy.options)) {
      options[name] = std::move(value);
    }
    j["options"] = std::move(options);
  }
  // `error` stays the last member, as in records of inputs that matched nothing.
  Json error = std::move(j["error"]);
  j.erase("error");
  j["error"] = std::move(error);
  return j;
}

void
write_headers_unmatched_json(std::string& out,
                             const HeadersJsonShape& shape,
                             std::string_view input,
                             const Resolution& r,
                             std::string_view reason)
{
  JsonWriter w(out);
  write_start(w, shape, input, r);
  w.key("cacheable");
  w.null();
  w.key("reasons");
  w.raw("[]");
  if (shape.all) {
    w.key("warnings");
    w.raw("[]");
    w.key("providers");
    w.raw("[]");
  } else {
    w.key("provider");
    w.string(shape.providers.front()->name);
    w.key("headers");
    w.raw("[]");
    w.key("warnings");
    w.raw("[]");
    w.key("notes");
    w.raw("[]");
  }
  w.key("error");
  w.string(reason);
  w.end_object();
  out += '\n';
}

void
write_headers_matched_tail(std::string& out,
                           const HeadersJsonShape& shape,
                           const Policy& policy,
                           const std::vector<ProviderResult>& results)
{
  JsonWriter w(out);
  w.resume_object();
  w.key("cacheable");
  w.boolean(policy.cacheable);
  w.key("reasons");
  w.begin_array();
  for (const auto& hit : policy.reasons) {
    w.begin_object();
    w.key("condition");
    w.string(to_string(hit.condition));
    w.key("detail");
    w.string(hit.detail);
    w.end_object();
  }
  w.end_array();
  if (shape.all) {
    w.key("warnings");
    write_strings(w, policy.warnings);
    w.key("providers");
    w.begin_array();
    for (const auto& result : results) {
      w.begin_object();
      w.key("provider");
      w.string(result.provider->name);
      w.key("warnings");
      write_strings(w, result.set.warnings);
      w.key("headers");
      write_headers(w, result.set);
      w.key("notes");
      write_strings(w, result.set.notes);
      w.end_object();
    }
    w.end_array();
  } else {
    const ProviderResult& result = results.front();
    w.key("provider");
    w.string(result.provider->name);
    w.key("headers");
    write_headers(w, result.set);
    w.key("warnings");
    w.begin_array();
    for (const auto& warning : policy.warnings) {
      w.string(warning);
    }
    for (const auto& warning : result.set.warnings) {
      w.string(warning);
    }
    w.end_array();
    w.key("notes");
    write_strings(w, result.set.notes);
  }
  w.key("error");
  w.null();
  w.end_object();
  out += '\n';
}

void
write_headers_matched_json(std::string& out,
                           const HeadersJsonShape& shape,
                           std::string_view input,
                           const Resolution& r,
                           const Policy& policy,
                           const std::vector<ProviderResult>& results)
{
  if (shape.explain) {
    out += headers_matched_json(shape, input, r, policy, results).dump(-1, ' ', false, replace);
    out += '\n';
    return;
  }
  write_headers_matched_start(out, shape, input, r);
  write_headers_matched_tail(out, shape, policy, results);
}

void
write_headers_matched_start(std::string& out,
                            const HeadersJsonShape& shape,
                            std::string_view input,
                            const Resolution& r)
{
  JsonWriter w(out);
  write_start(w, shape, input, r);
}

} // namespace cachectl::cli
