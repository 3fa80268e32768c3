#include <cachectl/util/json_writer.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

using cachectl::append_json_string;
using cachectl::JsonWriter;

namespace {

std::string
nlohmann_spelling(const std::string& text)
{
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string
ours(std::string_view text)
{
  std::string out;
  append_json_string(out, text);
  return out;
}

} // namespace

TEST_CASE("append_json_string spells strings as nlohmann::json dumps them")
{
  for (const std::string& text : {std::string(""),
                                  std::string("/plain/path?x=1"),
                                  std::string("quote \" and backslash \\"),
                                  std::string("\b\f\n\r\t\x01\x1f\x7f"),
                                  std::string("caf\xc3\xa9 \xe2\x80\xae \xf0\x9f\x98\x80"),
                                  std::string("\xc3"),
                                  std::string("\xc0\xaf overlong"),
                                  std::string("\xed\xa0\x80 surrogate"),
                                  std::string("\xf4\x90\x80\x80 above U+10FFFF"),
                                  std::string("a\xff\xfe b\x80"),
                                  std::string("\0nul", 4)}) {
    CAPTURE(text);
    CHECK(ours(text) == nlohmann_spelling(text));
  }
}

TEST_CASE("append_json_string agrees with nlohmann::json on random bytes")
{
  std::mt19937 random(20261205);
  // Bytes weighted towards the interesting ones: controls, quotes, UTF-8 lead and trail bytes.
  const std::string alphabet("aZ/%\"\\\x01\x1f\x7f\xc3\xa9\xe2\x82\xac\xf0\x9f\xed\xa0"
                             "\x80\xbf\xc0\xf5\xff ");
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) {
      text += random() % 4 == 0 ? static_cast<char>(random() % 256)
                                : alphabet[random() % alphabet.size()];
    }
    CAPTURE(text);
    REQUIRE(ours(text) == nlohmann_spelling(text));
  }
}

TEST_CASE("is_plain_json finds a byte that needs escaping in every lane of the 16-byte scan")
{
  const std::string filler = "repos/octo-cat/hello_world/issues/1234/comments?x=1&y=2";
  const std::string specials[] = {
      "\"", "\\", std::string(1, '\0'), "\x1f", "\x7f", "\x80", "\xc3\xa9", "\xff", " ", "~"};
  std::size_t plain = 0;
  for (const auto& special : specials) {
    for (std::size_t at = 0; at <= filler.size(); ++at) {
      const std::string text = filler.substr(0, at) + special + filler.substr(at);
      INFO("text: ", text);
      const bool want = special == "\x7f" || special == " " || special == "~";
      CHECK(cachectl::is_plain_json(text) == want);
      plain += want ? 1U : 0U;
      std::string out = "[";
      append_json_string(out, text);
      CHECK(out == "[" + nlohmann_spelling(text));
    }
  }
  CHECK(plain > 100);
  CHECK(cachectl::is_plain_json(filler));
  CHECK(cachectl::is_plain_json(""));
}

TEST_CASE("JsonWriter places commas and nests like nlohmann::json's compact dump")
{
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a");
  w.number(-12);
  w.key("b");
  w.begin_array();
  w.string("x");
  w.null();
  w.boolean(true);
  w.begin_object();
  w.end_object();
  w.begin_array();
  w.end_array();
  w.raw(R"({"k":1})");
  w.end_array();
  w.key("c");
  w.begin_object();
  w.key("d");
  w.boolean(false);
  w.end_object();
  w.key("e");
  w.string("\n");
  w.end_object();
  const nlohmann::ordered_json expected = {{"a", -12},
                                           {"b",
                                            {"x",
                                             nullptr,
                                             true,
                                             nlohmann::ordered_json::object(),
                                             nlohmann::ordered_json::array(),
                                             {{"k", 1}}}},
                                           {"c", {{"d", false}}},
                                           {"e", "\n"}};
  CHECK(out == expected.dump());
}

TEST_CASE("JsonWriter::resume_object: a record written in two pieces equals it written at once")
{
  std::string whole;
  JsonWriter w(whole);
  w.begin_object();
  w.key("input");
  w.string("/a");
  w.key("list");
  w.begin_array();
  w.number(1);
  w.end_array();
  w.key("error");
  w.null();
  w.end_object();

  std::string head;
  JsonWriter h(head);
  h.begin_object();
  h.key("input");
  h.string("/a");
  std::string tail;
  JsonWriter t(tail);
  t.resume_object();
  t.key("list");
  t.begin_array();
  t.number(1);
  t.end_array();
  t.key("error");
  t.null();
  t.end_object();
  CHECK(head + tail == whole);
  CHECK(tail == R"(,"list":[1],"error":null})");
}
