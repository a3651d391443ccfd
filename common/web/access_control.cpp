#include "common/web/access_control.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <cstdint>

namespace dateline {
namespace {

// Compares without stopping at the first difference, so timing does not reveal a prefix.
bool equal_in_constant_time(std::string_view a, std::string_view b)
{
    unsigned difference = a.size() == b.size() ? 0U : 1U;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b.empty() ? 0 : b[i % b.size()]);
    }
    return difference == 0;
}

int base64_value(char c)
{
    if (is_ascii_upper(c)) {
        return c - 'A';
    }
    if (is_ascii_lower(c)) {
        return c - 'a' + 26;
    }
    if (is_ascii_digit(c)) {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

bool starts_with_scheme(std::string_view header, std::string_view scheme)
{
    return header.size() > scheme.size() && to_lower(std::string(header.substr(0, scheme.size()))) == scheme &&
           header[scheme.size()] == ' ';
}

} // namespace

std::string decode_base64(std::string_view text, bool& ok)
{
    ok = false;
    if (text.size() % 4 != 0) {
        return {};
    }
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') {
            if (i + 2 < text.size()) {
                return {}; // padding only in the last two places
            }
            ++padding;
            continue;
        }
        const int value = base64_value(c);
        if (value < 0 || padding > 0) {
            return {};
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xFF));
        }
    }
    ok = true;
    return out;
}

bool is_authorized(std::string_view authorization, std::string_view token)
{
    if (token.empty()) {
        return false;
    }
    const std::string_view header = trim(authorization);
    if (starts_with_scheme(header, "bearer")) {
        return equal_in_constant_time(trim(header.substr(7)), token);
    }
    if (starts_with_scheme(header, "basic")) {
        bool ok = false;
        const std::string credentials = decode_base64(trim(header.substr(6)), ok);
        const std::size_t colon = credentials.find(':');
        return ok && colon != std::string::npos &&
               equal_in_constant_time(std::string_view(credentials).substr(colon + 1), token);
    }
    return false;
}

} // namespace dateline
