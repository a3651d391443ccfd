#include "common/search/snippet.h"

#include "common/index/schema.h"
#include "common/text/term_folding.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <vector>

namespace dateline {
namespace {

constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool match = false;
};

std::vector<Word> find_words(std::string_view text, const SnippetTerms& terms)
{
    std::vector<Word> words;
    std::string lower;
    std::size_t begin = std::string_view::npos;
    const auto finish = [&](std::size_t end) {
        if (begin != std::string_view::npos) {
            words.push_back(Word{begin, end, terms.matches(lower)});
            lower.clear();
            begin = std::string_view::npos;
        }
    };
    std::size_t offset = 0;
    while (offset < text.size()) {
        const char c = text[offset];
        if (!is_non_ascii(c)) {
            // ASCII fast path: most news text is ASCII, and decoding it is the snippet's main cost.
            if (is_ascii_word_char(c)) {
                if (begin == std::string_view::npos) {
                    begin = offset;
                }
                lower += to_ascii_lower(c);
            } else {
                finish(offset);
            }
            ++offset;
            continue;
        }
        Xapian::Utf8Iterator it(text.data() + offset, text.size() - offset);
        const unsigned ch = *it;
        ++it;
        const std::size_t next = static_cast<std::size_t>(it.raw() - text.data());
        if (Xapian::Unicode::is_wordchar(ch)) {
            if (begin == std::string_view::npos) {
                begin = offset;
            }
            Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(ch));
        } else {
            finish(offset);
        }
        offset = next;
    }
    finish(text.size());
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
        out += escape_html(gap);
        if (word.match && !open) {
            out += "<mark>";
            open = true;
        }
        out += escape_html(text.substr(word.begin, word.end - word.begin));
        cursor = word.end;
    }
    if (open) {
        out += "</mark>";
    }
    out += escape_html(text.substr(cursor, end - cursor));
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
        if (classified.kind == schema::TermKind::stem || classified.kind == schema::TermKind::field_stem) {
            m_stem_heads.insert(word.substr(0, 2));
            m_stems.insert(std::move(word));
        } else {
            m_exact.insert(std::move(word));
        }
    }
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
