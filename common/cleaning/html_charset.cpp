#include "common/cleaning/html_charset.h"

#include "common/text/text_utils.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <optional>

namespace dateline {
namespace {

constexpr std::size_t k_prescan_bytes = 4096;
constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

bool is_label_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == ':' || c == '.';
}

// The label that follows "charset=" at `at` in `text` (quotes and spaces allowed around it).
std::string label_after(std::string_view text, std::size_t at)
{
    while (at < text.size() && (text[at] == ' ' || text[at] == '"' || text[at] == '\'' || text[at] == '=')) {
        ++at;
    }
    std::size_t end = at;
    while (end < text.size() && is_label_char(text[end])) {
        ++end;
    }
    return ascii_lower(text.substr(at, end - at));
}

// The iconv name of a charset label, or nullopt when Dateline does not know it.
std::optional<std::string> canonical_charset(std::string_view label)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> k_names = {{
        {"utf-8", "utf-8"},          {"utf8", "utf-8"},           {"unicode-1-1-utf-8", "utf-8"},
        {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"latin1", "windows-1252"},
        {"l1", "windows-1252"},      {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},
        {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
        {"iso-8859-15", "iso-8859-15"}, {"iso8859-15", "iso-8859-15"}, {"latin9", "iso-8859-15"},
        {"latin-9", "iso-8859-15"},  {"utf-16", "utf-16le"},      {"utf-16le", "utf-16le"},
        {"utf-16be", "utf-16be"},    {"windows-1251", "windows-1251"}, {"koi8-r", "koi8-r"},
        {"iso-8859-2", "iso-8859-2"},
    }};
    for (const auto& [name, canonical] : k_names) {
        if (label == name) {
            return std::string(canonical);
        }
    }
    if (label == "shift_jis" || label == "euc-jp" || label == "gb2312" || label == "gbk" || label == "big5" ||
        label == "euc-kr" || label == "windows-1250" || label == "windows-1256" || label == "iso-8859-7") {
        return std::string(label);
    }
    return std::nullopt;
}

// `bytes` converted from `charset` by iconv; an unconvertible byte becomes U+FFFD.
std::optional<std::string> iconv_to_utf8(std::string_view bytes, const std::string& charset)
{
    iconv_t converter = iconv_open("UTF-8", charset.c_str());
    if (converter == reinterpret_cast<iconv_t>(-1)) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    std::array<char, 16384> buffer{};
    auto* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* out_ptr = buffer.data();
        std::size_t out_left = buffer.size();
        const std::size_t result = iconv(converter, &in, &in_left, &out_ptr, &out_left);
        out.append(buffer.data(), buffer.size() - out_left);
        if (result != static_cast<std::size_t>(-1) || errno == E2BIG) {
            continue;
        }
        // An invalid or truncated sequence: replace one byte (or one UTF-16 unit) and go on.
        out += k_replacement;
        const std::size_t skip = charset.starts_with("utf-16") ? std::min<std::size_t>(2, in_left) : 1;
        in += skip;
        in_left -= skip;
    }
    iconv_close(converter);
    return out;
}

std::optional<std::string> charset_of_bom(std::string_view bytes, std::size_t& bom_size)
{
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bom_size = 3;
        return "utf-8";
    }
    if (bytes.starts_with("\xFF\xFE")) {
        bom_size = 2;
        return "utf-16le";
    }
    if (bytes.starts_with("\xFE\xFF")) {
        bom_size = 2;
        return "utf-16be";
    }
    return std::nullopt;
}

DecodedPage decode_as(std::string_view bytes, const std::string& charset)
{
    if (charset == "utf-8") {
        return {repair_utf8(bytes), charset};
    }
    if (std::optional<std::string> text = iconv_to_utf8(bytes, charset)) {
        return {repair_utf8(*text), charset};
    }
    return {repair_utf8(bytes), "utf-8"};
}

} // namespace

std::string charset_from_content_type(std::string_view content_type)
{
    const std::string lower = ascii_lower(content_type);
    const std::size_t at = lower.find("charset");
    return at == std::string::npos ? std::string() : label_after(lower, at + 7);
}

std::string sniff_meta_charset(std::string_view html)
{
    const std::string head = ascii_lower(html.substr(0, k_prescan_bytes));
    std::size_t at = 0;
    while ((at = head.find("<meta", at)) != std::string::npos) {
        const std::size_t end = head.find('>', at);
        const std::string_view tag = std::string_view(head).substr(at, end == std::string::npos ? std::string::npos : end - at);
        const std::size_t charset = tag.find("charset");
        if (charset != std::string_view::npos) {
            std::string label = label_after(tag, charset + 7);
            if (!label.empty()) {
                return label;
            }
        }
        at += 5;
    }
    return {};
}

DecodedPage decode_html_bytes(std::string_view bytes, std::string_view content_type)
{
    std::size_t bom_size = 0;
    if (std::optional<std::string> bom = charset_of_bom(bytes, bom_size)) {
        return decode_as(bytes.substr(bom_size), *bom);
    }
    // The HTTP header is authoritative, UTF-16 included.
    if (std::optional<std::string> declared = canonical_charset(charset_from_content_type(content_type))) {
        return decode_as(bytes, *declared);
    }
    // A meta declaration of UTF-16 is impossible in the bytes it is written in (the standard
    // ignores it): such a page is read as its bytes look.
    if (std::optional<std::string> meta = canonical_charset(sniff_meta_charset(bytes));
        meta && !meta->starts_with("utf-16")) {
        return decode_as(bytes, *meta);
    }
    return decode_as(bytes, is_valid_utf8(bytes) ? "utf-8" : "windows-1252");
}

} // namespace dateline
