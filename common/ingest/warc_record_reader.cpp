#include "common/ingest/warc_record_reader.h"

#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <system_error>

namespace dateline {
namespace {

constexpr std::size_t k_read_size = 65536;
constexpr std::size_t k_max_header = 65536; // a record's version line and fields together
constexpr std::string_view k_record_start = "WARC/1.";

std::string_view trim_line_end(std::string_view line)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
        line.remove_suffix(1);
    }
    return line;
}

// At most 60 bytes of a bad line, for a message.
std::string excerpt(std::string_view line)
{
    return repair_utf8(std::string(line.substr(0, 60))) + (line.size() > 60 ? "…" : "");
}

} // namespace

std::string find_field(const HeaderFields& fields, std::string_view name)
{
    const std::string wanted = ascii_lower(name);
    for (const auto& [key, value] : fields) {
        if (key.size() == wanted.size() && ascii_lower(key) == wanted) {
            return value;
        }
    }
    return {};
}

WarcRecordReader::WarcRecordReader(WarcStream& stream, std::size_t max_block) : m_stream(stream), m_max_block(max_block)
{
}

bool WarcRecordReader::fill()
{
    if (m_stream_end || !m_break.empty()) {
        return false;
    }
    // Keep one consumed byte: it tells whether the next byte starts a line.
    const std::size_t drop = m_at > 0 ? m_at - 1 : 0;
    m_buffer.erase(0, drop);
    m_buffer_offset += drop;
    m_at -= drop;
    const std::size_t old_size = m_buffer.size();
    m_buffer.resize(old_size + k_read_size);
    const std::size_t got = m_stream.read(m_buffer.data() + old_size, k_read_size);
    m_buffer.resize(old_size + got);
    if (got != 0) {
        return true;
    }
    if (std::optional<std::string> what = m_stream.take_break()) {
        // What is left belongs to the record the break cut short: the data after the break
        // does not continue it.
        m_break = std::move(*what);
        m_buffer_offset += m_buffer.size();
        m_buffer.clear();
        m_at = 0;
        return false;
    }
    m_stream_end = true;
    return false;
}

WarcRecordReader::LineResult WarcRecordReader::read_line(std::string& line, std::size_t max_size)
{
    std::size_t searched = m_at;
    for (;;) {
        const std::size_t newline = m_buffer.find('\n', searched);
        if (newline != std::string::npos && newline - m_at < max_size) {
            line.assign(trim_line_end(std::string_view(m_buffer).substr(m_at, newline - m_at)));
            m_at = newline + 1;
            return LineResult::ok;
        }
        if (m_buffer.size() - m_at >= max_size) {
            return LineResult::too_long;
        }
        searched = m_buffer.size();
        const std::size_t before = m_at;
        if (!fill()) {
            return LineResult::end;
        }
        searched -= before - m_at; // fill moved the data
    }
}

void WarcRecordReader::skip_to_record_start()
{
    for (;;) {
        for (std::size_t p = m_at; p + k_record_start.size() <= m_buffer.size(); ++p) {
            if ((p == 0 || m_buffer[p - 1] == '\n') && std::string_view(m_buffer).substr(p).starts_with(k_record_start)) {
                m_at = p;
                return;
            }
        }
        m_at = std::max(m_at, m_buffer.size() - std::min(m_buffer.size(), k_record_start.size() - 1));
        if (!fill()) {
            return;
        }
    }
}

WarcRecordStatus WarcRecordReader::damaged(std::string& problem, const std::string& what)
{
    problem = m_break.empty() ? "record at byte " + std::to_string(m_record_offset) + ": " + what : m_break;
    m_break.clear();
    skip_to_record_start();
    return WarcRecordStatus::damaged;
}

