// Small pure text helpers shared by the readers, the cleaner and the views
// (UTF-8 repair, trimming, case folding, escaping). No I/O, no Xapian types in the API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The text with every invalid UTF-8 sequence (and NUL byte) replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

/// True when the text is valid UTF-8.
bool is_valid_utf8(std::string_view text);

/// The text without leading and trailing ASCII and Unicode (NBSP, BOM) white space.
std::string_view trim(std::string_view text);

/// The text with runs of white space collapsed to one space and trimmed.
std::string collapse_whitespace(std::string_view text);

/// The non-empty pieces of a text between `separator`s ("a,,b" -> a, b).
std::vector<std::string> split_nonempty(std::string_view text, char separator);

/// The lines of a text (without their "\n" or "\r\n").
std::vector<std::string_view> split_lines(std::string_view text);

/// Paragraphs of a text: runs of non-blank lines joined by one space, separated by blank lines.
std::vector<std::string> split_paragraphs(std::string_view text);

/// Paragraphs joined by a blank line.
std::string join_paragraphs(const std::vector<std::string>& paragraphs);

/// Unicode-aware lower case of UTF-8 text.
std::string to_lower(std::string_view text);

/// The text with its ASCII letters in lower case and every other byte (UTF-8 too) unchanged: the
/// cheap folding for matching ASCII words and labels.
std::string ascii_lower(std::string_view text);

/// The words of a text split at ASCII spaces (empty words left out); views into `text`.
std::vector<std::string_view> split_at_spaces(std::string_view text);

/// Whether lower_words keeps a figure written with separators whole.
enum class Figures {
    split, // "1.5" -> {"1", "5"}
    whole, // a '.', ',', '/' or '-' between two digits stays in the word: "1.5", "12-1/2", "20,029,000"
};

/// The words of a text in lower case (to_lower): runs of letters and digits, any non-ASCII
/// character counting as a letter, e.g. "Oil-price <XON> rises" -> {"oil", "price", "xon",
/// "rises"}. The one tokenizer of title words (index and completions) and of copy detection
/// (Figures::whole), whose fingerprints are stored: its output must never change.
std::vector<std::string> lower_words(std::string_view text, Figures figures = Figures::split);

/// The number of white-space separated words.
std::size_t count_words(std::string_view text);

/// Text escaped for HTML element content and quoted attribute values.
std::string escape_html(std::string_view text);
/// escape_html(text) appended to `out` (no string of its own: for text built piece by piece).
void append_escaped_html(std::string& out, std::string_view text);

/// Text escaped for XML 1.0 content and attributes: invalid UTF-8 repaired, control characters
/// that XML forbids (even as references) dropped, and & < > " ' escaped.
std::string escape_xml(std::string_view text);

/// Text percent-encoded for use as one URL path segment or query value.
std::string encode_uri_component(std::string_view text);

/// The 64-bit FNV-1a hash of the text: the same on every machine and in every run, so it may
/// key stored data (copy detection's shingles).
std::uint64_t hash_fnv1a(std::string_view text);

/// The value as 16 lower-case hex digits, e.g. "00000000000004d2".
std::string format_hex64(std::uint64_t value);

/// Lower-case hex of a 64-bit FNV-1a hash of the text: a stable, short content fingerprint.
std::string fingerprint_hex(std::string_view text);

} // namespace dateline
