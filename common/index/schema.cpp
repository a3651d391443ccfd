#include "common/index/schema.h"

#include "common/text/dates.h"
#include "common/errors.h"
#include "common/text/language.h"
#include "common/ingest/record_parser.h"
#include "common/index/stored_article.h"
#include "common/text/term_folding.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <utility>

namespace dateline::schema {
namespace {

// Term prefixes (omega's conventions: Q unique id, S title, A author, K tag, X... for ours).
constexpr std::string_view k_prefix_id = "Q";
constexpr std::string_view k_prefix_title = "S";
constexpr std::string_view k_prefix_author = "A";
constexpr std::string_view k_prefix_place = "XPLACE";
constexpr std::string_view k_prefix_source = "XSOURCE";
constexpr std::string_view k_prefix_section = "XSECTION";
constexpr std::string_view k_prefix_tag = "XTAG";
// Exact-value (boolean) terms for filters: the lower-cased whole value.
constexpr std::string_view k_prefix_source_exact = "XFSOURCE";
constexpr std::string_view k_prefix_section_exact = "XFSECTION";
constexpr std::string_view k_prefix_tag_exact = "K";
// Syndicated copies: the cluster key (boolean) and the fingerprint's LSH bands (boolean, hex).
constexpr std::string_view k_prefix_cluster = "XCLUSTER";
constexpr std::string_view k_prefix_duplicate_band = "XB";
// Consecutive title words, "first second" (boolean), for autocomplete.
constexpr std::string_view k_prefix_title_pair = "XTPAIR";

// The original URL, exact (omega's U).
constexpr std::string_view k_prefix_url = "U";
// Stemmed terms: what Xapian's TermGenerator and QueryParser put before a stem (and before
// the field prefix of a stemmed field word).
constexpr std::string_view k_prefix_stem = "Z";

constexpr std::string_view k_version_key = "dateline.schema_version";
constexpr std::string_view k_commit_time_key = "dateline.last_commit";
// Learned site chrome: this prefix and a fingerprint of the site's name (keys are length-limited).
constexpr std::string_view k_chrome_key_prefix = "dateline.chrome.";
// The stemmer languages of the database's articles, comma-separated ("english,german").
constexpr std::string_view k_stem_languages_key = "dateline.stem_languages";
constexpr std::string_view k_default_stem_language = "english";
// Language detection looks at the title and about this much of the body.
constexpr std::size_t k_language_sample_bytes = 4000;

struct FieldPrefix {
    std::string_view name; // as the query language spells it
    std::string_view prefix;
};

// Title words weigh as much as this many body words.
constexpr Xapian::termcount k_title_wdf = 3;
// Gap in term positions between fields and paragraphs, so phrases never span them.
constexpr Xapian::termpos k_field_gap = 100;
// Xapian terms are limited to about 245 bytes.
constexpr std::size_t k_max_term_value = 200;
// A trailing * expands to at most this many terms (the most frequent ones).
constexpr Xapian::termcount k_max_wildcard_expansion = 200;

std::string bounded_term(std::string_view prefix, std::string_view value)
{
    std::string term(prefix);
    if (value.size() <= k_max_term_value) {
        term += value;
    } else {
        // Keep long values unique: a readable head plus a fingerprint of the whole.
        term += value.substr(0, k_max_term_value - 17);
        term += '#';
        term += fingerprint_hex(value);
    }
    return term;
}

constexpr std::array<FieldPrefix, 6> k_field_prefixes = {{
    {"title", k_prefix_title},
    {"author", k_prefix_author},
    {"place", k_prefix_place},
    {"source", k_prefix_source},
    {"section", k_prefix_section},
    {"tag", k_prefix_tag},
}};

void index_field(Xapian::TermGenerator& termgen, std::string_view text, std::string_view prefix)
{
    if (text.empty()) {
        return;
    }
    termgen.index_text(fold_term_text(text), 1, std::string(prefix));
    termgen.increase_termpos(k_field_gap);
}

// TermGenerator's STEM_SOME rule: only words starting with a letter get a stemmed term.
bool is_stemmed_word(const std::string& word)
{
    const Xapian::Utf8Iterator first(word);
    if (first == Xapian::Utf8Iterator()) {
        return false;
    }
    constexpr unsigned k_stemmed_categories =
        (1u << Xapian::Unicode::LOWERCASE_LETTER) | (1u << Xapian::Unicode::TITLECASE_LETTER) |
        (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
    return ((k_stemmed_categories >> Xapian::Unicode::get_category(*first)) & 1u) != 0;
}

} // namespace

std::string id_term(std::string_view id)
{
    return bounded_term(k_prefix_id, id);
}

std::string url_term(std::string_view url)
{
    return bounded_term(k_prefix_url, url);
}

std::string choose_stem_language(const Article& article)
{
    std::string language;
    if (!article.language.empty()) {
        language = stemmer_language(article.language);
    } else {
        std::string sample = article.title;
        for (const std::string& paragraph : article.body) {
            if (sample.size() >= k_language_sample_bytes) {
                break;
            }
            sample += '\n';
            sample += paragraph;
        }
        language = stemmer_language(detect_language(sample));
    }
    return language.empty() ? std::string(k_default_stem_language) : language;
}

Xapian::Stem make_stemmer(const std::string& stem_language)
{
    return Xapian::Stem(stem_language);
}

Xapian::TermGenerator make_term_generator()
{
    Xapian::TermGenerator termgen;
    // Stemmed terms (Z prefix) for ranking, unstemmed terms with positions for phrases.
    termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return termgen;
}

namespace {

// The words of the article's text and fields, with positions, in the order phrases and
// proximity expect: title, subtitle, body paragraphs, then the field words.
void index_words(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article)
{
    if (!article.title.empty()) {
        const std::string title = fold_term_text(article.title);
        termgen.index_text(title, 1, std::string(k_prefix_title));
        termgen.increase_termpos(k_field_gap);
        termgen.index_text(title, k_title_wdf);
        termgen.increase_termpos(k_field_gap);
        const std::vector<std::string> words = lower_words(article.title);
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            doc.add_boolean_term(title_pair_term(words[i], words[i + 1]));
        }
    }
    if (!article.subtitle.empty()) {
        termgen.index_text(fold_term_text(article.subtitle));
        termgen.increase_termpos(k_field_gap);
    }
    for (const std::string& paragraph : article.body) {
        termgen.index_text(fold_term_text(paragraph));
        termgen.increase_termpos(k_field_gap);
    }
    for (const std::string& author : article.authors) {
        index_field(termgen, author, k_prefix_author);
    }
    index_field(termgen, article.dateline, k_prefix_place);
    index_field(termgen, article.source, k_prefix_source);
    index_field(termgen, article.section, k_prefix_section);
    for (const std::string& tag : article.tags) {
        index_field(termgen, tag, k_prefix_tag);
    }
}

// The boolean filter terms and the value slots of facets, filters and sorting.
void add_filters_and_values(Xapian::Document& doc, const Article& article)
{
    for (const std::string& tag : article.tags) {
        if (!normalize_facet_value(tag).empty()) {
            doc.add_boolean_term(tag_filter_term(tag));
        }
    }
    if (!article.tags.empty()) {
        doc.add_value(k_slot_tags, encode_tags_value(article.tags));
    }
    // Facet and filter values: the displayed spelling in a slot, the normalised one as a term.
    if (const std::string source = collapse_whitespace(article.source); !source.empty()) {
        doc.add_boolean_term(source_filter_term(source));
        doc.add_value(k_slot_source, source);
    }
    if (const std::string section = collapse_whitespace(article.section); !section.empty()) {
        doc.add_boolean_term(section_filter_term(section));
        doc.add_value(k_slot_section, section);
    }
    if (article.date.size() == 10) {
        doc.add_value(k_slot_date, date_slot_value(article.date));
        doc.add_value(k_slot_year, article.date.substr(0, 4));
    }
    FacetValues facet_values;
    facet_values.source = collapse_whitespace(article.source);
    facet_values.section = collapse_whitespace(article.section);
    facet_values.date = article.date.size() == 10 ? date_slot_value(article.date) : std::string();
    facet_values.tags = decode_tags_value(encode_tags_value(article.tags)); // cleaned, empty ones dropped
    doc.add_value(k_slot_facets, encode_facet_values(facet_values));
}

} // namespace

std::string index_article(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article)
{
    const std::string stem_language = choose_stem_language(article);
    termgen.set_stemmer(make_stemmer(stem_language));
    termgen.set_document(doc);
    index_words(doc, termgen, article);
    add_filters_and_values(doc, article);
    doc.add_value(k_slot_stem_language, stem_language);
    if (!article.url.empty()) {
        doc.add_boolean_term(url_term(article.url));
    }
    if (!article.source_path.empty()) {
        doc.add_value(k_slot_source_path, article.source_path);
    }
    doc.add_boolean_term(id_term(article.id));
    doc.set_data(encode_stored_article(article));
    return stem_language;
}

std::vector<std::pair<std::string, Xapian::termcount>> spelling_words(const Xapian::Document& doc)
{
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        std::string word = *term;
        if (!is_plain_word_term(word)) {
            continue;
        }
        // Text is indexed with positions: one per occurrence.
        if (const Xapian::termcount occurrences = term.positionlist_count(); occurrences > 0) {
            words.emplace_back(std::move(word), occurrences);
        }
    }
    return words;
}

