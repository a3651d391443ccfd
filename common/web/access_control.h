// Optional access control for a private archive (`dateline-server --auth-token`): whether a
// request's Authorization header carries the configured token. Pure; knows nothing of HTTP
// libraries or routes (the server decides which routes are open, e.g. /healthz).
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// True when `authorization` (the Authorization header's value, or "") carries `token`:
/// "Bearer TOKEN", or "Basic base64(USER:TOKEN)" with any user name. Scheme names match in any
/// case; the token is compared in constant time. An empty `token` authorizes nothing.
bool is_authorized(std::string_view authorization, std::string_view token);

/// The WWW-Authenticate challenges a 401 carries: Basic first, so browsers ask for a password.
inline constexpr const char* k_basic_challenge = "Basic realm=\"Dateline\", charset=\"UTF-8\"";
inline constexpr const char* k_bearer_challenge = "Bearer realm=\"Dateline\"";

/// Standard base64 (RFC 4648, with padding) decoded, or "" with `ok` false when `text` is not
/// base64.
std::string decode_base64(std::string_view text, bool& ok);

} // namespace dateline
