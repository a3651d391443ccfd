// Highlighted snippets for search hits: picks the passage of an article with the most query
// terms and marks them. Owns the matching of words to query terms (exact or by stem); it
// stems only words that could match, so a snippet costs a fraction of Xapian's MSet::snippet.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dateline {

/// The words a snippet marks, taken from a parsed query.
class SnippetTerms {
public:
    /// Word and field-word terms match words exactly; stems (schema::classify_term) match words
    /// whose stem by one of `stemmers` they are (an archive stems each article in its language).
    SnippetTerms(const Xapian::Query& query, std::vector<Xapian::Stem> stemmers);
    SnippetTerms(const Xapian::Query& query, Xapian::Stem stemmer)
        : SnippetTerms(query, std::vector<Xapian::Stem>{std::move(stemmer)})
    {
    }

    /// True when the lower-cased word, its accents folded as the indexer folds them, is or
    /// stems to a query term.
    [[nodiscard]] bool matches(const std::string& lower_word) const;

    /// False when no ASCII word starting with `head` (its first one or two bytes, either case)
    /// can match: no term starts so. A cheap filter applied before matches().
    [[nodiscard]] bool may_start(std::string_view head) const;

private:
    static std::size_t head_index(std::string_view head);
    void add_head(std::string_view term);

    std::vector<Xapian::Stem> m_stemmers;
    std::array<std::uint64_t, 65536 / 64> m_heads{}; // bit per head_index() of each term's start
    std::unordered_set<std::string> m_exact;
    std::unordered_set<std::string> m_stems;
    std::unordered_set<std::string> m_stem_heads; // first two bytes of each stem: a cheap filter
};

/// At most about `max_bytes` of `text` around the densest cluster of matching words, HTML-escaped,
/// with <mark>…</mark> around matches (adjacent matches share one mark) and "…" where the text
/// was cut. Without matches, the start of the text.
std::string make_snippet(std::string_view text, const SnippetTerms& terms, std::size_t max_bytes);

} // namespace dateline
