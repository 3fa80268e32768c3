// Request signing: the crypto helpers, Akamai EdgeGrid and AWS SigV4 against the published
// vectors in tests/fixtures/signing-test-vectors.json (edgegrid-python's 15 cases and signing
// key, the AWS suite's post-vanilla), `.edgerc` parsing and credentials from the environment.
#include "purge/crypto.hpp"
#include "purge/edgegrid.hpp"
#include "purge/sigv4.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

using namespace cachectl;
using json = nlohmann::json;

namespace {

// The test vectors, read once.
const json&
vectors()
{
  static const json data = [] {
    std::ifstream in(std::string(CACHECTL_SOURCE_DIR) +
                     "/tests/fixtures/signing-test-vectors.json");
    REQUIRE(in.good());
    return json::parse(in);
  }();
  return data;
}

// A request body of the vectors: a string, or `{"repeat": TEXT, "count": N}` for TEXT N times.
std::string
expand_body(const json& data)
{
  if (data.is_string()) {
    return data.get<std::string>();
  }
  std::string body;
  for (int i = 0; i < data.at("count").get<int>(); ++i) {
    body += data.at("repeat").get<std::string>();
  }
  return body;
}

// The hex form of a digest, for comparing with published hex answers.
std::string
hex_of(const Sha256Digest& digest)
{
  return hex(digest);
}

// The bytes of a string, for the byte-span helpers.
std::span<const unsigned char>
bytes(std::string_view text)
{
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

// An environment lookup over a fixed set of variables.
EnvLookup
fake_env(std::map<std::string, std::string> variables)
{
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    const auto it = variables.find(std::string(name));
    return it == variables.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

// The EdgeGrid credentials of the vectors' `config`.
EdgeGridCredentials
vector_credentials()
{
  const json& config = vectors().at("edgegrid").at("config");
  EdgeGridCredentials credentials{
      .host = "akaa-baseurl-xxxxxxxxxxx-xxxxxxxxxxxxx.luna.akamaiapis.net",
      .client_token = config.at("client_token").get<std::string>(),
      .client_secret = config.at("client_secret").get<std::string>(),
      .access_token = config.at("access_token").get<std::string>(),
      .max_body = config.at("max_body").get<std::size_t>(),
      .headers_to_sign = config.at("headers_to_sign").get<std::vector<std::string>>()};
  CHECK(config.at("base_url").get<std::string>() == "https://" + credentials.host + "/");
  return credentials;
}

// The time 2014-03-21 19:34:21 UTC of the EdgeGrid vectors, plus `extra`.
std::chrono::system_clock::time_point
vector_time(std::chrono::milliseconds extra = {})
{
  using namespace std::chrono;
  return sys_days{year{2014} / 3 / 21} + hours{19} + minutes{34} + seconds{21} + extra;
}

// A two-section `.edgerc` with comments, dashed keys, a schemed host and quotes.
constexpr std::string_view k_edgerc = R"(# Akamai credentials
[default]
host = akab-default.luna.akamaiapis.net/
client_token = akab-ct-default
client_secret = c2VjcmV0LWRlZmF1bHQtdmFsdWUtMTIzNDU2Nzg5MA==
access_token = akab-at-default

; purge client
[ccu]
host: "https://akab-ccu.luna.akamaiapis.net/"
client-token = akab-ct-ccu   # trailing comment
Client-Secret = Q0NVLXNlY3JldC12YWx1ZS1hYmNkZWZnaGlqaw==
access-token = akab-at-ccu
max-body = 2048
headers_to_sign = X-Test1, X-Test2,

[broken]
host = akab-broken.luna.akamaiapis.net
client_token = akab-ct-broken
client_secret = YnJva2VuLXNlY3JldC1zaG91bGQtbmV2ZXItc2hvdw==
)";

} // namespace

TEST_SUITE_BEGIN("signing");

TEST_CASE("sha256, hmac_sha256, base64 and hex known answers")
{
  CHECK(hex_of(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex_of(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test cases 2 and 6 (a key longer than the block is hashed first).
  CHECK(hex_of(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hex_of(hmac_sha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // RFC 4648 section 10.
  CHECK(base64(bytes("")).empty());
  CHECK(base64(bytes("f")) == "Zg==");
  CHECK(base64(bytes("fo")) == "Zm8=");
  CHECK(base64(bytes("foo")) == "Zm9v");
  CHECK(base64(bytes("foob")) == "Zm9vYg==");
  CHECK(base64(bytes("fooba")) == "Zm9vYmE=");
  CHECK(base64(bytes("foobar")) == "Zm9vYmFy");
  CHECK(base64(bytes(std::string(100000, 'x'))).size() == 133336); // no line breaks
  CHECK(hex(bytes(std::string_view("\x00\xff\x10\xab", 4))) == "00ff10ab");
  CHECK(hex(bytes("")).empty());
}

TEST_CASE("random_uuid is an RFC 4122 version 4 UUID")
{
  static const std::regex shape(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto uuid = random_uuid();
    REQUIRE(uuid.has_value());
    CHECK(std::regex_match(*uuid, shape));
    seen.insert(*uuid);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("edgegrid: the signing key of the vectors")
{
  const json& edgegrid = vectors().at("edgegrid");
  CHECK(edgegrid.at("_source").get<std::string>().starts_with("akamai/AkamaiOPEN-edgegrid-python"));
  const auto timestamp = edgegrid.at("config").at("timestamp").get<std::string>();
  CHECK(edgegrid_timestamp(vector_time()) == timestamp);
  CHECK(edgegrid_signing_key(vector_credentials().client_secret, timestamp) ==
        edgegrid.at("expected_signing_key").get<std::string>());
}

TEST_CASE("edgegrid: every case of the vectors")
{
  const json& edgegrid = vectors().at("edgegrid");
  const auto credentials = vector_credentials();
  const auto timestamp = edgegrid.at("config").at("timestamp").get<std::string>();
  const auto nonce = edgegrid.at("config").at("nonce").get<std::string>();
  const std::string unsigned_header = edgegrid_unsigned_header(credentials, timestamp, nonce);
  CHECK(unsigned_header == "EG1-HMAC-SHA256 client_token=" + credentials.client_token +
                               ";access_token=" + credentials.access_token +
                               ";timestamp=" + timestamp + ";nonce=" + nonce + ";");
  std::size_t signed_cases = 0;
  std::size_t refused_cases = 0;
  for (const json& test : edgegrid.at("cases")) {
    const json& request = test.at("request");
    CAPTURE(test.at("name").get<std::string>());
    HttpHeaders headers;
    for (const json& header : request.value("headers", json::array())) {
      for (const auto& [name, value] : header.items()) {
        headers.emplace_back(name, value.get<std::string>());
      }
    }
    // The host is the Host header where the case has one, else the base URL's (as requests does).
    std::string host = credentials.host;
    for (const auto& [name, value] : headers) {
      if (name == "Host") {
        host = value;
      }
    }
    const auto method = request.at("method").get<std::string>();
    const auto path = request.at("path").get<std::string>();
    const std::string body = request.contains("data") ? expand_body(request.at("data")) : "";
    const std::string data = edgegrid_data_to_sign(
        credentials, method, "https", host, path, headers, body, timestamp, nonce);
    const auto authorization = edgegrid_authorization(
        credentials, method, "https", host, path, headers, body, timestamp, nonce);
    const auto expected = test.at("expectedAuthorization").get<std::string>();
    if (test.contains("failsWithMessage")) {
      // Refused before signing, as an HTTP client refuses the header; the message names the
      // header and gives the vectors' reason, but not the value.
      ++refused_cases;
      REQUIRE_FALSE(authorization.has_value());
      const auto reason = test.at("failsWithMessage").get<std::string>();
      CHECK(ascii_lower(reason).starts_with(k_bad_header_value));
      CHECK(authorization.error().message.find(k_bad_header_value) != std::string::npos);
      CHECK(authorization.error().message.find("X-Test1") != std::string::npos);
      CHECK(authorization.error().message.find("first-thing") == std::string::npos);
      // The vectors' authorization is what a lenient signer (trimming and collapsing) gives.
      CHECK(data.find("\tx-test1:first-thing second-thing\t") != std::string::npos);
      CHECK(unsigned_header + "signature=" +
                edgegrid_signature(edgegrid_signing_key(credentials.client_secret, timestamp),
                                   data) ==
            expected);
    } else {
      ++signed_cases;
      // expectedDataToSign stops before the unsigned-header field (it ends in a TAB).
      CHECK(data == test.at("expectedDataToSign").get<std::string>() + unsigned_header);
      REQUIRE(authorization.has_value());
      CHECK(*authorization == expected);
    }
  }
  CHECK(signed_cases == 14);
  CHECK(refused_cases == 1);
}

TEST_CASE("edgegrid: the scheme and host are those of the URL requested")
{
  const auto credentials = vector_credentials();
  const std::string data = edgegrid_data_to_sign(credentials,
                                                 "POST",
                                                 "http",
                                                 "127.0.0.1:8080",
                                                 "/ccu/v3/invalidate/url/production",
                                                 {},
                                                 R"({"objects":["https://a.example/x"]})",
                                                 "20140321T19:34:21+0000",
                                                 "n");
  CHECK(data.starts_with("POST\thttp\t127.0.0.1:8080\t/ccu/v3/invalidate/url/production\t\t"));
  const auto https = edgegrid_authorization(credentials,
                                            "POST",
                                            "https",
                                            "127.0.0.1:8080",
                                            "/ccu/v3/invalidate/url/production",
                                            {},
                                            "{}",
                                            "20140321T19:34:21+0000",
                                            "n");
  const auto http = edgegrid_authorization(credentials,
                                           "POST",
                                           "http",
                                           "127.0.0.1:8080",
                                           "/ccu/v3/invalidate/url/production",
                                           {},
                                           "{}",
                                           "20140321T19:34:21+0000",
                                           "n");
  REQUIRE(https.has_value());
  REQUIRE(http.has_value());
  CHECK(*https != *http);
}

TEST_CASE("edgegrid: header checks name the header, never the value")
{
  const auto credentials = vector_credentials();
  const auto sign = [&](HttpHeaders headers) {
    return edgegrid_authorization(credentials, "GET", "https", "h", "/", headers, "", "t", "n");
  };
  CHECK(sign({{"X-Test1", ""}}).has_value());
  CHECK(sign({{"X-Test1", "value with trailing space "}}).has_value());
  const auto cr = sign({{"X-Secretish", "tok\r\nInjected: yes"}});
  REQUIRE_FALSE(cr.has_value());
  CHECK(cr.error().message.find("X-Secretish") != std::string::npos);
  CHECK(cr.error().message.find("tok") == std::string::npos);
  CHECK_FALSE(sign({{"Bad Name", "v"}}).has_value());
  CHECK_FALSE(sign({{"", "v"}}).has_value());
  CHECK_FALSE(sign({{"X-Nul", std::string("a\0b", 3)}}).has_value());
}

TEST_CASE("edgegrid_timestamp")
{
  CHECK(edgegrid_timestamp(vector_time(std::chrono::milliseconds(999))) ==
        "20140321T19:34:21+0000");
  CHECK(edgegrid_timestamp(std::chrono::system_clock::time_point{}) == "19700101T00:00:00+0000");
  CHECK(edgegrid_timestamp(std::chrono::sys_days{std::chrono::year{2024} / 2 / 29} +
                           std::chrono::hours{23} + std::chrono::minutes{59} +
                           std::chrono::seconds{59}) == "20240229T23:59:59+0000");
}

TEST_CASE("parse_edgerc: sections, dashed keys, comments, host forms")
{
  const auto standard = parse_edgerc(k_edgerc, "default", "test.edgerc");
  REQUIRE(standard.has_value());
  CHECK(standard->host == "akab-default.luna.akamaiapis.net");
  CHECK(standard->client_token == "akab-ct-default");
  CHECK(standard->client_secret == "c2VjcmV0LWRlZmF1bHQtdmFsdWUtMTIzNDU2Nzg5MA==");
  CHECK(standard->access_token == "akab-at-default");
  CHECK(standard->max_body == 131072);
  CHECK(standard->headers_to_sign.empty());

  const auto ccu = parse_edgerc(k_edgerc, "ccu", "test.edgerc");
  REQUIRE(ccu.has_value());
  CHECK(ccu->host == "akab-ccu.luna.akamaiapis.net");
  CHECK(ccu->client_token == "akab-ct-ccu");
  CHECK(ccu->client_secret == "Q0NVLXNlY3JldC12YWx1ZS1hYmNkZWZnaGlqaw==");
  CHECK(ccu->access_token == "akab-at-ccu");
  CHECK(ccu->max_body == 2048);
  CHECK(ccu->headers_to_sign == std::vector<std::string>{"X-Test1", "X-Test2"});

  // CRLF line ends read the same.
  std::string crlf;
  for (char c : k_edgerc) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  const auto ccu_crlf = parse_edgerc(crlf, "ccu", "test.edgerc");
  REQUIRE(ccu_crlf.has_value());
  CHECK(ccu_crlf->client_secret == ccu->client_secret);
  CHECK(ccu_crlf->headers_to_sign == ccu->headers_to_sign);
}

TEST_CASE("parse_edgerc: errors name the file, section, line and key, never a secret")
{
  const auto broken = parse_edgerc(k_edgerc, "broken", "/home/u/.edgerc");
  REQUIRE_FALSE(broken.has_value());
  const std::string& message = broken.error().message;
  CHECK(message == "/home/u/.edgerc: section [broken] lacks `access_token` of the EdgeGrid "
                   "credentials");
  CHECK(message.find("YnJva2Vu") == std::string::npos);
  CHECK_FALSE(broken.error().not_found);

  const auto absent = parse_edgerc(k_edgerc, "papi", "/home/u/.edgerc");
  REQUIRE_FALSE(absent.has_value());
  CHECK(absent.error().message ==
        "/home/u/.edgerc has no section [papi] (it has `default`, `ccu` and `broken`)");

  const auto bad_line =
      parse_edgerc("[default]\nclient_secret c2VjcmV0LXNob3VsZC1uZXZlci1zaG93\n", "default", "e");
  REQUIRE_FALSE(bad_line.has_value());
  CHECK(bad_line.error().message == "e:2: expected `key = value` or `[section]`");

  const auto no_section = parse_edgerc("host = x\n", "default", "e");
  REQUIRE_FALSE(no_section.has_value());
  CHECK(no_section.error().message == "e:1: a key before the first `[section]`");

  const auto unclosed = parse_edgerc("[default\n", "default", "e");
  REQUIRE_FALSE(unclosed.has_value());
  CHECK(unclosed.error().message == "e:1: a section header must end with `]`");

  const auto empty_values =
      parse_edgerc("[default]\nhost = h\nclient_token =\nclient_secret = \"\"\naccess_token = a\n",
                   "default",
                   "e");
  REQUIRE_FALSE(empty_values.has_value());
  CHECK(
      empty_values.error().message ==
      "e: section [default] lacks `client_token` and `client_secret` of the EdgeGrid credentials");

  const auto bad_max_body = parse_edgerc(
      "[default]\nhost = h\nclient_token = c\nclient_secret = s\naccess_token = a\nmax_body = 2k\n",
      "default",
      "e");
  REQUIRE_FALSE(bad_max_body.has_value());
  CHECK(bad_max_body.error().message ==
        "e: section [default]: `max_body` is not a positive whole number of bytes");
}

TEST_CASE("read_edgerc: a file, and a missing one")
{
  const std::string path =
      (std::filesystem::temp_directory_path() / ("cachectl-" + random_uuid().value() + ".edgerc"))
          .string();
  {
    std::ofstream out(path, std::ios::binary);
    out << k_edgerc;
  }
  const auto ccu = read_edgerc(path, "ccu");
  REQUIRE(ccu.has_value());
  CHECK(ccu->client_token == "akab-ct-ccu");
  const auto broken = read_edgerc(path, "broken");
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().message.starts_with(path + ": section [broken] lacks `access_token`"));
  std::remove(path.c_str());

  const auto missing = read_edgerc(path, "ccu");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().not_found);
  CHECK(missing.error().message == "cannot read " + path + ": No such file or directory");
}

TEST_CASE("edgegrid_from_env: AKAMAI_* and AKAMAI_{SECTION}_*")
{
  const std::map<std::string, std::string> standard = {
      {"AKAMAI_HOST", "akab-env.luna.akamaiapis.net/"},
      {"AKAMAI_CLIENT_TOKEN", "akab-ct-env"},
      {"AKAMAI_CLIENT_SECRET", "ZW52LXNlY3JldC12YWx1ZS0xMjM0NTY3ODkwYWJj"},
      {"AKAMAI_ACCESS_TOKEN", "akab-at-env"},
      {"AKAMAI_MAX_BODY", "4096"}};
  const auto from_default = edgegrid_from_env("default", fake_env(standard));
  REQUIRE(from_default.has_value());
  CHECK(from_default->host == "akab-env.luna.akamaiapis.net");
  CHECK(from_default->client_token == "akab-ct-env");
  CHECK(from_default->client_secret == "ZW52LXNlY3JldC12YWx1ZS0xMjM0NTY3ODkwYWJj");
  CHECK(from_default->access_token == "akab-at-env");
  CHECK(from_default->max_body == 4096);

  // A section without variables of its own falls back to AKAMAI_*.
  const auto fallback = edgegrid_from_env("ccu", fake_env(standard));
  REQUIRE(fallback.has_value());
  CHECK(fallback->client_token == "akab-ct-env");

  // With any AKAMAI_CCU_* set, only those count (never a mix).
  auto sectioned = standard;
  sectioned["AKAMAI_CCU_HOST"] = "akab-ccu.luna.akamaiapis.net";
  sectioned["AKAMAI_CCU_CLIENT_TOKEN"] = "akab-ct-ccu";
  sectioned["AKAMAI_CCU_CLIENT_SECRET"] = "Y2N1LXNlY3JldC12YWx1ZS0xMjM0NTY3ODkwYWJj";
  const auto partial = edgegrid_from_env("ccu", fake_env(sectioned));
  REQUIRE_FALSE(partial.has_value());
  CHECK(partial.error().message ==
        "the environment lacks `AKAMAI_CCU_ACCESS_TOKEN` of the EdgeGrid credentials");
  CHECK(partial.error().message.find("Y2N1") == std::string::npos);
  CHECK_FALSE(partial.error().not_found);
  sectioned["AKAMAI_CCU_ACCESS_TOKEN"] = "akab-at-ccu";
  const auto ccu = edgegrid_from_env("ccu", fake_env(sectioned));
  REQUIRE(ccu.has_value());
  CHECK(ccu->host == "akab-ccu.luna.akamaiapis.net");
  CHECK(ccu->client_secret == "Y2N1LXNlY3JldC12YWx1ZS0xMjM0NTY3ODkwYWJj");
  CHECK(ccu->max_body == 131072);

  // Dashes in a section name become `_`.
  const auto dashed = edgegrid_from_env("my-ccu",
                                        fake_env({{"AKAMAI_MY_CCU_HOST", "h"},
                                                  {"AKAMAI_MY_CCU_CLIENT_TOKEN", "c"},
                                                  {"AKAMAI_MY_CCU_CLIENT_SECRET", "s"},
                                                  {"AKAMAI_MY_CCU_ACCESS_TOKEN", "a"}}));
  REQUIRE(dashed.has_value());
  CHECK(dashed->host == "h");

  const auto nothing = edgegrid_from_env("ccu", fake_env({}));
  REQUIRE_FALSE(nothing.has_value());
  CHECK(nothing.error().not_found);
  CHECK(nothing.error().message ==
        "the environment (with no `AKAMAI_CCU_*` variable set) lacks `AKAMAI_HOST`, "
        "`AKAMAI_CLIENT_TOKEN`, `AKAMAI_CLIENT_SECRET` and `AKAMAI_ACCESS_TOKEN` of the "
        "EdgeGrid credentials");

  auto bad_max_body = standard;
  bad_max_body["AKAMAI_MAX_BODY"] = "lots";
  const auto bad = edgegrid_from_env("default", fake_env(bad_max_body));
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message ==
        "the environment: `AKAMAI_MAX_BODY` is not a positive whole number of bytes");
}

TEST_CASE("sigv4: the post-vanilla case of the AWS test suite")
{
  const json& aws = vectors().at("aws_sigv4");
  CHECK(aws.at("_source").get<std::string>().starts_with("boto/botocore"));
  const json& given = aws.at("credentials");
  const json& vanilla = aws.at("post-vanilla");
  const SigV4Request request{.method = "POST",
                             .host = "example.amazonaws.com",
                             .path = "/",
                             .query = "",
                             .headers = {},
                             .body = "",
                             .amz_date = given.at("date").get<std::string>(),
                             .region = given.at("region").get<std::string>(),
                             .service = given.at("service").get<std::string>()};
  CHECK(vanilla.at("req").get<std::string>() ==
        "POST / HTTP/1.1\nHost:" + request.host + "\nX-Amz-Date:" + request.amz_date);
  const std::string canonical = sigv4_canonical_request(request);
  CHECK(canonical == vanilla.at("creq").get<std::string>());
  const std::string string_to_sign = sigv4_string_to_sign(request, canonical);
  CHECK(string_to_sign == vanilla.at("sts").get<std::string>());
  const AwsCredentials credentials{.access_key_id = given.at("access_key").get<std::string>(),
                                   .secret_access_key = given.at("secret_key").get<std::string>(),
                                   .session_token = ""};
  CHECK(sigv4_signature(credentials.secret_access_key, request, string_to_sign) ==
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  const auto headers = sigv4_sign(credentials, request);
  REQUIRE(headers.has_value());
  CHECK(*headers == HttpHeaders{{"X-Amz-Date", "20150830T123600Z"},
                                {"Authorization", vanilla.at("authz").get<std::string>()}});
}

TEST_CASE("sigv4: canonical URI, query and headers")
{
  CHECK(sigv4_canonical_uri("") == "/");
  CHECK(sigv4_canonical_uri("/2020-05-31/distribution/E1ABC/invalidation") ==
        "/2020-05-31/distribution/E1ABC/invalidation");
  CHECK(sigv4_canonical_uri("/a b/%2A~") == "/a%20b/%252A~");
  CHECK(sigv4_canonical_query("") == "");
  CHECK(sigv4_canonical_query("b=2&a=3&a=1&c") == "a=1&a=3&b=2&c=");
  CHECK(sigv4_canonical_query("x=a b%20c/~&&%7e=%2f") == "x=a%20b%20c%2F~&~=%2F");
  CHECK(sigv4_canonical_query("k=%zz+") == "k=%25zz%2B");

  SigV4Request request{.method = "POST",
                       .host = "127.0.0.1:8443",
                       .path = "/2020-05-31/distribution/E1ABC/invalidation",
                       .query = "",
                       .headers = {{"Content-Type", "text/xml   charset  "},
                                   {"X-Amz-Date", "ignored"},
                                   {"x-multi", "a"},
                                   {"X-Multi", "b\t "}},
                       .body = "<InvalidationBatch/>",
                       .amz_date = "20240501T100000Z",
                       .region = "us-east-1",
                       .service = "cloudfront"};
  CHECK(sigv4_signed_headers(request) == "content-type;host;x-amz-date;x-multi");
  CHECK(sigv4_canonical_request(request) ==
        "POST\n/2020-05-31/distribution/E1ABC/invalidation\n\ncontent-type:text/xml charset\n"
        "host:127.0.0.1:8443\nx-amz-date:20240501T100000Z\nx-multi:a,b\n\n"
        "content-type;host;x-amz-date;x-multi\n" +
            hex(sha256("<InvalidationBatch/>")));
  CHECK(sigv4_credential_scope(request) == "20240501/us-east-1/cloudfront/aws4_request");

  // A session token is sent and signed.
  const AwsCredentials temporary{.access_key_id = "ASIAEXAMPLE",
                                 .secret_access_key = "secret/EXAMPLE",
                                 .session_token = "token-EXAMPLE"};
  const auto headers = sigv4_sign(temporary, request);
  REQUIRE(headers.has_value());
  REQUIRE(headers->size() == 3);
  CHECK((*headers)[0] == std::pair<std::string, std::string>{"X-Amz-Date", "20240501T100000Z"});
  CHECK((*headers)[1] ==
        std::pair<std::string, std::string>{"X-Amz-Security-Token", "token-EXAMPLE"});
  CHECK((*headers)[2].first == "Authorization");
  CHECK((*headers)[2].second.starts_with(
      "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20240501/us-east-1/cloudfront/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-multi, Signature="));
  CHECK((*headers)[2].second.find("secret") == std::string::npos);

  // Refused: leading whitespace in a value, a malformed date, no region.
  request.headers.emplace_back("X-Leading", " v");
  CHECK_FALSE(sigv4_sign(temporary, request).has_value());
  request.headers.pop_back();
  request.amz_date = "2024-05-01T10:00:00Z";
  CHECK_FALSE(sigv4_sign(temporary, request).has_value());
  request.amz_date = "20240501T100000Z";
  request.region.clear();
  CHECK_FALSE(sigv4_sign(temporary, request).has_value());
}

TEST_CASE("aws_amz_date")
{
  using namespace std::chrono;
  CHECK(aws_amz_date(sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36} + milliseconds{999}) ==
        "20150830T123600Z");
  CHECK(aws_amz_date(system_clock::time_point{}) == "19700101T000000Z");
}

TEST_CASE("aws_credentials_from_env")
{
  const auto full = aws_credentials_from_env(fake_env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                                                       {"AWS_SECRET_ACCESS_KEY", "s3cr3t-EXAMPLE"},
                                                       {"AWS_SESSION_TOKEN", "tok"}}));
  REQUIRE(full.has_value());
  CHECK(full->access_key_id == "AKIDEXAMPLE");
  CHECK(full->secret_access_key == "s3cr3t-EXAMPLE");
  CHECK(full->session_token == "tok");

  const auto long_term = aws_credentials_from_env(fake_env(
      {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"}, {"AWS_SECRET_ACCESS_KEY", "s3cr3t-EXAMPLE"}}));
  REQUIRE(long_term.has_value());
  CHECK(long_term->session_token.empty());

  const auto no_secret = aws_credentials_from_env(
      fake_env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"}, {"AWS_SESSION_TOKEN", "tok-EXAMPLE"}}));
  REQUIRE_FALSE(no_secret.has_value());
  CHECK(no_secret.error().message ==
        "the environment lacks `AWS_SECRET_ACCESS_KEY` of the AWS credentials");
  CHECK_FALSE(no_secret.error().not_found);

  const auto nothing = aws_credentials_from_env(fake_env({{"AWS_ACCESS_KEY_ID", ""}}));
  REQUIRE_FALSE(nothing.has_value());
  CHECK(nothing.error().not_found);
  CHECK(nothing.error().message == "the environment lacks `AWS_ACCESS_KEY_ID` and "
                                   "`AWS_SECRET_ACCESS_KEY` of the AWS credentials");
}

TEST_CASE("process_env reads the process environment")
{
  const auto env = process_env();
  CHECK(env("PATH").has_value());
  CHECK_FALSE(env("CACHECTL_SURELY_UNSET_VARIABLE_4711").has_value());
}

TEST_SUITE_END();
