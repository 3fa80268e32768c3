#include <cachectl/util/line_reader.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace cachectl {

namespace {

constexpr std::size_t buffer_size = 1 << 16;

std::string
reason(int error_number)
{
  return std::error_code(error_number, std::generic_category()).message();
}

} // namespace

std::expected<LineReader, std::string>
LineReader::open(const std::string& path, std::size_t max_line)
{
  const bool standard_input = path == "-";
  const std::string name = standard_input ? "standard input" : path;
  const int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::unexpected("cannot read " + name + ": " + reason(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    if (!standard_input) {
      ::close(fd);
    }
    return std::unexpected("cannot read " + name + ": " + reason(EISDIR));
  }
  LineReader reader(
      name, [fd](char* buffer, std::size_t size) { return ::read(fd, buffer, size); }, max_line);
  reader.m_fd = standard_input ? -1 : fd;
  return reader;
}

LineReader::LineReader(std::string name, ReadFn read, std::size_t max_line)
    : m_name(std::move(name))
    , m_read(std::move(read))
    , m_max_line(max_line)
    , m_buffer(buffer_size)
{
}

LineReader::~LineReader()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

LineReader::LineReader(LineReader&& other) noexcept
    : m_name(std::move(other.m_name))
    , m_read(std::move(other.m_read))
    , m_max_line(other.m_max_line)
    , m_fd(std::exchange(other.m_fd, -1))
    , m_buffer(std::move(other.m_buffer))
    , m_begin(other.m_begin)
    , m_end(other.m_end)
    , m_line(std::move(other.m_line))
    , m_number(other.m_number)
    , m_done(other.m_done)
    , m_error(std::move(other.m_error))
{
}

LineReader&
LineReader::operator=(LineReader&& other) noexcept
{
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_name = std::move(other.m_name);
    m_read = std::move(other.m_read);
    m_max_line = other.m_max_line;
    m_fd = std::exchange(other.m_fd, -1);
    m_buffer = std::move(other.m_buffer);
    m_begin = other.m_begin;
    m_end = other.m_end;
    m_line = std::move(other.m_line);
    m_number = other.m_number;
    m_done = other.m_done;
    m_error = std::move(other.m_error);
  }
  return *this;
}

bool
LineReader::pending() const
{
  return std::memchr(m_buffer.data() + m_begin, '\n', m_end - m_begin) != nullptr;
}

std::optional<InputLine>
LineReader::next()
{
  if (m_done) {
    return std::nullopt;
  }
  // A whole line in the buffer is handed out where it lies (no copy): the buffer is only refilled
  // once it has been consumed, which is after the caller's next call.
  if (m_begin < m_end) {
    const char* start = m_buffer.data() + m_begin;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
    if (newline != nullptr) {
      const auto take = static_cast<std::size_t>(newline - start);
      m_begin += take + 1;
      return InputLine{std::string_view(start, std::min(take, m_max_line)), ++m_number, take};
    }
  }
  m_line.clear();
  std::size_t bytes = 0;
  bool started = false;
  while (true) {
    if (m_begin == m_end) {
      ssize_t count = 0;
      do {
        count = m_read(m_buffer.data(), m_buffer.size());
      } while (count < 0 && errno == EINTR);
      if (count < 0) {
        m_error = "cannot read " + m_name + ": " + reason(errno);
        m_done = true;
        return std::nullopt;
      }
      if (count == 0) {
        m_done = true;
        if (!started) {
          return std::nullopt;
        }
        return InputLine{m_line, ++m_number, bytes};
      }
      m_begin = 0;
      m_end = static_cast<std::size_t>(count);
    }
    started = true;
    const char* start = m_buffer.data() + m_begin;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', m_end - m_begin));
    const std::size_t take =
        newline != nullptr ? static_cast<std::size_t>(newline - start) : m_end - m_begin;
    bytes += take;
    if (m_line.size() < m_max_line) {
      m_line.append(start, std::min(take, m_max_line - m_line.size()));
    }
    m_begin += take;
    if (newline != nullptr) {
      ++m_begin;
      return InputLine{m_line, ++m_number, bytes};
    }
  }
}

} // namespace cachectl
