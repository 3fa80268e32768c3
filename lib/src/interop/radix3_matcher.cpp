// radix3's route table and matchAll (see radix3_matcher.hpp), from radix3 1.1.2 dist/index.mjs:
// insert, _routerNodeToTable and _matchRoutes. Paths are split and joined on `/` exactly as the
// JavaScript does; Map insertion order is kept with a vector of keys beside each map.
#include "radix3_matcher.hpp"

#include <algorithm>

namespace cachectl::interop {

namespace {

enum class NodeType { normal, wildcard, placeholder };

struct Node {
  NodeType type = NodeType::normal;
  std::optional<std::size_t> data;
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> children; ///< insertion order
};

Node*
child(Node& node, const std::string& section)
{
  for (auto& [name, next] : node.children) {
    if (name == section) {
      return next.get();
    }
  }
  return nullptr;
}

std::vector<std::string>
split(std::string_view path)
{
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t slash = path.find('/', from);
    out.emplace_back(path.substr(from, slash == std::string_view::npos ? slash : slash - from));
    if (slash == std::string_view::npos) {
      return out;
    }
    from = slash + 1;
  }
}

NodeType
node_type(const std::string& section)
{
  if (section.starts_with("**")) {
    return NodeType::wildcard;
  }
  return !section.empty() && (section[0] == ':' || section == "*") ? NodeType::placeholder
                                                                   : NodeType::normal;
}

// `normalizeTrailingSlash` of createRouter (strictTrailingSlash unset).
std::string
without_final_slash(std::string_view path)
{
  if (path.ends_with('/')) {
    path.remove_suffix(1);
  }
  return path.empty() ? "/" : std::string(path);
}

bool
js_word(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `path.replace(/\/\*|\/:\w+/, "")`: the first `/*` or `/:word` removed.
std::string
without_placeholder(const std::string& path)
{
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    if (path[i] != '/') {
      continue;
    }
    if (path[i + 1] == '*') {
      return path.substr(0, i) + path.substr(i + 2);
    }
    if (path[i + 1] == ':' && i + 2 < path.size() && js_word(path[i + 2])) {
      std::size_t end = i + 2;
      while (end < path.size() && js_word(path[end])) {
        ++end;
      }
      return path.substr(0, i) + path.substr(end);
    }
  }
  return path;
}

// `String.prototype.replace` of the first occurrence of a string.
std::string
replace_first(std::string text, std::string_view what, std::string_view with)
{
  if (const std::size_t at = text.find(what); at != std::string::npos) {
    text.replace(at, what.size(), with);
  }
  return text;
}

// A JavaScript Map of string keys: set() keeps a key's first place.
template <typename T>
struct OrderedMap {
  std::vector<std::pair<std::string, T>> entries;
  void
  set(const std::string& key, T value)
  {
    for (auto& entry : entries) {
      if (entry.first == key) {
        entry.second = std::move(value);
        return;
      }
    }
    entries.emplace_back(key, std::move(value));
  }
  const T*
  get(const std::string& key) const
  {
    for (const auto& entry : entries) {
      if (entry.first == key) {
        return &entry.second;
      }
    }
    return nullptr;
  }
};

} // namespace

struct Radix3Matcher::Table {
  OrderedMap<std::optional<std::size_t>> statics;
  OrderedMap<std::optional<std::size_t>> wildcard;
  OrderedMap<std::shared_ptr<Table>> dynamic;
};

namespace {

std::shared_ptr<Radix3Matcher::Table> to_table(const std::string& initial, const Node& node);

void
add_node(Radix3Matcher::Table& table, const std::string& path, const Node& node)
{
  if (!path.empty()) {
    if (node.type == NodeType::normal && path.find_first_of("*:") == std::string::npos) {
      if (node.data) {
        table.statics.set(path, node.data);
      }
    } else if (node.type == NodeType::wildcard) {
      table.wildcard.set(replace_first(path, "/**", ""), node.data);
    } else if (node.type == NodeType::placeholder) {
      auto sub = to_table("", node);
      if (node.data) {
        sub->statics.set("/", node.data);
      }
      table.dynamic.set(without_placeholder(path), std::move(sub));
      return;
    }
  }
  for (const auto& [name, next] : node.children) {
    add_node(table, replace_first(path + "/" + name, "//", "/"), *next);
  }
}

std::shared_ptr<Radix3Matcher::Table>
to_table(const std::string& initial, const Node& node)
{
  auto table = std::make_shared<Radix3Matcher::Table>();
  add_node(*table, initial, node);
  return table;
}

// `_sortRoutesMap`: a stable sort by key length.
template <typename T>
std::vector<const std::pair<std::string, T>*>
by_length(const OrderedMap<T>& map)
{
  std::vector<const std::pair<std::string, T>*> out;
  for (const auto& entry : map.entries) {
    out.push_back(&entry);
  }
  std::ranges::stable_sort(
      out, [](const auto* a, const auto* b) { return a->first.size() < b->first.size(); });
  return out;
}

void
match_routes(std::string path, const Radix3Matcher::Table& table, std::vector<std::size_t>& out)
{
  if (path.ends_with('/')) {
    path = without_final_slash(path);
  }
  for (const auto* entry : by_length(table.wildcard)) {
    if ((path == entry->first || path.starts_with(entry->first + "/")) && entry->second) {
      out.push_back(*entry->second);
    }
  }
  for (const auto* entry : by_length(table.dynamic)) {
    if (path.starts_with(entry->first + "/")) {
      // "/" + path.slice(key.length).split("/").splice(2).join("/")
      const auto parts = split(std::string_view(path).substr(entry->first.size()));
      std::string sub = "/";
      for (std::size_t i = 2; i < parts.size(); ++i) {
        sub += (i == 2 ? "" : "/") + parts[i];
      }
      match_routes(sub, *entry->second, out);
    }
  }
  if (const auto* found = table.statics.get(path); found != nullptr && *found) {
    out.push_back(**found);
  }
}

} // namespace

Radix3Matcher::Radix3Matcher(const std::vector<std::string>& paths)
{
  Node root;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Node* node = &root;
    for (const auto& section : split(without_final_slash(paths[i]))) {
      Node* next = child(*node, section);
      if (next == nullptr) {
        node->children.emplace_back(section, std::make_unique<Node>());
        next = node->children.back().second.get();
        next->type = node_type(section);
      }
      node = next;
    }
    node->data = i;
  }
  m_table = std::make_unique<Table>(std::move(*to_table("", root)));
}

Radix3Matcher::~Radix3Matcher() = default;
Radix3Matcher::Radix3Matcher(Radix3Matcher&&) noexcept = default;
Radix3Matcher& Radix3Matcher::operator=(Radix3Matcher&&) noexcept = default;

std::vector<std::size_t>
Radix3Matcher::match_all(std::string_view path) const
{
  std::vector<std::size_t> out;
  match_routes(std::string(path), *m_table, out);
  return out;
}

} // namespace cachectl::interop
