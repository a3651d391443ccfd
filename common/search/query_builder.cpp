#include "common/search/query_builder.h"

#include "common/search/query_syntax.h"
#include "common/search/query_text.h"
#include "common/search/wildcard_expansion.h"
#include "common/index/schema.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <array>
#include <unordered_set>

namespace dateline {
namespace {

// Function words that carry no topic, `word` as split_into_words gives it and `typed` as the
// user wrote it. Deliberately absent: words that are also names or abbreviations once case is
// folded ("us", "it", "who", "may", "will", "no" as in No 10). "can" is in: the modal verb of
// question-shaped queries ("how can libraries…"), far more often than the noun, whose plural
// "cans" is kept. The Latin abbreviations "e.g." and "i.e." count only with their dots (IE
// alone may be a name); "etc" in any spelling.
bool is_stop_word(std::string_view typed, const std::string& word)
{
    if (word == "eg" || word == "ie") {
        return typed.find('.') != std::string_view::npos;
    }
    static const std::unordered_set<std::string_view> k_stop_words = {
        "a",      "about",   "above", "after", "again",   "against", "all",     "also",   "am",    "an",
        "and",    "any",     "are",   "as",    "at",      "be",      "because", "been",   "before", "being",
        "below",  "between", "both",  "but",   "by",      "could",   "did",     "do",     "does",  "doing",
        "down",   "during",  "each",  "few",   "for",     "from",    "further", "had",    "has",   "have",
        "having", "he",      "her",   "here",  "hers",    "herself", "him",     "himself", "his",  "how",
        "i",      "if",      "in",    "into",  "is",      "its",     "itself",  "just",   "me",    "more",
        "most",   "my",      "myself", "nor",  "not",     "of",      "off",     "on",     "once",  "only",
        "or",     "other",   "our",   "ours",  "out",     "over",    "own",     "same",   "she",   "should",
        "so",     "some",    "such",  "than",  "that",    "the",     "their",   "theirs", "them",  "then",
        "there",  "these",   "they",  "this",  "those",   "through", "to",      "too",    "under", "until",
        "up",     "very",    "was",   "we",    "were",    "what",    "when",    "where",  "which", "while",
        "whom",   "why",     "with",  "would", "you",     "your",    "yours",   "yourself", "can",  "etc",
    };
    return k_stop_words.count(word) != 0;
}

// A number, perhaps with letters and digits after it: "10", "7a", "35A".
bool is_number_led(const std::string& word)
{
    return !word.empty() && is_ascii_digit(word[0]) &&
           std::all_of(word.begin(), word.end(), [](char c) { return is_ascii_digit(c) || is_ascii_letter(c); });
}

// The one word that a spelling typed as several words joined by - or / also stands for
// ("e-mail" -> "email", "COVID-19" -> "covid19", "IL-10" -> "il10", "miR-7a" -> "mir7a"), or ""
// when joining would misread it: S&P is not "sp", nor 9/11 "911". Joining needs a word of three
// letters, or letters then a number.
std::string joined_spelling(const WordList& words)
{
    const bool has_long_word = std::any_of(words.begin(), words.end(), [](const std::string& word) {
        return std::count_if(word.begin(), word.end(), is_ascii_letter) >= 3;
    });
    const bool letters_then_number = words.size() == 2 && !words[0].empty() && !words[1].empty() &&
                                     std::all_of(words[0].begin(), words[0].end(), is_ascii_letter) &&
                                     is_number_led(words[1]);
    if (words.size() < 2 || !(has_long_word || letters_then_number)) {
        return {};
    }
    std::string joined;
    for (const std::string& word : words) {
        joined += word;
    }
    return joined;
}

// A word of letters then a number ("il10", "covid19", "mir7a") as those two parts ("mir", "7a");
// {} for any other word.
WordList split_letters_from_number(const std::string& word)
{
    const auto digits = std::find_if(word.begin(), word.end(), is_ascii_digit);
    if (digits == word.begin() || digits == word.end() || !std::all_of(word.begin(), digits, is_ascii_letter)) {
        return {};
    }
    std::string rest(digits, word.end());
    if (!is_number_led(rest)) {
        return {};
    }
    return {std::string(word.begin(), digits), std::move(rest)};
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& queries)
{
    if (queries.empty()) {
        return {};
    }
    if (queries.size() == 1) {
        return queries[0];
    }
    return {op, queries.begin(), queries.end()};
}

// A word of a sequence that may join its neighbours in a proximity boost.
struct PlacedWord {
    std::string word;
    std::size_t position; // index among the sequence's operands
};

// The operands of a sequence, sorted by how they combine.
struct SequenceParts {
    std::vector<Xapian::Query> required;
    std::vector<Xapian::Query> optional;
    std::vector<Xapian::Query> excluded;
    std::vector<Xapian::Query> filters; // date ranges
    std::vector<PlacedWord> placed;     // the words of the proximity boost
};

class Builder {
public:
    explicit Builder(const QueryContext& context) : m_context(context) {}

