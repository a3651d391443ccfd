#include "common/ingest/warc_stream.h"

#include <algorithm>
#include <cstring>

namespace dateline {
namespace {

// A gzip member starts with ID1 ID2 CM=8 (deflate) and a flag byte whose top three bits are 0.
bool is_member_start(const unsigned char* bytes)
{
    return bytes[0] == 0x1f && bytes[1] == 0x8b && bytes[2] == 0x08 && (bytes[3] & 0xe0) == 0;
}

} // namespace

WarcStream::WarcStream(std::istream& in) : m_in(in)
{
    fill_input();
    m_compressed = m_input_size >= 2 && m_input[0] == 0x1f && m_input[1] == 0x8b;
    if (m_compressed && inflateInit2(&m_zstream, 16 + MAX_WBITS) != Z_OK) {
        m_compressed = false;
        m_end = true;
        m_break = "cannot start zlib: out of memory";
    }
}

WarcStream::~WarcStream()
{
    if (m_compressed) {
        inflateEnd(&m_zstream);
    }
}

bool WarcStream::fill_input()
{
    if (m_zstream.avail_in != 0) {
        return true;
    }
    m_input_offset += m_input_size;
    m_in.read(reinterpret_cast<char*>(m_input.data()), static_cast<std::streamsize>(m_input.size()));
    m_input_size = static_cast<std::size_t>(m_in.gcount());
    m_zstream.next_in = m_input.data();
    m_zstream.avail_in = static_cast<uInt>(m_input_size);
    return m_input_size != 0;
}

std::size_t WarcStream::read(char* out, std::size_t size)
{
    if (m_end || m_break || size == 0) {
        return 0;
    }
    const std::size_t got = m_compressed ? read_inflated(out, size) : read_plain(out, size);
    m_data_total += got;
    return got;
}

std::size_t WarcStream::read_plain(char* out, std::size_t size)
{
    // The bytes read to tell gzip from plain come first.
    std::size_t got = std::min<std::size_t>(size, m_zstream.avail_in);
    std::memcpy(out, m_zstream.next_in, got);
    m_zstream.next_in += got;
    m_zstream.avail_in -= static_cast<uInt>(got);
    if (got < size) {
        m_in.read(out + got, static_cast<std::streamsize>(size - got));
        got += static_cast<std::size_t>(m_in.gcount());
    }
    if (got == 0) {
        m_end = true;
    }
    return got;
}

void WarcStream::start_member(std::uint64_t data_offset)
{
    inflateReset(&m_zstream);
    m_member_offset = m_input_offset + static_cast<std::uint64_t>(m_zstream.next_in - m_input.data());
    m_members.emplace_back(data_offset, m_member_offset);
    m_in_member = true;
}

std::size_t WarcStream::read_inflated(char* out, std::size_t size)
{
    m_zstream.next_out = reinterpret_cast<unsigned char*>(out);
    m_zstream.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1U << 30));
    const uInt wanted = m_zstream.avail_out;
    while (m_zstream.avail_out == wanted) {
        const std::size_t produced = wanted - m_zstream.avail_out;
        if (!fill_input()) {
            if (m_in_member) {
                report_break("truncated gzip member at byte " + std::to_string(m_member_offset));
            }
            m_end = true;
            break;
        }
        if (!m_in_member) {
            start_member(m_data_total + produced);
        }
        const int code = inflate(&m_zstream, Z_NO_FLUSH);
        if (code == Z_STREAM_END) {
            m_in_member = false;
        } else if (code != Z_OK && code != Z_BUF_ERROR) {
            report_break("damaged gzip member at byte " + std::to_string(m_member_offset) + ": " +
                         (m_zstream.msg != nullptr ? m_zstream.msg : "inflate failed"));
            m_end = !seek_next_member();
            break;
        }
    }
    return wanted - m_zstream.avail_out;
}

bool WarcStream::seek_next_member()
{
    m_in_member = false;
    // Look again from just after the damaged member's start: a writer that broke off a member
    // may have started the next one inside what looked like the damaged member's data.
    std::uint64_t from = m_member_offset + 1;
    for (;;) {
        m_in.clear();
        if (!m_in.seekg(static_cast<std::streamoff>(from))) {
            return false;
        }
        m_zstream.avail_in = 0;
        m_input_size = 0;
        m_input_offset = from;
        if (!fill_input() || m_input_size < 4) {
            return false;
        }
        for (std::size_t i = 0; i + 4 <= m_input_size; ++i) {
            if (is_member_start(m_input.data() + i)) {
                m_zstream.next_in = m_input.data() + i;
                m_zstream.avail_in = static_cast<uInt>(m_input_size - i);
                return true;
            }
        }
        from += m_input_size - 3; // a start may straddle the block's end
    }
}

void WarcStream::report_break(const std::string& what)
{
    if (!m_break) {
        m_break = what;
    }
}

std::optional<std::string> WarcStream::take_break()
{
    std::optional<std::string> what = std::move(m_break);
    m_break.reset();
    return what;
}

std::uint64_t WarcStream::file_offset_of(std::uint64_t data_offset)
{
    if (!m_compressed) {
        return data_offset;
    }
    while (m_members.size() > 1 && m_members[1].first <= data_offset) {
        m_members.pop_front();
    }
    return m_members.empty() ? 0 : m_members.front().second;
}

} // namespace dateline
