// Varnish: every request goes to every node of `nodes` (each cache is purged on its own). The
// VCL decides what a method means; cachectl sends the common conventions (cachectl-purge(1)
// shows the VCL): `PURGE <path>` with the URL's Host (exact URL, `method` overrides the
// verb), `PURGE /` with `xkey: k1 k2` (tags, vmod xkey; `xkey-softpurge` with --soft),
// `BAN <path>` with Host (prefix), `BAN /` with Host (a whole host), `BAN /` with
// `X-Ban-All: 1` (everything). A 404 from xkey means "nothing had the key": purged.
#include "purge/adapters/adapters.hpp"

#include <fmt/format.h>

namespace cachectl::purge {

namespace {

// Varnish nodes with purge/ban/xkey VCL.
class VarnishAdapter final : public PurgeAdapter {
public:
  // An adapter sending to `nodes`.
  VarnishAdapter(const PurgeContext& context, std::vector<std::string> nodes)
      : m_context(context)
      , m_nodes(std::move(nodes))
      , m_method(context.value("method", "PURGE"))
  {
  }

  std::vector<PlannedRequest>
  build(const PurgeBatch& batch) const override
  {
    std::vector<PlannedRequest> out;
    for (const auto& node : m_nodes) {
      const std::string_view item = batch.items.front();
      switch (batch.kind) {
      case TargetKind::url:
        out.push_back(node_request(m_context, node, m_method, url_path(item), url_authority(item)));
        break;
      case TargetKind::tag: {
        PlannedRequest request = node_request(m_context, node, "PURGE", "/", url_authority(node));
        request.request.headers.emplace_back(m_context.soft ? "xkey-softpurge" : "xkey",
                                             fmt::format("{}", fmt::join(batch.items, " ")));
        out.push_back(std::move(request));
        break;
      }
      case TargetKind::prefix:
        out.push_back(node_request(m_context, node, "BAN", url_path(item), url_authority(item)));
        break;
      case TargetKind::host:
        out.push_back(node_request(m_context, node, "BAN", "/", item));
        break;
      default: {
        PlannedRequest request = node_request(m_context, node, "BAN", "/", url_authority(node));
        request.request.headers.emplace_back("X-Ban-All", "1");
        out.push_back(std::move(request));
        break;
      }
      }
    }
    return out;
  }

  Verdict
  judge(const HttpRequest& request,
        const HttpResponse& response,
        const PurgeBatch& batch) const override
  {
    if (response.status == 404 && batch.kind == TargetKind::tag) {
      Verdict verdict;
      verdict.id = "not cached";
      return verdict;
    }
    Verdict verdict = verdict_from_status(response, body_excerpt(response.body));
    if (response.status == 405 || response.status == 403) {
      // With a token sent, the refusal is the token's: nothing else will pass either.
      verdict.kind = m_context.token.empty() ? Verdict::Kind::fail : Verdict::Kind::fatal;
      verdict.reason +=
          fmt::format(" ({} refused; does the VCL allow it from this address?)", request.method);
    }
    return verdict;
  }

  std::size_t
  item_bytes(std::string_view item) const override
  {
    return item.size() + 1;
  }

private:
  const PurgeContext& m_context;
  std::vector<std::string> m_nodes;
  std::string m_method;
};

} // namespace

AdapterResult
make_varnish(const PurgeContext& context)
{
  auto nodes = cache_nodes(context);
  if (!nodes) {
    return std::unexpected(nodes.error());
  }
  return std::make_unique<VarnishAdapter>(context, std::move(*nodes));
}

} // namespace cachectl::purge
