// The Article: one clean news story, as every reader produces it, the indexer stores it and
// the server shows it. Owns its JSON form (the stored and exported record); no Xapian here.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace dateline {

struct Article {
    std::string id;                   // unique key; any characters, including '/'
    std::string url;                  // original address, or empty
    std::string title;
    std::string subtitle;             // dek / standfirst
    std::string section;
    std::string source;               // publisher, or the credited wire or agency
    std::vector<std::string> authors;
    std::string date;                 // "YYYY-MM-DD", or empty when undated
    std::string dateline;             // the place the story was filed from
    std::vector<std::string> tags;
    std::vector<std::string> body;    // paragraphs
    std::string language;             // ISO 639-1 code ("en"), or empty when unknown
    std::string published_at;         // the ISO 8601 date-time as the record wrote it, with its time and
                                      // zone ("2021-03-04T10:15:00+02:00"), or empty when only a day was given
    std::string date_kind;            // how a scrape showed its date: "published", "updated" or "page-banner"
                                      // (empty: undated, or a record, whose date is the publication date);
                                      // printed by extract, not part of a record
    std::string warc_file;            // for a page read from a web archive: the WARC file's name, the
    std::string warc_record_id;       // record's WARC-Record-ID and its WARC-Date (when it was captured,
    std::string captured_at;          // never taken as the publication date); empty otherwise
    std::string origin;               // where it was read: "file:line" or "file"; not part of a record
    std::string source_path;          // absolute path of the file it was read from, empty for standard
                                      // input; not part of a record (--delete-missing uses it)

    bool operator==(const Article&) const = default;
};

/// The article as a record in the documented JSONL format (empty fields as null, body as a
/// string of paragraphs separated by blank lines). Re-reading it gives the same article.
nlohmann::json article_to_record(const Article& article);

/// The body as one string, paragraphs separated by a blank line.
std::string body_text(const Article& article);

/// `value` as a JSON string, or null when it is empty: how every JSON form Dateline writes (the
/// record, the API's responses, `extract`, `stats --json`) spells a text field that is absent.
nlohmann::json string_or_null(const std::string& value);

} // namespace dateline
