// The version both programs report with --version.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

inline constexpr const char* k_version = "0.1.0";

/// "dateline-server 0.1.0 (schema 2, Xapian 1.4.22)": the --version line of `program`.
std::string describe_version(std::string_view program);

} // namespace dateline
