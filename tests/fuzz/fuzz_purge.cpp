// Fuzz target: purge response parsing. The input picks a provider and a batch kind (first two
// bytes), a status (next two), then holds response headers (`name: value` lines) up to an
// empty line and the body after it; every adapter judges it. Properties: no crash; a wait is
// finite and non-negative; a reason is one printable line (it is printed and logged); items
// reported failed inside a success belong to the batch; a failure has a reason. (Masking the
// token in reasons is the run's job, tested end to end.)
#include "fuzz_support.hpp"
#include "purge/purge_adapter.hpp"

#include <cachectl/headers/providers.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

using cachectl::fuzz::check;

namespace {

// The token the adapters are built with.
constexpr std::string_view k_token = "fuzz-TOKEN-0123456789";

// Settings every adapter needs, by provider.
const std::map<std::string, std::string> k_values = {
    {"zone_id", "0123456789abcdef0123456789abcdef"},
    {"service_id", "SU1Z0isxPaozGVKXdv0eY"},
    {"site_id", "0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f"},
    {"project_id", "prj_1"},
    {"pull_zone_id", "42"},
    {"distribution_id", "EDFDVBD6EXAMPL"},
    {"project", "my-project"},
    {"url_map", "web-map"},
    {"subscription_id", "0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f"},
    {"resource_group", "rg"},
    {"profile", "p"},
    {"endpoint_name", "e"},
    {"url", "https://hooks.example.com/purge"},
};

// An environment with no variables (adapters needing credentials use dry-run placeholders).
const cachectl::Environment k_environment = [](std::string_view) -> std::optional<std::string> {
  return std::nullopt;
};

// Every purge adapter, built once.
struct Adapters {
  std::vector<cachectl::PurgeContext> contexts;
  std::vector<std::unique_ptr<cachectl::PurgeAdapter>> adapters;

  Adapters()
  {
    for (const cachectl::ProviderInfo* provider : cachectl::providers()) {
      if (provider->purge.available) {
        cachectl::PurgeContext context;
        context.provider = provider;
        context.endpoint = provider->purge.endpoint.empty() ? "https://api.example.com"
                                                            : std::string(provider->purge.endpoint);
        context.values = k_values;
        context.lists["nodes"] = {"http://127.0.0.1:6081", "http://127.0.0.2:6081"};
        context.token = std::string(k_token);
        context.dry_run = true;
        context.environment = &k_environment;
        contexts.push_back(std::move(context));
      }
    }
    for (const auto& context : contexts) {
      auto adapter = cachectl::make_purge_adapter(context);
      check(adapter.has_value(), "every adapter builds", context.provider->name);
      adapters.push_back(std::move(*adapter));
    }
  }
};

// True when `text` is one line of printable characters (UTF-8 allowed, no controls).
bool
one_printable_line(std::string_view text)
{
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static Adapters all; // contexts must outlive the adapters, which keep references
  if (size < 4) {
    return 0;
  }
  const auto& adapter = *all.adapters[data[0] % all.adapters.size()];
  static constexpr cachectl::TargetKind kinds[] = {cachectl::TargetKind::url,
                                                   cachectl::TargetKind::tag,
                                                   cachectl::TargetKind::prefix,
                                                   cachectl::TargetKind::host,
                                                   cachectl::TargetKind::everything};
  cachectl::PurgeBatch batch;
  batch.kind = kinds[data[1] % 5];
  switch (batch.kind) {
  case cachectl::TargetKind::url:
    batch.items = {"https://www.example.com/a", "https://www.example.com/b?x=1"};
    break;
  case cachectl::TargetKind::tag:
    batch.items = {"blog", "post-1", "k3"};
    break;
  case cachectl::TargetKind::prefix:
    batch.items = {"https://www.example.com/docs/"};
    break;
  case cachectl::TargetKind::host:
    batch.items = {"img.example.com"};
    break;
  default:
    batch.items = {""};
    break;
  }
  cachectl::HttpResponse response;
  response.status = (data[2] << 8 | data[3]) % 700;
  std::string_view rest = cachectl::fuzz::as_text(data + 4, size - 4);
  const std::size_t blank = rest.find("\n\n");
  const std::string_view head = rest.substr(0, blank);
  response.body =
      blank == std::string_view::npos ? std::string() : std::string(rest.substr(blank + 2));
  for (const std::string_view line : cachectl::fuzz::split_lines(head, 64)) {
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      for (char& c : name) {
        c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      response.headers.emplace_back(std::move(name), std::string(line.substr(colon + 1)));
    }
  }
  if (response.status == 0) {
    response.error = "Connection reset by peer";
  }
  const auto requests = adapter.build(batch);
  check(!requests.empty(), "a batch becomes at least one request");
  const cachectl::Verdict verdict = adapter.judge(requests.front().request, response, batch);
  if (verdict.retry_after) {
    check(std::isfinite(*verdict.retry_after) && *verdict.retry_after >= 0,
          "a wait is finite and non-negative",
          std::to_string(*verdict.retry_after));
  }
  check(one_printable_line(verdict.reason), "a reason is one printable line", verdict.reason);
  if (verdict.kind == cachectl::Verdict::Kind::ok) {
    for (const auto& item : verdict.failed_items) {
      check(std::find(batch.items.begin(), batch.items.end(), item) != batch.items.end(),
            "partially failed items belong to the batch",
            item);
    }
  } else {
    check(!verdict.reason.empty(), "a failure has a reason");
  }
  return 0;
}
