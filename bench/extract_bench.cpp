// dateline-bench-extract: how fast the scrape cleaner runs (learning pass plus cleaning, MB of
// page text per second on one core) and whether indexing cleaned articles is slower than
// indexing the raw page text. Pages: ../shared/corpora/scrapes (its four layouts) and the BBC
// articles of ../shared/corpora/bbc wrapped in three layouts invented here, whose chrome uses
// words no general rule knows. Every figure is the median of --rounds runs. Not a test.
#include "common/article.h"
#include "common/index/article_indexer.h"
#include "common/cleaning/chrome_model.h"
#include "common/cleaning/cleaner.h"
#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Page {
    std::string site;
    std::string text;
    std::string title; // known for wrapped pages, empty for the scrapes
    std::vector<std::string> body;
};

struct Options {
    std::string shared = "../shared";
    int rounds = 5;
    int repeat = 20; // the page set is cleaned this many times per round
    bool indexing = true;
};

double seconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds this thread has used: "per core" speed on a machine other programs share.
double cpu_seconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::string read_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<Page> load_scrapes(const fs::path& dir)
{
    std::vector<Page> pages;
    if (!fs::is_directory(dir)) {
        return pages;
    }
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() == ".txt") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        pages.push_back(Page{file.parent_path().string(), read_file(file), {}, {}});
    }
    return pages;
}

// Three invented sites. Their furniture repeats on every page (so learning finds it) but uses
// no word of the general rules' vocabulary.
std::string wrap(int layout, int n, const std::string& title, const std::vector<std::string>& body)
{
    static const std::vector<std::string> k_others = {
        "Lock keepers vote on new rota", "Orchard frost damages early blossom", "Tram depot mural unveiled",
        "Quarry lake to stay closed this summer", "Choir tour raises funds for roof", "Canal towpath resurfaced"};
    const auto other = [&](int k) { return k_others[static_cast<std::size_t>(n + k) % k_others.size()]; };
    const std::string day = std::to_string(1 + n % 28);
    std::string page;
    switch (layout) {
    case 0:
        page = "The Northern Lamp\nHarbour  Hills  Hearth\n\n" + title + "\n\n" + day + "/03/2005\n\n";
        for (std::size_t i = 0; i < body.size(); ++i) {
            page += body[i] + "\n\n";
            if (i == 1) {
                page += "Keep the Lamp burning: take it home for tuppence a week.\n\n";
            }
        }
        page += "Lamp-lighters' notes (" + std::to_string(n % 90) + ")\n\nFurther lamps lit tonight\n" + other(1) +
                "\n" + other(2) + "\n" + other(3) + "\n\nLamp Press, Harbour Row\n";
        break;
    case 1:
        page = "Valley Courant\nEst. by the mill owners' guild\n\n" + title + "\n\nCourant desk, " + day +
               " March 2005\n\n";
        for (const std::string& paragraph : body) {
            page += paragraph + "\n\n";
        }
        page += "Courant readers also opened\n" + other(4) + "\n" + other(5) + "\n\nPinned under: valley, " +
                other(0) + "\n\nThe Courant is printed on recycled rag paper.\n";
        break;
    default:
        page = "Ironbridge Bugle | Sound the Bugle\n\nBugle " + std::string(n % 2 == 0 ? "Dispatches" : "Commons") +
               " \xE2\x80\xBA " + title + "\n\n" + title + "\n\n";
        for (std::size_t i = 0; i < body.size(); ++i) {
            page += body[i] + "\n\n";
            if (i % 3 == 2) {
                page += "~ the bugle pauses here ~\n\n";
            }
        }
        page += "Bugle-blowers' corner\n" + other(2) + "\n" + other(4) + "\n\nA Bugle on every bench since 1899.\n";
        break;
    }
    return page;
}

std::vector<Page> load_wrapped_bbc(const fs::path& file)
{
    std::vector<Page> pages;
    std::ifstream in(file);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const nlohmann::json record = nlohmann::json::parse(line);
        const std::string title = dateline::collapse_whitespace(record.at("title").get<std::string>());
        const std::vector<std::string> body = dateline::split_paragraphs(record.at("body").get<std::string>());
        const int layout = n % 3;
        pages.push_back(Page{"invented-layout-" + std::to_string(layout), wrap(layout, n, title, body), title, body});
        ++n;
    }
    return pages;
}

