// The bytes of a WARC file as a stream: a plain .warc as it is, a .warc.gz (a series of gzip
// members, usually one per record) inflated member after member with zlib. Reads in small
// blocks, never the whole file. A damaged or truncated gzip member is reported with its offset
// and the stream goes on at the next member. Knows nothing of WARC records (warc_record_reader).
#pragma once

#include <zlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <istream>
#include <optional>
#include <string>
#include <utility>

namespace dateline {

class WarcStream {
public:
    /// Reads from `in` (opened in binary mode, kept open by the caller). Gzip or not is told by
    /// the first two bytes, not by the file name.
    explicit WarcStream(std::istream& in);
    ~WarcStream();
    WarcStream(const WarcStream&) = delete;
    WarcStream& operator=(const WarcStream&) = delete;

    /// Up to `size` bytes of data into `out`; 0 at the end of the data or at a break (a damaged
    /// gzip member: take_break() then says why, and the next read goes on at the next member).
    std::size_t read(char* out, std::size_t size);

    /// Why the data broke off, once: "damaged gzip member at byte N: …" or "truncated gzip
    /// member at byte N"; nullopt when it did not.
    std::optional<std::string> take_break();

    /// True when the file is gzip-compressed.
    [[nodiscard]] bool compressed() const { return m_compressed; }

    /// Where the data byte `data_offset` (counted over everything read() handed out) lies in
    /// the file: the offset of the gzip member that holds it (what WARC indexes such as CDX
    /// files record), else the same byte offset. Offsets must be asked in increasing order:
    /// members before the one asked for are forgotten.
    std::uint64_t file_offset_of(std::uint64_t data_offset);

private:
    bool fill_input();
    std::size_t read_plain(char* out, std::size_t size);
    std::size_t read_inflated(char* out, std::size_t size);
    void start_member(std::uint64_t data_offset);
    bool seek_next_member();
    void report_break(const std::string& what);

    std::istream& m_in;
    z_stream m_zstream{};
    std::array<unsigned char, 65536> m_input{};
    std::size_t m_input_size = 0;        // bytes of m_input filled
    std::uint64_t m_input_offset = 0;    // file offset of m_input[0]
    std::uint64_t m_member_offset = 0;   // file offset of the current gzip member
    std::uint64_t m_data_total = 0;      // bytes handed out by read()
    std::deque<std::pair<std::uint64_t, std::uint64_t>> m_members; // (first data byte, file offset)
    bool m_compressed = false;
    bool m_in_member = false;            // inside a member (between its header and its end)
    bool m_member_has_output = false;
    bool m_end = false;
    std::optional<std::string> m_break;
};

} // namespace dateline
