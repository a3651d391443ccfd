// The scrape cleaner: reads the plain text of a scraped news page the way an editor would and
// turns it into an Article (title, dek, section, date and how the page showed it, dateline,
// wire credit, byline, body, language) plus the fields it could not find. Structural rules work
// on any page; what was learned about the page's site (ChromeModel) removes the rest of its
// chrome. Pure: text and learned chrome in, Extraction out; no files, no Xapian.
#pragma once

#include "common/article.h"
#include "common/cleaning/chrome_model.h"

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

struct Extraction {
    Article article;
    std::vector<std::string> missing; // names of the fields not found, in extract's field order
};

/// Reads one scraped page with the general rules and `chrome`, what was learned about its site
/// (nothing by default). Never throws for odd input and never guesses: a field the page does
/// not show stays empty and is listed in Extraction::missing. A page with neither title nor
/// body gives an empty article.
Extraction clean_scrape(std::string_view page_text, const SiteChrome& chrome = {});

/// clean_scrape with the chrome `model` learned for `site` (or for the site the page shares
/// its chrome lines with).
Extraction clean_scrape(std::string_view page_text, const ChromeModel& model, std::string_view site);

/// The extract fields an article lacks, in extract's order: title, subtitle, section, date,
/// date_kind, dateline, source, authors, body, url, language.
std::vector<std::string> missing_fields(const Article& article);

} // namespace dateline