std::string normalize_facet_value(std::string_view value)
{
    return to_lower(collapse_whitespace(value));
}

std::string source_filter_term(std::string_view value)
{
    return bounded_term(k_prefix_source_exact, normalize_facet_value(value));
}

std::string section_filter_term(std::string_view value)
{
    return bounded_term(k_prefix_section_exact, normalize_facet_value(value));
}

std::string tag_filter_term(std::string_view value)
{
    return bounded_term(k_prefix_tag_exact, normalize_facet_value(value));
}

std::string date_slot_value(std::string_view iso_date)
{
    // "YYYY-MM-DD" -> "YYYYMMDD"
    std::string value;
    for (char c : iso_date) {
        if (c != '-') {
            value += c;
        }
    }
    return value;
}

std::string encode_tags_value(const std::vector<std::string>& tags)
{
    std::string value;
    for (const std::string& tag : tags) {
        const std::string cleaned = collapse_whitespace(tag);
        if (cleaned.empty()) {
            continue;
        }
        if (!value.empty()) {
            value += '\n';
        }
        value += cleaned;
    }
    return value;
}

std::string encode_facet_values(const FacetValues& values)
{
    // Fields separated by \x1F, tags by \x1E; a separator inside a value becomes a space.
    const auto field = [](std::string text) {
        std::replace_if(text.begin(), text.end(), [](char c) { return c == '\x1F' || c == '\x1E'; }, ' ');
        return text;
    };
    std::string value = field(values.source) + '\x1F' + field(values.section) + '\x1F' + field(values.date) + '\x1F';
    for (std::size_t i = 0; i < values.tags.size(); ++i) {
        value += (i == 0 ? "" : "\x1E") + field(values.tags[i]);
    }
    return value;
}

