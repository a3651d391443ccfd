#include "common/ingest/ingest.h"

#include "common/ingest/html_reader.h"
#include "common/ingest/json_record_reader.h"
#include "common/ingest/scrape_reader.h"
#include "common/ingest/warc_reader.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <system_error>
#include <unordered_map>

namespace dateline {
namespace fs = std::filesystem;

namespace {

// Thrown through the reader when a stop is asked for; caught by ingest_paths. Not derived
// from std::exception, so no reader mistakes it for a bad record.
struct WalkStopped {};

bool is_hidden(const fs::path& path)
{
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// The folder a file belongs to, as an absolute path: the site its chrome is learned for.
std::string site_of(const fs::path& path)
{
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    return (error ? path : absolute).lexically_normal().parent_path().generic_string();
}

// A file the walk found and the reader that takes it.
struct FoundFile {
    SourceFile file;
    const ArticleReader* reader = nullptr;
};

struct Walk {
    const std::vector<std::unique_ptr<ArticleReader>>& readers;
    const ArticleSink& sink;
    const IngestHooks& hooks;
    IngestReport report;
    std::unordered_map<std::string, std::string> first_seen; // id -> where it was read
    std::vector<FoundFile> files;                            // in reading order

    void check_stop() const
    {
        if (hooks.stop_requested && hooks.stop_requested()) {
            throw WalkStopped{};
        }
    }

    void report_progress(bool file_done)
    {
        if (hooks.on_progress && (file_done || report.articles_indexed % k_progress_articles == 0)) {
            hooks.on_progress(report);
        }
    }

    ReaderOutput make_output(const std::string& display_path, const std::string& source_path)
    {
        ReaderOutput output;
        output.on_article = [this, display_path, source_path](Article&& article) {
            check_stop();
            article.origin = display_path;
            article.source_path = source_path;
            const auto [it, inserted] = first_seen.try_emplace(article.id, display_path);
            if (!inserted) {
                ++report.duplicate_ids;
                report.notes.push_back("duplicate id \"" + article.id + "\" in " + display_path +
                                       " replaces the article read from " + it->second);
            }
            sink(std::move(article));
            ++report.articles_indexed;
            report_progress(false);
        };
        output.on_note = [this, display_path](const std::string& note) {
            report.notes.push_back(display_path + ": " + repair_utf8(note));
        };
        output.on_reject = [this, display_path](std::size_t line, const std::string& reason) {
            // Parser messages may quote the offending bytes: keep the report valid UTF-8.
            report.rejections.push_back(Rejection{display_path, line, repair_utf8(reason)});
        };
        return output;
    }

    void read_standard_input()
    {
        ++report.files_read;
        std::istream& in = hooks.standard_input != nullptr ? *hooks.standard_input : std::cin;
        read_jsonl_records(in, make_output("stdin", {}));
        report_progress(true);
    }

    void add_file(SourceFile file)
    {
        const auto reader = std::find_if(readers.begin(), readers.end(),
                                         [&](const auto& candidate) { return candidate->reads(file.path); });
        if (reader == readers.end()) {
            ++report.files_skipped;
            report.notes.push_back("skipped " + file.display_path + ": not a .txt, .jsonl, .json, .html, .htm, .html.gz, .htm.gz, .warc or .warc.gz file");
            report_progress(true);
            return;
        }
        file.site = site_of(file.path);
        files.push_back(FoundFile{std::move(file), reader->get()});
    }

    void read_file(const FoundFile& found, const ChromeModel* chrome)
    {
        const SourceFile& file = found.file;
        ++report.files_read;
        std::error_code size_error;
        const std::uintmax_t size = fs::file_size(file.path, size_error);
        if (!size_error) {
            report.bytes_read += size;
        }
        if (!size_error && size == 0) {
            // Every format reads an empty file alike: no record (not a rejection: nothing was
            // there to lose), and a note so that it is not silent.
            report.empty_files.push_back(file.display_path);
            report.notes.push_back(file.display_path + " is empty: no records read");
            report_progress(true);
            return;
        }
        std::error_code path_error;
        const fs::path absolute = fs::weakly_canonical(fs::absolute(file.path), path_error);
        ReaderOutput output = make_output(file.display_path, absolute.generic_string());
        output.chrome = chrome;
        found.reader->read(file, output);
        report_progress(true);
    }

    void walk_directory(const fs::path& root, const std::string& display_root)
    {
        std::vector<fs::path> paths;
        std::error_code error;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
        if (error) {
            report.rejections.push_back(Rejection{display_root, 0, "cannot read directory: " + error.message()});
            return;
        }
        for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
            if (error) {
                report.rejections.push_back(Rejection{display_root, 0, "cannot read directory: " + error.message()});
                break;
            }
            const fs::path& path = it->path();
            if (is_hidden(path)) {
                if (it->is_directory(error)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            const bool regular = it->is_regular_file(error);
            if (error) {
                // E.g. a symbolic link that points to itself (ELOOP) or to nothing: say so.
                const std::string relative = path.lexically_relative(root).generic_string();
                report.rejections.push_back(Rejection{(fs::path(display_root) / relative).lexically_normal().generic_string(),
                                                      0, "cannot read: " + error.message()});
                error.clear();
                continue;
            }
            if (regular) {
                paths.push_back(path);
            }
        }
        std::sort(paths.begin(), paths.end());
        for (const fs::path& path : paths) {
            const std::string relative = path.lexically_relative(root).generic_string();
            const std::string display = (fs::path(display_root) / relative).lexically_normal().generic_string();
            add_file(SourceFile{path, display, relative, {}});
        }
    }
};

} // namespace

std::string format_rejection(const Rejection& rejection)
{
    std::string text = rejection.path;
    if (rejection.line != 0) {
        text += ":" + std::to_string(rejection.line);
    }
    return text + ": " + rejection.reason;
}

std::vector<std::unique_ptr<ArticleReader>> make_default_readers()
{
    std::vector<std::unique_ptr<ArticleReader>> readers;
    readers.push_back(std::make_unique<JsonRecordReader>());
    readers.push_back(std::make_unique<ScrapeReader>());
    readers.push_back(std::make_unique<HtmlReader>());
    readers.push_back(std::make_unique<WarcReader>());
    return readers;
}

IngestReport ingest_paths(const std::vector<std::string>& inputs,
                          const std::vector<std::unique_ptr<ArticleReader>>& readers, const ArticleSink& sink,
                          const IngestHooks& hooks)
{
    const auto start = std::chrono::steady_clock::now();
    Walk walk{readers, sink, hooks, {}, {}, {}};
    ChromeModel* const chrome = hooks.chrome;
    for (const std::string& input : inputs) {
        if (input == "-") {
            try {
                walk.read_standard_input();
            } catch (const WalkStopped&) {
                walk.report.stopped = true;
                break;
            }
            continue;
        }
        const fs::path path(input);
        const std::string display = path.lexically_normal().generic_string();
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error && error != std::errc::no_such_file_or_directory) {
            walk.report.rejections.push_back(Rejection{input, 0, "cannot read: " + error.message()});
        } else if (error || !fs::exists(status)) {
            walk.report.rejections.push_back(Rejection{input, 0, "no such file or directory"});
        } else if (fs::is_directory(status)) {
            walk.walk_directory(path, display);
        } else if (fs::is_regular_file(status)) {
            walk.add_file(SourceFile{path, display, display, {}});
        } else {
            walk.report.rejections.push_back(Rejection{input, 0, "not a regular file or directory"});
        }
    }
    try {
        if (walk.report.stopped) {
            walk.files.clear();
        }
        if (chrome != nullptr) {
            // Learn from every file before reading any, so that each is cleaned with the same model.
            for (const FoundFile& found : walk.files) {
                walk.check_stop();
                found.reader->learn(found.file, *chrome);
            }
            chrome->finish_learning();
        }
        for (const FoundFile& found : walk.files) {
            walk.check_stop();
            walk.read_file(found, chrome);
        }
    } catch (const WalkStopped&) {
        walk.report.stopped = true;
    }
    walk.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return walk.report;
}

} // namespace dateline
