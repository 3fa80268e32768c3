#include "match/search.hpp"
#include "match/slashes.hpp"
#include "match/trie.hpp"

#include <cachectl/match/compiled_matcher.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace cachectl::detail {

namespace {

// Captures that fit on the stack when computing params.
constexpr std::size_t k_inline_captures = 16;

// Instructions of a winner's program copied to the stack (longer programs use the heap).
constexpr std::size_t k_inline_ops = 32;

// Copies n bytes without a library call for the short strings params usually are.
inline void
copy_bytes(char* dst, const char* src, std::size_t n)
{
  if (n > 16) {
    std::memcpy(dst, src, n);
  } else if (n >= 8) {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      dst[i] = src[i];
    }
  }
}

// Resizes `params` to n elements with inlined element operations (vector::resize is a call).
inline void
resize_params(std::vector<Param>& params, std::size_t n)
{
  if (params.capacity() < n) {
    params.reserve(n); // one allocation, not one per growth step
  }
  while (params.size() > n) {
    params.pop_back();
  }
  while (params.size() < n) {
    params.emplace_back();
  }
}

// Sets `out` to `text`, reusing its buffer (resize_and_overwrite is inlined; assign is not).
inline void
set_text(std::string& out, std::string_view text)
{
  if (out.size() == text.size()) {
    copy_bytes(out.data(), text.data(), text.size()); // common: same name, same-sized value
    return;
  }
  out.resize_and_overwrite(text.size(), [&](char* p, std::size_t) {
    copy_bytes(p, text.data(), text.size());
    return text.size();
  });
}

} // namespace

std::uint32_t
Trie::rule_of(std::uint32_t blob) const
{
  RuleHead head;
  std::memcpy(&head, blobs.data() + blob, sizeof head);
  return head.rule;
}

void
Trie::fill_params(std::uint32_t blob,
                  std::string_view path,
                  const Slashes& slashes,
                  std::vector<Param>& params) const
{
  const std::byte* at = blobs.data() + blob;
  RuleHead head;
  std::memcpy(&head, at, sizeof head);
  const std::byte* param_heads = at + sizeof head;
  const std::byte* ops = param_heads + head.params * sizeof(ParamHead);
  const auto* text = reinterpret_cast<const char*>(ops + head.ops * sizeof(Op));
  auto param = [&](std::size_t c) {
    ParamHead p;
    std::memcpy(&p, param_heads + c * sizeof p, sizeof p);
    return p;
  };
  if (head.ops == 0) {
    // Every param is a whole segment: segment u for the param of unit u.
    resize_params(params, head.params);
    for (std::size_t c = 0; c < head.params; ++c) {
      const ParamHead p = param(c);
      const std::size_t begin = slashes.at(p.unit) + 1;
      set_text(params[c].first, std::string_view(text, p.name_size));
      set_text(params[c].second, path.substr(begin, slashes.at(p.unit + 1) - begin));
      text += p.name_size;
    }
    return;
  }
  std::array<Op, k_inline_ops> inline_ops;
  std::vector<Op> heap_ops;
  Op* program = inline_ops.data();
  if (head.ops > inline_ops.size()) {
    heap_ops.resize(head.ops);
    program = heap_ops.data();
  }
  std::memcpy(program, ops, head.ops * sizeof(Op));
  std::array<Capture, k_inline_captures> inline_captures;
  std::vector<Capture> heap_captures;
  std::span<Capture> captures;
  if (head.params <= inline_captures.size()) {
    captures = std::span(inline_captures.data(), head.params);
  } else {
    heap_captures.resize(head.params);
    captures = heap_captures;
  }
  std::size_t names_size = 0;
  for (std::size_t c = 0; c < head.params; ++c) {
    names_size += param(c).name_size;
  }
  const std::string_view literals(text + names_size, head.literals);
  std::size_t count = 0;
  if (params.capacity() < head.params) {
    params.reserve(head.params);
  }
  if (detail::run_ops(std::span<const Op>(program, head.ops), literals, path, captures)) {
    for (std::size_t c = 0; c < captures.size(); ++c) {
      const ParamHead p = param(c);
      const std::string_view name(text, p.name_size);
      text += p.name_size;
      const Capture& capture = captures[c];
      // Astro: an empty or missing rest capture is `undefined`, i.e. absent.
      if (p.is_rest != 0 && (!capture.set || capture.begin == capture.end)) {
        continue;
      }
      if (count == params.size()) {
        params.emplace_back();
      }
      set_text(params[count].first, name);
      set_text(params[count].second, path.substr(capture.begin, capture.end - capture.begin));
      ++count;
    }
  }
  resize_params(params, count);
}

