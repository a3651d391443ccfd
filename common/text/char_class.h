// ASCII character classes for scanning UTF-8 text byte by byte: constexpr, locale-free and safe
// for any char value (no byte of a multi-byte character is an ASCII letter, digit or space).
// Unicode white space, case and word rules are not here: they are text_utils.h's and Xapian's.
#pragma once

#include <string_view>

namespace dateline {

/// 'A' to 'Z'.
constexpr bool is_ascii_upper(char c) noexcept
{
    return c >= 'A' && c <= 'Z';
}

/// 'a' to 'z'.
constexpr bool is_ascii_lower(char c) noexcept
{
    return c >= 'a' && c <= 'z';
}

/// An ASCII letter, either case.
constexpr bool is_ascii_letter(char c) noexcept
{
    return is_ascii_upper(c) || is_ascii_lower(c);
}

/// '0' to '9'.
constexpr bool is_ascii_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

/// An ASCII letter or digit.
constexpr bool is_ascii_alnum(char c) noexcept
{
    return is_ascii_letter(c) || is_ascii_digit(c);
}

/// A hexadecimal digit, either case.
constexpr bool is_ascii_hex_digit(char c) noexcept
{
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// ' ', '\t', '\n', '\v', '\f' or '\r' (std::isspace in the "C" locale).
constexpr bool is_ascii_space(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/// A byte of a multi-byte UTF-8 character (or of invalid UTF-8): 0x80 to 0xFF.
constexpr bool is_non_ascii(char c) noexcept
{
    return static_cast<unsigned char>(c) >= 0x80;
}

/// A byte of a word as Dateline's own tokenizers see it: an ASCII letter or digit, or any byte of
/// a non-ASCII character (all of which count as letters).
constexpr bool is_word_byte(char c) noexcept
{
    return is_ascii_alnum(c) || is_non_ascii(c);
}

/// An ASCII letter, digit or '_': the ASCII characters that Xapian's word splitting
/// (Xapian::Unicode::is_wordchar) keeps in a word.
constexpr bool is_ascii_word_char(char c) noexcept
{
    return is_ascii_alnum(c) || c == '_';
}

/// The ASCII letter in lower case; any other byte unchanged.
constexpr char to_ascii_lower(char c) noexcept
{
    return is_ascii_upper(c) ? static_cast<char>(c + ('a' - 'A')) : c;
}

/// The ASCII letter in upper case; any other byte unchanged.
constexpr char to_ascii_upper(char c) noexcept
{
    return is_ascii_lower(c) ? static_cast<char>(c - ('a' - 'A')) : c;
}

/// True when `text` holds an ASCII digit.
constexpr bool has_ascii_digit(std::string_view text) noexcept
{
    for (char c : text) {
        if (is_ascii_digit(c)) {
            return true;
        }
    }
    return false;
}

/// True when `text` is not empty and holds only ASCII digits.
constexpr bool is_ascii_digits(std::string_view text) noexcept
{
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (!is_ascii_digit(c)) {
            return false;
        }
    }
    return true;
}

} // namespace dateline