bool WarcRecordReader::read_block(WarcRecord& record, bool keep)
{
    std::uint64_t left = record.block_size;
    const std::size_t buffered = static_cast<std::size_t>(std::min<std::uint64_t>(left, m_buffer.size() - m_at));
    if (keep) {
        record.block.assign(m_buffer, m_at, buffered);
    }
    m_at += buffered;
    left -= buffered;
    if (left == 0) {
        return true;
    }
    // The rest straight from the stream, past the buffer.
    m_buffer_offset += m_buffer.size();
    m_buffer.clear();
    m_at = 0;
    std::array<char, k_read_size> scratch{};
    while (left > 0 && m_break.empty() && !m_stream_end) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, scratch.size()));
        const std::size_t got = m_stream.read(scratch.data(), want);
        if (got == 0) {
            fill(); // records the break or the end
            break;
        }
        if (keep) {
            record.block.append(scratch.data(), got);
        }
        m_buffer_offset += got;
        left -= got;
    }
    return left == 0;
}

bool WarcRecordReader::read_fields(WarcRecord& record, std::string& problem, WarcRecordStatus& status)
{
    std::string line;
    std::size_t header_size = 0;
    for (;;) {
        const LineResult result = read_line(line, k_max_header);
        header_size += line.size() + 2;
        if (result == LineResult::too_long || header_size > k_max_header) {
            status = damaged(problem, "record header longer than 64 KB");
            return false;
        }
        if (result == LineResult::end) {
            status = damaged(problem, "truncated record header");
            return false;
        }
        if (line.empty()) {
            return true;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !record.fields.empty()) {
            record.fields.back().second += " " + std::string(trim(line)); // a folded line
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            status = damaged(problem, "bad header line \"" + excerpt(line) + "\" (want \"Name: value\")");
            return false;
        }
        record.fields.emplace_back(std::string(trim(std::string_view(line).substr(0, colon))),
                                   std::string(trim(std::string_view(line).substr(colon + 1))));
    }
}

WarcRecordStatus WarcRecordReader::next(WarcRecord& record, std::string& problem)
{
    record.fields.clear();
    record.block.clear();
    record.block_size = 0;
    if (!m_break.empty()) {
        return damaged(problem, {});
    }
    // Records end with two line breaks; be lenient about how many.
    for (;;) {
        while (m_at < m_buffer.size() && (m_buffer[m_at] == '\r' || m_buffer[m_at] == '\n')) {
            ++m_at;
        }
        if (m_at < m_buffer.size() || !fill()) {
            break;
        }
    }
    if (!m_break.empty()) {
        return damaged(problem, {});
    }
    if (m_at >= m_buffer.size()) {
        return WarcRecordStatus::end;
    }
    m_record_offset = m_stream.file_offset_of(m_buffer_offset + m_at);
    record.offset = m_record_offset;
    const LineResult result = read_line(record.version, 64);
    if (result != LineResult::ok) {
        return damaged(problem, result == LineResult::end ? "truncated record header" : "not a WARC record");
    }
    if (record.version != "WARC/1.0" && record.version != "WARC/1.1") {
        return damaged(problem, "not a WARC record: the line \"" + excerpt(record.version) +
                                    "\" should be \"WARC/1.0\" or \"WARC/1.1\"");
    }
    WarcRecordStatus status = WarcRecordStatus::record;
    if (!read_fields(record, problem, status)) {
        return status;
    }
    const std::string length = record.field("Content-Length");
    const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), record.block_size);
    if (length.empty() || error != std::errc() || end != length.data() + length.size()) {
        return damaged(problem, length.empty() ? "no Content-Length field"
                                               : "Content-Length \"" + excerpt(length) + "\" is not a number");
    }
    const bool keep = record.block_size <= m_max_block;
    if (!read_block(record, keep)) {
        return damaged(problem, "truncated block: the file ends before the " + std::to_string(record.block_size) +
                                    " bytes of Content-Length");
    }
    return keep ? WarcRecordStatus::record : WarcRecordStatus::too_large;
}

} // namespace dateline
