// The JSON object `dateline-indexer extract` prints for one article: the fields the cleaner
// read (null when not found, [] for no authors) and the names of those it could not find.
#pragma once

#include "common/article.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace dateline {

/// {"path", "title", "subtitle", "section", "date", "date_kind", "dateline", "source",
/// "authors", "body", "url", "language", "missing"}, in that order; a page from a web archive
/// also has "warc_file", "warc_record_id" and "captured_at" before "missing". `path` is where the
/// article was read (Article::origin); `body` is its paragraphs separated by a blank line. A
/// dated article without a date kind (a record) has "published": a record's date is its
/// publication date.
nlohmann::ordered_json extract_record(const Article& article);

/// extract_record as one line of JSON (invalid UTF-8 replaced), without the newline.
std::string extract_line(const Article& article);

} // namespace dateline
