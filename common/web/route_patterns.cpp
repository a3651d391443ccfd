#include "common/web/route_patterns.h"

namespace dateline {

std::vector<std::string> versioned_patterns(const std::string& pattern)
{
    const std::string api = "/api/";
    if (!pattern.starts_with(api) || pattern.starts_with(k_api_version_prefix)) {
        return {pattern};
    }
    return {k_api_version_prefix + pattern.substr(api.size()), pattern};
}

std::string route_label(const std::string& pattern)
{
    std::string label;
    int depth = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            if (depth == 0) {
                label += pattern[i + 1];
            }
            ++i;
        } else if (c == '(') {
            if (depth++ == 0) {
                label += "{param}";
            }
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (depth == 0) {
            label += c;
        }
    }
    return label;
}

} // namespace dateline
