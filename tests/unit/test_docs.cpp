// Drift tests: the documentation must name everything the key table knows.
#include <cachectl/config/config_keys.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/lint/diagnostic.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace cachectl;

namespace {

std::string
read_file(const std::string& path)
{
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

} // namespace

TEST_SUITE_BEGIN("docs");

TEST_CASE("cachectl.toml(5) documents every key of the key table")
{
  const std::string page = read_file(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl.toml.5");
  for (const KeySpec& key : config_keys()) {
    CAPTURE(key.name);
    // Each key is a tagged paragraph: `.TP` then `.B name`.
    CHECK(page.find(".TP\n.B " + std::string(key.name) + "\n") != std::string::npos);
  }
  for (std::string_view provider : provider_names()) {
    CAPTURE(provider);
    CHECK(page.find(".BR " + std::string(provider)) != std::string::npos);
  }
}

TEST_CASE("the man pages state the range of every number key as the key table has it")
{
  const std::string toml5 = read_file(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl.toml.5");
  const std::string purge1 = read_file(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl-purge.1");
  std::size_t numbers = 0;
  for (const KeySpec& key : config_keys()) {
    if (key.type != KeyType::number) {
      continue;
    }
    ++numbers;
    CAPTURE(key.name);
    const std::size_t entry = toml5.find(".TP\n.B " + std::string(key.name) + "\n");
    REQUIRE(entry != std::string::npos);
    const std::string range = fmt::format("{} to {}", key.lowest, key.highest);
    CHECK(toml5.substr(entry, 80).find("Number, " + range) != std::string::npos);
    // The flag of the same name (--timeout, --rate, --deadline) states the same range.
    const std::size_t flag = purge1.find(".BI \\-\\-" + std::string(key.name) + " ");
    REQUIRE(flag != std::string::npos);
    CHECK(purge1.substr(flag, 200).find(range) != std::string::npos);
  }
  CHECK(numbers == 3);
}

TEST_SUITE_END();

TEST_CASE("cachectl-validate(1) documents every diagnostic code")
{
  const std::string page = read_file(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl-validate.1");
  for (const DiagnosticCode& code : diagnostic_codes()) {
    std::string escaped;
    for (char c : code.code) {
      escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    }
    CAPTURE(code.code);
    CHECK(page.find(".BR " + escaped + " \" (\" " + std::string(to_string(code.severity)) + " )") !=
          std::string::npos);
  }
}

TEST_CASE("cachectl-purge(1) documents every purge provider, its token variable and limits")
{
  const std::string page = read_file(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl-purge.1");
  for (const ProviderInfo* provider : providers()) {
    CAPTURE(provider->name);
    if (!provider->purge.available) {
      CHECK(page.find(fmt::format(".B {}\n", provider->name)) == std::string::npos);
      continue;
    }
    // The provider has an entry in PROVIDERS, and its default token variable is named.
    CHECK(page.find(fmt::format(".TP\n.B {}\n", provider->name)) != std::string::npos);
    if (!provider->purge.token_env.empty()) {
      CHECK(page.find(std::string(provider->purge.token_env)) != std::string::npos);
    }
    // A batch limit above 1 that the descriptor sets is the one the page states.
    const std::size_t entry = page.find(fmt::format(".TP\n.B {}\n", provider->name));
    const std::size_t next = page.find(".TP\n.B ", entry + 4);
    const std::string text = page.substr(entry, next - entry);
    for (const std::size_t limit : {provider->purge.url_batch, provider->purge.tag_batch}) {
      if (limit > 1) {
        CHECK(text.find(fmt::format("{}", limit)) != std::string::npos);
      }
    }
  }
}
