#include "purge_source.hpp"

#include "render.hpp"
#include "url_input.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace cachectl::cli {

CommandLineSource::CommandLineSource(const PurgeOptions& opts)
    : m_opts(opts)
{
  const std::array<std::pair<const std::vector<std::string>*, TargetKind>, 6> lists = {{
      {&opts.urls, TargetKind::url},
      {&opts.paths, TargetKind::path},
      {&opts.tags, TargetKind::tag},
      {&opts.prefixes, TargetKind::prefix},
      {&opts.hosts, TargetKind::host},
      {&opts.rules, TargetKind::rule},
  }};
  for (const auto& [list, kind] : lists) {
    for (const auto& value : *list) {
      m_given.push_back({Target{kind, value}, fmt::format("--{}", target_kind_name(kind)), {}});
    }
  }
  if (opts.everything) {
    m_given.push_back({Target{TargetKind::everything, {}}, "--everything", {}});
  }
}

std::optional<SourceItem>
CommandLineSource::next()
{
  if (m_next_given < m_given.size()) {
    return m_given[m_next_given++];
  }
  while (true) {
    if (!m_reader) {
      if (m_next_file >= m_opts.from.size()) {
        return std::nullopt;
      }
      const std::string& path = m_opts.from[m_next_file++];
      auto reader = LineReader::open(path, max_input_line());
      if (!reader) {
        m_read_error = "--from: " + reader.error();
        return std::nullopt; // the rest of the input is not read
      }
      m_reader.emplace(std::move(*reader));
      m_name = path == "-" ? "stdin" : path;
      m_line = 0;
    }
    const auto line = m_reader->next();
    if (!line) {
      // A read error (a directory, EIO) is never taken for the end of the input.
      if (!m_reader->error().empty()) {
        m_read_error = fmt::format("--from: {} after line {}", m_reader->error(), m_line);
        m_reader.reset();
        return std::nullopt;
      }
      m_reader.reset();
      continue;
    }
    m_line = line->number;
    const std::string where = fmt::format("{}:{}", m_name, line->number);
    if (line->cut()) {
      // Longer than any target can be: refused, and not given back to --failed-out, where
      // its first bytes alone would name another target.
      return SourceItem{std::unexpected(fmt::format("the line is {} bytes long, more than the "
                                                    "{} a target can take; not written to "
                                                    "--failed-out",
                                                    line->bytes,
                                                    max_input_line())),
                        where,
                        {}};
    }
    const std::string_view text = trim_line(line->text);
    if (text.empty() || text.starts_with('#')) {
      continue;
    }
    SourceItem item{parse_target_line(text), where, std::string(text)};
    if (item.target && item.target->kind == TargetKind::everything && !m_opts.yes) {
      item.target = std::unexpected(std::string("`everything` purges the whole cache; pass --yes"));
    }
    return item;
  }
}

} // namespace cachectl::cli
