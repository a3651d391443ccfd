// Unit tests of common/text/text_utils.h: UTF-8 validation and repair, white space, paragraphs,
// case folding and escaping.
#include "common/text/text_utils.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace std::string_literals;
using Strings = std::vector<std::string>;

namespace {

const std::string k_replacement = "\xEF\xBF\xBD"; // U+FFFD

} // namespace

TEST_SUITE("text_utils")
{
    TEST_CASE("accepts valid UTF-8 of every sequence length")
    {
        const std::string texts[] = {
            "",
            "plain ASCII",
            "caf\xC3\xA9",                   // 2 bytes
            "\xE2\x82\xAC 5",                // 3 bytes: euro sign
            "\xF0\x9F\x93\xB0 news",         // 4 bytes: newspaper emoji
            "\xF4\x8F\xBF\xBF",              // U+10FFFF, the last code point
            "\xED\x9F\xBF",                  // U+D7FF, just below the surrogates
        };
        for (const std::string& text : texts) {
            CAPTURE(text);
            CHECK(dateline::is_valid_utf8(text));
            CHECK(dateline::repair_utf8(text) == text);
        }
    }

    TEST_CASE("replaces each invalid byte with U+FFFD")
    {
        struct Row {
            std::string what;
            std::string input;
            std::string repaired;
        };
        const Row rows[] = {
            {"overlong 2-byte slash", "a\xC0\xAF" "b", "a" + k_replacement + k_replacement + "b"},
            {"overlong 3-byte", "\xE0\x80\xAF", k_replacement + k_replacement + k_replacement},
            {"overlong 4-byte", "\xF0\x80\x80\xAF", k_replacement + k_replacement + k_replacement + k_replacement},
            {"surrogate U+D800", "x\xED\xA0\x80", "x" + k_replacement + k_replacement + k_replacement},
            {"beyond U+10FFFF", "\xF4\x90\x80\x80", k_replacement + k_replacement + k_replacement + k_replacement},
            {"truncated 3-byte at the end", "ab\xE2\x82", "ab" + k_replacement + k_replacement},
            {"truncated 2-byte before ASCII", "\xC3z", k_replacement + "z"},
            {"lone continuation byte", "\x80", k_replacement},
            {"invalid lead byte", "\xFF\xFE", k_replacement + k_replacement},
            {"NUL byte", "a\0b"s, "a" + k_replacement + "b"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.what);
            CHECK_FALSE(dateline::is_valid_utf8(row.input));
            const std::string repaired = dateline::repair_utf8(row.input);
            CHECK(repaired == row.repaired);
            CHECK(dateline::is_valid_utf8(repaired));
        }
    }

    TEST_CASE("trims ASCII and Unicode white space at both ends only")
    {
        CHECK(dateline::trim("  a b \t\r\n") == "a b");
        CHECK(dateline::trim("\xC2\xA0" "a\xC2\xA0" "b\xC2\xA0") == "a\xC2\xA0" "b"); // NBSP
        CHECK(dateline::trim("\xEF\xBB\xBF" "title") == "title");                   // BOM
        CHECK(dateline::trim("\xE2\x80\x83word\xE3\x80\x80") == "word");            // em space, ideographic space
        CHECK(dateline::trim("caf\xC3\xA9 ") == "caf\xC3\xA9");                     // é is not a space
        CHECK(dateline::trim("   ").empty());
        CHECK(dateline::trim("").empty());
    }

    TEST_CASE("collapses runs of white space to one space")
    {
        CHECK(dateline::collapse_whitespace("  a \t\n b\xC2\xA0\xC2\xA0" "c  ") == "a b c");
        CHECK(dateline::collapse_whitespace("a\xE2\x80\x83\xE2\x80\x8B" "b") == "a b"); // em space, zero-width space
        CHECK(dateline::collapse_whitespace("").empty());
    }

    TEST_CASE("never takes a truncated sequence and the next character for a space")
    {
        // "\xE2\x80" starts the U+2000 spaces; followed by ASCII it is broken, not a space.
        CHECK(dateline::trim("x\xE2\x80" "A") == "x\xE2\x80" "A");
        CHECK(dateline::trim("\xE2\x80" "Ax") == "\xE2\x80" "Ax");
        CHECK(dateline::collapse_whitespace("a\xE2\x80" "b c") == "a\xE2\x80" "b c");
    }

    TEST_CASE("splits lines without their line endings")
    {
        CHECK(dateline::split_lines("a\r\nb\n\nc") == std::vector<std::string_view>{"a", "b", "", "c"});
        CHECK(dateline::split_lines("a\n") == std::vector<std::string_view>{"a"});
        CHECK(dateline::split_lines("").empty());
    }

    TEST_CASE("splits paragraphs at blank lines and joins the lines of one")
    {
        CHECK(dateline::split_paragraphs("One\nline two.\n\nTwo.\r\n\r\n \xC2\xA0\n\n  Three  ") ==
              Strings{"One line two.", "Two.", "Three"});
        CHECK(dateline::split_paragraphs("\n\n").empty());
        CHECK(dateline::join_paragraphs({"One.", "Two."}) == "One.\n\nTwo.");
        CHECK(dateline::split_paragraphs(dateline::join_paragraphs({"One.", "Two."})) == Strings{"One.", "Two."});
    }

    TEST_CASE("escapes the HTML special characters")
    {
        CHECK(dateline::escape_html(R"(<a href="x">Tom & Jerry's</a>)") ==
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        CHECK(dateline::escape_html("caf\xC3\xA9") == "caf\xC3\xA9");
    }

    TEST_CASE("escapes XML and drops what XML cannot hold")
    {
        CHECK(dateline::escape_xml("<b a='1'>R&D</b>") == "&lt;b a=&#39;1&#39;&gt;R&amp;D&lt;/b&gt;");
        CHECK(dateline::escape_xml("bell\x07 tab\t line\n") == "bell tab\t line\n");
        CHECK(dateline::escape_xml("bad \xFF byte") == "bad " + k_replacement + " byte");
        CHECK(dateline::escape_xml("not\xEF\xBF\xBE a char\xEF\xBF\xBF") == "not a char");
        CHECK(dateline::escape_xml("caf\xC3\xA9 \xEF\xBF\xBD") == "caf\xC3\xA9 \xEF\xBF\xBD");
    }

    TEST_CASE("percent-encodes everything but unreserved characters")
    {
        CHECK(dateline::encode_uri_component("a/b c") == "a%2Fb%20c");
        CHECK(dateline::encode_uri_component("AZaz09-_.~") == "AZaz09-_.~");
        CHECK(dateline::encode_uri_component("q=1&x?#%+") == "q%3D1%26x%3F%23%25%2B");
        CHECK(dateline::encode_uri_component("caf\xC3\xA9") == "caf%C3%A9");
    }

    TEST_CASE("lowers non-ASCII letters")
    {
        CHECK(dateline::to_lower("MÜLLER") == "müller");
        CHECK(dateline::to_lower("ÉCOLE Œuvre") == "école œuvre");
        CHECK(dateline::to_lower("ΑΘΗΝΑ") == "αθηνα");
        CHECK(dateline::to_lower("ПРАВДА") == "правда");
        CHECK(dateline::to_lower("ABC 123") == "abc 123");
    }

    TEST_CASE("splits lower-case words the same way, byte for byte, on tricky input")
    {
        // Copy detection's fingerprints (Figures::whole) are stored in databases and title word
        // terms (Figures::split) are indexed: any change here changes copy clusters and terms.
        struct Row {
            std::string input;
            Strings split;
            Strings whole;
        };
        const Row rows[] = {
            {"Oil-price <XON> rises", {"oil", "price", "xon", "rises"}, {"oil", "price", "xon", "rises"}},
            {"\xC3\x89" "COLE \xC5\x92uvre M\xC3\x9CLLER", // ÉCOLE Œuvre MÜLLER
             {"\xC3\xA9" "cole", "\xC5\x93uvre", "m\xC3\xBCller"},
             {"\xC3\xA9" "cole", "\xC5\x93uvre", "m\xC3\xBCller"}},
            {"\xC4\xB0stanbul KELVIN \xE2\x84\xAA", // İ and the Kelvin sign lower to ASCII
             {"istanbul", "kelvin", "k"},
             {"istanbul", "kelvin", "k"}},
            {"rose 1.5 pct to 20,029,000 from 12-1/2",
             {"rose", "1", "5", "pct", "to", "20", "029", "000", "from", "12", "1", "2"},
             {"rose", "1.5", "pct", "to", "20,029,000", "from", "12-1/2"}},
            {"a1.5b 1.-5 1..5 end 3. .5 3,a",
             {"a1", "5b", "1", "5", "1", "5", "end", "3", "5", "3", "a"},
             {"a1.5b", "1", "5", "1", "5", "end", "3", "5", "3", "a"}},
            // Invalid UTF-8 is read as Latin-1 (U+00FF, U+0080) before lowering.
            {"\xFF" "bad\x80", {"\xC3\xBF" "bad\xC2\x80"}, {"\xC3\xBF" "bad\xC2\x80"}},
            // Every non-ASCII character counts as a letter, a no-break space and a dash too.
            {"a\xC2\xA0" "b a\xE2\x80\x94" "b", {"a\xC2\xA0" "b", "a\xE2\x80\x94" "b"},
             {"a\xC2\xA0" "b", "a\xE2\x80\x94" "b"}},
            {"don't e-mail_address", {"don", "t", "e", "mail", "address"}, {"don", "t", "e", "mail", "address"}},
            {"tab\tnew\nline\r\nend", {"tab", "new", "line", "end"}, {"tab", "new", "line", "end"}},
            {"", {}, {}},
        };
        for (const Row& row : rows) {
            CAPTURE(row.input);
            CHECK(dateline::lower_words(row.input) == row.split);
            CHECK(dateline::lower_words(row.input, dateline::Figures::split) == row.split);
            CHECK(dateline::lower_words(row.input, dateline::Figures::whole) == row.whole);
        }
    }

    TEST_CASE("lowers ASCII letters only when asked for ASCII folding")
    {
        CHECK(dateline::ascii_lower("Most READ Today") == "most read today");
        CHECK(dateline::ascii_lower("MÜLLER 12-B") == "m\xC3\x9Cller 12-b"); // Ü is left as it is
        CHECK(dateline::ascii_lower("\xFF\x80Z") == "\xFF\x80z");
        CHECK(dateline::ascii_lower("").empty());
    }

    TEST_CASE("counts white-space separated words")
    {
        CHECK(dateline::count_words("") == 0);
        CHECK(dateline::count_words("  one  two\tthree\n") == 3);
    }

    TEST_CASE("fingerprints text as 16 stable hex digits")
    {
        const std::string print = dateline::fingerprint_hex("harbour");
        CHECK(print.size() == 16);
        CHECK(print == dateline::fingerprint_hex("harbour"));
        CHECK(print != dateline::fingerprint_hex("harbours"));
        CHECK(dateline::fingerprint_hex("") == "cbf29ce484222325"); // the FNV-1a 64-bit offset basis
    }

    TEST_CASE("hashes with FNV-1a and formats 64 bits as 16 hex digits")
    {
        CHECK(dateline::hash_fnv1a("") == 0xcbf29ce484222325ULL);
        CHECK(dateline::hash_fnv1a("a") == 0xaf63dc4c8601ec8cULL); // the published test vector
        CHECK(dateline::format_hex64(1234) == "00000000000004d2");
        CHECK(dateline::format_hex64(UINT64_MAX) == "ffffffffffffffff");
        CHECK(dateline::fingerprint_hex("harbour") == dateline::format_hex64(dateline::hash_fnv1a("harbour")));
    }
}