FacetValueViews decode_facet_values(std::string_view value)
{
    FacetValueViews values;
    std::string_view* fields[] = {&values.source, &values.section, &values.date};
    for (std::string_view* field : fields) {
        const std::size_t end = value.find('\x1F');
        if (end == std::string_view::npos) {
            return {}; // not written by encode_facet_values: no facets
        }
        *field = value.substr(0, end);
        value.remove_prefix(end + 1);
    }
    while (!value.empty()) {
        const std::size_t end = value.find('\x1E');
        values.tags.emplace_back(value.substr(0, end));
        value.remove_prefix(end == std::string_view::npos ? value.size() : end + 1);
    }
    return values;
}

std::vector<std::string> decode_tags_value(std::string_view value)
{
    std::vector<std::string> tags;
    for (std::string_view line : split_lines(value)) {
        if (!line.empty()) {
            tags.emplace_back(line);
        }
    }
    return tags;
}

std::string cluster_term(std::string_view cluster_key)
{
    return bounded_term(k_prefix_cluster, cluster_key);
}

std::string duplicate_band_term(std::uint64_t band)
{
    // 32 bits of the band's hash: two articles' bands meet by chance once in 4 billion, and a
    // chance meeting only costs a candidate check (fewer bytes per band term, a smaller index).
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08llx", static_cast<unsigned long long>(band >> 32U));
    return std::string(k_prefix_duplicate_band) + hex;
}

void set_cluster(Xapian::Document& doc, std::string_view cluster_key, const std::vector<std::uint64_t>& bands)
{
    doc.add_value(k_slot_cluster, std::string(cluster_key));
    doc.add_boolean_term(cluster_term(cluster_key));
    for (std::uint64_t band : bands) {
        doc.add_boolean_term(duplicate_band_term(band));
    }
}

