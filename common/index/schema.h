// The Xapian contract: term prefixes, value slots, stored data, the schema version and how
// text becomes terms (folding, splitting, stemming per article language) and back (classify_term).
// The indexer writes and the server reads only through these functions; no other file spells or
// decodes a prefix or a slot. Knows nothing of the cleaner or of search/.
#pragma once

#include "common/article.h"
#include "common/index/schema_version.h"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

/// Value slots, with their encoding.
enum ValueSlot : Xapian::valueno {
    k_slot_date = 0,          // published day as "YYYYMMDD" (sorts and range-compares as a string); absent when undated
    k_slot_year = 1,          // "YYYY"; absent when undated
    k_slot_source = 2,        // source as displayed, e.g. "Meridian News Agency"
    k_slot_section = 3,       // section as displayed, e.g. "Business"
    k_slot_tags = 4,          // tags as displayed, joined by "\n" (see encode_tags_value); absent without tags
    k_slot_cluster = 5,       // cluster key of the article's syndicated copies: 16 lower-case hex digits
    k_slot_stem_language = 6, // the Snowball stemmer the article's words were stemmed with, e.g. "english"
    k_slot_source_path = 7,   // absolute path of the file the article was read from; absent for standard input
    k_slot_facets = 8,        // source, section, date and tags in one value (encode_facet_values): present
                              // in every document, so that counting facets reads one dense slot (Xapian
                              // reads a sparse slot slowly during a match: ~25 us a document)
};

/// What facet counting reads of one document (the k_slot_facets value).
struct FacetValues {
    std::string source;            // as displayed, or ""
    std::string section;           // as displayed, or ""
    std::string date;              // "YYYYMMDD", or "" when undated
    std::vector<std::string> tags; // as displayed
};

/// FacetValues read in place from a k_slot_facets value: views into that value, valid while it
/// lives (the facet counter decodes thousands per query without allocating for each).
struct FacetValueViews {
    std::string_view source;
    std::string_view section;
    std::string_view date;
    std::vector<std::string_view> tags;
};

/// The k_slot_facets value of `values`, and back.
std::string encode_facet_values(const FacetValues& values);
FacetValueViews decode_facet_values(std::string_view value);

/// The unique term of an article id (ids of any length and content map to a valid term).
std::string id_term(std::string_view id);

/// The Snowball stemmer for an article's words: that of its record's `language`, else that of
/// the language detected in its text; "english" when neither names a language Xapian stems.
std::string choose_stem_language(const Article& article);

/// The boolean term of an article's original URL (exact string).
std::string url_term(std::string_view url);


/// The key under which a facet value is counted and filtered: lower case (Unicode-aware), runs
/// of white space collapsed to one space, trimmed. "  Business  News" -> "business news".
std::string normalize_facet_value(std::string_view value);

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

/// The band terms set_cluster stored in `doc` (from its term list).
std::vector<std::string> read_band_terms(const Xapian::Document& doc);

/// Changes the cluster key set by set_cluster to `cluster_key` (the bands stay).
void change_cluster_key(Xapian::Document& doc, std::string_view cluster_key);

/// The cluster key stored by set_cluster, or "" for a document without one.
std::string read_cluster_key(const Xapian::Document& doc);

/// The title term of a lower-case word (for completions), e.g. "harbour" -> "Sharbour".
std::string title_word_term(std::string_view word);

/// The term of two consecutive title words (lower_words of the title), for completing the
/// word after a typed one: title_pair_term("central", "bank"); with an empty or partial
/// `second` it is the prefix of all such terms.
std::string title_pair_term(std::string_view first, std::string_view second);

/// What a term of the index (or of a query built on it) stands for, read from its prefix.
enum class TermKind {
    word,           // a word of title or body text, unstemmed ("harbour", "19"): what phrases match
    stem,           // a stem of title or body text ("Zharbour")
    field_word,     // a word of one field, unstemmed ("Sharbour" in the title, "Alind" an author)
    field_stem,     // a stem of one field ("ZSharbour")
    filter,         // the exact value of a source, section or tag, for filters
    id,             // the unique term of an article id
    url,            // the article's original URL
    cluster,        // the cluster key of the article's syndicated copies
    duplicate_band, // a band of the article's body fingerprint (copy detection)
    title_pair,     // two consecutive title words (completions)
    unknown,        // a prefix this schema does not write
};

