// The state of a prepared Purger, shared by its settings resolution (purge_settings.cpp), its run
// loop (purge_run.cpp) and its accessors (purge.cpp).
#pragma once

#include "purge/purge_adapter.hpp"

#include <cachectl/purge/purge.hpp>

#include <memory>

namespace cachectl {

struct Purger::Impl {
  PurgeSettings settings;
  Config config;
  PurgeContext context;
  Environment environment;
  std::unique_ptr<PurgeAdapter> adapter;

  // Items per call for `kind` (0: not supported).
  std::size_t
  batch_limit(TargetKind kind) const
  {
    const PurgeProfile& profile = settings.provider->purge;
    std::size_t limit = 0;
    switch (kind) {
    case TargetKind::url:
      limit = profile.url_batch;
      break;
    case TargetKind::tag:
      limit = profile.tag_batch;
      break;
    case TargetKind::prefix:
      limit = profile.prefix_batch;
      break;
    case TargetKind::host:
      limit = profile.host_batch;
      break;
    case TargetKind::everything:
      return profile.everything ? 1 : 0;
    case TargetKind::path:
    case TargetKind::rule:
      return 1; // expanded before planning
    }
    // A provider whose API takes one item per call keeps doing so; elsewhere batch_size
    // replaces the default (Cloudflare Enterprise takes 500 URLs, say).
    if (limit > 1 && settings.batch_size > 0) {
      return settings.batch_size;
    }
    return limit;
  }
};

} // namespace cachectl
