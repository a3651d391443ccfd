// The plain server-rendered search page (HTML). Owns the markup and its escaping; the fuller
// web experience grows here. No JavaScript is needed for anything it shows.
#pragma once

#include "common/search_request.h"
#include "common/search_service.h"

#include <string>

namespace dateline {

/// The page for `request`: a search box and, when `response` is given, its hits with
/// highlighted snippets and pagination; `error` (if not empty) is shown instead of results.
std::string render_search_page(const SearchRequest& request, const SearchResponse* response, const std::string& error);

} // namespace dateline