std::vector<std::string> read_band_terms(const Xapian::Document& doc)
{
    std::vector<std::string> terms;
    auto term = doc.termlist_begin();
    term.skip_to(std::string(k_prefix_duplicate_band));
    for (; term != doc.termlist_end() && (*term).starts_with(k_prefix_duplicate_band); ++term) {
        terms.push_back(*term);
    }
    return terms;
}

void change_cluster_key(Xapian::Document& doc, std::string_view cluster_key)
{
    if (const std::string old = read_cluster_key(doc); !old.empty()) {
        try {
            doc.remove_term(cluster_term(old));
        } catch (const Xapian::InvalidArgumentError&) {
            // the term was missing: nothing to take out
        }
    }
    doc.add_value(k_slot_cluster, std::string(cluster_key));
    doc.add_boolean_term(cluster_term(cluster_key));
}

std::string read_cluster_key(const Xapian::Document& doc)
{
    return doc.get_value(k_slot_cluster);
}

std::string title_word_term(std::string_view word)
{
    return std::string(k_prefix_title) + std::string(word);
}

std::string title_pair_term(std::string_view first, std::string_view second)
{
    return bounded_term(k_prefix_title_pair, std::string(first) + ' ' + std::string(second));
}

ClassifiedTerm classify_term(std::string_view term)
{
    // Prefixes are upper-case ASCII; a term that starts otherwise is an unprefixed word.
    const auto starts_upper = [](std::string_view text) { return !text.empty() && text[0] >= 'A' && text[0] <= 'Z'; };
    // Xapian's convention: a ':' separates a prefix from a value that starts with a capital.
    const auto without_colon = [](std::string_view text) { return text.starts_with(':') ? text.substr(1) : text; };
    if (!starts_upper(term)) {
        return {TermKind::word, term};
    }
    std::string_view rest = term;
    const bool stemmed = rest.starts_with(k_prefix_stem);
    if (stemmed) {
        rest.remove_prefix(k_prefix_stem.size());
        if (!starts_upper(rest)) {
            return {TermKind::stem, rest};
        }
    }
    // No prefix begins another, so the first that matches is the term's.
    for (const FieldPrefix& field : k_field_prefixes) {
        if (rest.starts_with(field.prefix)) {
            return {stemmed ? TermKind::field_stem : TermKind::field_word,
                    without_colon(rest.substr(field.prefix.size()))};
        }
    }
    if (!stemmed) {
        static constexpr std::array<std::pair<std::string_view, TermKind>, 8> k_other_prefixes = {{
            {k_prefix_source_exact, TermKind::filter},
            {k_prefix_section_exact, TermKind::filter},
            {k_prefix_tag_exact, TermKind::filter},
            {k_prefix_id, TermKind::id},
            {k_prefix_url, TermKind::url},
            {k_prefix_cluster, TermKind::cluster},
            {k_prefix_duplicate_band, TermKind::duplicate_band},
            {k_prefix_title_pair, TermKind::title_pair},
        }};
        for (const auto& [prefix, kind] : k_other_prefixes) {
            if (rest.starts_with(prefix)) {
                return {kind, rest.substr(prefix.size())};
            }
        }
    }
    std::size_t end = 0;
    while (end < rest.size() && rest[end] >= 'A' && rest[end] <= 'Z') {
        ++end;
    }
    return {TermKind::unknown, without_colon(rest.substr(end))};
}

bool is_plain_word_term(std::string_view term)
{
    if (classify_term(term).kind != TermKind::word || term.empty()) {
        return false;
    }
    return std::any_of(term.begin(), term.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte >= 'a' && byte <= 'z') || byte >= 0x80;
    });
}

std::vector<std::string> split_into_words(std::string_view text)
{
    // The TermGenerator itself splits, so that query words are exactly the indexed words.
    Xapian::TermGenerator termgen;
    Xapian::Document doc;
    termgen.set_document(doc);
    termgen.index_text(fold_term_text(text));
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
            positioned.emplace_back(*pos, *term);
        }
    }
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> words;
    words.reserve(positioned.size());
    for (auto& [pos, word] : positioned) {
        words.push_back(std::move(word));
    }
    return words;
}

std::string word_term(std::string_view field_prefix, const std::string& word)
{
    std::string term(field_prefix);
    term += word;
    return term;
}

std::string stemmed_term(const Xapian::Stem& stemmer, std::string_view field_prefix, const std::string& word)
{
    if (!is_stemmed_word(word)) {
        return word_term(field_prefix, word);
    }
    std::string term(k_prefix_stem);
    term += field_prefix;
    term += stemmer(word);
    return term;
}