std::unordered_map<std::string, int> tokens(const std::string& text)
{
    std::unordered_map<std::string, int> counts;
    std::string token;
    for (char c : text + " ") {
        if (dateline::is_word_byte(c)) {
            token += dateline::to_ascii_lower(c);
        } else if (!token.empty()) {
            ++counts[token];
            token.clear();
        }
    }
    return counts;
}

double token_f1(const std::string& predicted, const std::string& gold)
{
    const auto p = tokens(predicted);
    const auto g = tokens(gold);
    int common = 0;
    int p_total = 0;
    int g_total = 0;
    for (const auto& [token, count] : p) {
        p_total += count;
        if (const auto it = g.find(token); it != g.end()) {
            common += std::min(count, it->second);
        }
    }
    for (const auto& [token, count] : g) {
        g_total += count;
    }
    if (common == 0) {
        return 0;
    }
    const double precision = static_cast<double>(common) / p_total;
    const double recall = static_cast<double>(common) / g_total;
    return 2 * precision * recall / (precision + recall);
}

struct PassSeconds {
    double learning = 0;
    double cleaning = 0;
};

std::vector<dateline::Article> extract_all(const std::vector<Page>& pages, PassSeconds& seconds)
{
    const double start = cpu_seconds();
    dateline::ChromeModel model;
    for (const Page& page : pages) {
        model.learn_page(page.site, page.text);
    }
    model.finish_learning();
    const double learned = cpu_seconds();
    std::vector<dateline::Article> articles;
    articles.reserve(pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
        dateline::Article article = dateline::clean_scrape(pages[i].text, model, pages[i].site).article;
        article.id = "page-" + std::to_string(i);
        articles.push_back(std::move(article));
    }
    seconds.learning += learned - start;
    seconds.cleaning += cpu_seconds() - learned;
    return articles;
}

// The page as it would be indexed without cleaning: first line the title, every line the body.
dateline::Article raw_article(const Page& page, std::size_t i)
{
    dateline::Article article;
    article.id = "page-" + std::to_string(i);
    for (std::string_view line : dateline::split_lines(page.text)) {
        const std::string text = dateline::collapse_whitespace(line);
        if (text.empty()) {
            continue;
        }
        if (article.title.empty()) {
            article.title = text;
        } else {
            article.body.push_back(text);
        }
    }
    return article;
}

double time_indexing(const std::vector<dateline::Article>& articles, const fs::path& dir)
{
    fs::remove_all(dir);
    const auto start = std::chrono::steady_clock::now();
    {
        dateline::ArticleIndexer indexer(dir.string(), 2000);
        for (const dateline::Article& article : articles) {
            indexer.add(article);
        }
        indexer.commit();
    }
    const double seconds = seconds_since(start);
    fs::remove_all(dir);
    return seconds;
}

Options parse_options(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--shared" && has_value) {
            options.shared = argv[++i];
        } else if (arg == "--rounds" && has_value) {
            options.rounds = std::max(1, std::stoi(argv[++i]));
        } else if (arg == "--repeat" && has_value) {
            options.repeat = std::max(1, std::stoi(argv[++i]));
        } else if (arg == "--no-indexing") {
            options.indexing = false;
        } else {
            throw std::runtime_error("usage: dateline-bench-extract [--shared DIR] [--rounds N] [--repeat K] [--no-indexing]");
        }
    }
    return options;
}

void report_quality(const std::vector<Page>& pages, const std::vector<dateline::Article>& articles)
{
    std::map<std::string, std::vector<double>> f1;
    std::map<std::string, std::vector<double>> title;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (pages[i].title.empty()) {
            continue;
        }
        f1[pages[i].site].push_back(
            token_f1(dateline::join_paragraphs(articles[i].body), dateline::join_paragraphs(pages[i].body)));
        title[pages[i].site].push_back(articles[i].title == pages[i].title ? 1.0 : 0.0);
    }
    for (const auto& [site, values] : f1) {
        double sum = 0;
        double titles = 0;
        for (double value : values) {
            sum += value;
        }
        for (double value : title.at(site)) {
            titles += value;
        }
        std::printf("  %-18s %5zu pages: body token F1 %.3f, title %.3f\n", site.c_str(), values.size(),
                    sum / static_cast<double>(values.size()), titles / static_cast<double>(values.size()));
    }
}

} // namespace

