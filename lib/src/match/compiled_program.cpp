#include "match/compiled_program.hpp"

#include <array>
#include <cstring>

namespace cachectl::detail {

namespace {

// Memo bits that fit on the stack; longer texts or programs use the heap.
constexpr std::size_t k_stack_memo_words = 64;

// The recursive matcher: leftmost-first, lazy quantifiers shortest first, the optional
// rest group tried before it is skipped — the order RE2 and ECMAScript pick captures in.
// A (instruction, position) pair that failed once fails again (no backreferences), so
// failures are memoized and the work stays polynomial.
class Runner {
public:
  // Sets up a run of `ops` over `text`; `memo` holds ops.size() * (text.size() + 1) zero bits.
  Runner(std::span<const Op> ops,
         std::string_view literals,
         std::string_view text,
         std::span<std::uint64_t> memo,
         std::span<Capture> captures)
      : m_ops(ops)
      , m_literals(literals)
      , m_text(text)
      , m_memo(memo)
      , m_captures(captures)
  {
  }

  // True when the program from instruction `op` matches the text from byte `pos` to its end.
  bool
  run(std::size_t op, std::size_t pos)
  {
    const Op& o = m_ops[op];
    const std::size_t n = m_text.size();
    switch (o.kind) {
    case OpKind::literal:
      if (n - pos < o.size ||
          std::memcmp(m_text.data() + pos, m_literals.data() + o.offset, o.size) != 0) {
        return false;
      }
      return run(op + 1, pos + o.size);
    case OpKind::param:
      if (failed(op, pos)) {
        return false;
      }
      for (std::size_t end = pos + 1; end <= n && m_text[end - 1] != '/'; ++end) {
        if (run(op + 1, end)) {
          capture(o.offset, pos, end);
          return true;
        }
      }
      return mark_failed(op, pos);
    case OpKind::rest:
      if (failed(op, pos)) {
        return false;
      }
      for (std::size_t end = pos;; ++end) {
        if (run(op + 1, end)) {
          capture(o.offset, pos, end);
          return true;
        }
        if (end == n || m_text[end] == '\n') {
          break;
        }
      }
      return mark_failed(op, pos);
    case OpKind::optional_rest:
      if (failed(op, pos)) {
        return false;
      }
      if (pos < n && m_text[pos] == '/') {
        // What follows starts with `/` or is a tail, so only ends before a `/` or at the
        // end of the text can succeed.
        for (std::size_t end = pos + 1;; ++end) {
          if ((end == n || m_text[end] == '/') && run(op + 1, end)) {
            capture(o.offset, pos + 1, end);
            return true;
          }
          if (end == n || m_text[end] == '\n') {
            break;
          }
        }
      }
      if (run(op + 1, pos)) {
        return true; // the group is skipped: its capture stays unset
      }
      return mark_failed(op, pos);
    case OpKind::end:
      return pos == n;
    case OpKind::end_slash:
      return pos + 1 == n && m_text[pos] == '/';
    case OpKind::end_opt_slash:
      return pos == n || (pos + 1 == n && m_text[pos] == '/');
    }
    return false;
  }

private:
  // Index of the memo bit of (op, pos).
  std::size_t
  bit(std::size_t op, std::size_t pos) const
  {
    return op * (m_text.size() + 1) + pos;
  }

  // True when (op, pos) is known to fail.
  bool
  failed(std::size_t op, std::size_t pos) const
  {
    const std::size_t b = bit(op, pos);
    return ((m_memo[b / 64] >> (b % 64)) & 1U) != 0;
  }

  // Records that (op, pos) fails; returns false for use in a return statement.
  bool
  mark_failed(std::size_t op, std::size_t pos)
  {
    const std::size_t b = bit(op, pos);
    m_memo[b / 64] |= std::uint64_t{1} << (b % 64);
    return false;
  }

  // Records capture `index` as text[begin, end) when captures are wanted.
  void
  capture(std::size_t index, std::size_t begin, std::size_t end)
  {
    if (!m_captures.empty()) {
      m_captures[index] = {
          static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), true};
    }
  }

  std::span<const Op> m_ops;
  std::string_view m_literals;
  std::string_view m_text;
  std::span<std::uint64_t> m_memo;
  std::span<Capture> m_captures;
};

// Appends the instructions of one program to an instruction vector and a literal pool.
class Emitter {
public:
  // Emits into `ops` and `literals`; the program starts at the current end of `ops`.
  Emitter(std::vector<Op>& ops, std::string& literals)
      : m_ops(ops)
      , m_literals(literals)
      , m_first(ops.size())
  {
  }

  // Appends a literal, merged into a literal that ends the program.
  void
  literal(std::string_view text)
  {
    if (m_ops.size() > m_first && m_ops.back().kind == OpKind::literal &&
        m_ops.back().offset + m_ops.back().size == m_literals.size()) {
      m_ops.back().size += static_cast<std::uint32_t>(text.size());
    } else {
      m_ops.push_back({OpKind::literal,
                       static_cast<std::uint32_t>(m_literals.size()),
                       static_cast<std::uint32_t>(text.size())});
    }
    m_literals += text;
  }
  // Appends a capturing or terminating instruction.
  void
  op(OpKind kind)
  {
    const bool capturing =
        kind == OpKind::param || kind == OpKind::rest || kind == OpKind::optional_rest;
    m_ops.push_back({kind, capturing ? m_captures : 0U, 0});
    if (capturing) {
      ++m_captures;
    }
  }
  // Appends the instructions of a segment's parts.
  void
  parts(const PatternSegment& segment)
  {
    for (const auto& part : segment) {
      switch (part.kind) {
      case PatternPart::Kind::text:
        literal(part.canonical);
        break;
      case PatternPart::Kind::param:
        op(OpKind::param);
        break;
      case PatternPart::Kind::rest:
        op(OpKind::rest);
        break;
      }
    }
  }
  // Number of instructions emitted.
  std::size_t
  count() const
  {
    return m_ops.size() - m_first;
  }
  // Number of capture groups emitted.
  std::uint32_t
  captures() const
  {
    return m_captures;
  }

private:
  std::vector<Op>& m_ops;
  std::string& m_literals;
  std::size_t m_first;
  std::uint32_t m_captures = 0;
};

} // namespace

