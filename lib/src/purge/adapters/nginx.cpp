// nginx with ngx_cache_purge: every request goes to every node of `nodes`: `PURGE <path>` with
// the URL's Host (one cache key), `PURGE <path>*` (a key prefix, the module's partial keys),
// `PURGE /*` with a host's Host (everything of a host) or the node's (everything). A miss
// (412 or 404: nothing cached under that key) counts as purged for one key; for a key prefix it
// fails: a module without partial keys (FRiCKLE's 2.3, Debian 12's
// libnginx-mod-http-cache-purge) answers it after looking the `…*` up as one literal key, and
// leaves everything under it cached (tests/live shows it on the real server).
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// nginx nodes with ngx_cache_purge.
class NginxAdapter final : public PurgeAdapter {
public:
  // An adapter sending to `nodes`.
  NginxAdapter(const PurgeContext& context, std::vector<std::string> nodes)
      : m_context(context)
      , m_nodes(std::move(nodes))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    std::vector<PlannedRequest> out;
    const std::string_view item = batch.items.front();
    for (const auto& node : m_nodes) {
      switch (batch.kind) {
      case TargetKind::url:
        out.push_back(node_request(m_context, node, "PURGE", url_path(item), url_authority(item)));
        break;
      case TargetKind::prefix:
        out.push_back(node_request(
            m_context, node, "PURGE", fmt::format("{}*", url_path(item)), url_authority(item)));
        break;
      case TargetKind::host:
        out.push_back(node_request(m_context, node, "PURGE", "/*", item));
        break;
      default:
        out.push_back(node_request(m_context, node, "PURGE", "/*", url_authority(node)));
        break;
      }
    }
    return out;
  }

  Verdict
  judge(const HttpRequest& /*request*/,
        const HttpResponse& response,
        const PurgeBatch& batch) const override
  {
    if (response.status == 404 || response.status == 412) {
      Verdict verdict;
      if (batch.kind == TargetKind::url) {
        verdict.id = "not cached";
        return verdict;
      }
      // A module without partial keys (FRiCKLE's 2.3, Debian 12's package) looks the `…*` up
      // as one literal key and answers this miss while everything under it stays cached.
      verdict.kind = Verdict::Kind::fail;
      verdict.reason = fmt::format("HTTP {}: nothing purged under the key prefix; does the node's "
                                   "ngx_cache_purge have partial keys (`*`; not FRiCKLE's 2.3, "
                                   "which Debian 12 ships)?",
                                   response.status);
      return verdict;
    }
    return verdict_from_status(response, body_excerpt(response.body));
  }

  std::string
  refuse(const Target& target) const override
  {
    return wildcard_url_refusal(m_context, target, true);
  }

private:
  const PurgeContext& m_context;
  std::vector<std::string> m_nodes;
};

} // namespace

AdapterResult
make_nginx(const PurgeContext& context)
{
  auto nodes = cache_nodes(context);
  if (!nodes) {
    return std::unexpected(nodes.error());
  }
  return std::make_unique<NginxAdapter>(context, std::move(*nodes));
}

} // namespace cachectl::purge