    Xapian::Query build(const QueryNode& node)
    {
        switch (node.kind) {
        case QueryNodeKind::words: return words_query(prefix_of(node), schema::split_into_words(node.text));
        case QueryNodeKind::phrase: return phrase_query(prefix_of(node), schema::split_into_words(node.text));
        case QueryNodeKind::wildcard: return wildcard_query(node);
        case QueryNodeKind::date_range: return schema::date_range_query(node.from, node.to);
        case QueryNodeKind::sequence: return sequence_query(node);
        case QueryNodeKind::all_of: return combine(Xapian::Query::OP_AND, build_children(node, 0));
        case QueryNodeKind::any_of: return combine(Xapian::Query::OP_OR, build_children(node, 0));
        case QueryNodeKind::one_of: return combine(Xapian::Query::OP_XOR, build_children(node, 0));
        case QueryNodeKind::but_not: return but_not_query(node);
        case QueryNodeKind::everything: return Xapian::Query::MatchAll;
        case QueryNodeKind::near:
        case QueryNodeKind::adjacent: return positional_query(node);
        }
        return {};
    }

private:
    const QueryContext& m_context;
    std::vector<Xapian::Query> m_ordered_pairs; // proximity pairs, in order
    std::vector<Xapian::Query> m_near_pairs;    // the same pairs, in either order
    bool m_cut_short = false;                   // a wildcard's expansion met the deadline

    static std::string prefix_of(const QueryNode& node)
    {
        return node.field.empty() ? std::string() : schema::field_prefix(node.field).value_or(std::string());
    }

    std::vector<Xapian::Query> build_children(const QueryNode& node, std::size_t first)
    {
        std::vector<Xapian::Query> queries;
        for (std::size_t i = first; i < node.children.size(); ++i) {
            Xapian::Query query = build(node.children[i]);
            if (!query.empty()) {
                queries.push_back(std::move(query));
            }
        }
        return queries;
    }

    // One word, stemmed in every language of the archive (one term when the stems agree).
    Xapian::Query stem_query(const std::string& prefix, const std::string& word) const
    {
        std::vector<std::string> terms;
        for (const Xapian::Stem& stemmer : m_context.stemmers) {
            std::string term = schema::stemmed_term(stemmer, prefix, word);
            if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
                terms.push_back(std::move(term));
            }
        }
        if (terms.empty()) {
            terms.push_back(schema::word_term(prefix, word));
        }
        if (terms.size() == 1) {
            return Xapian::Query(terms[0]);
        }
        return {Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()};
    }

    // Words exactly as written, adjacent and in order (one word: that word, unstemmed).
    static Xapian::Query exact_query(const std::string& prefix, const WordList& words, unsigned window = 0)
    {
        std::vector<Xapian::Query> terms;
        for (const std::string& word : words) {
            terms.emplace_back(schema::word_term(prefix, word));
        }
        if (terms.size() <= 1) {
            return combine(Xapian::Query::OP_AND, terms);
        }
        return {Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                window == 0 ? static_cast<Xapian::termcount>(terms.size()) : window};
    }

    // A word of a quoted phrase or of NEAR/ADJ as written, or as a possessive: the indexer keeps
    // "bank's" (and "bank’s", whose apostrophe it folds) as one word, which "central bank" should
    // find. Only words ending in a letter can take 's.
    static Xapian::Query written_word_query(const std::string& prefix, const std::string& word)
    {
        const std::string term = schema::word_term(prefix, word);
        const auto last = static_cast<unsigned char>(word.empty() ? '\0' : word.back());
        if (word.find('\'') != std::string::npos || !(is_ascii_letter(static_cast<char>(last)) || last >= 0x80)) {
            return Xapian::Query(term);
        }
        return {Xapian::Query::OP_OR, Xapian::Query(term), Xapian::Query(term + "'s")};
    }

