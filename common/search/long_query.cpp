#include "common/search/long_query.h"

#include "common/index/schema.h"
#include "common/search/query_text.h"
#include "common/text/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace dateline {
namespace {

// The number of articles holding the rarest term of a typed word ("e.g.," is two words to the
// index), or 0 when the archive has none of them.
Xapian::doccount rarest_term_frequency(const Xapian::Database& db, const std::string& typed,
                                       const std::vector<Xapian::Stem>& stemmers)
{
    Xapian::doccount rarest = 0;
    for (const std::string& word : schema::split_into_words(typed)) {
        Xapian::doccount frequency = 0;
        for (const Xapian::Stem& stemmer : stemmers) {
            frequency = std::max(frequency, db.get_termfreq(schema::stemmed_term(stemmer, "", word)));
        }
        if (stemmers.empty()) {
            frequency = db.get_termfreq(schema::word_term("", word));
        }
        if (frequency > 0 && (rarest == 0 || frequency < rarest)) {
            rarest = frequency;
        }
    }
    return rarest;
}

} // namespace

ShortenedQuery shorten_long_query(const Xapian::Database& db, std::string_view query,
                                  const std::vector<Xapian::Stem>& stemmers, std::size_t max_words)
{
    const std::size_t typed_words = count_query_words(query);
    if (typed_words <= max_words) {
        return {std::string(query), {}};
    }
    const std::string plain = plain_query_words(query);
    const std::vector<std::string_view> words = split_at_spaces(plain);
    // Rank by frequency, a word the archive lacks after every word it has.
    std::unordered_map<std::string_view, Xapian::doccount> rank_of;
    std::vector<std::size_t> order(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        order[i] = i;
        if (!rank_of.contains(words[i])) {
            const Xapian::doccount frequency = rarest_term_frequency(db, std::string(words[i]), stemmers);
            rank_of[words[i]] = frequency == 0 ? std::numeric_limits<Xapian::doccount>::max() : frequency;
        }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank_of[words[a]] < rank_of[words[b]]; });
    order.resize(std::min(order.size(), max_words));
    std::sort(order.begin(), order.end());
    ShortenedQuery shortened;
    for (const std::size_t i : order) {
        shortened.text += (shortened.text.empty() ? "" : " ") + std::string(words[i]);
    }
    shortened.note = "the query has " + std::to_string(typed_words) + " words, more than the " + std::to_string(max_words) +
                     " a search takes: searched for the " + std::to_string(order.size()) +
                     " found in the fewest articles, as plain words";
    return shortened;
}

} // namespace dateline
