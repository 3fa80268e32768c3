// `headers --format json`: the streamed records are byte for byte the documents' dumps.
#include "headers_json.hpp"
#include "hostile_text.hpp"

#include <cachectl/config/config.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace cachectl;
using namespace cachectl::cli;

namespace {

Config
hostile_config()
{
  auto config = parse_config(R"(version = 1
[routes."/a/[id]"]
max_age = 60
[routes."/caf\u00e9/[...rest]"]
max_age = 1
[routes."/q\"uote\\/[x]"]
tags = ["t"]
)",
                             "ca\"che.toml");
  REQUIRE(config);
  return std::move(*config);
}

std::vector<std::string>
hostile_list(std::mt19937& random)
{
  std::vector<std::string> out(random() % 4);
  for (auto& item : out) {
    item = test::hostile_text(random);
  }
  return out;
}

Resolution
random_resolution(std::mt19937& random, const Config& config, bool matched)
{
  Resolution r;
  r.kind = matched ? Resolution::Kind::matched : static_cast<Resolution::Kind>(random() % 5);
  r.url.path = test::hostile_text(random);
  r.url.query = test::hostile_text(random);
  r.url.has_query = random() % 2 == 0;
  if (matched) {
    r.match = RuleMatch{random() % config.rules.size(), {}};
    for (std::size_t i = random() % 4; i > 0; --i) {
      r.match->params.emplace_back(test::hostile_text(random), test::hostile_text(random, 2000));
    }
  }
  return r;
}

std::string
raw_input(std::mt19937& random)
{
  switch (random() % 6) {
  case 0:
    return "https://user:pa\"ss@host/" + test::hostile_text(random);
  case 1:
    return "/" + std::string(max_url_length + random() % 50, 'x') + test::hostile_text(random);
  default:
    return test::hostile_text(random);
  }
}

std::string
dump(const Json& j)
{
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace

TEST_CASE("headers JSON Lines: streamed records equal the documents' dumps on hostile input")
{
  const Config config = hostile_config();
  const auto all = header_providers();
  std::mt19937 random(20261206);
  for (int i = 0; i < 3000; ++i) {
    HeadersJsonShape shape;
    shape.config = &config;
    shape.all = random() % 3 == 0;
    shape.providers = shape.all ? all : std::vector{all[random() % all.size()]};
    shape.explain = random() % 8 == 0;
    const std::string raw = raw_input(random);
    const std::string input = redacted_input(raw, raw.size());
    CAPTURE(input);
    // An input that gets no headers.
    const Resolution unmatched = random_resolution(random, config, false);
    const std::string reason = test::hostile_text(random);
    std::string streamed;
    write_headers_unmatched_json(streamed, shape, input, unmatched, reason);
    REQUIRE(streamed == dump(headers_unmatched_json(shape, input, unmatched, reason)));
    // A matched input with hostile reasons, warnings, headers and notes.
    const Resolution matched = random_resolution(random, config, true);
    Policy policy;
    policy.cacheable = random() % 2 == 0;
    for (std::size_t k = random() % 3; k > 0; --k) {
      policy.reasons.push_back({static_cast<Condition>(random() % 6), test::hostile_text(random)});
    }
    policy.warnings = hostile_list(random);
    policy.options.max_age = static_cast<std::int64_t>(random() % 100000);
    policy.options.tags = hostile_list(random);
    std::vector<ProviderResult> results;
    for (const ProviderInfo* provider : shape.providers) {
      ProviderResult result{provider, {}};
      for (std::size_t k = random() % 4; k > 0; --k) {
        result.set.headers.push_back({test::hostile_text(random), test::hostile_text(random)});
      }
      result.set.warnings = hostile_list(random);
      result.set.notes = hostile_list(random);
      results.push_back(std::move(result));
    }
    streamed.clear();
    write_headers_matched_json(streamed, shape, input, matched, policy, results);
    REQUIRE(streamed == dump(headers_matched_json(shape, input, matched, policy, results)));
  }
}