    // A quoted phrase: its words adjacent and in order, each as written or as a possessive. One
    // quoted word stays that word as written (its weight unchanged: the evaluation quotes words).
    static Xapian::Query phrase_query(const std::string& prefix, const WordList& words)
    {
        if (words.size() <= 1) {
            return exact_query(prefix, words);
        }
        std::vector<Xapian::Query> terms;
        for (const std::string& word : words) {
            terms.push_back(written_word_query(prefix, word));
        }
        return {Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size())};
    }

    // A free spelling: one word stemmed; several words typed as one (COVID-19, al-Qaeda,
    // iPSC-derived) as the exact phrase, which ranks first, or any of its words stemmed
    // (iPSCs derived from…): better than the phrase alone on the evaluation (docs/ranking.md);
    // or the words written as one (covid19, email for e-mail).
    Xapian::Query typed_words_query(const std::string& prefix, const WordList& words) const
    {
        if (words.size() == 1) {
            // Letters then a number written as one (IL10, miR7a) also match them apart (IL-10, miR-7a).
            if (const WordList parts = split_letters_from_number(words[0]); !parts.empty()) {
                return {Xapian::Query::OP_OR, stem_query(prefix, words[0]), exact_query(prefix, parts)};
            }
            return stem_query(prefix, words[0]);
        }
        std::vector<Xapian::Query> parts = {exact_query(prefix, words)};
        for (const std::string& word : words) {
            parts.push_back(stem_query(prefix, word));
        }
        if (const std::string joined = joined_spelling(words); m_context.ranking.join_typed_words && !joined.empty()) {
            parts.push_back(stem_query(prefix, joined));
        }
        return combine(Xapian::Query::OP_OR, parts);
    }

    // A spelling as such: one word stemmed, several words as the exact phrase.
    Xapian::Query strict_spelling_query(const std::string& prefix, const WordList& words) const
    {
        return words.size() == 1 ? stem_query(prefix, words[0]) : exact_query(prefix, words);
    }

    // A spelling with synonyms and its other spellings, ranked as one word.
    Xapian::Query synonyms_query(const std::string& prefix, const WordList& words) const
    {
        std::vector<Xapian::Query> spellings = {strict_spelling_query(prefix, words)};
        for (const WordList& variant : *m_context.synonyms->find(words)) {
            spellings.push_back(strict_spelling_query(prefix, variant));
        }
        return {Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end()};
    }

    // Free words as typed between spaces, with their synonyms.
    Xapian::Query words_query(const std::string& prefix, const WordList& words) const
    {
        if (words.empty()) {
            return {};
        }
        if (m_context.synonyms != nullptr && m_context.synonyms->find(words) != nullptr) {
            return synonyms_query(prefix, words);
        }
        return typed_words_query(prefix, words);
    }

    // The words starting so, the most frequent; expanded here, within the deadline, when the
    // archive is known (Xapian's own expansion walks every term with the prefix first).
    Xapian::Query wildcard_query(const QueryNode& node)
    {
        const WordList words = schema::split_into_words(node.text);
        if (words.size() != 1) {
            throw QuerySyntaxError("a * goes after the start of one word, as in barr*");
        }
        if (m_context.db == nullptr) {
            return schema::wildcard_query(prefix_of(node), words[0]);
        }
        WildcardExpansion expansion = expand_wildcard(*m_context.db, schema::word_term(prefix_of(node), words[0]),
                                                      k_max_wildcard_terms, m_context.deadline);
        m_cut_short = m_cut_short || expansion.cut_short;
        return std::move(expansion.query);
    }

    Xapian::Query but_not_query(const QueryNode& node)
    {
        Xapian::Query kept = build(node.children.at(0));
        const Xapian::Query removed = combine(Xapian::Query::OP_OR, build_children(node, 1));
        if (kept.empty() || removed.empty()) {
            return kept;
        }
        return {Xapian::Query::OP_AND_NOT, kept, removed};
    }

