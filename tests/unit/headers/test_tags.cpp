#include <cachectl/headers/tags.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_CASE("expand_page_tags: decoded params, an empty rest takes its `/` along")
{
  const std::vector<std::string> names = {"slug"};
  // The matched path is percent-encoded; the tag holds the decoded text, escaped once later.
  CHECK(expand_page_tags({"post:{slug}"}, {{"slug", "caf%C3%A9"}}, names) ==
        std::vector<std::string>{"post:caf\xc3\xa9"});
  CHECK(expand_page_tags({"post:{slug}"}, {{"slug", "100%25"}}, names) ==
        std::vector<std::string>{"post:100%"});
  CHECK(expand_page_tags({"p:{slug}"}, {{"slug", "a%2Cb%20c%2Fd"}}, names) ==
        std::vector<std::string>{"p:a,b c/d"});
  // Issue 12 item 14: `/blog` on `/blog/[...slug]` is tagged `blog`, not `blog/`.
  CHECK(expand_page_tags({"blog/{slug}", "blog"}, {}, names) == std::vector<std::string>{"blog"});
  CHECK(expand_page_tags({"{slug}/x"}, {}, names) == std::vector<std::string>{"x"});
  CHECK(expand_page_tags({"blog/{slug}"}, {{"slug", "a/b"}}, names) ==
        std::vector<std::string>{"blog/a/b"});
  CHECK(expand_page_tags({"x:{nope}"}, {}, names) == std::vector<std::string>{"x:{nope}"});
}

TEST_CASE("encode_tag of a decoded tag is applied once: `%` only where the tag has one")
{
  CHECK(encode_tag(cloudflare_provider.tags, "post:caf\xc3\xa9") == "post:caf%C3%A9");
  CHECK(encode_tag(netlify_provider.tags, "a,b") == "a%2Cb");
  CHECK(encode_tag(fastly_provider.tags, "a b,c") == "a%20b,c");
}

TEST_CASE("tag_escape_warning says which provider refuses what")
{
  const auto warn = [](const ProviderInfo& p, std::string_view tag) {
    return tag_escape_warning(p, p.tags.header, tag, encode_tag(p.tags, tag));
  };
  CHECK(warn(netlify_provider, "a,b") ==
        "tag `a,b` is written as `a%2Cb` in Netlify-Cache-Tag: `,` separates its tags");
  CHECK(warn(cloudflare_provider, "100%") ==
        "tag `100%` is written as `100%25` in Cache-Tag: `%` is written as %25 so that the "
        "escaping stays reversible");
  CHECK(warn(akamai_provider, "post:caf\xc3\xa9") ==
        "tag `post:caf\xc3\xa9` is written as `post%3Acaf%C3%A9` in Edge-Cache-Tag: Akamai does "
        "not accept `:` in a tag; Akamai accepts only printable ASCII in a tag (bytes 0xC3 0xA9)");
  // Fastly's charset takes non-ASCII bytes: escaping them is cachectl's choice, said so.
  CHECK(warn(fastly_provider, "caf\xc3\xa9") ==
        "tag `caf\xc3\xa9` is written as `caf%C3%A9` in Surrogate-Key: bytes outside printable "
        "ASCII (0xC3 0xA9) are escaped to keep the header ASCII");
}
