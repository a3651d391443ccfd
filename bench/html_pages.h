// The team's HTML test pages as the benchmarks load them: every .html file of a directory, in
// name order, as bytes. Not a test.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::bench {

/// The bytes of every ".html" file in `dir`, sorted by name.
std::vector<std::string> load_html_pages(const std::filesystem::path& dir);

} // namespace dateline::bench
