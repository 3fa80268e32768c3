// The nesting scanner that runs before toml++ (lib/src/util/toml_nesting.hpp): exact depths,
// strings and comments skipped, the first node too deep located, and agreement with toml++'s own
// tree.
#include "util/toml_nesting.hpp"

#include <cachectl/config/config.hpp>

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace cachectl;

namespace {

// The depth toml_nesting measures in `text`, checking that it read the whole text.
std::size_t
depth_of(std::string_view text)
{
  const TomlNesting nesting = toml_nesting(text, 1000);
  INFO(text);
  CHECK(nesting.complete);
  return nesting.depth;
}

// The depth of the tree toml++ builds from `text`.
std::size_t
tree_depth_of(std::string_view text)
{
  return toml_tree_depth(toml::parse(text));
}

} // namespace

TEST_CASE("toml_nesting: depths as toml++ builds the tree")
{
  CHECK(depth_of("") == 0);
  CHECK(depth_of("# only a comment\n") == 0);
  CHECK(depth_of("a = 1") == 1);
  CHECK(depth_of("a.b.c = 1\n") == 3);
  CHECK(depth_of("a . 'b' . \"c.d\" = 1\n") == 3);
  CHECK(depth_of("[a.b]\n") == 2);
  CHECK(depth_of("[a.b]\nc.d = 1\n") == 4);
  CHECK(depth_of("[ a . b ]\nc = 1\n[x]\ny = 2\n") == 3);
  CHECK(depth_of("[[a]]\n") == 2);
  CHECK(depth_of("[[a.b]]\nc = 1\n") == 4);
  // A header under an array of tables continues its last element, a level deeper.
  for (const auto& [text, depth] :
       std::vector<std::pair<std::string_view, std::size_t>>{{"[[a]]\n[a.b]\nc = 1\n", 4},
                                                             {"[[a]]\n[[a.b]]\n[a.b.c]\n", 5},
                                                             {"[[\"a\"]]\n[a.b]\n", 3},
                                                             {"[[a]]\n[\"a.b\"]\n", 2}}) {
    CHECK(depth_of(text) == depth);
    CHECK(tree_depth_of(text) == depth);
  }
  CHECK(depth_of("a = []\n") == 1);
  CHECK(depth_of("a = [1, [2, [3]]]\n") == 4);
  CHECK(depth_of("a = {}\n") == 1);
  CHECK(depth_of("a = { b = { c.d = 1 }, e = 2 }\n") == 4);
  CHECK(depth_of("a = [ # comment [[[\n  { b = 1 },\n  2, # ]]]\n]\n") == 3);
  CHECK(depth_of("\xEF\xBB\xBF"
                 "a.b = 1\r\nc = 1979-05-27 07:32:00 # a date holds a space\r\n") == 2);
}

TEST_CASE("toml_nesting: strings and comments hold no structure")
{
  CHECK(depth_of("a = \"x.y[{\\\"}]\" # [b.c.d]\n") == 1);
  CHECK(depth_of("a = 'x.[{\\'\n") == 1);
  CHECK(depth_of("a = \"\"\"\n[b.c.d]\n\\\"\"\"x\"\"\"\"\"\n") == 1);
  CHECK(depth_of("a = '''\n[b.c.d]\n''''\n") == 1);
  CHECK(depth_of("a = [\"]\", '[', \"\"\"]]\"\"\"]\n") == 2);
  CHECK(depth_of("\"a.b.c\" = 1\n") == 1);
}

TEST_CASE("toml_nesting: the first node deeper than the limit")
{
  const std::string text = "x = 1\n[a.b]\nc = 1\nc.d.e = [[1]]\n";
  const TomlNesting nesting = toml_nesting(text, 4);
  CHECK_FALSE(nesting.complete);
  CHECK(nesting.depth == 5);
  CHECK(nesting.offset == text.find("c.d.e"));
  CHECK(toml_nesting(text, 6).depth == 7);
  CHECK(toml_nesting(text, 7).depth == 7);
  CHECK(toml_nesting(text, 7).complete);

  // Far deeper than the limit: the scan stops there, whatever follows. The `[` at offset 4 + n
  // starts a node n + 1 deep.
  std::string deep = "a = ";
  for (int i = 0; i < 100000; ++i) {
    deep += '[';
  }
  CHECK(toml_nesting(deep).depth == max_toml_nesting + 1);
  CHECK(toml_nesting(deep).offset == 4 + max_toml_nesting);
}

TEST_CASE("toml_nesting: malformed structure stops the scan where toml++ stops")
{
  for (const std::string_view text : {"a.b = 1 = 2 x\n[c.d.e\n",
                                      "a = {b = 1,\n c.d.e = 2}\n",
                                      "a = \"unterminated\nb.c.d = 1\n",
                                      "[a.b\nc.d.e = 1\n",
                                      "a.b.\n"}) {
    INFO(text);
    const TomlNesting nesting = toml_nesting(text);
    CHECK_FALSE(nesting.complete);
    CHECK(nesting.depth <= 2);
    CHECK_THROWS_AS(toml::parse(text), toml::parse_error);
  }
}

TEST_CASE("toml_nesting: agrees with toml++ on every config of the repository")
{
  std::vector<std::filesystem::path> files;
  for (const auto* dir :
       {"examples", "tests/fixtures", "tests/cli/fixtures", "tests/fuzz/corpus"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(CACHECTL_SOURCE_DIR) / dir)) {
      if (entry.path().extension() == ".toml") {
        files.push_back(entry.path());
      }
    }
  }
  REQUIRE(files.size() > 20);
  std::size_t parsed = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(file.string());
    const TomlNesting nesting = toml_nesting(text);
    try {
      const std::size_t depth = tree_depth_of(text);
      CHECK(nesting.complete);
      CHECK(nesting.depth == depth);
      ++parsed;
    } catch (const toml::parse_error&) {
      // Malformed values (`swr = = 5`) and redefined tables are toml++'s to report.
      CHECK(nesting.depth <= 3);
    }
  }
  CHECK(parsed > 20);
}

TEST_CASE("a config nested deeper than the limit is refused where the limit is crossed")
{
  // `x` is 3 deep: a key of 253 parts in its inline table reaches 256 levels, one of 254 parts
  // 257. The column counts code points, as toml++'s own positions do.
  std::string text =
      "version = 1\n[routes.\"/x\"]\ntags = [\"x\"]\nx = { \"\xC3\xA9\xC3\xA9\" = 1, ";
  for (std::size_t i = 0; i < max_toml_nesting - 4; ++i) {
    text += "a.";
  }
  const LoadedConfig fits = read_config_text(text + "a = 1 }\n", "deep.toml");
  REQUIRE_FALSE(fits.diagnostics.empty());
  CHECK(fits.diagnostics[0].code == "unknown-key");
  text += "a.a = 1 }\n";
  const LoadedConfig loaded = read_config_text(text, "deep.toml");
  REQUIRE(loaded.diagnostics.size() == 1);
  const Diagnostic& error = loaded.diagnostics[0];
  CHECK(error.code == "toml-syntax");
  CHECK(error.message == "invalid TOML: tables, dotted keys and arrays nested more than 256 levels "
                         "deep");
  CHECK(error.span.begin.line == 4);
  CHECK(error.span.begin.column == 17);
  CHECK(loaded.text == text);
}
