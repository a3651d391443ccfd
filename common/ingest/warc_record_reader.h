// WARC records (WARC/1.0 and WARC/1.1) from a WarcStream: the version line, the named fields,
// and the block of Content-Length bytes, one record at a time with bounded memory (a block
// larger than the cap is skipped, never held). A damaged record (a bad version line or field,
// no Content-Length, a truncated block, a broken gzip member) is reported with its file offset
// and reading goes on at the next record. Knows nothing of HTTP or HTML (warc_http).
#pragma once

#include "common/ingest/warc_stream.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

/// Named fields ("Name: value" lines, as WARC and HTTP headers write them), in order, names as written.
using HeaderFields = std::vector<std::pair<std::string, std::string>>;

/// The value of the first field named `name` (case-insensitive), or "".
std::string find_field(const HeaderFields& fields, std::string_view name);

struct WarcRecord {
    std::string version;                                     // "WARC/1.0" or "WARC/1.1"
    HeaderFields fields;
    std::string block;                                       // empty when the block was skipped
    std::uint64_t block_size = 0;                            // Content-Length
    std::uint64_t offset = 0;                                // see WarcStream::file_offset_of

    /// find_field of the record's fields.
    [[nodiscard]] std::string field(std::string_view name) const { return find_field(fields, name); }
};

/// What WarcRecordReader::next found.
enum class WarcRecordStatus {
    record,    // a whole record, its block in `block`
    too_large, // a record whose block is larger than the cap: its fields only; the block was skipped
    damaged,   // a damaged record: `problem` says what and where; reading goes on after it
    end,       // no more records
};

inline constexpr std::size_t k_default_max_block = std::size_t{16} << 20;

class WarcRecordReader {
public:
    /// Reads records from `stream`; a block larger than `max_block` bytes is skipped.
    explicit WarcRecordReader(WarcStream& stream, std::size_t max_block = k_default_max_block);

    /// The next record into `record` (its previous content replaced). For `damaged`, `problem`
    /// is "record at byte N: what was wrong" (or the gzip member's problem).
    WarcRecordStatus next(WarcRecord& record, std::string& problem);

private:
    enum class LineResult { ok, end, too_long };

    bool fill();
    LineResult read_line(std::string& line, std::size_t max_size);
    bool read_block(WarcRecord& record, bool keep);
    void skip_to_record_start();
    WarcRecordStatus damaged(std::string& problem, const std::string& what);
    bool read_fields(WarcRecord& record, std::string& problem, WarcRecordStatus& status);

    WarcStream& m_stream;
    std::size_t m_max_block;
    std::string m_buffer;            // data read from the stream, not yet consumed from m_at
    std::size_t m_at = 0;
    std::uint64_t m_buffer_offset = 0; // data offset of m_buffer[0]
    std::uint64_t m_record_offset = 0; // file offset of the record being read
    std::string m_break;             // the stream's break seen while reading, if any
    bool m_stream_end = false;
};

} // namespace dateline