bool
Trie::prepare(std::string_view path, const Slashes& slashes) const
{
  if (!path.empty() && path[0] != '/') {
    return false; // every route regex starts with `/` or can only match ""
  }
  if (path.size() >= k_none) {
    return false; // offsets are 32-bit (normalized URLs are at most max_url_length bytes)
  }
  // RE2 matches nothing across bytes that are not UTF-8, and route text is ASCII.
  return !slashes.non_ascii() || detail::valid_utf8(path);
}

} // namespace cachectl::detail

namespace cachectl {

using detail::k_none;
using detail::Node;
using detail::NodeTerminals;
using detail::Partial;
using detail::PartialIndex;
using detail::Search;
using detail::Slashes;
using detail::Trie;

// The pimpl is the trie itself.
struct [[gnu::visibility("hidden")]] CompiledMatcher::Impl : Trie{};

CompiledMatcher::CompiledMatcher(const Config& config)
    : m_impl(std::make_unique<Impl>())
{
  m_impl->build(config);
}

CompiledMatcher::~CompiledMatcher() = default;
CompiledMatcher::CompiledMatcher(CompiledMatcher&&) noexcept = default;
CompiledMatcher& CompiledMatcher::operator=(CompiledMatcher&&) noexcept = default;

bool
CompiledMatcher::match_into(std::string_view path, RuleMatch& out) const
{
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return false;
  }
  Search<false> search(*m_impl, path, slashes);
  search.run();
  if (search.best_blob() == k_none) {
    return false;
  }
  out.rule = m_impl->rule_of(search.best_blob());
  m_impl->fill_params(search.best_blob(), path, slashes, out.params);
  return true;
}

std::optional<RuleMatch>
CompiledMatcher::match(std::string_view path) const
{
  RuleMatch result;
  if (!match_into(path, result)) {
    return std::nullopt;
  }
  return result;
}

std::optional<std::size_t>
CompiledMatcher::match_rule(std::string_view path) const
{
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return std::nullopt;
  }
  Search<false> search(*m_impl, path, slashes);
  search.run();
  if (search.best_blob() == k_none) {
    return std::nullopt;
  }
  return m_impl->rule_of(search.best_blob());
}

std::vector<RuleMatch>
CompiledMatcher::match_all(std::string_view path) const
{
  std::vector<RuleMatch> all;
  const Slashes slashes(path);
  if (!m_impl->prepare(path, slashes)) {
    return all;
  }
  Search<true> search(*m_impl, path, slashes);
  search.run();
  std::vector<std::uint32_t>& accepted = search.accepted();
  std::sort(accepted.begin(), accepted.end());
  accepted.erase(std::unique(accepted.begin(), accepted.end()), accepted.end());
  std::vector<std::uint32_t> rules;
  for (std::uint32_t id : accepted) {
    const NodeTerminals& t = m_impl->node_terminals[id];
    rules.insert(
        rules.end(), m_impl->terminals.begin() + t.begin, m_impl->terminals.begin() + t.end);
  }
  std::sort(rules.begin(), rules.end(), [&](std::uint32_t a, std::uint32_t b) {
    return m_impl->rank[a] < m_impl->rank[b];
  });
  all.reserve(rules.size());
  for (std::uint32_t rule : rules) {
    RuleMatch match;
    match.rule = rule;
    m_impl->fill_params(m_impl->blob_of[rule], path, slashes, match.params);
    all.push_back(std::move(match));
  }
  return all;
}

const std::vector<std::size_t>&
CompiledMatcher::order() const
{
  return m_impl->order;
}

CompiledMatcherStats
CompiledMatcher::stats() const
{
  const Impl& m = *m_impl;
  CompiledMatcherStats s;
  s.rules = m.blob_of.size();
  s.nodes = m.nodes.size();
  s.static_edges = m.statics.size();
  s.program_rules = m.program_rules;
  s.variable_nodes = m.var_slots;
  s.heap_bytes =
      m.nodes.capacity() * sizeof(Node) + m.node_terminals.capacity() * sizeof(NodeTerminals) +
      m.partials.capacity() * sizeof(Partial) + m.terminals.capacity() * sizeof(std::uint32_t) +
      m.rank.capacity() * sizeof(std::uint32_t) + m.order.capacity() * sizeof(std::size_t) +
      m.statics.heap_bytes() + m.programs.heap_bytes() + m.blobs.capacity() +
      m.blob_of.capacity() * sizeof(std::uint32_t) + m.indexes.capacity() * sizeof(PartialIndex) +
      m.index_sizes.capacity() * sizeof(std::uint32_t) +
      m.partial_ids.capacity() * sizeof(std::uint32_t) + m.prefix_runs.heap_bytes() +
      m.suffix_runs.heap_bytes();
  return s;
}

} // namespace cachectl
