// Unit tests of common/text/char_class.h: each class agrees with the C library's in the "C"
// locale on all 256 byte values, so no byte of a UTF-8 character is ever taken for ASCII.
#include "common/text/char_class.h"

#include <doctest/doctest.h>

#include <cctype>

namespace {

// Usable in constant expressions: the scanners run them at compile time too.
static_assert(dateline::is_ascii_letter('q') && !dateline::is_ascii_letter('\xC3'));
static_assert(dateline::to_ascii_lower('Q') == 'q' && dateline::to_ascii_upper('q') == 'Q');
static_assert(dateline::is_ascii_digits("2023") && !dateline::is_ascii_digits(""));

} // namespace

TEST_SUITE("char_class")
{
    TEST_CASE("agrees with the C locale on every byte")
    {
        for (int value = 0; value < 256; ++value) {
            const auto c = static_cast<char>(value);
            const auto byte = static_cast<unsigned char>(value);
            CAPTURE(value);
            CHECK(dateline::is_ascii_upper(c) == (std::isupper(byte) != 0));
            CHECK(dateline::is_ascii_lower(c) == (std::islower(byte) != 0));
            CHECK(dateline::is_ascii_letter(c) == (std::isalpha(byte) != 0));
            CHECK(dateline::is_ascii_digit(c) == (std::isdigit(byte) != 0));
            CHECK(dateline::is_ascii_alnum(c) == (std::isalnum(byte) != 0));
            CHECK(dateline::is_ascii_hex_digit(c) == (std::isxdigit(byte) != 0));
            CHECK(dateline::is_ascii_space(c) == (std::isspace(byte) != 0));
            CHECK(dateline::is_non_ascii(c) == (value >= 0x80));
            CHECK(dateline::is_word_byte(c) == (std::isalnum(byte) != 0 || value >= 0x80));
            CHECK(dateline::is_ascii_word_char(c) == (std::isalnum(byte) != 0 || c == '_'));
            CHECK(dateline::to_ascii_lower(c) == static_cast<char>(std::tolower(byte)));
            CHECK(dateline::to_ascii_upper(c) == static_cast<char>(std::toupper(byte)));
        }
    }

    TEST_CASE("finds digits in a text")
    {
        CHECK(dateline::has_ascii_digit("Comments (12)"));
        CHECK_FALSE(dateline::has_ascii_digit("Comments"));
        CHECK_FALSE(dateline::has_ascii_digit(""));
        CHECK_FALSE(dateline::has_ascii_digit("\xD9\xA3")); // ARABIC-INDIC DIGIT THREE is not ASCII
        CHECK(dateline::is_ascii_digits("0123456789"));
        CHECK_FALSE(dateline::is_ascii_digits("12a"));
        CHECK_FALSE(dateline::is_ascii_digits("-1"));
        CHECK_FALSE(dateline::is_ascii_digits(""));
    }
}
