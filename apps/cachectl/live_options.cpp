#include "live_options.hpp"

#include <cachectl/purge/purge.hpp>

#include <cstdlib>

namespace cachectl::cli {

CLI::Validator
setting_range(std::string_view name)
{
  return CLI::Validator(
      [name](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0') {
          return {}; // not a number: CLI11's conversion says so
        }
        return purge_setting_refusal(name, value);
      },
      "");
}

void
add_live_options(CLI::App& cmd, LiveOptions& opts)
{
  cmd.add_option("url", opts.urls, "URLs, or paths under --base; - reads them from stdin")
      ->type_name("URL");
  cmd.add_option("--from", opts.from, "read URLs, one per line, from FILE or - (stdin)")
      ->type_name("FILE");
  cmd.add_option("--sitemap",
                 opts.sitemaps,
                 "take the URLs of a sitemap.xml (URL or FILE; an index is followed)")
      ->type_name("URL|FILE");
  cmd.add_option("--base", opts.base, "site URL that paths are joined to (default: [site] origins)")
      ->type_name("URL");
  cmd.add_option("--concurrency", opts.concurrency, "requests in flight at once (default 4)")
      ->check(CLI::Range(1, 64))
      ->type_name("N");
  cmd.add_option("--rate", opts.rate, "requests per second (0.001 to 10000, default 10)")
      ->check(setting_range("rate"))
      ->type_name("N");
  cmd.add_option("--timeout", opts.timeout, "seconds per request (0.001 to 3600, default 10)")
      ->check(setting_range("timeout"))
      ->type_name("SECONDS");
  cmd.add_flag("--follow", opts.follow, "follow redirects (up to 5; default: report the 3xx)");
}

} // namespace cachectl::cli
