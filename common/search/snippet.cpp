#include "common/search/snippet.h"

#include "common/index/schema.h"
#include "common/text/term_folding.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace dateline {
namespace {

constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool match = false;
};

// The word text[begin, end) lower-cased as Xapian lower-cases it (any UTF-8 in it decoded).
std::string lower_word(std::string_view text, std::size_t begin, std::size_t end)
{
    std::string lower;
    lower.reserve(end - begin);
    std::size_t offset = begin;
    while (offset < end) {
        const char c = text[offset];
        if (!is_non_ascii(c)) {
            lower += to_ascii_lower(c);
            ++offset;
            continue;
        }
        Xapian::Utf8Iterator it(text.data() + offset, end - offset);
        Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*it));
        ++it;
        offset = static_cast<std::size_t>(it.raw() - text.data());
    }
    return lower;
}

// Whether the word text[begin, end) matches: an ASCII word whose first two bytes start no term
// cannot, and is rejected without building a string (most words of a text are rejected so).
bool word_matches(std::string_view text, std::size_t begin, std::size_t end, bool ascii, const SnippetTerms& terms)
{
    if (ascii && !terms.may_start(text.substr(begin, std::min<std::size_t>(2, end - begin)))) {
        return false;
    }
    return terms.matches(lower_word(text, begin, end));
}

// What a byte is to the word scan: between words, an ASCII word character, or a byte of a
// non-ASCII character (whose Unicode class decides).
enum class ByteClass : std::uint8_t { gap, word, non_ascii };

constexpr std::array<ByteClass, 256> make_byte_classes()
{
    std::array<ByteClass, 256> classes{};
    for (std::size_t byte = 0; byte < classes.size(); ++byte) {
        const char c = static_cast<char>(byte);
        classes[byte] = is_non_ascii(c) ? ByteClass::non_ascii : is_ascii_word_char(c) ? ByteClass::word : ByteClass::gap;
    }
    return classes;
}

constexpr std::array<ByteClass, 256> k_byte_classes = make_byte_classes();

ByteClass byte_class(std::string_view text, std::size_t offset)
{
    return k_byte_classes[static_cast<unsigned char>(text[offset])];
}

// The offset after the non-ASCII character at `offset`, and whether it is a word character.
std::size_t after_character(std::string_view text, std::size_t offset, bool& word_char)
{
    // Decoded by hand: Xapian's Utf8Iterator trips GCC's maybe-uninitialized check at -O2.
    const auto lead = static_cast<unsigned char>(text[offset]);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length == 1 || offset + length > text.size()) {
        word_char = false;  // a stray continuation byte or a cut sequence
        return offset + 1;
    }
    unsigned code = lead & (0x7Fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[offset + i]);
        if ((next & 0xC0) != 0x80) {
            word_char = false;
            return offset + 1;
        }
        code = (code << 6) | (next & 0x3Fu);
    }
    word_char = Xapian::Unicode::is_wordchar(code);
    return offset + length;
}

// The end of the word starting at `offset` (runs of ASCII word bytes and non-ASCII word
// characters), or `offset` when no word character is there; `ascii` is cleared when the word
// holds any non-ASCII character.
std::size_t word_end(std::string_view text, std::size_t offset, bool& ascii)
{
    while (offset < text.size()) {
        const ByteClass cls = byte_class(text, offset);
        if (cls == ByteClass::word) {
            ++offset;
            continue;
        }
        bool word_char = false;
        const std::size_t next = cls == ByteClass::non_ascii ? after_character(text, offset, word_char) : offset;
        if (!word_char) {
            return offset;
        }
        ascii = false;
        offset = next;
    }
    return offset;
}

// The words of `text` as Xapian splits them (runs of word characters), each marked when it
// matches. Scans the bytes once; builds a lower-cased copy only of words that may match.
std::vector<Word> find_words(std::string_view text, const SnippetTerms& terms)
{
    std::vector<Word> words;
    words.reserve(text.size() / 6 + 1);
    std::size_t offset = 0;
    while (offset < text.size()) {
        const ByteClass cls = byte_class(text, offset);
        if (cls == ByteClass::gap) {
            ++offset;
            continue;
        }
        bool ascii = true;
        const std::size_t end = word_end(text, offset, ascii);
        if (end == offset) {
            bool word_char = false; // a non-ASCII character that is not a word character: skip it
            offset = after_character(text, offset, word_char);
            continue;
        }
        words.push_back(Word{offset, end, word_matches(text, offset, end, ascii, terms)});
        offset = end;
    }
    return words;
}

// Words first .. last-1 of a text, and how many of them match.
struct WordWindow {
    std::size_t first = 0;
    std::size_t last = 0; // one past the window's last word
    std::size_t matches = 0;
};

// The window of words fitting max_bytes with the most matches; ties go to the earliest.
WordWindow find_best_window(const std::vector<Word>& words, std::size_t max_bytes)
{
    WordWindow best;
    std::size_t last = 0;
    std::size_t matches = 0;
    for (std::size_t first = 0; first < words.size(); ++first) {
        while (last < words.size() && words[last].end - words[first].begin <= max_bytes) {
            matches += words[last].match ? 1 : 0;
            ++last;
        }
        if (matches > best.matches) {
            best = {first, last, matches};
        }
        if (last > first) {
            matches -= words[first].match ? 1 : 0;
        } else {
            last = first + 1; // a single word longer than max_bytes
        }
    }
    return best;
}

