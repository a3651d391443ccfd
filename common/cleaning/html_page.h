// The HTML page cleaner: the raw bytes of one saved web page (a .html file, a WARC response's
// payload) become an Article: decoded to UTF-8 (html_charset), parsed as HTML5 (html_dom), its
// fields read from JSON-LD, meta tags, <title>, <time> and bylines (html_metadata), its story
// extracted from the page's chrome (html_content), with the same honesty rules as the text
// cleaner: a field the page does not state stays empty and is listed in Extraction::missing;
// date_kind says how the page gave its date. Pure: no I/O, no Xapian.
#pragma once

#include "common/cleaning/chrome_model.h"
#include "common/cleaning/cleaner.h"

#include <string>
#include <string_view>

namespace dateline {

/// What is known about a page besides its bytes.
struct HtmlPageContext {
    std::string url;          // where it was fetched (a WARC record's target URI), or empty
    std::string fetched_at;   // ISO date-time of the capture, or empty; never taken as the publication date
    std::string content_type; // the HTTP Content-Type header's value, or empty
};

/// Reads one page. Never throws for odd or damaged input: a page without a title or story
/// gives an article with those fields empty (and listed as missing). The article's id and
/// origin are the caller's to set; its url is the page's canonical address, else `context.url`.
Extraction clean_html_page(std::string_view html_bytes, const HtmlPageContext& context);

/// clean_html_page that also drops the block lines `model` learned as chrome of `site` (or of
/// the site the page shares them with).
Extraction clean_html_page(std::string_view html_bytes, const HtmlPageContext& context, const ChromeModel& model,
                           std::string_view site);

/// The page's text blocks (every paragraph-like block, chrome included), one per line, as
/// ChromeModel::learn_page wants them for learning the site's repeated lines.
std::string html_page_lines(std::string_view html_bytes, const HtmlPageContext& context);

} // namespace dateline
