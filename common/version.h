// The version both programs report with --version.
#pragma once

namespace dateline {

inline constexpr const char* k_version = "0.1.0";

} // namespace dateline