PatternProgram
compile_pattern(const Pattern& pattern, TrailingSlash mode)
{
  PatternProgram program;
  Emitter emit(program.ops, program.literals);
  if (pattern.segments().empty()) {
    // The root route is `^\/$` in every mode.
    emit.literal("/");
    emit.op(OpKind::end);
    return program;
  }
  for (const auto& segment : pattern.segments()) {
    if (segment.size() == 1 && segment[0].kind == PatternPart::Kind::rest) {
      emit.op(OpKind::optional_rest);
      continue;
    }
    emit.literal("/");
    emit.parts(segment);
  }
  switch (mode) {
  case TrailingSlash::always:
    emit.op(OpKind::end_slash);
    break;
  case TrailingSlash::never:
    emit.op(OpKind::end);
    break;
  case TrailingSlash::ignore:
    emit.op(OpKind::end_opt_slash);
    break;
  }
  return program;
}

bool
run_ops(std::span<const Op> ops,
        std::string_view literals,
        std::string_view text,
        std::span<Capture> captures)
{
  for (auto& c : captures) {
    c = Capture{};
  }
  const std::size_t bits = ops.size() * (text.size() + 1);
  const std::size_t words = (bits + 63) / 64;
  std::array<std::uint64_t, k_stack_memo_words> stack_memo;
  std::vector<std::uint64_t> heap_memo;
  std::span<std::uint64_t> memo;
  if (words <= stack_memo.size()) {
    std::fill_n(stack_memo.begin(), words, 0);
    memo = std::span(stack_memo.data(), words);
  } else {
    heap_memo.assign(words, 0);
    memo = heap_memo;
  }
  Runner runner(ops, literals, text, memo, captures);
  return runner.run(0, 0);
}

std::uint32_t
Programs::add_segment(const PatternSegment& segment)
{
  Info info;
  info.ops_begin = static_cast<std::uint32_t>(m_ops.size());
  Emitter emit(m_ops, m_literals);
  emit.parts(segment);
  emit.op(OpKind::end);
  info.ops_count = static_cast<std::uint32_t>(emit.count());
  info.captures = emit.captures();
  m_programs.push_back(info);
  return static_cast<std::uint32_t>(m_programs.size() - 1);
}

std::span<const Op>
Programs::ops(std::uint32_t id) const
{
  const Info& info = m_programs[id];
  return std::span<const Op>(m_ops.data() + info.ops_begin, info.ops_count);
}

bool
Programs::match(std::uint32_t id, std::string_view text, std::span<Capture> captures) const
{
  return run_ops(ops(id), m_literals, text, captures);
}

void
Programs::prefix_ends(std::uint32_t id, std::string_view text, std::vector<char>& reach) const
{
  const std::size_t n = text.size();
  reach.assign(n + 1, 0);
  reach[0] = 1;
  std::vector<char> next(n + 1, 0);
  for (const Op& op : ops(id)) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    switch (op.kind) {
    case OpKind::literal:
      for (std::size_t p = 0; p + op.size <= n; ++p) {
        if (reach[p] != 0 &&
            std::memcmp(text.data() + p, m_literals.data() + op.offset, op.size) == 0) {
          next[p + op.size] = 1;
          any = true;
        }
      }
      break;
    case OpKind::param: {
      // q is reachable when some p < q is, with no `/` in text[p, q).
      bool open = false;
      for (std::size_t p = 0; p < n; ++p) {
        open = (open || reach[p] != 0) && text[p] != '/';
        next[p + 1] = open ? 1 : 0;
        any = any || open;
      }
      break;
    }
    case OpKind::rest: {
      // q is reachable when some p <= q is, with no line feed in text[p, q).
      bool open = false;
      for (std::size_t p = 0; p <= n; ++p) {
        open = open || reach[p] != 0;
        next[p] = open ? 1 : 0;
        any = any || open;
        if (p < n && text[p] == '\n') {
          open = false;
        }
      }
      break;
    }
    case OpKind::optional_rest:
    case OpKind::end_slash:
    case OpKind::end_opt_slash:
      // Not part of segment programs.
      reach.assign(n + 1, 0);
      return;
    case OpKind::end:
      return; // every reachable position is an end
    }
    reach.swap(next);
    if (!any) {
      return;
    }
  }
}

std::size_t
Programs::heap_bytes() const
{
  return m_ops.capacity() * sizeof(Op) + m_literals.capacity() +
         m_programs.capacity() * sizeof(Info);
}

bool
valid_utf8(std::string_view text)
{
  // RE2's notion: a lead byte C2-DF, E0-EF or F0-F4 followed by 1, 2 or 3 continuation bytes
  // (it does not reject overlong three- and four-byte forms, surrogates or values past
  // U+10FFFF; the differential test pins this down).
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t more = 0;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      more = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      more = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      more = 3;
    } else {
      return false;
    }
    if (text.size() - i <= more) {
      return false;
    }
    for (std::size_t k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += more + 1;
  }
  return true;
}

} // namespace cachectl::detail
