#include "util/toml_nesting.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

namespace {

// A recursive-descent reader of TOML's structure only: keys, headers, arrays and inline tables;
// strings and scalars are skipped. Each nested array or inline table adds at least one level, so
// the recursion stops after `limit` + 1 levels.
class NestingScanner {
public:
  NestingScanner(std::string_view text, std::size_t limit)
      : m_text(text)
      , m_limit(limit)
  {
  }

  // Scans the document.
  TomlNesting
  run()
  {
    // toml++ skips a byte order mark.
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_pos = 3;
    }
    std::size_t table_depth = 0;
    while (!m_stopped) {
      skip_whitespace();
      if (at_end()) {
        m_result.complete = true;
        break;
      }
      if (peek() == '#') {
        skip_comment();
        continue;
      }
      if (peek() == '[') {
        const std::optional<std::size_t> depth = header();
        if (!depth) {
          break;
        }
        table_depth = *depth;
      } else if (!key_value(table_depth)) {
        break;
      }
      if (!end_of_statement()) {
        break;
      }
    }
    return m_result;
  }

private:
  // True when every byte was read.
  bool
  at_end() const
  {
    return m_pos >= m_text.size();
  }

  // The byte `ahead` bytes on, or NUL past the end.
  char
  peek(std::size_t ahead = 0) const
  {
    return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
  }

  // Skips spaces and tabs.
  void
  skip_blanks()
  {
    while (peek() == ' ' || peek() == '\t') {
      ++m_pos;
    }
  }

  // Skips spaces, tabs and line breaks.
  void
  skip_whitespace()
  {
    while (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n') {
      ++m_pos;
    }
  }

  // Skips a comment up to its line break.
  void
  skip_comment()
  {
    while (!at_end() && peek() != '\n') {
      ++m_pos;
    }
  }

  // Skips whitespace and comments (between the elements of an array).
  void
  skip_whitespace_and_comments()
  {
    skip_whitespace();
    while (peek() == '#') {
      skip_comment();
      skip_whitespace();
    }
  }

  // After a statement: blanks, maybe a comment, then a line break or the end of the text.
  bool
  end_of_statement()
  {
    skip_blanks();
    if (peek() == '#') {
      skip_comment();
    }
    if (peek() == '\r') {
      ++m_pos;
    }
    return at_end() || peek() == '\n';
  }

  // Records that the node starting at `offset` is `depth` deep; false (and stops) when that is
  // deeper than the limit.
  bool
  reach(std::size_t depth, std::size_t offset)
  {
    m_result.depth = std::max(m_result.depth, depth);
    if (depth > m_limit) {
      m_result.offset = offset;
      m_stopped = true;
      return false;
    }
    return true;
  }

  // Skips a string at the current byte (basic or literal, one line or multi-line, as `multiline`
  // allows); false when it is unterminated or not allowed.
  bool
  skip_string(bool multiline)
  {
    const char quote = peek();
    const bool basic = quote == '"';
    if (peek(1) == quote && peek(2) == quote) {
      if (!multiline) {
        return false;
      }
      m_pos += 3;
      while (!at_end()) {
        if (basic && peek() == '\\') {
          m_pos += 2;
        } else if (peek() == quote && peek(1) == quote && peek(2) == quote) {
          m_pos += 3;
          // Up to two more quotes belong to the content (`"""a"""""`).
          for (int extra = 0; extra < 2 && peek() == quote; ++extra) {
            ++m_pos;
          }
          return true;
        } else {
          ++m_pos;
        }
      }
      return false;
    }
    ++m_pos;
    while (!at_end() && peek() != '\n') {
      if (basic && peek() == '\\') {
        m_pos += 2;
      } else if (peek() == quote) {
        ++m_pos;
        return true;
      } else {
        ++m_pos;
      }
    }
    return false;
  }

