// The web pages' static files (style sheet, script, icons), embedded into the program at build
// time from common/web/assets/ by embed.cmake: served from memory, so no path from a request
// ever reaches the file system. Each asset carries a fingerprint of its bytes for caching.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace dateline {

struct WebAsset {
    std::string_view name;         // "dateline.css": the file name in common/web/assets/
    std::string_view content_type; // "text/css; charset=utf-8"
    std::string_view body;         // the file's bytes
    std::string_view fingerprint;  // 12 hex digits of the SHA-256 of the bytes
};

/// Every embedded asset.
std::span<const WebAsset> web_assets();

/// The asset with exactly this file name, or nullptr.
const WebAsset* find_web_asset(std::string_view name);

/// "/assets/NAME?v=FINGERPRINT": a link that changes whenever the file does, so browsers may
/// cache it for good. NAME must be an embedded asset.
std::string web_asset_url(std::string_view name);

} // namespace dateline
