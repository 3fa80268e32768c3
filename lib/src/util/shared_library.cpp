#include "util/shared_library.hpp"

#include <dlfcn.h>

#include <utility>

namespace cachectl {

SharedLibrary::SharedLibrary(void* handle, std::string name)
    : m_handle(handle)
    , m_name(std::move(name))
{
}

std::expected<SharedLibrary, std::string>
SharedLibrary::open(std::span<const char* const> names)
{
  std::string errors;
  for (const char* name : names) {
    if (void* handle = dlopen(name, RTLD_NOW | RTLD_LOCAL); handle != nullptr) {
      return SharedLibrary(handle, name);
    }
    const char* why = dlerror();
    errors += errors.empty() ? "" : "; ";
    errors += why != nullptr ? why : name;
  }
  return std::unexpected(errors.empty() ? std::string("no library name given") : errors);
}

void*
SharedLibrary::find(const char* name) const
{
  return dlsym(m_handle, name);
}

std::string
SharedLibrary::missing(const char* symbol) const
{
  return m_name + " has no symbol " + symbol;
}

} // namespace cachectl
