// Cross-origin resource sharing for the read-only API: which response headers let a web page
// from another origin read an answer. Pure; the allowed origins come from --cors-origin.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// The CORS headers for a request with this Origin header (empty: not a cross-origin request)
/// given the allowed origins ("*" allows any). Nothing when the origin is not allowed (the
/// browser then refuses the page the answer). A preflight (OPTIONS with
/// Access-Control-Request-Method) also gets the allowed methods and headers and a max age; the
/// allowed headers name Authorization when `token_required` (--auth-token), so that a page can
/// send the token.
HeaderList cors_headers(const std::vector<std::string>& allowed_origins, std::string_view origin, bool preflight,
                        bool token_required);

} // namespace dateline
