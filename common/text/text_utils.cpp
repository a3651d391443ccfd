#include "common/text/text_utils.h"

#include "common/text/char_class.h"

#include <xapian.h>

#include <cstdint>
#include <cstdio>

namespace dateline {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t valid_sequence_length(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return lead == 0 ? 0 : 1;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u) {
            return 0;
        }
        code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF) {
        return 0;
    }
    return length;
}

bool is_space_at(std::string_view text, std::size_t i, std::size_t& width)
{
    if (is_ascii_space(text[i])) {
        width = 1;
        return true;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    // Only these lead bytes start a Unicode space: most text never reaches the comparisons below.
    if (c != 0xC2 && c != 0xE2 && c != 0xE3 && c != 0xEF) {
        return false;
    }
    // U+00A0 NO-BREAK SPACE, U+FEFF BYTE ORDER MARK, U+2000..U+200B spaces, U+202F, U+3000
    const std::string_view rest = text.substr(i);
    for (std::string_view space : {"\xC2\xA0", "\xEF\xBB\xBF", "\xE2\x80\xAF", "\xE3\x80\x80"}) {
        if (rest.starts_with(space)) {
            width = space.size();
            return true;
        }
    }
    // The third byte must be a continuation byte: in invalid text "\xE2\x80" may precede ASCII.
    if (rest.size() >= 3 && static_cast<unsigned char>(rest[0]) == 0xE2 &&
        static_cast<unsigned char>(rest[1]) == 0x80 && static_cast<unsigned char>(rest[2]) >= 0x80 &&
        static_cast<unsigned char>(rest[2]) <= 0x8B) {
        width = 3;
        return true;
    }
    return false;
}

} // namespace

std::string repair_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = valid_sequence_length(text, i);
        if (length == 0) {
            out += k_replacement;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte != 0 && byte < 0x80) {
            ++i; // ASCII, the common case
            continue;
        }
        const std::size_t length = valid_sequence_length(text, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

std::string_view trim(std::string_view text)
{
    std::size_t width = 0;
    while (!text.empty() && is_space_at(text, 0, width)) {
        text.remove_prefix(width);
    }
    bool trimmed = true;
    while (!text.empty() && trimmed) {
        trimmed = false;
        // Try the longest space encodings first so a multi-byte space is removed whole.
        for (std::size_t w = 3; w >= 1; --w) {
            if (text.size() >= w && is_space_at(text, text.size() - w, width) && width == w) {
                text.remove_suffix(w);
                trimmed = true;
                break;
            }
        }
    }
    return text;
}

// True when `text` has no white space to collapse: no leading, trailing or doubled space,
// no tab or line break, and no byte that could start a Unicode space.
bool is_collapsed(std::string_view text)
{
    if (text.empty() || text.front() == ' ' || text.back() == ' ') {
        return text.empty();
    }
    char previous = 'x';
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= ' ' || byte >= 0xC2) {
            const bool doubled_space = byte == ' ' && previous == ' ';
            const bool control = byte < ' ';
            const bool may_start_space = byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF;
            if (doubled_space || control || may_start_space) {
                return false;
            }
        }
        previous = c;
    }
    return true;
}

std::string collapse_whitespace(std::string_view text)
{
    if (is_collapsed(text)) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    std::size_t i = 0;
    std::size_t width = 0;
    while (i < text.size()) {
        if (is_space_at(text, i, width)) {
            pending_space = !out.empty();
            i += width;
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        // Copy the whole run up to the next white space at once; printable ASCII needs no check.
        std::size_t end = i + 1;
        while (end < text.size()) {
            const auto byte = static_cast<unsigned char>(text[end]);
            if ((byte <= ' ' || byte >= 0x80) && is_space_at(text, end, width)) {
                break;
            }
            ++end;
        }
        out.append(text.substr(i, end - i));
        i = end;
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (end < text.size() || !line.empty()) {
            lines.push_back(line);
        }
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> split_paragraphs(std::string_view text)
{
    std::vector<std::string> paragraphs;
    std::string current;
    for (std::string_view line : split_lines(text)) {
        const std::string_view content = trim(line);
        if (content.empty()) {
            if (!current.empty()) {
                paragraphs.push_back(collapse_whitespace(current));
                current.clear();
            }
            continue;
        }
        if (!current.empty()) {
            current += ' ';
        }
        current += content;
    }
    if (!current.empty()) {
        paragraphs.push_back(collapse_whitespace(current));
    }
    return paragraphs;
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs)
{
    std::string out;
    for (const std::string& paragraph : paragraphs) {
        if (!out.empty()) {
            out += "\n\n";
        }
        out += paragraph;
    }
    return out;
}

std::vector<std::string> split_nonempty(std::string_view text, char separator)
{
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end > start) {
            pieces.emplace_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return pieces;
}

std::string to_lower(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    }
    return out;
}

std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        c = to_ascii_lower(c);
    }
    return out;
}

std::vector<std::string_view> split_at_spaces(std::string_view text)
{
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end > start) {
            words.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return words;
}

std::vector<std::string> lower_words(std::string_view text, Figures figures)
{
    // No ASCII capital survives to_lower (nor does any byte of invalid UTF-8, which becomes a
    // two-byte character), so is_word_byte sees only lower-case letters, digits and UTF-8.
    const std::string lower = to_lower(text);
    std::vector<std::string> words;
    std::string current;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        const char c = lower[i];
        const bool joins_digits = figures == Figures::whole && (c == '.' || c == ',' || c == '/' || c == '-') &&
                                  !current.empty() && is_ascii_digit(current.back()) && i + 1 < lower.size() &&
                                  is_ascii_digit(lower[i + 1]);
        if (is_word_byte(c) || joins_digits) {
            current += c;
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) {
        words.push_back(std::move(current));
    }
    return words;
}

std::size_t count_words(std::string_view text)
{
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) {
            ++words;
        }
        in_word = !space;
    }
    return words;
}

std::string escape_html(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_escaped_html(out, text);
    return out;
}

void append_escaped_html(std::string& out, std::string_view text)
{
    std::size_t plain = 0; // start of the run of bytes not yet appended, none needing escaping
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        out.append(text.substr(plain, i - plain));
        out.append(entity);
        plain = i + 1;
    }
    out.append(text.substr(plain));
}

std::string escape_xml(std::string_view text)
{
    const std::string valid = repair_utf8(text);
    std::string kept;
    kept.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const char c = valid[i];
        const auto byte = static_cast<unsigned char>(c);
        // U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters either.
        if (byte == 0xEF && valid.compare(i + 1, 1, "\xBF") == 0 && i + 2 < valid.size() &&
            (valid[i + 2] == '\xBE' || valid[i + 2] == '\xBF')) {
            i += 2;
            continue;
        }
        if (byte >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            kept += c;
        }
    }
    return escape_html(kept);
}

std::string encode_uri_component(std::string_view text)
{
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = is_ascii_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0x0F];
        }
    }
    return out;
}

std::uint64_t hash_fnv1a(std::string_view text)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string format_hex64(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string fingerprint_hex(std::string_view text)
{
    return format_hex64(hash_fnv1a(text));
}

} // namespace dateline
