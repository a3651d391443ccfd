#include "common/index/stored_article.h"

#include <cstdint>

namespace dateline {
namespace {

// Layout: the magic byte, then each field in a fixed order; a string is a varint length and its
// bytes; a list is a varint count and its strings.
constexpr char k_magic = '\x01';

void put_varint(std::string& out, std::uint64_t value)
{
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void put_string(std::string& out, std::string_view value)
{
    put_varint(out, value.size());
    out += value;
}

void put_list(std::string& out, const std::vector<std::string>& values)
{
    put_varint(out, values.size());
    for (const std::string& value : values) {
        put_string(out, value);
    }
}

class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    std::uint64_t varint()
    {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_at >= m_bytes.size()) {
                fail();
            }
            const auto byte = static_cast<unsigned char>(m_bytes[m_at++]);
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        fail();
    }

    std::string string()
    {
        const std::uint64_t size = varint();
        if (size > m_bytes.size() - m_at) {
            fail();
        }
        std::string value(m_bytes.substr(m_at, size));
        m_at += size;
        return value;
    }

    std::vector<std::string> list()
    {
        const std::uint64_t count = varint();
        if (count > m_bytes.size() - m_at) {
            fail(); // each entry takes at least one byte
        }
        std::vector<std::string> values;
        values.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i) {
            values.push_back(string());
        }
        return values;
    }

    [[nodiscard]] bool at_end() const { return m_at == m_bytes.size(); }

    [[noreturn]] static void fail() { throw std::runtime_error("stored article data is damaged or of another version"); }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

} // namespace

std::string encode_stored_article(const Article& article)
{
    std::string out;
    out.reserve(64 + article.title.size() + article.body.size() * 256);
    out += k_magic;
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.subtitle, &article.section,
                                     &article.source, &article.date, &article.dateline, &article.language}) {
        put_string(out, *field);
    }
    put_list(out, article.authors);
    put_list(out, article.tags);
    put_list(out, article.body);
    // Added after the fields of older data, and only when set: a day-only article is encoded
    // exactly as before, and older stored data (which ends here) still reads.
    const bool captured = !article.warc_file.empty() || !article.warc_record_id.empty() || !article.captured_at.empty();
    if (!article.published_at.empty() || captured) {
        put_string(out, article.published_at);
    }
    // Where a page from a web archive was captured (issue 17): after published_at, likewise.
    if (captured) {
        put_string(out, article.warc_file);
        put_string(out, article.warc_record_id);
        put_string(out, article.captured_at);
    }
    return out;
}

Article decode_stored_article(std::string_view bytes)
{
    if (bytes.empty() || bytes[0] != k_magic) {
        Reader::fail();
    }
    Reader reader(bytes.substr(1));
    Article article;
    for (std::string* field : {&article.id, &article.url, &article.title, &article.subtitle, &article.section,
                               &article.source, &article.date, &article.dateline, &article.language}) {
        *field = reader.string();
    }
    article.authors = reader.list();
    article.tags = reader.list();
    article.body = reader.list();
    if (!reader.at_end()) {
        article.published_at = reader.string();
    }
    if (!reader.at_end()) {
        article.warc_file = reader.string();
        article.warc_record_id = reader.string();
        article.captured_at = reader.string();
    }
    if (!reader.at_end()) {
        Reader::fail();
    }
    return article;
}

} // namespace dateline
