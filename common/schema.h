// The Xapian contract: term prefixes, value slots, stored data and the schema version.
// The indexer writes and the server reads only through these functions; no other file spells
// a prefix or a slot number.
#pragma once

#include "common/article.h"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

/// Bumped whenever documents written by an older version would be read wrongly.
inline constexpr int k_schema_version = 3;

/// Value slots, with their encoding.
enum ValueSlot : Xapian::valueno {
    k_slot_date = 0,    // published day as "YYYYMMDD" (sorts and range-compares as a string); absent when undated
    k_slot_year = 1,    // "YYYY"; absent when undated
    k_slot_source = 2,  // source as displayed, e.g. "Meridian News Agency"
    k_slot_section = 3, // section as displayed, e.g. "Business"
    k_slot_tags = 4,    // tags as displayed, joined by "\n" (see encode_tags_value); absent without tags
    k_slot_cluster = 5, // cluster key of the article's syndicated copies: 16 lower-case hex digits
};

/// The unique term of an article id (ids of any length and content map to a valid term).
std::string id_term(std::string_view id);

/// Fills `doc` with the terms, values and stored data of `article`.
/// Title and body are indexed with positions, English-stemmed plus unstemmed; title words
/// count more than body words. Field words get their own prefixes.
void index_article(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article);

/// The exact-match filter terms of a source, section or tag value, as written by index_article:
/// the value normalised by normalize_facet_value, so "Business" and " business" filter alike.
std::string source_filter_term(std::string_view value);
std::string section_filter_term(std::string_view value);
std::string tag_filter_term(std::string_view value);

/// "YYYY-MM-DD" as the date slot holds it ("YYYYMMDD").
std::string date_slot_value(std::string_view iso_date);

/// The tags slot value for `tags` and back (tags cannot hold a line break once cleaned).
std::string encode_tags_value(const std::vector<std::string>& tags);
std::vector<std::string> decode_tags_value(std::string_view value);

/// The boolean term that every article of one cluster of syndicated copies carries.
std::string cluster_term(std::string_view cluster_key);

/// The boolean term of one locality-sensitive band of an article's body fingerprint
/// (see near_duplicates.h): articles that share one are candidates for being copies.
std::string duplicate_band_term(std::uint64_t band);

/// Stores the cluster key (value slot and boolean term) and the band terms in `doc`.
void set_cluster(Xapian::Document& doc, std::string_view cluster_key, const std::vector<std::uint64_t>& bands);

/// The cluster key stored by set_cluster, or "" for a document without one.
std::string read_cluster_key(const Xapian::Document& doc);

/// The title term of a lower-case word (for completions), e.g. "harbour" -> "Sharbour".
std::string title_word_term(std::string_view word);

/// The term of two consecutive title words (lower_words of the title), for completing the
/// word after a typed one: title_pair_term("central", "bank"); with an empty or partial
/// `second` it is the prefix of all such terms.
std::string title_pair_term(std::string_view first, std::string_view second);

/// True for an unprefixed, unstemmed word term of title or body text ("harbour", "müller"),
/// false for prefixed, stemmed, id, filter and purely numeric terms.
bool is_plain_word_term(std::string_view term);

/// A TermGenerator set up the way index_article expects.
Xapian::TermGenerator make_term_generator();

/// Makes `termgen` record spelling data (title and body words) in `db` for "did you mean".
void enable_spelling(Xapian::TermGenerator& termgen, Xapian::WritableDatabase& db);

/// The stemmer used for the body text and queries.
Xapian::Stem make_stemmer();

/// Registers the field prefixes (title:, author:, place:, source:, section:, tag:), the
/// stemmer and the bounded wildcard expansion with `qp`.
void configure_query_parser(Xapian::QueryParser& qp);

/// The article stored in a document by index_article.
/// @exception std::runtime_error when the stored data is not an article record.
Article read_stored_article(const Xapian::Document& doc);

/// Records the schema version in a new database; leaves an existing one alone.
/// @exception dateline::Error (unavailable) when the database has another schema version.
void prepare_writable_database(Xapian::WritableDatabase& db, const std::string& path);

/// @exception dateline::Error (unavailable) when `db` was not written by this schema version.
void check_schema_version(const Xapian::Database& db, const std::string& path);

} // namespace dateline::schema
