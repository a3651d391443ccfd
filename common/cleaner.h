// The first scrape cleaner: turns the plain text of a scraped news page into an Article
// (title, dek, section, date, dateline, wire credit, byline, body) and names the fields it
// could not find. Pure: page text in, Extraction out; it knows no files and no Xapian.
#pragma once

#include "common/article.h"
#include "common/dates.h"

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

struct Extraction {
    Article article;
    DateKind date_kind = DateKind::published;
    std::vector<std::string> missing; // names of the fields that were not found, in field order
};

/// Reads one scraped page. Never throws for odd input: what it cannot find is listed in
/// Extraction::missing. A page with neither title nor body gives an empty article.
Extraction clean_scrape(std::string_view page_text);

} // namespace dateline
