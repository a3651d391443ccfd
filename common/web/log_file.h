// A log destination: standard error, or a file opened for appending that can be reopened (after
// logrotate moved it away, on SIGHUP). Writes whole lines atomically with respect to each other.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

namespace dateline {

class LogFile {
public:
    /// "-" is standard error, "off" discards every line, anything else a file to append to.
    /// @exception dateline::Error (unavailable) when the file cannot be opened.
    explicit LogFile(std::string path);
    ~LogFile();
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    /// Appends `line` and a line end, flushed at once.
    void write_line(const std::string& line);

    /// Reopens the file by name (a no-op for standard error and "off"). On failure keeps the
    /// old file and returns the reason; returns empty on success.
    std::string reopen();

    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::mutex m_mutex;
    std::FILE* m_file = nullptr; // owned unless it is stderr
};

} // namespace dateline
