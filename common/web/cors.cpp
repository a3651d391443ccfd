#include "common/web/cors.h"

#include "common/web/access_log.h"

#include <algorithm>

namespace dateline {

HeaderList cors_headers(const std::vector<std::string>& allowed_origins, std::string_view origin, bool preflight,
                        bool token_required)
{
    HeaderList headers;
    if (origin.empty()) {
        return headers;
    }
    const bool any = std::find(allowed_origins.begin(), allowed_origins.end(), "*") != allowed_origins.end();
    const bool listed = std::find(allowed_origins.begin(), allowed_origins.end(), origin) != allowed_origins.end();
    if (!any && !listed) {
        return headers;
    }
    headers.emplace_back("Access-Control-Allow-Origin", any ? std::string("*") : std::string(origin));
    if (!any) {
        // The answer depends on the Origin header: caches must keep one per origin.
        headers.emplace_back("Vary", "Origin");
    }
    headers.emplace_back("Access-Control-Expose-Headers", k_request_id_header);
    if (preflight) {
        // POST: a search too long for a URL (POST /api/v1/search), sent as JSON, which needs
        // Content-Type allowed.
        headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
        // Named, not "*": a star never covers Authorization.
        const std::string allowed =
            std::string(k_request_id_header) + ", Content-Type" + (token_required ? ", Authorization" : "");
        headers.emplace_back("Access-Control-Allow-Headers", allowed);
        headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return headers;
}

} // namespace dateline
