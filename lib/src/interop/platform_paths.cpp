// A platform's path syntax as a regular expression and as cache.toml patterns (see
// platform_paths.hpp).
#include "platform_paths.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace cachectl::interop {

namespace {

// `text` with every ECMAScript special character escaped.
std::string
escape_regex(std::string_view text)
{
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.*+?()[]{}|/-").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

bool
word_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// True when `name` can be a parameter name of a pattern.
bool
param_name(std::string_view name)
{
  return !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
         std::ranges::all_of(name, word_char);
}

// Static text of a pattern: `[` and `]` would be read as a parameter.
bool
plain_text(std::string_view text)
{
  return text.find_first_of("[]") == std::string_view::npos;
}

// `/a/b` from segments; `/` for none.
std::string
join_segments(const std::vector<std::string>& segments)
{
  std::string out;
  for (const auto& segment : segments) {
    out += "/" + segment;
  }
  return out.empty() ? "/" : out;
}

// Splits at `/`, keeping empty pieces.
std::vector<std::string>
split_slash(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t to = std::min(text.find('/', from), text.size());
    out.emplace_back(text.substr(from, to - from));
    from = to + 1;
  }
  return out;
}

} // namespace

PathShape
netlify_path(std::string_view path)
{
  PathShape shape;
  shape.icase = true;
  std::vector<std::string> parts;
  for (auto part : split_slash(path)) {
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back())) != 0) {
      part.pop_back();
    }
    if (!part.empty()) {
      parts.push_back(std::move(part));
    }
  }
  std::vector<std::string> regex_parts;
  std::vector<std::string> segments;
  std::size_t splats = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.starts_with(':')) {
      regex_parts.emplace_back("([^/]+)");
      const std::string name = part.substr(1);
      if (!param_name(name)) {
        shape.problem = fmt::format("the placeholder `{}` (a parameter name is letters, digits "
                                    "and `_`)",
                                    part);
      } else {
        segments.push_back("[" + name + "]");
      }
    } else if (part == "*") {
      regex_parts.emplace_back("?(.*)");
      ++splats;
      segments.push_back(splats == 1 ? "[...splat]" : fmt::format("[...splat{}]", splats));
      if (i > 0 && !parts[i - 1].starts_with(':') && parts[i - 1] != "*") {
        // `?` makes the `/` optional: `/blog/*` also matches `/blogger`.
        std::string url;
        for (std::size_t k = 0; k < parts.size(); ++k) {
          if (k == i) {
            url += "x";
          } else if (parts[k] != "*") {
            url += "/" + (parts[k].starts_with(':') ? std::string("v") : parts[k]);
          }
        }
        shape.bleed = url;
      }
    } else if (part.find('*') != std::string::npos) {
      std::string regex = escape_regex(part);
      std::string::size_type at = 0;
      while ((at = regex.find("\\*", at)) != std::string::npos) {
        regex.replace(at, 2, "(.*)");
      }
      regex_parts.push_back(regex);
      shape.problem = fmt::format("the wildcard in `{}` (it matches `/` too)", part);
    } else {
      regex_parts.push_back(escape_regex(part));
      if (!plain_text(part)) {
        shape.problem = fmt::format("the text `{}` (brackets are pattern syntax)", part);
      }
      segments.push_back(part);
    }
  }
  std::string body;
  for (const auto& part : regex_parts) {
    body += (body.empty() ? "" : "/") + part;
  }
  shape.regex = "^/" + body + "/?$";
  if (shape.problem.empty()) {
    shape.patterns.push_back(join_segments(segments));
  } else {
    shape.bleed.clear();
  }
  return shape;
}

