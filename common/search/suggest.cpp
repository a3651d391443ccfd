#include "common/search/suggest.h"

#include "common/index/schema.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <queue>

namespace dateline {
namespace {

// A lone word being typed needs this many letters before titles are worth looking up.
constexpr std::size_t k_min_title_prefix_bytes = 2;

struct TypedWords {
    std::vector<std::string> whole; // typed and finished
    std::string partial;            // being typed; empty after a space
};

TypedWords split_typed(std::string_view typed)
{
    const std::string text = repair_utf8(typed);
    TypedWords words;
    words.whole = lower_words(text);
    if (!text.empty() && is_word_byte(text.back()) && !words.whole.empty()) {
        words.partial = std::move(words.whole.back());
        words.whole.pop_back();
    }
    return words;
}

using Entry = std::pair<Xapian::doccount, std::string>; // (frequency, word)

// Keeps the `size` most frequent words offered to it.
class TopWords {
public:
    explicit TopWords(std::size_t size) : m_size(size) {}
    void offer(Xapian::doccount frequency, std::string word)
    {
        if (m_best.size() < m_size) {
            m_best.emplace(frequency, std::move(word));
        } else if (!m_best.empty() && frequency > m_best.top().first) {
            m_best.pop();
            m_best.emplace(frequency, std::move(word));
        }
    }
    std::vector<std::string> words_most_frequent_first();

private:
    std::size_t m_size;
    // A min-heap of the best so far: the least frequent sits on top, ready to be replaced.
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_best;
};

std::vector<std::string> TopWords::words_most_frequent_first()
{
    std::vector<Entry> entries;
    while (!m_best.empty()) {
        entries.push_back(m_best.top());
        m_best.pop();
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::vector<std::string> words;
    for (Entry& entry : entries) {
        words.push_back(std::move(entry.second));
    }
    return words;
}

// The archive's most frequent plain words starting with `partial`.
std::vector<std::string> complete_word(const Xapian::Database& db, const std::string& partial, std::size_t size)
{
    TopWords top(size);
    for (auto it = db.allterms_begin(partial); it != db.allterms_end(partial); ++it) {
        if (schema::is_plain_word_term(*it)) {
            top.offer(it.get_termfreq(), *it);
        }
    }
    return top.words_most_frequent_first();
}

// The words starting with `partial` that most often follow `previous` in titles.
std::vector<std::string> complete_after(const Xapian::Database& db, const std::string& previous,
                                        const std::string& partial, std::size_t size)
{
    const std::string prefix = schema::title_pair_term(previous, partial);
    const std::size_t second_start = schema::title_pair_term(previous, "").size();
    TopWords top(size);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        top.offer(it.get_termfreq(), (*it).substr(second_start));
    }
    return top.words_most_frequent_first();
}

// Completions of the partial word: what follows the last whole word in titles first, then the
// archive's most frequent words.
std::vector<std::string> complete_partial(const Xapian::Database& db, const TypedWords& words, std::size_t size)
{
    std::vector<std::string> completed;
    if (!words.whole.empty()) {
        completed = complete_after(db, words.whole.back(), words.partial, size);
    }
    if (completed.size() < size) {
        for (std::string& word : complete_word(db, words.partial, size)) {
            if (completed.size() < size && std::find(completed.begin(), completed.end(), word) == completed.end()) {
                completed.push_back(std::move(word));
            }
        }
    }
    return completed;
}

// Titles holding every whole word and one of the completions of the partial word.
std::vector<TitleCompletion> complete_titles(const Xapian::Database& db, const TypedWords& words,
                                             const std::vector<std::string>& completed, std::size_t size)
{
    std::vector<Xapian::Query> parts;
    for (const std::string& word : words.whole) {
        parts.emplace_back(schema::title_word_term(word));
    }
    if (!words.partial.empty()) {
        std::vector<Xapian::Query> alternatives;
        for (const std::string& word : completed) {
            alternatives.emplace_back(schema::title_word_term(word));
        }
        parts.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    enquire.set_collapse_key(schema::k_slot_cluster);
    std::vector<TitleCompletion> titles;
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(size));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Article article = schema::read_stored_article(it.get_document());
        titles.push_back({article.id, article.title, article.date});
    }
    return titles;
}

} // namespace

Completions complete_prefix(const Xapian::Database& db, std::string_view typed, std::size_t size)
{
    Completions completions;
    completions.query = std::string(typed);
    const TypedWords words = split_typed(typed);
    std::vector<std::string> completed;
    if (!words.partial.empty()) {
        completed = complete_partial(db, words, size);
        std::string head;
        for (const std::string& word : words.whole) {
            head += word + ' ';
        }
        for (const std::string& word : completed) {
            completions.terms.push_back(head + word);
        }
    }
    const bool enough_typed = !words.whole.empty() || words.partial.size() >= k_min_title_prefix_bytes;
    if (enough_typed && (words.partial.empty() || !completed.empty())) {
        completions.titles = complete_titles(db, words, completed, size);
    }
    return completions;
}

} // namespace dateline
