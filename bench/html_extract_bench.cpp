// dateline-bench-html: how fast the HTML page cleaner runs (clean_html_page: charset decoding,
// Gumbo's HTML5 parse, metadata, content extraction), in MB of HTML per CPU second on one core,
// next to the baseline of Gumbo's parse alone measured in the same run. Two page sets: the
// invented test pages (tests/quality/html_pages/pages, small and lean) and the same pages
// weighed like real news pages (about 60 KB of inline script, style and JSON in the head, and
// a long comment thread). Every figure is the median of --rounds runs. Not a test.
#include "bench/html_pages.h"
#include "common/cleaning/html_page.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

double cpu_seconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// A page with the weight real news pages carry: inline scripts and styles in the head, and a
// long comment section at the end (UTF-8 pages only; the others are left as they are).
std::string weighed(const std::string& page)
{
    const std::size_t head = page.find("</head>");
    const std::size_t body_end = page.rfind("</body>");
    if (head == std::string::npos || body_end == std::string::npos) {
        return page;
    }
    std::string script = "<script>window.dataLayer=window.dataLayer||[];";
    std::string style = "<style>";
    for (int i = 0; i < 400; ++i) {
        script += "function f" + std::to_string(i) + "(a,b){return a&&b?a.concat(b):a||b;}var cfg" + std::to_string(i) +
                  "={slot:'ad-" + std::to_string(i) + "',sizes:[[300,250],[728,90]]};\n";
        style += ".c" + std::to_string(i) + "{margin:0 auto;padding:4px 8px;font:16px/1.4 Georgia,serif;color:#222}\n";
    }
    script += "</script>";
    style += "</style>";
    std::string comments = "<section id=\"comments\">";
    for (int i = 0; i < 40; ++i) {
        comments += "<article class=\"comment\"><header><a href=\"/u/" + std::to_string(i) +
                    "\">reader" + std::to_string(i) + "</a><time datetime=\"2024-03-05T09:00:00Z\">1h</time></header>"
                    "<p>I have an opinion about this, and I would like to share it at some length with everyone "
                    "else who reads this site, whether they want to hear it or not.</p><button>Reply</button></article>";
    }
    comments += "</section>";
    std::string out = page.substr(0, head) + script + style + page.substr(head, body_end - head) + comments +
                      page.substr(body_end);
    return out;
}

template <typename Work>
double median_mb_per_second(const std::vector<std::string>& pages, int rounds, int repeat, Work work)
{
    std::size_t bytes = 0;
    for (const std::string& page : pages) {
        bytes += page.size();
    }
    std::vector<double> rates;
    for (int round = 0; round < rounds; ++round) {
        const double start = cpu_seconds();
        for (int r = 0; r < repeat; ++r) {
            for (const std::string& page : pages) {
                work(page);
            }
        }
        const double seconds = std::max(cpu_seconds() - start, 1e-9);
        rates.push_back(static_cast<double>(bytes) * repeat / seconds / 1e6);
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

void report(const char* name, const std::vector<std::string>& pages, int rounds, int repeat)
{
    std::size_t bytes = 0;
    for (const std::string& page : pages) {
        bytes += page.size();
    }
    std::size_t sink = 0;
    const double parse = median_mb_per_second(pages, rounds, repeat, [&](const std::string& page) {
        GumboOptions options = kGumboDefaultOptions;
        options.max_errors = 0; // as the cleaner parses
        GumboOutput* output = gumbo_parse_with_options(&options, page.data(), page.size());
        sink += output->root->v.element.children.length;
        gumbo_destroy_output(&options, output);
    });
    const double clean = median_mb_per_second(pages, rounds, repeat, [&](const std::string& page) {
        sink += dateline::clean_html_page(page, {}).article.body.size();
    });
    std::printf("%-22s %3zu pages, %7.1f KB/page: clean_html_page %6.1f MB/s per core; "
                "Gumbo parse alone %6.1f MB/s (clean/parse %.2f) [%zu]\n",
                name, pages.size(), static_cast<double>(bytes) / static_cast<double>(pages.size()) / 1024.0, clean,
                parse, clean / parse, sink % 10);
}

} // namespace

int main(int argc, char** argv)
{
    fs::path dir = DATELINE_HTML_PAGES_DIR;
    int rounds = 5;
    int repeat = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--pages") {
            dir = argv[i + 1];
        } else if (flag == "--rounds") {
            rounds = std::max(1, std::stoi(argv[i + 1]));
        } else if (flag == "--repeat") {
            repeat = std::max(1, std::stoi(argv[i + 1]));
        } else {
            std::cerr << "usage: dateline-bench-html [--pages DIR] [--rounds N] [--repeat N]\n";
            return 2;
        }
    }
    const std::vector<std::string> pages = dateline::bench::load_html_pages(dir);
    if (pages.empty()) {
        std::cerr << "dateline-bench-html: no .html pages in " << dir << "\n";
        return 2;
    }
    std::vector<std::string> heavy;
    for (const std::string& page : pages) {
        heavy.push_back(weighed(page));
    }
    std::printf("dateline-bench-html: medians of %d rounds, each page cleaned %d times per round\n", rounds, repeat);
    report("test pages", pages, rounds, repeat);
    report("weighed like real pages", heavy, rounds, std::max(1, repeat / 4));
    return 0;
}
