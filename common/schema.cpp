#include "common/schema.h"

#include "common/errors.h"
#include "common/facets.h"
#include "common/record_parser.h"
#include "common/text_utils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

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
constexpr std::string_view k_prefix_duplicate_band = "XDUPBAND";
// Consecutive title words, "first second" (boolean), for autocomplete.
constexpr std::string_view k_prefix_title_pair = "XTPAIR";

constexpr std::string_view k_version_key = "dateline.schema_version";

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

void index_field(Xapian::TermGenerator& termgen, std::string_view text, std::string_view prefix)
{
    if (text.empty()) {
        return;
    }
    termgen.index_text(std::string(text), 1, std::string(prefix));
    termgen.increase_termpos(k_field_gap);
}

} // namespace

std::string id_term(std::string_view id)
{
    return bounded_term(k_prefix_id, id);
}

Xapian::Stem make_stemmer()
{
    return Xapian::Stem("english");
}

Xapian::TermGenerator make_term_generator()
{
    Xapian::TermGenerator termgen;
    termgen.set_stemmer(make_stemmer());
    // Stemmed terms (Z prefix) for ranking, unstemmed terms with positions for phrases.
    termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return termgen;
}

void index_article(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article)
{
    termgen.set_document(doc);

    if (!article.title.empty()) {
        termgen.index_text(article.title, 1, std::string(k_prefix_title));
        termgen.increase_termpos(k_field_gap);
        termgen.index_text(article.title, k_title_wdf);
        termgen.increase_termpos(k_field_gap);
        const std::vector<std::string> words = lower_words(article.title);
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            doc.add_boolean_term(title_pair_term(words[i], words[i + 1]));
        }
    }
    if (!article.subtitle.empty()) {
        termgen.index_text(article.subtitle);
        termgen.increase_termpos(k_field_gap);
    }
    for (const std::string& paragraph : article.body) {
        termgen.index_text(paragraph);
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
    doc.add_boolean_term(id_term(article.id));
    doc.set_data(article_to_record(article).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void enable_spelling(Xapian::TermGenerator& termgen, Xapian::WritableDatabase& db)
{
    termgen.set_database(db);
    termgen.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
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
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(band));
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

bool is_plain_word_term(std::string_view term)
{
    if (term.empty()) {
        return false;
    }
    // Prefixes are upper-case ASCII; a term that starts otherwise is an unprefixed word.
    const auto first = static_cast<unsigned char>(term.front());
    if (first >= 'A' && first <= 'Z') {
        return false;
    }
    return std::any_of(term.begin(), term.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte >= 'a' && byte <= 'z') || byte >= 0x80;
    });
}

void configure_query_parser(Xapian::QueryParser& qp)
{
    qp.set_stemmer(make_stemmer());
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.add_prefix("title", std::string(k_prefix_title));
    qp.add_prefix("author", std::string(k_prefix_author));
    qp.add_prefix("place", std::string(k_prefix_place));
    qp.add_prefix("source", std::string(k_prefix_source));
    qp.add_prefix("section", std::string(k_prefix_section));
    qp.add_prefix("tag", std::string(k_prefix_tag));
    qp.set_max_expansion(k_max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
}

Article read_stored_article(const Xapian::Document& doc)
{
    const nlohmann::json record = nlohmann::json::parse(doc.get_data());
    Article article = parse_record(record);
    return article;
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
    throw Error(ErrorCode::unavailable, path + " was built with schema version " + stored + " but this program uses version " +
                                            std::to_string(k_schema_version) +
                                            "; rebuild it by indexing your archive into a new --db directory");
}

} // namespace dateline::schema
