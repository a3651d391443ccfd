// The whole HTTP surface on one screen: which path and method go to which handler, and how
// errors become JSON envelopes. Handlers parse, call the SearchService, and serialise.
#pragma once

#include "common/search_service.h"
#include "server/request_log.h"

#include <httplib.h>

namespace dateline {

/// Registers every route, the error and exception mapping and the access log on `server`.
void register_routes(httplib::Server& server, SearchService& service, RequestLog& log);

} // namespace dateline
