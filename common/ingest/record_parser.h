// Turns JSON records (the documented JSONL / .json format) into Articles, or says exactly
// why a record cannot be indexed. Pure: no files, no Xapian.
#pragma once

#include "common/article.h"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace dateline {

/// A record that cannot become an article; the message names the field and what is wanted.
class RecordError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The article a parsed JSON record describes. Only "title" or "body" is required; missing or
/// null fields stay empty; unknown fields are ignored. The id is the record's "id" (a number
/// becomes its decimal string) or empty: see derive_article_id for the fallbacks.
/// @exception RecordError when the record is not an object, has neither title nor body, or a
/// field has an impossible type or value.
Article parse_record(const nlohmann::json& record);

/// parse_record for one line of JSONL text.
/// @exception RecordError also for invalid JSON ("invalid JSON at column N: …").
Article parse_record_line(std::string_view line);

/// The id an article is indexed under: its own id; else its url; else `scrape_path` (the
/// file's path relative to the directory it was found under, for text scrapes); else
/// "hash:" and a fingerprint of title, date and body.
std::string derive_article_id(const Article& article, std::string_view scrape_path);

} // namespace dateline
