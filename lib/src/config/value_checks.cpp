// The Loader's checks of one value against its key: type, range and choices.
#include "config/loader.hpp"
#include "config/toml_values.hpp"

#include <cachectl/config/duration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cachectl::config_detail {

void
Loader::type_error(std::string_view name, std::string_view expected, const toml::node& value)
{
  fail("wrong-type",
       value.source(),
       fmt::format("`{}` must be {}, not {}", shown(name), expected, actual_type(value)));
}

bool
Loader::check(const KeySpec& spec, const toml::node& value)
{
  const std::string_view expected = expected_type(spec.type);
  switch (spec.type) {
  case KeyType::integer:
    if (!value.is_integer()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_range(spec, value, 0);
  case KeyType::boolean:
    if (!value.is_boolean()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return true;
  case KeyType::string:
    if (!value.is_string()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_choice(spec, value);
  case KeyType::string_array:
  case KeyType::integer_array:
    if (!value.is_array()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_elements(spec, *value.as_array());
  case KeyType::string_or_string_array:
    if (value.is_string()) {
      return check_choice(spec, value);
    }
    if (!value.is_array()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_elements(spec, *value.as_array());
  case KeyType::table:
    if (!value.is_table()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return true;
  case KeyType::duration:
    return check_duration(spec, value);
  case KeyType::number:
    break;
  }
  if (!value.is_integer() && !value.is_floating_point()) {
    type_error(spec.name, expected, value);
    return false;
  }
  const double number = value.is_integer() ? static_cast<double>(value.as_integer()->get())
                                           : value.as_floating_point()->get();
  const toml::source_region& pos = value.source();
  if (const std::string why = number_refusal(spec, number); !why.empty()) {
    fail("out-of-range", pos, fmt::format("`{}` {}", spec.name, why));
    return false;
  }
  return true;
}

bool
Loader::check_duration(const KeySpec& spec, const toml::node& value)
{
  if (value.is_integer()) {
    return check_range(spec, value, 0);
  }
  if (!value.is_string()) {
    type_error(spec.name, expected_type(spec.type), value);
    return false;
  }
  const std::string& text = value.as_string()->get();
  const auto seconds = parse_duration(text, spec.max);
  if (!seconds) {
    fail("invalid-value",
         value.source(),
         fmt::format("`{}` must be a duration: integer seconds, or a string such as \"1h30m\" "
                     "with units {}, largest first; {}: {}",
                     spec.name,
                     duration_units,
                     toml_quoted(text),
                     seconds.error()));
    return false;
  }
  if (*seconds < spec.min) {
    fail("out-of-range",
         value.source(),
         fmt::format("`{}` must be at least {} s, not {}", spec.name, spec.min, toml_quoted(text)));
    return false;
  }
  return true;
}

bool
Loader::check_elements(const KeySpec& spec, const toml::array& array)
{
  const bool integers = spec.type == KeyType::integer_array;
  bool ok = true;
  std::size_t index = 0;
  for (const auto& element : array) {
    ++index;
    if (integers ? !element.is_integer() : !element.is_string()) {
      fail("wrong-type",
           element.source(),
           fmt::format("`{}` must be {}; element {} is {}",
                       spec.name,
                       expected_type(spec.type),
                       index,
                       actual_type(element)));
      ok = false;
    } else if (integers && !check_range(spec, element, index)) {
      ok = false;
    }
  }
  return ok;
}

bool
Loader::check_range(const KeySpec& spec, const toml::node& value, std::size_t element)
{
  const std::int64_t number = value.as_integer()->get();
  const bool bounded = spec.max != 0;
  if (number >= spec.min && (!bounded || number <= spec.max)) {
    return true;
  }
  if (spec.scope == KeyScope::root && spec.name == "version") {
    // A file from another cachectl, rather than a typo.
    fail("unsupported-version",
         value.source(),
         fmt::format("unsupported config version {} (this cachectl reads version {})",
                     number,
                     config_version));
    return false;
  }
  const std::string range = bounded ? fmt::format("between {} and {}", spec.min, spec.max)
                                    : fmt::format("at least {}", spec.min);
  std::string message =
      element == 0
          ? fmt::format("`{}` must be {}, not {}", spec.name, range, number)
          : fmt::format(
                "`{}` must hold integers {}; element {} is {}", spec.name, range, element, number);
  fail("out-of-range", value.source(), std::move(message));
  return false;
}

bool
Loader::check_choice(const KeySpec& spec, const toml::node& value)
{
  if (spec.choices.empty()) {
    return true;
  }
  const std::string& text = value.as_string()->get();
  const std::vector<std::string_view> choices = split_list(spec.choices);
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) {
    return true;
  }
  std::string allowed;
  for (const std::string_view choice : choices) {
    if (!allowed.empty()) {
      allowed += ", ";
    }
    allowed += toml_quoted(choice);
  }
  if (spec.type == KeyType::string_or_string_array) {
    allowed += " or an array of strings";
  }
  fail("invalid-value",
       value.source(),
       fmt::format("`{}` must be one of {}, not {}", spec.name, allowed, toml_quoted(text)));
  return false;
}

} // namespace cachectl::config_detail