std::optional<std::string> field_prefix(std::string_view field_name)
{
    for (const FieldPrefix& field : k_field_prefixes) {
        if (field.name == field_name) {
            return std::string(field.prefix);
        }
    }
    return std::nullopt;
}

Xapian::Query wildcard_query(std::string_view field_prefix, const std::string& word_start)
{
    return {Xapian::Query::OP_WILDCARD, word_term(field_prefix, word_start), k_max_wildcard_expansion,
            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT};
}

Xapian::Query date_range_query(const std::string& from, const std::string& to)
{
    Xapian::DateRangeProcessor processor(k_slot_date);
    return processor(from, to);
}

void add_stem_languages(Xapian::WritableDatabase& db, const std::set<std::string>& stem_languages)
{
    std::set<std::string> all(stem_languages);
    for (std::string& language : read_stem_languages(db)) {
        all.insert(std::move(language));
    }
    std::string joined;
    for (const std::string& language : all) {
        joined += joined.empty() ? "" : ",";
        joined += language;
    }
    if (joined != db.get_metadata(std::string(k_stem_languages_key))) {
        db.set_metadata(std::string(k_stem_languages_key), joined);
    }
}

std::vector<std::string> read_stem_languages(const Xapian::Database& db)
{
    std::vector<std::string> languages = split_nonempty(db.get_metadata(std::string(k_stem_languages_key)), ',');
    if (languages.empty()) {
        languages.emplace_back(k_default_stem_language);
    }
    return languages;
}

Article read_stored_article(const Xapian::Document& doc)
{
    const std::string data = doc.get_data();
    // Schema versions 1 and 2 stored the article as its JSON record (reindex reads them).
    Article article = data.starts_with('{') ? parse_record(nlohmann::json::parse(data)) : decode_stored_article(data);
    article.source_path = doc.get_value(k_slot_source_path);
    return article;
}

std::string chrome_model_key(std::string_view site)
{
    return std::string(k_chrome_key_prefix) + fingerprint_hex(site);
}

std::string chrome_model_key_prefix()
{
    return std::string(k_chrome_key_prefix);
}

int read_schema_version(const Xapian::Database& db)
{
    const std::string stored = db.get_metadata(std::string(k_version_key));
    int version = 0;
    const auto [end, error] = std::from_chars(stored.data(), stored.data() + stored.size(), version);
    return error == std::errc() && end == stored.data() + stored.size() ? version : 0;
}

void record_commit_time(Xapian::WritableDatabase& db)
{
    db.set_metadata(std::string(k_commit_time_key), format_utc_time(std::chrono::system_clock::now(), false));
}

std::string read_commit_time(const Xapian::Database& db)
{
    return db.get_metadata(std::string(k_commit_time_key));
}

void prepare_writable_database(Xapian::WritableDatabase& db, const std::string& path)
{
    if (db.get_metadata(std::string(k_version_key)).empty()) {
        if (db.get_doccount() != 0) {
            throw Error(ErrorCode::unavailable, path + " holds documents that Dateline did not write; "
                                                       "choose an empty or new --db directory");
        }
        db.set_metadata(std::string(k_version_key), std::to_string(k_schema_version));
        return;
    }
    check_schema_version(db, path);
}

void check_schema_version(const Xapian::Database& db, const std::string& path)
{
    const std::string stored = db.get_metadata(std::string(k_version_key));
    if (stored == std::to_string(k_schema_version)) {
        return;
    }
    if (stored.empty()) {
        throw Error(ErrorCode::unavailable, path + " is not a Dateline database (no schema version); "
                                                   "build one with: dateline-indexer --db " + path + " PATH...");
    }
    const std::string versions = path + " was built with schema version " + stored + " but this program uses version " +
                                 std::to_string(k_schema_version);
    if (read_schema_version(db) > k_schema_version) {
        throw Error(ErrorCode::unavailable, versions + "; it was written by a newer Dateline: use that version (or "
                                                       "rebuild the archive into a new --db directory)");
    }
    throw Error(ErrorCode::unavailable, versions + "; upgrade it with: dateline-indexer reindex --db " + path +
                                            " (it rebuilds from the stored articles and keeps the old database "
                                            "until the new one is complete)");
}

} // namespace dateline::schema
