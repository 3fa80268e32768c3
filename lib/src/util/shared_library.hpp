// Shared libraries opened at run time (dlopen) instead of linked: what only some commands need
// (libcurl for purge, check and warm; ICU for non-ASCII pattern text) is loaded the first time
// it is needed, so that the other commands do not pay for loading and relocating it at start-up.
#pragma once

#include <expected>
#include <span>
#include <string>

// The exported name of a C function as a string literal, after the header's renaming macros
// (ICU's `ucol_open` is `ucol_open_72`): CACHECTL_SYMBOL_NAME(ucol_open).
#define CACHECTL_SYMBOL_NAME(function) CACHECTL_SYMBOL_NAME_TEXT(function)
// The text of an already expanded name (a helper of CACHECTL_SYMBOL_NAME).
#define CACHECTL_SYMBOL_NAME_TEXT(function) #function

namespace cachectl {

/// A shared library opened for the rest of the process (never closed: the function pointers
/// taken from it stay valid, and libraries such as libcurl must not be unloaded once used).
class SharedLibrary {
public:
  /// Opens the first of `names` that loads (dlopen, symbols bound now, kept local); the error
  /// names every library tried and why each failed.
  static std::expected<SharedLibrary, std::string> open(std::span<const char* const> names);

  /// The address of the exported symbol `name`, or nullptr when the library has none.
  void* find(const char* name) const;

  /// Stores the address of the function `name` in `function`; the error names the library and
  /// the missing symbol.
  template <typename Function>
  std::expected<void, std::string>
  resolve(const char* name, Function*& function) const
  {
    void* address = find(name);
    if (address == nullptr) {
      return std::unexpected(missing(name));
    }
    function = reinterpret_cast<Function*>(address);
    return {};
  }

  /// The name the library was opened by.
  const std::string&
  name() const
  {
    return m_name;
  }

private:
  SharedLibrary(void* handle, std::string name);
  // The error for a symbol the library does not export.
  std::string missing(const char* symbol) const;

  void* m_handle = nullptr;
  std::string m_name;
};

} // namespace cachectl
