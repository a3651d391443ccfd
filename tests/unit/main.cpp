// The doctest main of dateline_unit_tests, and the listener that tells TempDir whether the
// running test failed (so its directory is kept for inspection).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "tests/unit/test_support.h"

namespace {

// Only the callbacks that matter here do anything; doctest calls log_assert for failed
// assertions (and for passing ones only with --success).
class FailureListener final : public doctest::IReporter {
public:
    explicit FailureListener(const doctest::ContextOptions&) {}

    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override { dateline::testing::set_current_test_failed(false); }
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override
    {
        dateline::testing::set_current_test_failed(true);
    }
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData& data) override
    {
        if (data.m_failed) {
            dateline::testing::set_current_test_failed(true);
        }
    }
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

} // namespace

DOCTEST_REGISTER_LISTENER("dateline_temp_dirs", 1, FailureListener);