// The first word of the snippet: the window's first match, backed up by a few words of context
// while every match of the window still fits.
std::size_t start_with_context(const std::vector<Word>& words, const WordWindow& window, std::size_t max_bytes)
{
    std::size_t first_match = window.first;
    while (!words[first_match].match) {
        ++first_match;
    }
    std::size_t last_match = window.last - 1;
    while (!words[last_match].match) {
        --last_match;
    }
    constexpr std::size_t k_context_words = 8;
    std::size_t first = first_match;
    while (first > 0 && first_match - first < k_context_words &&
           words[last_match].end - words[first - 1].begin <= max_bytes) {
        --first;
    }
    return first;
}

// Words first .. stop-1 of `text` as HTML, each run of matches in one <mark>, with an ellipsis
// where text was cut.
std::string highlight_words(std::string_view text, const std::vector<Word>& words, std::size_t first,
                            std::size_t stop)
{
    const std::size_t begin = first == 0 ? 0 : words[first].begin;
    const std::size_t end = stop == words.size() ? text.size() : words[stop - 1].end;
    std::string out;
    out.reserve(end - begin + 64);
    if (begin > 0) {
        out += k_ellipsis;
    }
    std::size_t cursor = begin;
    bool open = false;
    for (std::size_t i = first; i < stop; ++i) {
        const Word& word = words[i];
        const std::string_view gap = text.substr(cursor, word.begin - cursor);
        const bool gap_is_space = !gap.empty() && trim(gap).empty();
        if (open && !(word.match && gap_is_space)) {
            out += "</mark>";
            open = false;
        }
        append_escaped_html(out, gap);
        if (word.match && !open) {
            out += "<mark>";
            open = true;
        }
        append_escaped_html(out, text.substr(word.begin, word.end - word.begin));
        cursor = word.end;
    }
    if (open) {
        out += "</mark>";
    }
    append_escaped_html(out, text.substr(cursor, end - cursor));
    if (end < text.size()) {
        out += k_ellipsis;
    }
    return out;
}

} // namespace

SnippetTerms::SnippetTerms(const Xapian::Query& query, std::vector<Xapian::Stem> stemmers)
    : m_stemmers(std::move(stemmers))
{
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string& term = *it;
        const schema::ClassifiedTerm classified = schema::classify_term(term);
        // Fold as matches() folds text words (terms from query_builder already are).
        std::string word = fold_term_text(classified.text);
        if (word.empty()) {
            continue;
        }
        add_head(word);
        if (classified.kind == schema::TermKind::stem || classified.kind == schema::TermKind::field_stem) {
            m_stem_heads.insert(word.substr(0, 2));
            m_stems.insert(std::move(word));
        } else {
            m_exact.insert(std::move(word));
        }
    }
}

std::size_t SnippetTerms::head_index(std::string_view head)
{
    // One byte: (b, 0); two: (b0, b1). No word byte is 0, so the two never collide.
    const auto first = static_cast<unsigned char>(to_ascii_lower(head[0]));
    const auto second = head.size() > 1 ? static_cast<unsigned char>(to_ascii_lower(head[1])) : 0U;
    return (static_cast<std::size_t>(first) << 8U) | second;
}

void SnippetTerms::add_head(std::string_view term)
{
    const std::size_t index = head_index(term.substr(0, 2));
    m_heads[index / 64] |= std::uint64_t{1} << (index % 64);
}

bool SnippetTerms::may_start(std::string_view head) const
{
    const std::size_t index = head_index(head);
    return (m_heads[index / 64] >> (index % 64) & 1U) != 0;
}

bool SnippetTerms::matches(const std::string& lower_word) const
{
    // The index holds folded words (Müller as muller, β as beta); ASCII words need no folding.
    const bool ascii = std::all_of(lower_word.begin(), lower_word.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const std::string folded = ascii ? std::string() : fold_term_text(lower_word);
    const std::string& word = ascii ? lower_word : folded;
    if (m_exact.count(word) != 0) {
        return true;
    }
    if (m_stems.empty() || m_stem_heads.count(word.substr(0, 2)) == 0) {
        return false;
    }
    return std::any_of(m_stemmers.begin(), m_stemmers.end(),
                       [&](const Xapian::Stem& stemmer) { return m_stems.count(stemmer(word)) != 0; });
}

std::string make_snippet(std::string_view text, const SnippetTerms& terms, std::size_t max_bytes)
{
    const std::vector<Word> words = find_words(text, terms);
    if (words.empty()) {
        return {};
    }
    const WordWindow window = find_best_window(words, max_bytes);
    const std::size_t first = window.matches > 0 ? start_with_context(words, window, max_bytes) : 0;
    std::size_t stop = first;
    while (stop < words.size() && words[stop].end - words[first].begin <= max_bytes) {
        ++stop;
    }
    stop = std::max(stop, first + 1);
    return highlight_words(text, words, first, stop);
}

} // namespace dateline