    static Xapian::Query positional_query(const QueryNode& node)
    {
        std::vector<Xapian::Query> terms;
        for (const QueryNode& child : node.children) {
            const std::string prefix = prefix_of(child);
            for (const std::string& word : schema::split_into_words(child.text)) {
                terms.push_back(written_word_query(prefix, word));
            }
        }
        if (terms.size() <= 1) {
            return combine(Xapian::Query::OP_AND, terms);
        }
        // As Xapian's QueryParser: in "a NEAR/3 b" b stands at most 3 positions from a (2 other
        // words between them).
        const auto window = static_cast<Xapian::termcount>(node.distance + terms.size() - 1);
        const Xapian::Query::op op = node.kind == QueryNodeKind::near ? Xapian::Query::OP_NEAR : Xapian::Query::OP_PHRASE;
        return {op, terms.begin(), terms.end(), window};
    }

    // Free words: unmarked (or +), no field, one word each. Their neighbours boost each other,
    // runs of them may spell a multi-word synonym, and stop words among them are dropped.
    static bool is_free_word(const QueryNode& node, const WordList& words)
    {
        return node.kind == QueryNodeKind::words && node.field.empty() && node.mark != QueryMark::excluded &&
               words.size() == 1;
    }

    Xapian::Query sequence_query(const QueryNode& node)
    {
        const std::vector<QueryNode>& children = node.children;
        std::vector<WordList> words(children.size());
        bool only_stop_words = true;
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (children[i].kind == QueryNodeKind::words) {
                words[i] = schema::split_into_words(children[i].text);
            }
            const bool stop = is_free_word(children[i], words[i]) && children[i].mark == QueryMark::none &&
                              is_stop_word(children[i].text, words[i][0]);
            only_stop_words = only_stop_words && stop;
        }
        const bool drop_stop_words = m_context.ranking.drop_stop_words && !only_stop_words;

