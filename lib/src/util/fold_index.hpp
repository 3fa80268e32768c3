// Checkpoints of a left fold over the bytes of a line, so that per-position questions about a long
// line (its display column, UTF-16 column or code point at some byte) cost a bounded number of
// steps each, not the length of the line: a 10 MB line with 10,000 diagnostics stays linear.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace cachectl {

/// True for a UTF-8 continuation byte.
inline bool
is_continuation(char c)
{
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// A fold over the bytes of a text (a count that never decreases, such as a column), with its
/// value before every `checkpoint_bytes`-th byte. The text must outlive the index.
class FoldIndex {
public:
  /// The value after a byte, given the value before it.
  using Step = std::size_t (*)(std::size_t value, char byte);

  static constexpr std::size_t checkpoint_bytes = 64;

  /// Folds `text` once with `step`, from 0.
  FoldIndex(std::string_view text, Step step)
      : m_text(text)
      , m_step(step)
  {
    std::size_t value = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % checkpoint_bytes == 0) {
        m_checkpoints.push_back(value);
      }
      value = m_step(value, text[i]);
    }
    if (text.size() % checkpoint_bytes == 0) {
      m_checkpoints.push_back(value);
    }
    m_total = value;
  }

  /// The value before byte `index` (at most the size of the text).
  std::size_t
  before(std::size_t index) const
  {
    std::size_t value = m_checkpoints[index / checkpoint_bytes];
    for (std::size_t at = index / checkpoint_bytes * checkpoint_bytes; at < index; ++at) {
      value = m_step(value, m_text[at]);
    }
    return value;
  }

  /// The latest checkpointed byte before which the value is at most `value`: the first byte
  /// where the value may reach `value` is at or after it, fewer than `checkpoint_bytes` bytes
  /// before the first byte where it exceeds it.
  std::size_t
  start_for(std::size_t value) const
  {
    const auto after = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), value);
    const auto block = static_cast<std::size_t>(after - m_checkpoints.begin());
    return (block > 0 ? block - 1 : 0) * checkpoint_bytes;
  }

  /// The value after the whole text.
  std::size_t
  total() const
  {
    return m_total;
  }

private:
  std::string_view m_text;
  Step m_step;
  std::vector<std::size_t> m_checkpoints;
  std::size_t m_total = 0;
};

} // namespace cachectl