int main(int argc, char** argv)
try {
    const Options options = parse_options(argc, argv);
    std::vector<Page> pages = load_scrapes(fs::path(options.shared) / "corpora" / "scrapes");
    const std::size_t scrape_pages = pages.size();
    std::vector<Page> wrapped = load_wrapped_bbc(fs::path(options.shared) / "corpora" / "bbc" / "articles.jsonl");
    pages.insert(pages.end(), wrapped.begin(), wrapped.end());
    if (pages.empty()) {
        std::cerr << "dateline-bench-extract: no pages under " << options.shared
                  << "/corpora (want scrapes/ or bbc/articles.jsonl; set --shared DIR)\n";
        return 1;
    }
    double bytes = 0;
    for (const Page& page : pages) {
        bytes += static_cast<double>(page.text.size());
    }
    std::printf("pages: %zu (%zu scrapes, %zu BBC articles in 3 invented layouts), %.1f MB; %d rounds, "
                "the set cleaned %d times per round\n",
                pages.size(), scrape_pages, wrapped.size(), bytes / 1e6, options.rounds, options.repeat);

    // Extraction: a fresh model learns from every page, then every page is cleaned.
    std::vector<double> rates;
    std::vector<double> wall_rates;
    std::vector<double> learning_rates;
    std::vector<double> cleaning_rates;
    std::vector<dateline::Article> articles;
    for (int round = 0; round < options.rounds; ++round) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_seconds();
        PassSeconds passes;
        for (int k = 0; k < options.repeat; ++k) {
            articles = extract_all(pages, passes);
        }
        const double megabytes = bytes * options.repeat / 1e6;
        rates.push_back(megabytes / (cpu_seconds() - cpu_start));
        wall_rates.push_back(megabytes / seconds_since(start));
        learning_rates.push_back(megabytes / passes.learning);
        cleaning_rates.push_back(megabytes / passes.cleaning);
    }
    std::printf("extraction (learning pass + cleaning, one thread): median %.1f MB/s per core of CPU time "
                "(min %.1f, max %.1f); %.1f MB/s of wall time\n",
                median(rates), *std::min_element(rates.begin(), rates.end()),
                *std::max_element(rates.begin(), rates.end()), median(wall_rates));
    std::printf("  of which the learning pass alone runs at %.1f MB/s, the cleaning pass alone at %.1f MB/s\n",
                median(learning_rates), median(cleaning_rates));
    std::printf("quality on the invented layouts (known title and body):\n");
    report_quality(pages, articles);

    if (!options.indexing) {
        return 0;
    }
    // Indexing: the cleaned articles against the raw page text, alternating, into a temporary database.
    std::vector<dateline::Article> raw;
    double cleaned_bytes = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        raw.push_back(raw_article(pages[i], i));
        cleaned_bytes += static_cast<double>(articles[i].title.size() + dateline::body_text(articles[i]).size());
    }
    const fs::path dir = fs::temp_directory_path() / ("dateline-bench-" + std::to_string(::getpid()));
    std::vector<double> cleaned_seconds;
    std::vector<double> raw_seconds;
    for (int round = 0; round < options.rounds; ++round) {
        cleaned_seconds.push_back(time_indexing(articles, dir));
        raw_seconds.push_back(time_indexing(raw, dir));
    }
    const double n = static_cast<double>(pages.size());
    std::printf("indexing %zu articles: cleaned median %.2f s (%.0f articles/s, %.1f MB of text), raw page text "
                "median %.2f s (%.0f articles/s, %.1f MB); cleaned/raw time %.2f\n",
                pages.size(), median(cleaned_seconds), n / median(cleaned_seconds), cleaned_bytes / 1e6,
                median(raw_seconds), n / median(raw_seconds), bytes / 1e6,
                median(cleaned_seconds) / median(raw_seconds));
    return 0;
} catch (const std::exception& error) {
    std::cerr << "dateline-bench-extract: error: " << error.what() << '\n';
    return 1;
}