        SequenceParts parts;
        std::size_t i = 0;
        while (i < children.size()) {
            if (is_free_word(children[i], words[i]) && children[i].mark == QueryMark::none) {
                i += add_free_words(children, words, i, drop_stop_words, parts);
            } else {
                add_operand(children[i], words[i], i, parts);
                ++i;
            }
        }
        const Xapian::Query query = combine_sequence(parts);
        if (!query.empty()) {
            add_proximity_pairs(parts.placed);
        }
        return query;
    }

    // The unmarked free word at `first`, or the run of them from there that spells a multi-word
    // synonym; returns how many words it took.
    std::size_t add_free_words(const std::vector<QueryNode>& children, const std::vector<WordList>& words,
                               std::size_t first, bool drop_stop_words, SequenceParts& parts) const
    {
        if (const std::size_t length = match_multiword_synonym(children, words, first); length > 0) {
            WordList spelling;
            for (std::size_t k = first; k < first + length; ++k) {
                spelling.push_back(words[k][0]);
            }
            parts.optional.push_back(words_query("", spelling));
            return length;
        }
        if (!(drop_stop_words && is_stop_word(children[first].text, words[first][0]))) {
            parts.optional.push_back(words_query("", words[first]));
            parts.placed.push_back({words[first][0], first});
        }
        return 1;
    }

    // Any other operand of a sequence (marked, fielded, a phrase, a group…), by its mark.
    void add_operand(const QueryNode& child, const WordList& words, std::size_t position, SequenceParts& parts)
    {
        Xapian::Query query = child.kind == QueryNodeKind::words ? words_query(prefix_of(child), words) : build(child);
        if (query.empty()) {
            return;
        }
        if (child.mark == QueryMark::excluded) {
            parts.excluded.push_back(std::move(query));
        } else if (child.kind == QueryNodeKind::date_range) {
            parts.filters.push_back(std::move(query));
        } else if (child.mark == QueryMark::required) {
            parts.required.push_back(std::move(query));
            if (is_free_word(child, words)) {
                parts.placed.push_back({words[0], position});
            }
        } else {
            parts.optional.push_back(std::move(query));
        }
    }

    // The sequence's query: required AND optional (default operator AND), or required
    // AND_MAYBE any of the optional, then filtered by dates and without the excluded.
    Xapian::Query combine_sequence(const SequenceParts& parts) const
    {
        Xapian::Query query;
        if (m_context.op == DefaultOperator::op_and) {
            std::vector<Xapian::Query> all = parts.required;
            all.insert(all.end(), parts.optional.begin(), parts.optional.end());
            query = combine(Xapian::Query::OP_AND, all);
        } else if (parts.required.empty()) {
            query = combine(Xapian::Query::OP_OR, parts.optional);
        } else if (parts.optional.empty()) {
            query = combine(Xapian::Query::OP_AND, parts.required);
        } else {
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, combine(Xapian::Query::OP_AND, parts.required),
                                  combine(Xapian::Query::OP_OR, parts.optional));
        }
        if (query.empty()) {
            if (parts.excluded.empty() && parts.filters.empty()) {
                return query;
            }
            query = Xapian::Query::MatchAll;
        }
        if (!parts.filters.empty()) {
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, combine(Xapian::Query::OP_AND, parts.filters));
        }
        if (!parts.excluded.empty()) {
            query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, combine(Xapian::Query::OP_OR, parts.excluded));
        }
        return query;
    }

    // The number of free words from `first` on that spell a multi-word synonym (longest
    // first), or 0.
    std::size_t match_multiword_synonym(const std::vector<QueryNode>& children, const std::vector<WordList>& words,
                                        std::size_t first) const
    {
        if (m_context.synonyms == nullptr || m_context.synonyms->longest_spelling() < 2) {
            return 0;
        }
        std::size_t run = 0;
        while (first + run < children.size() && run < m_context.synonyms->longest_spelling() &&
               is_free_word(children[first + run], words[first + run]) &&
               children[first + run].mark == QueryMark::none) {
            ++run;
        }
        for (std::size_t length = run; length >= 2; --length) {
            WordList spelling;
            for (std::size_t k = first; k < first + length; ++k) {
                spelling.push_back(words[k][0]);
            }
            if (m_context.synonyms->find(spelling) != nullptr) {
                return length;
            }
        }
        return 0;
    }

    // Neighbouring words of a sequence, to be found close together and in order, or in
    // either order within a wider window; each pair found adds a share of its words' weight
    // (proximity_query).
    void add_proximity_pairs(const std::vector<PlacedWord>& placed)
    {
        const RankingSettings& ranking = m_context.ranking;
        for (std::size_t k = 0; k + 1 < placed.size() && m_ordered_pairs.size() < ranking.proximity_max_pairs; ++k) {
            // Dropped stop words between the two widen the window: "bank of england".
            const auto gap = static_cast<unsigned>(placed[k + 1].position - placed[k].position - 1);
            const WordList pair = {placed[k].word, placed[k + 1].word};
            m_ordered_pairs.push_back(exact_query("", pair, ranking.proximity_window + gap));
            const std::vector<Xapian::Query> terms = {Xapian::Query(schema::word_term("", pair[0])),
                                                      Xapian::Query(schema::word_term("", pair[1]))};
            m_near_pairs.emplace_back(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                                      ranking.proximity_near_window + gap);
        }
    }

    static Xapian::Query scale(const std::vector<Xapian::Query>& pairs, double weight)
    {
        if (weight <= 0 || pairs.empty()) {
            return {};
        }
        return {Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, pairs), weight};
    }

public:
    // True when a wildcard's expansion met the deadline.
    [[nodiscard]] bool cut_short() const { return m_cut_short; }

    // The proximity boost of everything built so far, or an empty query.
    [[nodiscard]] Xapian::Query proximity_query() const
    {
        const RankingSettings& ranking = m_context.ranking;
        std::vector<Xapian::Query> parts;
        if (Xapian::Query ordered = scale(m_ordered_pairs, ranking.proximity_weight); !ordered.empty()) {
            parts.push_back(std::move(ordered));
        }
        if (ranking.proximity_near_window > 0) {
            if (Xapian::Query near = scale(m_near_pairs, ranking.proximity_near_weight); !near.empty()) {
                parts.push_back(std::move(near));
            }
        }
        return combine(Xapian::Query::OP_OR, parts);
    }
};

QueryNode plain_words_sequence(const std::string& words)
{
    QueryNode sequence;
    sequence.kind = QueryNodeKind::sequence;
    for (std::string& text : split_nonempty(words, ' ')) {
        QueryNode word;
        word.kind = QueryNodeKind::words;
        word.text = std::move(text);
        sequence.children.push_back(std::move(word));
    }
    return sequence;
}

