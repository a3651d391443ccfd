// The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json. Its source is
// docs/openapi.json, embedded into the library when CMake configures (openapi_document.cpp.in);
// edit that file, never a copy.
#pragma once

#include <string_view>

namespace dateline {

/// The text of docs/openapi.json as it was when the library was built.
std::string_view openapi_document_text();

} // namespace dateline
