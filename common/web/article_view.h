// The article page's markup: the stored story as clean text (title, subtitle, byline, date,
// dateline, source, section, tags, original address) with related articles and copies from
// other outlets beside it. A pure function; every stored string is escaped here.
#pragma once

#include "common/article.h"
#include "common/search/search_response.h"

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

struct ArticleNeighbours {
    std::vector<SearchHit> related; // other stories on the same subject (SearchService::similar)
    std::vector<Article> copies;    // the same story as other outlets published it (duplicates_of)
};

/// The whole page for `article`. `neighbours` lists appear when not empty.
std::string render_article_view(const Article& article, const ArticleNeighbours& neighbours);

/// The address as a link target when it is an absolute http(s) URL, else empty (a stored
/// "javascript:" or relative address never becomes a link).
std::string safe_link_target(std::string_view url);

} // namespace dateline
