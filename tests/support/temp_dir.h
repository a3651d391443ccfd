// The one temporary directory of the test programs (unit, integration, measure): a fresh
// directory per test, removed when the test passes and kept for inspection when it fails (as
// ccache's unittest/main.cpp does). No TEST_CASE here.
#pragma once

#include <filesystem>
#include <string>

namespace dateline::testing {

/// A fresh directory under the system temporary directory. It is removed when the TempDir goes
/// away, unless the running test has failed or an exception is unwinding: then it is kept and
/// its path printed on standard error, so the database or files can be inspected.
/// @exception std::runtime_error when the directory cannot be created.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// `name` inside the directory, as a string (what the constructors under test take).
    [[nodiscard]] std::string sub(const std::string& name) const;

private:
    std::filesystem::path m_path;
};

} // namespace dateline::testing