PathShape
cloudflare_path(std::string_view path)
{
  PathShape shape;
  // The regular expression, as generateRuleRegExp builds it: `*` → `(.*)`, `:name` → `([^/]+)`.
  std::string regex;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '*') {
      regex += "(.*)";
      shape.placeholders.emplace_back("splat");
    } else if (path[i] == ':' && i + 1 < path.size() &&
               std::isalpha(static_cast<unsigned char>(path[i + 1])) != 0) {
      std::size_t end = i + 1;
      while (end < path.size() && word_char(path[end])) {
        ++end;
      }
      regex += "([^/]+)";
      shape.placeholders.emplace_back(path.substr(i + 1, end - i - 1));
      i = end - 1;
    } else {
      regex += escape_regex(path.substr(i, 1));
    }
  }
  shape.regex = "^" + regex + "$";
  if (path.starts_with("https://") || path.find("://") != std::string_view::npos) {
    shape.problem = "an absolute URL (a cache.toml pattern has no host)";
    return shape;
  }
  if (std::ranges::count(path, '*') > 1) {
    shape.problem = "more than one `*`";
    return shape;
  }
  std::vector<std::string> pieces = split_slash(path.substr(1));
  if (pieces.size() > 1 && pieces.back().empty()) {
    pieces.pop_back(); // `/about/`: the mode's trailing slash decides
  }
  std::vector<std::string> segments;
  std::optional<std::vector<std::string>> edge; ///< the segments without a whole-segment `*`
  for (std::size_t s = 0; s < pieces.size(); ++s) {
    const std::string& piece = pieces[s];
    if (piece.empty() && pieces.size() == 1) {
      break; // the root
    }
    if (piece.empty()) {
      shape.problem = "an empty segment (`//`)";
      return shape;
    }
    if (piece == "*") {
      // `/blog/*` needs the `/`: the path without the segment is its own class.
      std::vector<std::string> without = segments;
      for (std::size_t rest = s + 1; rest < pieces.size(); ++rest) {
        without.push_back(pieces[rest]);
      }
      edge = without;
      segments.emplace_back("[...splat]");
      continue;
    }
    std::string segment;
    for (std::size_t i = 0; i < piece.size(); ++i) {
      if (piece[i] == '*') {
        segment += "[...splat]";
        continue;
      }
      if (piece[i] == ':' && i + 1 < piece.size() &&
          std::isalpha(static_cast<unsigned char>(piece[i + 1])) != 0) {
        std::size_t end = i + 1;
        while (end < piece.size() && word_char(piece[end])) {
          ++end;
        }
        segment += "[" + piece.substr(i + 1, end - i - 1) + "]";
        i = end - 1;
      } else if (piece[i] == '[' || piece[i] == ']') {
        shape.problem = fmt::format("the text `{}` (brackets are pattern syntax)", piece);
        return shape;
      } else {
        segment += piece[i];
      }
    }
    segments.push_back(std::move(segment));
  }
  shape.patterns.push_back(join_segments(segments));
  if (edge) {
    // The segments after the `*` are read as written (a `:name` among them stays a placeholder).
    std::string text = join_segments(*edge);
    std::string converted;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ':' && i + 1 < text.size() &&
          std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0) {
        std::size_t end = i + 1;
        while (end < text.size() && word_char(text[end])) {
          ++end;
        }
        converted += "[" + text.substr(i + 1, end - i - 1) + "]";
        i = end - 1;
      } else {
        converted += text[i];
      }
    }
    if (converted.size() > 1 && converted.ends_with('/')) {
      converted.pop_back();
    }
    shape.patterns.push_back(converted);
  }
  return shape;
}

namespace {

// One token of a path-to-regexp source.
struct Token {
  enum class Kind { text, param } kind = Kind::text;
  std::string text;    ///< literal text, or the parameter's name ("" when unnamed)
  std::string pattern; ///< the parameter's own regular expression ("" for the default)
  char modifier = 0;   ///< `?`, `*`, `+` or 0
};

// Reads a `(…)` group at `i` (just past `(`), balanced; empty on error.
std::string
read_group(std::string_view source, std::size_t& i)
{
  int depth = 1;
  std::string out;
  while (i < source.size()) {
    const char c = source[i++];
    if (c == '\\' && i < source.size()) {
      out += c;
      out += source[i++];
      continue;
    }
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth == 0) {
      return out.empty() ? "\x01" : out;
    }
    out += c;
  }
  return "";
}

} // namespace

