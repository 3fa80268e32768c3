#include "util/icu_library.hpp"

#include <cachectl/util/collation.hpp>

#include <array>
#include <cstdint>
#include <memory>

namespace cachectl {

namespace {

// Printable ASCII in the primary order of ICU's root collation (as Node's localeCompare uses
// it): punctuation and symbols in this exact order, then digits, then letters with both cases
// sharing one primary weight. Source: shared/reference/astro-routing.md §8, checked there
// against Node's ICU on 600k random pairs.
constexpr std::string_view k_ascii_order = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
                                           "aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";

// Primary weights per byte; 0 marks bytes outside printable ASCII.
constexpr std::array<std::uint8_t, 128>
make_primary_weights()
{
  std::array<std::uint8_t, 128> weights{};
  std::uint8_t weight = 1;
  for (std::size_t i = 0; i < k_ascii_order.size(); ++i) {
    const char c = k_ascii_order[i];
    const bool upper_after_lower = c >= 'A' && c <= 'Z';
    weights[static_cast<unsigned char>(c)] =
        upper_after_lower ? static_cast<std::uint8_t>(weight - 1) : weight++;
  }
  return weights;
}

constexpr auto k_primary = make_primary_weights();

// True when every byte has an emulated weight.
bool
is_printable_ascii(std::string_view s)
{
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 128 || k_primary[u] == 0) {
      return false;
    }
  }
  return true;
}

// Exact emulation for printable ASCII: primary weights, then lowercase before uppercase.
int
ascii_compare(std::string_view a, std::string_view b)
{
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const int wa = k_primary[static_cast<unsigned char>(a[i])];
    const int wb = k_primary[static_cast<unsigned char>(b[i])];
    if (wa != wb) {
      return wa < wb ? -1 : 1;
    }
  }
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const bool la = a[i] >= 'a' && a[i] <= 'z';
    const bool lb = b[i] >= 'a' && b[i] <= 'z';
    if (a[i] != b[i] && la != lb) {
      return la ? -1 : 1;
    }
  }
  return 0;
}

struct CollatorCloser {
  decltype(IcuApi::close_collator) close = nullptr;

  void
  operator()(UCollator* c) const
  {
    close(c);
  }
};

// A per-thread root collator (ICU collators must not be shared between threads); nullptr when
// ICU or its data cannot be loaded.
UCollator*
root_collator(const IcuApi& icu)
{
  thread_local std::unique_ptr<UCollator, CollatorCloser> collator = [&icu] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCollator, CollatorCloser> c(icu.open_collator("en_US", &status),
                                                 CollatorCloser{icu.close_collator});
    if (U_FAILURE(status)) {
      c.reset();
    }
    return c;
  }();
  return collator.get();
}

} // namespace

int
locale_compare(std::string_view a, std::string_view b)
{
  if (is_printable_ascii(a) && is_printable_ascii(b)) {
    return ascii_compare(a, b);
  }
  const auto& icu = icu_api();
  UCollator* collator = icu ? root_collator(*icu) : nullptr;
  if (collator == nullptr) {
    // ICU or its data missing: fall back to code-point order, which is still a total order.
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult r = icu->collate_utf8(collator,
                                               a.data(),
                                               static_cast<int32_t>(a.size()),
                                               b.data(),
                                               static_cast<int32_t>(b.size()),
                                               &status);
  if (U_FAILURE(status)) {
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  return r == UCOL_LESS ? -1 : (r == UCOL_EQUAL ? 0 : 1);
}

bool
append_locale_key(std::string_view text, std::string& key)
{
  if (!is_printable_ascii(text)) {
    return false;
  }
  // ascii_compare as one byte string: the primary weights (all above 0), a 0 that sorts a
  // prefix first, then per byte 1 for lowercase (first on a tie) and 2 for anything else.
  for (char c : text) {
    key += static_cast<char>(k_primary[static_cast<unsigned char>(c)]);
  }
  key += '\0';
  for (char c : text) {
    key += c >= 'a' && c <= 'z' ? '\1' : '\2';
  }
  return true;
}

} // namespace cachectl
