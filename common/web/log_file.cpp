#include "common/web/log_file.h"

#include "common/errors.h"

#include <cerrno>
#include <cstring>

namespace dateline {
namespace {

bool is_stderr(const std::string& path)
{
    return path == "-";
}

bool is_off(const std::string& path)
{
    return path == "off";
}

} // namespace

LogFile::LogFile(std::string path) : m_path(std::move(path))
{
    if (is_stderr(m_path)) {
        m_file = stderr;
    } else if (!is_off(m_path)) {
        m_file = std::fopen(m_path.c_str(), "a");
        if (m_file == nullptr) {
            throw Error(ErrorCode::unavailable, "cannot open the log file " + m_path + " for appending: " +
                                                    std::strerror(errno));
        }
    }
}

LogFile::~LogFile()
{
    if (m_file != nullptr && m_file != stderr) {
        std::fclose(m_file);
    }
}

void LogFile::write_line(const std::string& line)
{
    if (m_file == nullptr) {
        return;
    }
    const std::lock_guard lock(m_mutex);
    std::fwrite(line.data(), 1, line.size(), m_file);
    std::fputc('\n', m_file);
    std::fflush(m_file);
}

std::string LogFile::reopen()
{
    if (m_file == nullptr || m_file == stderr) {
        return {};
    }
    std::FILE* fresh = std::fopen(m_path.c_str(), "a");
    if (fresh == nullptr) {
        return std::strerror(errno);
    }
    const std::lock_guard lock(m_mutex);
    std::fclose(m_file);
    m_file = fresh;
    return {};
}

} // namespace dateline