  // Reads a key, dotted or not; the number of its parts, nullopt when it is malformed.
  std::optional<std::size_t>
  key()
  {
    std::size_t parts = 0;
    m_key.clear();
    while (true) {
      skip_blanks();
      const char c = peek();
      const std::size_t part_start = m_pos;
      if (c == '"' || c == '\'') {
        if (!skip_string(false)) {
          return std::nullopt;
        }
        // The text between the quotes (escapes left as written: enough to tell keys apart).
        m_key += m_text.substr(part_start + 1, m_pos - part_start - 2);
      } else {
        const std::size_t start = m_pos;
        while ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z') ||
               (peek() >= '0' && peek() <= '9') || peek() == '_' || peek() == '-') {
          ++m_pos;
        }
        if (m_pos == start) {
          return std::nullopt;
        }
        m_key += m_text.substr(start, m_pos - start);
      }
      m_key += '\x1F'; // ends each part, so `a.b` and `"a.b"` differ
      ++parts;
      skip_blanks();
      if (peek() != '.') {
        return parts;
      }
      ++m_pos;
    }
  }

  // Reads a table header `[a.b]` or `[[a.b]]`; the depth of the table it opens, nullopt when
  // malformed or too deep.
  std::optional<std::size_t>
  header()
  {
    const std::size_t start = m_pos;
    ++m_pos;
    const bool array = peek() == '[';
    if (array) {
      ++m_pos;
    }
    const std::optional<std::size_t> parts = key();
    if (!parts || peek() != ']' || (array && peek(1) != ']')) {
      return std::nullopt;
    }
    m_pos += array ? 2 : 1;
    // The elements of an array of tables are one level below the array, also for a header that
    // continues the last element (`[a.b]` after `[[a]]`).
    std::size_t depth = *parts + (array ? 1 : 0);
    for (std::size_t end = m_key.find('\x1F'); end + 1 < m_key.size();
         end = m_key.find('\x1F', end + 1)) {
      depth += m_array_tables.contains(m_key.substr(0, end + 1)) ? 1U : 0U;
    }
    if (array) {
      m_array_tables.insert(m_key);
    }
    if (!reach(depth, start)) {
      return std::nullopt;
    }
    return depth;
  }

  // Reads `key = value` in a table `depth` deep; false when malformed or too deep.
  bool
  key_value(std::size_t depth)
  {
    skip_blanks();
    const std::size_t start = m_pos;
    const std::optional<std::size_t> parts = key();
    if (!parts || !reach(depth + *parts, start) || peek() != '=') {
      return false;
    }
    ++m_pos;
    skip_blanks();
    return value(depth + *parts);
  }

  // Reads the value of a node `depth` deep; false when malformed or too deep.
  bool
  value(std::size_t depth)
  {
    const char c = peek();
    if (c == '"' || c == '\'') {
      return skip_string(true);
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '{') {
      return inline_table(depth);
    }
    // A number, boolean or date (which may hold a space): up to what ends a value.
    const std::size_t start = m_pos;
    while (!at_end() && peek() != ',' && peek() != ']' && peek() != '}' && peek() != '#' &&
           peek() != '\n' && peek() != '\r') {
      ++m_pos;
    }
    return m_pos > start;
  }

  // Reads an array whose elements are `depth` + 1 deep; false when malformed or too deep.
  bool
  array(std::size_t depth)
  {
    ++m_pos;
    while (true) {
      skip_whitespace_and_comments();
      if (peek() == ']') {
        ++m_pos;
        return true;
      }
      if (!reach(depth + 1, m_pos) || !value(depth + 1)) {
        return false;
      }
      skip_whitespace_and_comments();
      if (peek() == ',') {
        ++m_pos;
      } else if (peek() != ']') {
        return false;
      }
    }
  }

  // Reads an inline table `depth` deep (on one line, without a trailing comma); false when
  // malformed or too deep.
  bool
  inline_table(std::size_t depth)
  {
    ++m_pos;
    skip_blanks();
    if (peek() == '}') {
      ++m_pos;
      return true;
    }
    while (true) {
      if (!key_value(depth)) {
        return false;
      }
      skip_blanks();
      if (peek() == '}') {
        ++m_pos;
        return true;
      }
      if (peek() != ',') {
        return false;
      }
      ++m_pos;
    }
  }

  std::string_view m_text;
  std::size_t m_limit;
  std::size_t m_pos = 0;
  bool m_stopped = false;
  std::string m_key;                    ///< the parts of the last key read, each ended by 0x1F
  std::set<std::string> m_array_tables; ///< the keys of `[[…]]` headers seen
  TomlNesting m_result;
};

} // namespace

TomlNesting
toml_nesting(std::string_view text, std::size_t limit)
{
  return NestingScanner(text, limit).run();
}

std::size_t
toml_tree_depth(const toml::table& root)
{
  std::size_t deepest = 0;
  std::vector<std::pair<const toml::node*, std::size_t>> pending{{&root, 0}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    if (const auto* table = node->as_table()) {
      for (const auto& [key, child] : *table) {
        pending.emplace_back(&child, depth + 1);
      }
    } else if (const auto* array = node->as_array()) {
      for (const auto& child : *array) {
        pending.emplace_back(&child, depth + 1);
      }
    }
  }
  return deepest;
}

} // namespace cachectl
