// The Xapian contract: term prefixes, value slots, stored data and the schema version.
// The indexer writes and the server reads only through these functions; no other file spells
// a prefix or a slot number.
#pragma once

#include "common/article.h"

#include <xapian.h>

#include <string>
#include <string_view>

namespace dateline::schema {

/// Bumped whenever documents written by an older version would be read wrongly.
/// 2: URL terms (find by URL), the source file of each article, the last commit time.
inline constexpr int k_schema_version = 2;

/// Value slots, with their encoding.
enum ValueSlot : Xapian::valueno {
    k_slot_date = 0,    // published day as "YYYYMMDD" (sorts and range-compares as a string); absent when undated
    k_slot_year = 1,    // "YYYY"; absent when undated
    k_slot_source = 2,  // source as displayed, e.g. "Meridian News Agency"
    k_slot_section = 3, // section as displayed, e.g. "Business"
    k_slot_source_path = 4, // absolute path of the file the article was read from; absent for standard input
};

/// The unique term of an article id (ids of any length and content map to a valid term).
std::string id_term(std::string_view id);

/// The boolean term of an article's original URL (exact string).
std::string url_term(std::string_view url);

/// Fills `doc` with the terms, values and stored data of `article`.
/// Title and body are indexed with positions, English-stemmed plus unstemmed; title words
/// count more than body words. Field words get their own prefixes.
void index_article(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article);

/// A TermGenerator set up the way index_article expects.
Xapian::TermGenerator make_term_generator();

/// The stemmer used for the body text and queries.
Xapian::Stem make_stemmer();

/// Registers the field prefixes (title:, author:, place:, source:, section:, tag:), the
/// stemmer and the bounded wildcard expansion with `qp`.
void configure_query_parser(Xapian::QueryParser& qp);

/// The article stored in a document by index_article, with its source_path.
/// @exception std::runtime_error when the stored data is not an article record.
Article read_stored_article(const Xapian::Document& doc);

/// The schema version recorded in `db`, or 0 when it has none.
int read_schema_version(const Xapian::Database& db);

/// Records "now" as the time of the commit about to be made (UTC, ISO 8601).
void record_commit_time(Xapian::WritableDatabase& db);

/// The time of the last commit recorded by record_commit_time, or empty.
std::string read_commit_time(const Xapian::Database& db);

/// Records the schema version in a new database; leaves an existing one alone.
/// @exception dateline::Error (unavailable) when the database has another schema version.
void prepare_writable_database(Xapian::WritableDatabase& db, const std::string& path);

/// @exception dateline::Error (unavailable) when `db` was not written by this schema version;
/// the message says what to do (reindex an older database, upgrade Dateline for a newer one).
void check_schema_version(const Xapian::Database& db, const std::string& path);

} // namespace dateline::schema
