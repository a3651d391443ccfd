#include "tests/unit/test_support.h"

#include "common/errors.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <vector>

#ifndef DATELINE_TEST_DATA_DIR
#error "DATELINE_TEST_DATA_DIR must name the fixture corpus (see tests/CMakeLists.txt)"
#endif

namespace dateline::testing {
namespace {

bool g_current_test_failed = false;

} // namespace

void set_current_test_failed(bool failed)
{
    g_current_test_failed = failed;
}

bool current_test_failed()
{
    return g_current_test_failed;
}

std::string catch_error_code(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return std::string(error_code_name(error.code()));
    } catch (const std::exception& error) {
        return std::string("other exception: ") + error.what();
    }
    return "no exception";
}

std::string test_data_dir()
{
    return DATELINE_TEST_DATA_DIR;
}

TempDir::TempDir()
{
    // mkdtemp creates the directory atomically with a unique name.
    std::string pattern = (std::filesystem::temp_directory_path() / "dateline-unit-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory from " + pattern + ": " + std::strerror(errno));
    }
    m_path = buffer.data();
}

TempDir::~TempDir()
{
    if (current_test_failed() || std::uncaught_exceptions() > 0) {
        std::cerr << "kept the temporary directory of the failed test: " << m_path.string() << '\n';
        return;
    }
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
}

std::string TempDir::sub(const std::string& name) const
{
    return (m_path / name).string();
}

} // namespace dateline::testing
