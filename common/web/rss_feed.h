// The RSS 2.0 feed of a search (/search.rss): the channel names the search and links its page,
// each item links an article page. A pure function; every string is escaped for XML here.
#pragma once

#include "common/web/page_query.h"
#include "common/search/search_response.h"

#include <string>
#include <string_view>

namespace dateline {

/// The feed for `response`, the answer to the search asked with `query`. `base_url`
/// ("http://host:port") makes links absolute, as feed readers need.
std::string render_rss_feed(const PageQuery& query, const SearchResponse& response, std::string_view base_url);

/// "2023-06-05" → "Mon, 05 Jun 2023 00:00:00 +0000" (RFC 822 as RSS wants); empty when the
/// text is not a valid date.
std::string format_rfc822_date(std::string_view iso_date);

/// The parameters a feed is asked with: those of `query` without page and size, and
/// sort=newest unless a sort was given.
PageQuery feed_query(const PageQuery& query);

} // namespace dateline
