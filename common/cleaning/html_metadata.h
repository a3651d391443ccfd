// The article fields a web page states about itself, from its structured sources: JSON-LD
// (NewsArticle, Article, ReportageNewsArticle and their kin, also inside @graph), OpenGraph
// and article:* meta tags, the common name="…" meta tags, <title> (less the site's name),
// <time datetime>, <link rel=canonical> and <html lang>. Never guesses: a field no source
// states stays empty. Pure.
#pragma once

#include "common/cleaning/html_dom.h"

#include <string>
#include <vector>

namespace dateline {

struct PageMetadata {
    std::string title;
    std::string subtitle;
    std::string section;
    std::string source;       // the publisher, or a wire credited as the author
    std::vector<std::string> authors;      // people JSON-LD credits
    std::vector<std::string> meta_authors; // the author meta tags' (weaker: often one name of several)
    std::vector<std::string> tags;
    std::string date;         // "YYYY-MM-DD"
    std::string date_kind;    // "published" or "updated"; empty without a date
    std::string published_at; // the ISO date-time as the page wrote it, when it had a time
    std::string url;          // canonical, absolute
    std::string language;     // ISO 639-1, as the page declares it
};

/// The fields the document's metadata states. `page_url` (where the page was fetched, or "")
/// resolves a relative canonical link.
PageMetadata read_page_metadata(const HtmlDocument& document, std::string_view page_url);

/// `title` without a site name glued to it ("Headline | The Daily Example", "Headline - Example
/// News"): the part after the last separator goes when it names `site` (or the host of `url`),
/// or when the separator is " | ".
std::string strip_site_suffix(std::string_view title, std::string_view site, std::string_view url);

} // namespace dateline
