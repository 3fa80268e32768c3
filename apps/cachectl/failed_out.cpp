#include "failed_out.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace cachectl::cli {

FailedOut::~FailedOut()
{
  if (m_file != nullptr) {
    std::fclose(m_file);
  }
  if (!m_temporary.empty()) {
    unlink(m_temporary.c_str());
  }
}

std::string
FailedOut::open(const std::string& path)
{
  m_target = path;
  struct stat info {};
  mode_t mode = 0;
  if (stat(path.c_str(), &info) == 0) {
    m_exists = true;
    m_device = static_cast<unsigned long>(info.st_dev);
    m_inode = static_cast<unsigned long>(info.st_ino);
    if (!S_ISREG(info.st_mode)) {
      // A FIFO, a terminal, /dev/null: written in place, never replaced.
      m_file = std::fopen(path.c_str(), "w");
      return m_file == nullptr ? std::string(std::strerror(errno)) : std::string();
    }
    mode = info.st_mode & 07777;
    // A symlink is followed: the file it names is replaced, the link stays.
    if (char* real = realpath(path.c_str(), nullptr); real != nullptr) {
      m_target = real;
      std::free(real);
    }
  } else {
    const mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  const std::size_t slash = m_target.rfind('/');
  const std::string directory = slash == std::string::npos ? "." : m_target.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? m_target : m_target.substr(slash + 1);
  std::string temporary =
      fmt::format("{}.{}.XXXXXX", slash == std::string::npos ? std::string() : directory, name);
  const int fd = mkstemp(temporary.data());
  if (fd < 0) {
    return fmt::format("cannot create a file in {}: {}", directory, std::strerror(errno));
  }
  fchmod(fd, mode);
  m_temporary = temporary;
  m_file = fdopen(fd, "w");
  if (m_file == nullptr) {
    close(fd);
    return std::strerror(errno);
  }
  return {};
}

void
FailedOut::write_line(std::string_view line)
{
  if (m_file == nullptr) {
    return;
  }
  std::fwrite(line.data(), 1, line.size(), m_file);
  std::fputc('\n', m_file);
}

std::string
FailedOut::commit()
{
  if (m_file == nullptr) {
    return {};
  }
  std::FILE* file = m_file;
  m_file = nullptr;
  bool ok = std::fflush(file) == 0 && std::ferror(file) == 0;
  int error = ok ? 0 : errno;
  if (ok && !m_temporary.empty() && fsync(fileno(file)) != 0) {
    ok = false;
    error = errno;
  }
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) {
    return std::strerror(error != 0 ? error : EIO);
  }
  if (!m_temporary.empty()) {
    if (std::rename(m_temporary.c_str(), m_target.c_str()) != 0) {
      return std::strerror(errno);
    }
    m_temporary.clear();
  }
  return {};
}

bool
FailedOut::same_file(const std::string& path) const
{
  struct stat info {};
  return m_exists && stat(path.c_str(), &info) == 0 &&
         static_cast<unsigned long>(info.st_dev) == m_device &&
         static_cast<unsigned long>(info.st_ino) == m_inode;
}

} // namespace cachectl::cli