/// A term split into what it stands for and what it holds.
struct ClassifiedTerm {
    TermKind kind = TermKind::unknown;
    /// The term without its prefix: the word, stem, value, id, URL or key (a view into the
    /// term). Xapian's ':' between a prefix and a value that starts with a capital is dropped
    /// after a field prefix; for an unknown prefix, what follows its capital letters and ':'.
    std::string_view text;
};

/// The kind and text of `term`; the one place, with the functions that make terms, that knows
/// how prefixes are spelled. Never throws.
ClassifiedTerm classify_term(std::string_view term);

/// True for an unprefixed, unstemmed word term of title or body text ("harbour", "müller"),
/// false for prefixed, stemmed, id, filter and purely numeric terms.
bool is_plain_word_term(std::string_view term);

/// The words of a document written by index_article that feed the spelling data ("did you
/// mean"), each with its number of occurrences: the plain words of title, subtitle and body.
std::vector<std::pair<std::string, Xapian::termcount>> spelling_words(const Xapian::Document& doc);

/// Fills `doc` with the terms, values and stored data of `article`, and returns the stemmer
/// language used (choose_stem_language). Text is folded (term_folding.h) and indexed with
/// positions, unstemmed plus stemmed in the article's own language; title words count more
/// than body words. Field words get their own prefixes.
std::string index_article(Xapian::Document& doc, Xapian::TermGenerator& termgen, const Article& article);

/// A TermGenerator set up the way index_article expects (it sets the stemmer per article).
Xapian::TermGenerator make_term_generator();

/// The Snowball stemmer of that name ("english", "german", …).
/// @exception Xapian::InvalidArgumentError for a name Xapian does not know.
Xapian::Stem make_stemmer(const std::string& stem_language);

/// The words of `text` as index_article turns them into terms, in order: folded, split where
/// the TermGenerator splits and lower-cased ("COVID-19" -> covid 19, "S&P" -> s&p, "U.S." -> us).
std::vector<std::string> split_into_words(std::string_view text);

/// The unstemmed term of a word in a field ("" for the free text): what phrases match.
std::string word_term(std::string_view field_prefix, const std::string& word);

/// The stemmed term of a word ("Z" + field prefix + stem), or the unstemmed term for a word
/// the indexer does not stem (one that does not start with a letter, such as "19").
std::string stemmed_term(const Xapian::Stem& stemmer, std::string_view field_prefix, const std::string& word);

/// The term prefix of a field the query language names ("title" -> "S"; also "author",
/// "place", "source", "section", "tag"), or nullopt for any other name.
std::optional<std::string> field_prefix(std::string_view field_name);

/// Words of the field starting with `word_start` (the most frequent expansions, at most 200).
Xapian::Query wildcard_query(std::string_view field_prefix, const std::string& word_start);

/// Articles dated from `from` to `to` inclusive ("YYYY-MM-DD"; an empty end is open), through
/// Xapian's DateRangeProcessor on k_slot_date. Undated articles never match.
Xapian::Query date_range_query(const std::string& from, const std::string& to);

/// Adds stemmer languages to those the database records as used by its articles.
void add_stem_languages(Xapian::WritableDatabase& db, const std::set<std::string>& stem_languages);

/// The stemmer languages the database's articles were indexed with; {"english"} when it
/// records none.
std::vector<std::string> read_stem_languages(const Xapian::Database& db);

/// The article stored in a document by index_article, with its source_path.
/// @exception std::runtime_error when the stored data is not an article record.
Article read_stored_article(const Xapian::Document& doc);

/// The metadata key under which what was learned about the chrome of `site` is stored (see
/// chrome_store.h): a fixed prefix and a fingerprint of the name (keys are length-limited).
std::string chrome_model_key(std::string_view site);

/// The beginning shared by every chrome_model_key, for listing them.
std::string chrome_model_key_prefix();

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