BuiltQuery build_tree(const QueryNode& tree, const QueryContext& context)
{
    Builder builder(context);
    BuiltQuery built;
    built.query = builder.build(tree);
    built.proximity = builder.proximity_query();
    built.cut_short = builder.cut_short();
    return built;
}

} // namespace

BuiltQuery build_query(std::string_view text, const QueryContext& context)
{
    const std::string query = repair_utf8(text);
    if (trim(query).empty()) {
        BuiltQuery everything;
        everything.query = Xapian::Query::MatchAll;
        return everything;
    }
    std::string problem;
    try {
        return build_tree(parse_query_syntax(query), context);
    } catch (const QuerySyntaxError& error) {
        problem = error.what();
    }
    const std::string words = plain_query_words(query);
    BuiltQuery built = build_tree(plain_words_sequence(words), context);
    built.problem = problem;
    built.note = "could not read the query as written (" + problem + "); showing results for the words: " + words;
    return built;
}

namespace {

// Feedback words are stemmed free-text words ("Zharbour"), not field or unstemmed terms.
class FeedbackDecider : public Xapian::ExpandDecider {
public:
    explicit FeedbackDecider(const Xapian::Query& query) : m_query(query.get_terms_begin(), query.get_terms_end()) {}
    bool operator()(const std::string& term) const override
    {
        const schema::ClassifiedTerm classified = schema::classify_term(term);
        return classified.kind == schema::TermKind::stem && classified.text.size() > 1 &&
               std::find(m_query.begin(), m_query.end(), term) == m_query.end();
    }

private:
    std::vector<std::string> m_query;
};

} // namespace

Xapian::Query add_feedback_terms(const Xapian::Database& db, const Xapian::Query& query,
                                 const RankingSettings& settings)
{
    if (settings.feedback_docs == 0 || query.empty()) {
        return query;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(*make_weighting(settings));
    const Xapian::MSet top = enquire.get_mset(0, settings.feedback_docs);
    if (top.empty()) {
        return query;
    }
    Xapian::RSet rset;
    for (auto it = top.begin(); it != top.end(); ++it) {
        rset.add_document(*it);
    }
    const FeedbackDecider decider(query);
    const Xapian::ESet eset = enquire.get_eset(settings.feedback_terms, rset, &decider);
    if (eset.empty()) {
        return query;
    }
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        terms.emplace_back(*it);
    }
    const Xapian::Query expansion(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, terms),
                                  settings.feedback_weight);
    return {Xapian::Query::OP_OR, query, expansion};
}

std::unique_ptr<Xapian::Weight> make_weighting(const RankingSettings& settings)
{
    using Factory = std::unique_ptr<Xapian::Weight> (*)(const RankingSettings&);
    struct Scheme {
        std::string_view name;
        Factory make;
    };
    static constexpr std::array<Scheme, 11> k_schemes = {{
        // BM25: k2 = 0 (no length correction term), k3 = 1 (each repeat of a query word counts
        // as a leaf of its own), min_normlen = 0.5 (Xapian's default).
        {"bm25", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::BM25Weight>(s.bm25_k1, 0, 1, s.bm25_b, 0.5);
         }},
        {"bm25+", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::BM25PlusWeight>(s.bm25_k1, 0, 1, s.bm25_b, 0.5, 1.0);
         }},
        {"ineb2", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::IneB2Weight>(s.dfr_c);
         }},
        {"inl2", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::InL2Weight>(s.dfr_c);
         }},
        {"ifb2", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::IfB2Weight>(s.dfr_c);
         }},
        {"bb2", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::BB2Weight>(s.dfr_c);
         }},
        {"pl2", [](const RankingSettings& s) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::PL2Weight>(s.dfr_c);
         }},
        {"dph", [](const RankingSettings&) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::DPHWeight>();
         }},
        {"dlh", [](const RankingSettings&) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::DLHWeight>();
         }},
        {"lm", [](const RankingSettings&) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::LMWeight>();
         }},
        {"tfidf", [](const RankingSettings&) -> std::unique_ptr<Xapian::Weight> {
             return std::make_unique<Xapian::TfIdfWeight>();
         }},
    }};
    for (const Scheme& scheme : k_schemes) {
        if (scheme.name == settings.scheme) {
            return scheme.make(settings);
        }
    }
    throw std::invalid_argument("unknown weighting scheme \"" + settings.scheme + "\"");
}

} // namespace dateline
