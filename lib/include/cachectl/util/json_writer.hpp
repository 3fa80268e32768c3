// JSON text written straight into a string, without building a document first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cachectl {

/// Appends `text` to `out` as a JSON string literal, exactly as nlohmann::json's
/// `dump(-1, ' ', false, error_handler_t::replace)` spells it: UTF-8 kept as is, `"` `\`
/// and control characters escaped (`\u001f` in lower case), invalid UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view text);

/// True when `text` is written as it is between quotes: no control byte, `"`, `\` or non-ASCII.
bool is_plain_json(std::string_view text);

/// A streaming JSON writer: members and elements are appended to one string as they come,
/// commas placed by the writer. Output matches nlohmann::json's compact `dump()` byte for
/// byte. Nesting deeper than 64 levels is not supported.
class JsonWriter {
public:
  /// Writes into `out` (appending; the string is not cleared).
  explicit JsonWriter(std::string& out);

  /// `{`.
  void begin_object();
  /// `}`.
  void end_object();
  /// Continues an object whose `{` and first members were written elsewhere (the cached tail of
  /// a record): the next key is preceded by a comma, and end_object() closes it.
  void resume_object();
  /// `[`.
  void begin_array();
  /// `]`.
  void end_array();
  /// A member name inside an object; the next value is its value.
  void key(std::string_view name);
  /// A string value.
  void string(std::string_view text);
  /// `null`.
  void null();
  /// `true` or `false`.
  void boolean(bool value);
  /// An integer.
  void number(std::int64_t value);
  /// JSON text that is already one complete value (e.g. a cached fragment).
  void raw(std::string_view json);

private:
  void separate();
  void open(char bracket);
  void close(char bracket);

  std::string& m_out;
  std::uint64_t m_has_items = 0; ///< one bit per open level: something was written at it
  int m_depth = 0;
  bool m_after_key = false;
};

// The writer's small steps are defined here, inline: a record is dozens of them, and a call
// into the shared library for each one costs more than the step.

inline JsonWriter::JsonWriter(std::string& out)
    : m_out(out)
{
}

inline void
JsonWriter::separate()
{
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_depth > 0) {
    const std::uint64_t bit = std::uint64_t{1} << (m_depth - 1);
    if (m_has_items & bit) {
      m_out += ',';
    }
    m_has_items |= bit;
  }
}

inline void
JsonWriter::open(char bracket)
{
  separate();
  m_out += bracket;
  ++m_depth;
  m_has_items &= ~(std::uint64_t{1} << (m_depth - 1));
}

inline void
JsonWriter::close(char bracket)
{
  m_out += bracket;
  --m_depth;
}

inline void
JsonWriter::begin_object()
{
  open('{');
}

inline void
JsonWriter::resume_object()
{
  ++m_depth;
  m_has_items |= std::uint64_t{1} << (m_depth - 1);
}

inline void
JsonWriter::end_object()
{
  close('}');
}

inline void
JsonWriter::begin_array()
{
  open('[');
}

inline void
JsonWriter::end_array()
{
  close(']');
}

inline void
JsonWriter::key(std::string_view name)
{
  separate();
  append_json_string(m_out, name);
  m_out += ':';
  m_after_key = true;
}

inline void
JsonWriter::string(std::string_view text)
{
  separate();
  append_json_string(m_out, text);
}

inline void
JsonWriter::null()
{
  separate();
  m_out += "null";
}

inline void
JsonWriter::boolean(bool value)
{
  separate();
  m_out += value ? "true" : "false";
}

inline void
JsonWriter::raw(std::string_view json)
{
  separate();
  m_out += json;
}

} // namespace cachectl
