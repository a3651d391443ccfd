#include "common/suggest.h"

#include "common/schema.h"
#include "common/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <queue>

namespace dateline {
namespace {

// A trailing partial word expands to at most this many title words (the most frequent).
constexpr Xapian::termcount k_max_title_expansion = 100;

bool is_word_byte(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte >= 0x80;
}

struct TypedWords {
    std::vector<std::string> whole; // typed and finished
    std::string partial;            // being typed; empty after a space
};

TypedWords split_typed(std::string_view typed)
{
    const std::string lower = to_lower(repair_utf8(typed));
    TypedWords words;
    std::string current;
    for (char c : lower) {
        if (is_word_byte(c)) {
            current += c;
        } else if (!current.empty()) {
            words.whole.push_back(std::move(current));
            current.clear();
        }
    }
    words.partial = std::move(current);
    return words;
}

// The `size` most frequent plain words starting with `partial`, most frequent first.
std::vector<std::string> complete_word(const Xapian::Database& db, const std::string& partial, std::size_t size)
{
    using Entry = std::pair<Xapian::doccount, std::string>;
    // A min-heap of the best so far: the least frequent sits on top, ready to be replaced.
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> best;
    for (auto it = db.allterms_begin(partial); it != db.allterms_end(partial); ++it) {
        const std::string term = *it;
        if (!schema::is_plain_word_term(term)) {
            continue;
        }
        const Xapian::doccount frequency = it.get_termfreq();
        if (best.size() < size) {
            best.emplace(frequency, term);
        } else if (frequency > best.top().first) {
            best.pop();
            best.emplace(frequency, term);
        }
    }
    std::vector<Entry> entries;
    while (!best.empty()) {
        entries.push_back(best.top());
        best.pop();
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::vector<std::string> words;
    for (Entry& entry : entries) {
        words.push_back(std::move(entry.second));
    }
    return words;
}

std::vector<TitleCompletion> complete_titles(const Xapian::Database& db, const TypedWords& words, std::size_t size)
{
    std::vector<Xapian::Query> parts;
    for (const std::string& word : words.whole) {
        parts.emplace_back(schema::title_word_term(word));
    }
    if (!words.partial.empty()) {
        parts.emplace_back(Xapian::Query::OP_WILDCARD, schema::title_word_term(words.partial), k_max_title_expansion,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
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
    if (words.whole.empty() && words.partial.empty()) {
        return completions;
    }
    if (!words.partial.empty()) {
        std::string head;
        for (const std::string& word : words.whole) {
            head += word + ' ';
        }
        for (const std::string& word : complete_word(db, words.partial, size)) {
            completions.terms.push_back(head + word);
        }
    }
    completions.titles = complete_titles(db, words, size);
    return completions;
}

} // namespace dateline
