#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace dateline::testing {
namespace {

// Whether an assertion of the running test case has failed; set by the listener below.
bool g_current_test_failed = false;

// Only the callbacks that matter here do anything; doctest calls log_assert for failed
// assertions (and for passing ones only with --success).
class FailureListener final : public doctest::IReporter {
public:
    explicit FailureListener(const doctest::ContextOptions&) {}

    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override { g_current_test_failed = false; }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override { g_current_test_failed = true; }
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& data) override
    {
        if (data.m_failed) {
            g_current_test_failed = true;
        }
    }
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

} // namespace

TempDir::TempDir()
{
    // mkdtemp creates the directory atomically with a unique name.
    std::string pattern = (std::filesystem::temp_directory_path() / "dateline-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("cannot create a temporary directory from " + pattern + ": " + std::strerror(errno));
    }
    m_path = buffer.data();
}

TempDir::~TempDir()
{
    if (g_current_test_failed || std::uncaught_exceptions() > 0) {
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

DOCTEST_REGISTER_LISTENER("dateline_temp_dirs", 1, dateline::testing::FailureListener);