PathShape
vercel_source(std::string_view source)
{
  PathShape shape;
  std::vector<Token> tokens;
  std::size_t unnamed = 0;
  for (std::size_t i = 0; i < source.size();) {
    const char c = source[i];
    if (c == '\\' && i + 1 < source.size()) {
      tokens.push_back(Token{Token::Kind::text, std::string(1, source[i + 1]), "", 0});
      i += 2;
    } else if (c == ':' || c == '(') {
      Token token{Token::Kind::param, "", "", 0};
      ++i;
      if (c == ':') {
        while (i < source.size() && word_char(source[i])) {
          token.text += source[i++];
        }
        if (token.text.empty()) {
          shape.problem = fmt::format("a `:` without a name at column {}", i);
          return shape;
        }
      } else {
        token.text = fmt::format("path{}", unnamed++ == 0 ? "" : std::to_string(unnamed));
        --i;
      }
      if (i < source.size() && source[i] == '(') {
        ++i;
        token.pattern = read_group(source, i);
        if (token.pattern.empty() || token.pattern == "\x01" || token.pattern.starts_with('?')) {
          shape.problem = "an empty, unbalanced or `(?…)` group";
          return shape;
        }
      }
      if (i < source.size() && std::string_view("?*+").find(source[i]) != std::string_view::npos) {
        token.modifier = source[i++];
      }
      tokens.push_back(std::move(token));
    } else if (c == '{' || c == '}') {
      shape.problem = "a `{…}` group";
      return shape;
    } else {
      tokens.push_back(Token{Token::Kind::text, std::string(1, c), "", 0});
      ++i;
    }
  }
  // The regular expression, as path-to-regexp 6 builds it (prefix `/` taken by the parameter).
  std::string regex;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const Token& token = tokens[t];
    const bool next_param = t + 1 < tokens.size() && tokens[t + 1].kind == Token::Kind::param;
    if (token.kind == Token::Kind::text) {
      if (token.text == "/" && next_param) {
        continue; // the parameter's prefix
      }
      regex += escape_regex(token.text);
      continue;
    }
    const bool prefixed =
        t > 0 && tokens[t - 1].kind == Token::Kind::text && tokens[t - 1].text == "/";
    const std::string p = token.pattern.empty() ? "[^\\/#\\?]+?" : token.pattern;
    const std::string pre = prefixed ? "\\/" : "";
    switch (token.modifier) {
    case '?':
      regex += fmt::format("(?:{}({}))?", pre, p);
      break;
    case '*':
    case '+':
      regex += fmt::format(
          "(?:{}((?:{})(?:{}(?:{}))*)){}", pre, p, pre, p, token.modifier == '*' ? "?" : "");
      break;
    default:
      regex += fmt::format("{}({})", pre, p);
    }
  }
  shape.regex = "^" + regex + "$";
  if (!source.starts_with('/')) {
    shape.problem = "a source that does not start with `/`";
    return shape;
  }
  // The patterns: one segment per `/`; a group alone in its segment becomes a parameter or rest.
  std::vector<std::vector<std::string>> variants{{}};
  std::vector<const Token*> segment;
  auto flush = [&]() -> bool {
    if (segment.empty()) {
      return true;
    }
    std::vector<std::vector<std::string>> next;
    const Token& first = *segment.front();
    if (segment.size() == 1 && first.kind == Token::Kind::param) {
      const bool any = first.pattern == ".*";
      const bool one =
          first.pattern.empty() || first.pattern == "[^/]+" || first.pattern == "[^\\/]+";
      std::vector<std::string> words;
      if (!any && !one) {
        std::string word;
        for (char c : first.pattern + "|") {
          if (c == '|') {
            if (word.empty() || !plain_text(word)) {
              shape.problem = fmt::format("the regular expression `({})`", first.pattern);
              shape.regex.clear(); // not modelled: std::regex could backtrack without bound
              return false;
            }
            words.push_back(word);
            word.clear();
          } else if (word_char(c) || c == '-' || c == '.') {
            word += c;
          } else {
            shape.problem = fmt::format("the regular expression `({})`", first.pattern);
            return false;
          }
        }
      }
      if (words.size() > 0 && first.modifier != 0) {
        shape.problem = fmt::format("`({})` with `{}`", first.pattern, first.modifier);
        shape.regex.clear();
        return false;
      }
      for (const auto& variant : variants) {
        auto add = [&](std::vector<std::string> v) { next.push_back(std::move(v)); };
        auto with = [&](std::vector<std::string> extra) {
          auto v = variant;
          v.insert(v.end(), extra.begin(), extra.end());
          return v;
        };
        if (!words.empty()) {
          for (const auto& word : words) {
            add(with({word}));
          }
        } else if (any || first.modifier == '*') {
          if (any && first.modifier != '*') {
            add(variant); // `/blog/(.*)` needs the `/`: `/blog` is its own class
          }
          add(with({"[..." + first.text + "]"}));
        } else if (first.modifier == '+') {
          add(with({"[" + first.text + "]", "[..." + first.text + "_rest]"}));
        } else if (first.modifier == '?') {
          add(variant);
          add(with({"[" + first.text + "]"}));
        } else {
          add(with({"[" + first.text + "]"}));
        }
      }
    } else {
      std::string text;
      for (const Token* token : segment) {
        if (token->kind == Token::Kind::text) {
          if (!plain_text(token->text)) {
            shape.problem = "`[` or `]` in a path";
            return false;
          }
          text += token->text;
        } else if (token->modifier == 0 && (token->pattern.empty() || token->pattern == ".*")) {
          text += (token->pattern.empty() ? "[" : "[...") + token->text + "]";
        } else {
          shape.problem = "a parameter with a modifier or a regular expression inside a segment";
          shape.regex.clear();
          return false;
        }
      }
      for (auto variant : variants) {
        variant.push_back(text);
        next.push_back(std::move(variant));
      }
    }
    variants = std::move(next);
    segment.clear();
    return true;
  };
  for (const Token& token : tokens) {
    if (token.kind == Token::Kind::text && token.text == "/") {
      if (!flush()) {
        return shape;
      }
      continue;
    }
    segment.push_back(&token);
  }
  if (!flush()) {
    return shape;
  }
  for (const auto& variant : variants) {
    shape.patterns.push_back(join_segments(variant));
  }
  return shape;
}

} // namespace cachectl::interop
