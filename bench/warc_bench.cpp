// dateline-bench-warc: how fast and in how much memory WARC files are read (issue 17). Builds a
// synthetic .warc.gz of the size asked for (one gzip member per record, as crawlers write them)
// from the HTML pages the team wrote (tests/quality/html_pages/pages), each page a response
// record (half of them chunked and gzip-encoded, as servers send them) after its request
// record; then measures, in one process: the record reader (gunzip, records, HTTP payloads)
// in MB of WARC data per second, the whole WARC reader in the ingest walk (page cleaning
// included) in MB of WARC data and of HTML per second, and the peak RSS after each phase. The
// file is deleted afterwards unless --keep. Not a test.
#include "bench/html_pages.h"
#include "common/ingest/ingest.h"
#include "common/ingest/warc_http.h"
#include "common/ingest/warc_reader.h"
#include "common/ingest/warc_record_reader.h"
#include "common/ingest/warc_stream.h"
#include "tests/support/warc_builder.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using dateline::testing::chunked;
using dateline::testing::gzip_member;
using dateline::testing::http_response;
using dateline::testing::warc_record;

namespace {

struct Options {
    double size_mb = 200;
    fs::path out = "/tmp/dateline-bench.warc.gz";
    fs::path pages = DATELINE_HTML_PAGES_DIR;
    bool keep = false;
};

double peak_rss_mb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// CPU seconds of this process: a busy machine does not skew a figure of CPU time.
double cpu_seconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Wall and CPU seconds since a start.
struct Stopwatch {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    double cpu = cpu_seconds();

    [[nodiscard]] double wall_seconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    }
    [[nodiscard]] double cpu_seconds_used() const { return cpu_seconds() - cpu; }
};

// Writes the synthetic archive; returns the bytes of WARC data (uncompressed) and of HTML in it.
std::pair<std::uint64_t, std::uint64_t> write_archive(const Options& options, const std::vector<std::string>& pages)
{
    std::ofstream out(options.out, std::ios::binary);
    const auto target = static_cast<std::uint64_t>(options.size_mb * 1e6);
    std::uint64_t data = 0;
    std::uint64_t html = 0;
    for (std::uint64_t n = 0; data < target; ++n) {
        const std::string& page = pages[n % pages.size()];
        // A site per round of pages, so that a page's chrome is learned with its own site's.
        const std::string uri = "https://site" + std::to_string(n / pages.size() % 500) + ".example/story/" +
                                std::to_string(n);
        const std::string id = "<urn:uuid:bench-" + std::to_string(n) + ">";
        const std::string http = n % 2 == 0 ? http_response(200, {{"Content-Type", "text/html"}}, page)
                                            : http_response(200,
                                                            {{"Content-Type", "text/html"},
                                                             {"Transfer-Encoding", "chunked"},
                                                             {"Content-Encoding", "gzip"}},
                                                            chunked(gzip_member(page), 8192));
        const std::string request = warc_record("request", {{"WARC-Target-URI", uri}}, "GET / HTTP/1.1\r\n\r\n");
        const std::string response = warc_record("response",
                                                 {{"WARC-Target-URI", uri},
                                                  {"WARC-Date", "2024-03-06T12:00:00Z"},
                                                  {"WARC-Record-ID", id},
                                                  {"Content-Type", "application/http;msgtype=response"}},
                                                 http);
        out << gzip_member(request) << gzip_member(response);
        data += request.size() + response.size();
        html += page.size();
    }
    return {data, html};
}

// Phase 1: records and HTTP payloads only.
std::size_t read_records(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    dateline::WarcStream stream(in);
    dateline::WarcRecordReader reader(stream);
    dateline::WarcRecord record;
    std::string problem;
    std::size_t payloads = 0;
    for (dateline::WarcRecordStatus status = reader.next(record, problem); status != dateline::WarcRecordStatus::end;
         status = reader.next(record, problem)) {
        if (status == dateline::WarcRecordStatus::record && record.block.starts_with("HTTP/")) {
            payloads += dateline::parse_http_response(record.block, problem) ? 1 : 0;
        }
    }
    return payloads;
}

Options parse_options(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--keep") {
            options.keep = true;
        } else if (flag == "--size-mb" && i + 1 < argc) {
            options.size_mb = std::max(1.0, std::stod(argv[++i]));
        } else if (flag == "--out" && i + 1 < argc) {
            options.out = argv[++i];
        } else if (flag == "--pages" && i + 1 < argc) {
            options.pages = argv[++i];
        } else {
            std::cerr << "usage: dateline-bench-warc [--size-mb N (200)] [--out FILE.warc.gz] [--pages DIR] [--keep]\n";
            std::exit(2);
        }
    }
    return options;
}

} // namespace

int main(int argc, char** argv)
{
    const Options options = parse_options(argc, argv);
    const std::vector<std::string> pages = dateline::bench::load_html_pages(options.pages);
    if (pages.empty()) {
        std::cerr << "dateline-bench-warc: no .html pages in " << options.pages << "\n";
        return 2;
    }
    const Stopwatch writing;
    const auto [data, html] = write_archive(options, pages);
    const double file_mb = static_cast<double>(fs::file_size(options.out)) / 1e6;
    std::printf("dateline-bench-warc: %s: %.1f MB (%.1f MB of WARC data, %.1f MB of HTML), written in %.1f s\n",
                options.out.c_str(), file_mb, static_cast<double>(data) / 1e6, static_cast<double>(html) / 1e6,
                writing.wall_seconds());
    const double rss_before = peak_rss_mb();
    const double data_mb = static_cast<double>(data) / 1e6;

    const Stopwatch reading;
    const std::size_t payloads = read_records(options.out);
    std::printf("records and HTTP payloads: %zu pages in %.1f s (%.1f s CPU): %.1f MB/s of WARC data per CPU "
                "second; peak RSS %.1f MB\n",
                payloads, reading.wall_seconds(), reading.cpu_seconds_used(), data_mb / reading.cpu_seconds_used(),
                peak_rss_mb());

    const Stopwatch extracting;
    std::size_t articles = 0;
    std::vector<std::unique_ptr<dateline::ArticleReader>> readers;
    readers.push_back(std::make_unique<dateline::WarcReader>());
    const dateline::IngestReport report =
        dateline::ingest_paths({options.out.string()}, readers, [&](dateline::Article&&) { ++articles; });
    const double cpu = extracting.cpu_seconds_used();
    std::printf("WARC reader with page cleaning: %zu articles, %zu rejected in %.1f s (%.1f s CPU): %.1f MB/s of "
                "WARC data, %.1f MB/s of HTML per CPU second; peak RSS %.1f MB (%.1f MB before reading)\n",
                articles, report.rejections.size(), extracting.wall_seconds(), cpu, data_mb / cpu,
                static_cast<double>(html) / 1e6 / cpu, peak_rss_mb(), rss_before);
    if (!options.keep) {
        fs::remove(options.out);
    }
    return 0;
}
