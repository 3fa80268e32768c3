#include <cachectl/analysis/parsed_log.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace cachectl {

namespace {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

// The text of a batch of lines and what was parsed from it. The text is reserved up front and
// never grows while records point into it.
struct Batch {
  static constexpr std::size_t text_capacity = std::size_t{1} << 20;

  std::string text;
  std::vector<ParsedLine> lines;
  std::size_t used = 0;            // lines[0, used) hold this batch's lines
  std::deque<HeaderFields> fields; // request headers of JSON records (stable addresses)
  std::deque<std::string> copies;  // record fields the parser built rather than cut from a line

  // Empties the batch, keeping its storage.
  void
  clear()
  {
    text.clear();
    used = 0;
    fields.clear();
    copies.clear();
  }
};

// Batches passed between the reading thread and the consuming one.
class BatchQueue {
public:
  explicit BatchQueue(std::size_t count)
      : m_batches(count)
  {
    for (Batch& batch : m_batches) {
      batch.text.reserve(Batch::text_capacity);
      batch.lines.resize(parsed_log_batch_lines);
      m_free.push_back(&batch);
    }
  }

  // An empty batch for the reader; null once the consumer has stopped.
  Batch*
  take_free()
  {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_free.empty() || m_stopped; });
    if (m_stopped) {
      return nullptr;
    }
    Batch* batch = m_free.front();
    m_free.pop_front();
    return batch;
  }

  // Hands a filled batch to the consumer.
  void
  put_full(Batch* batch)
  {
    {
      const std::lock_guard lock(m_mutex);
      m_full.push_back(batch);
    }
    m_changed.notify_all();
  }

  // The reader has read its last line.
  void
  finish()
  {
    {
      const std::lock_guard lock(m_mutex);
      m_finished = true;
    }
    m_changed.notify_all();
  }

  // The next filled batch; null when the reader has finished and every batch was taken.
  Batch*
  take_full()
  {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_full.empty() || m_finished; });
    if (m_full.empty()) {
      return nullptr;
    }
    Batch* batch = m_full.front();
    m_full.pop_front();
    return batch;
  }

  // Gives a consumed batch back to the reader.
  void
  put_free(Batch* batch)
  {
    batch->clear();
    {
      const std::lock_guard lock(m_mutex);
      m_free.push_back(batch);
    }
    m_changed.notify_all();
  }

  // The consumer wants no more batches.
  void
  stop()
  {
    {
      const std::lock_guard lock(m_mutex);
      m_stopped = true;
    }
    m_changed.notify_all();
  }

  // True once stop() was called (checked by the reader between lines).
  bool
  stopped()
  {
    const std::lock_guard lock(m_mutex);
    return m_stopped;
  }

private:
  std::vector<Batch> m_batches;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Batch*> m_free;
  std::deque<Batch*> m_full;
  bool m_finished = false;
  bool m_stopped = false;
};

// Makes `record` (parsed from `line`, which lies in the batch's text) independent of the parser:
// the parser reuses its own storage from line to line for what it does not cut from the line
// (a JSON string with escapes, CloudFront's stem and query joined, request headers), so such
// fields are copied into the batch.
void
keep_with(Batch& batch, std::string_view line, AccessRecord& record)
{
  const auto keep = [&](std::string_view& field) {
    const auto begin = reinterpret_cast<std::uintptr_t>(line.data());
    const auto at = reinterpret_cast<std::uintptr_t>(field.data());
    const bool in_line = field.empty() || (at >= begin && at - begin + field.size() <= line.size());
    if (!in_line) {
      field = batch.copies.emplace_back(field);
    }
  };
  keep(record.method);
  keep(record.target);
  keep(record.host);
  keep(record.client);
  if (record.headers != nullptr) {
    record.headers = &batch.fields.emplace_back(*record.headers);
  }
}

// Reads and parses every line of `reader` into batches (the reading thread).
void
read_batches(LineReader& reader, AccessLogParser& parser, BatchQueue& queue)
{
  Batch* batch = nullptr;
  while (true) {
    if (batch == nullptr && (batch = queue.take_free()) == nullptr) {
      break; // the consumer stopped
    }
    const auto line = reader.next();
    if (!line) {
      break;
    }
    const std::string_view text = line->text;
    if (batch->used > 0 && batch->text.size() + text.size() > batch->text.capacity()) {
      queue.put_full(std::exchange(batch, nullptr));
      if (queue.stopped() || (batch = queue.take_free()) == nullptr) {
        break;
      }
    }
    if (batch->used == 0 && text.size() > batch->text.capacity()) {
      batch->text.reserve(text.size()); // a line longer than a batch: nothing points in yet
    }
    const std::size_t at = batch->text.size();
    batch->text.append(text);
    ParsedLine& parsed = batch->lines[batch->used++];
    parse_log_line(
        parser, std::string_view(batch->text).substr(at, text.size()), line->number, parsed);
    if (parsed.kind == ParsedLine::Kind::record) {
      keep_with(*batch, std::string_view(batch->text).substr(at, text.size()), parsed.record);
    }
    if (batch->used == batch->lines.size()) {
      queue.put_full(std::exchange(batch, nullptr));
      if (queue.stopped()) {
        break;
      }
    }
  }
  if (batch != nullptr && batch->used > 0) {
    queue.put_full(batch);
  }
  queue.finish();
}

} // namespace

void
parse_log_line(AccessLogParser& parser, std::string_view line, std::size_t number, ParsedLine& out)
{
  out.number = number;
  out.text = line;
  if (AccessLogParser::skippable(line)) {
    if (auto noted = parser.header(line); !noted) {
      out.kind = ParsedLine::Kind::unparsable;
      out.error = std::move(noted.error());
    } else {
      out.kind = ParsedLine::Kind::skipped;
    }
    return;
  }
  auto record = parser.parse(line);
  if (!record) {
    out.kind = ParsedLine::Kind::unparsable;
    out.error = std::move(record.error());
    return;
  }
  out.kind = ParsedLine::Kind::record;
  out.record = *record;
}

ParsedLogEnd
read_parsed_log(LineReader& reader,
                LogFormat format,
                const std::function<bool(std::span<const ParsedLine>)>& consume)
{
  AccessLogParser parser(format);
  BatchQueue queue(3);
  std::thread worker([&] { read_batches(reader, parser, queue); });
  ParsedLogEnd end;
  while (Batch* batch = queue.take_full()) {
    const bool more =
        !end.stopped && consume(std::span<const ParsedLine>(batch->lines.data(), batch->used));
    queue.put_free(batch);
    if (!more && !end.stopped) {
      end.stopped = true;
      queue.stop();
    }
  }
  worker.join();
  end.error = reader.error();
  end.format = parser.format();
  return end;
}

} // namespace cachectl
