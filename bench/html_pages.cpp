#include "bench/html_pages.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace dateline::bench {

std::vector<std::string> load_html_pages(const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".html") {
            paths.push_back(entry.path());
        }
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> pages;
    for (const std::filesystem::path& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        pages.push_back(text.str());
    }
    return pages;
}

} // namespace dateline::bench
