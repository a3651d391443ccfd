#include "common/schema.h"

#include "common/dates.h"
#include "common/errors.h"
#include "common/record_parser.h"
#include "common/text_utils.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <chrono>

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
// The original URL, exact (omega's U).
constexpr std::string_view k_prefix_url = "U";

constexpr std::string_view k_version_key = "dateline.schema_version";
constexpr std::string_view k_commit_time_key = "dateline.last_commit";

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

std::string url_term(std::string_view url)
{
    return bounded_term(k_prefix_url, url);
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
        doc.add_boolean_term(bounded_term(k_prefix_tag_exact, to_lower(tag)));
    }
    if (!article.source.empty()) {
        doc.add_boolean_term(bounded_term(k_prefix_source_exact, to_lower(article.source)));
        doc.add_value(k_slot_source, article.source);
    }
    if (!article.section.empty()) {
        doc.add_boolean_term(bounded_term(k_prefix_section_exact, to_lower(article.section)));
        doc.add_value(k_slot_section, article.section);
    }
    if (article.date.size() == 10) {
        // "YYYY-MM-DD" -> "YYYYMMDD"
        doc.add_value(k_slot_date, article.date.substr(0, 4) + article.date.substr(5, 2) + article.date.substr(8, 2));
        doc.add_value(k_slot_year, article.date.substr(0, 4));
    }
    if (!article.url.empty()) {
        doc.add_boolean_term(url_term(article.url));
    }
    if (!article.source_path.empty()) {
        doc.add_value(k_slot_source_path, article.source_path);
    }
    doc.add_boolean_term(id_term(article.id));
    doc.set_data(article_to_record(article).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
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
    article.source_path = doc.get_value(k_slot_source_path);
    return article;
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
