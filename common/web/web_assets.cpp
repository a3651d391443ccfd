#include "common/web/web_assets.h"

#include <stdexcept>

namespace dateline {
namespace detail {
// Defined in the file embed.cmake generates.
extern const WebAsset k_web_assets[];
extern const std::size_t k_web_asset_count;
} // namespace detail

std::span<const WebAsset> web_assets()
{
    return {detail::k_web_assets, detail::k_web_asset_count};
}

const WebAsset* find_web_asset(std::string_view name)
{
    for (const WebAsset& asset : web_assets()) {
        if (asset.name == name) {
            return &asset;
        }
    }
    return nullptr;
}

std::string web_asset_url(std::string_view name)
{
    const WebAsset* asset = find_web_asset(name);
    if (asset == nullptr) {
        throw std::logic_error("no embedded web asset named " + std::string(name));
    }
    return "/assets/" + std::string(name) + "?v=" + std::string(asset->fingerprint);
}

} // namespace dateline
