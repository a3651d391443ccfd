// HTTP search baseline: GET /search?q= answered by run_raw_query on a database handle per
// request slot (cpp-httplib thread pool, TCP_NODELAY on). Benchmark only; binds 127.0.0.1.
#include "raw_query.h"

#include <httplib.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

namespace {

class DatabasePool {
public:
    explicit DatabasePool(std::string path) : m_path(std::move(path)) {}
    std::unique_ptr<Xapian::Database> take()
    {
        {
            const std::lock_guard lock(m_mutex);
            if (!m_idle.empty()) {
                auto db = std::move(m_idle.back());
                m_idle.pop_back();
                return db;
            }
        }
        return std::make_unique<Xapian::Database>(m_path);
    }
    void give(std::unique_ptr<Xapian::Database> db)
    {
        const std::lock_guard lock(m_mutex);
        m_idle.push_back(std::move(db));
    }

private:
    std::string m_path;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Xapian::Database>> m_idle;
};

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::cerr << "usage: bench-raw-server DBDIR PORT THREADS\n";
        return 2;
    }
    DatabasePool pool(argv[1]);
    httplib::Server server;
    const auto threads = static_cast<std::size_t>(std::stoi(argv[3]));
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_tcp_nodelay(true);
    server.Get("/search", [&pool](const httplib::Request& req, httplib::Response& res) {
        auto db = pool.take();
        try {
            res.set_content(run_raw_query(*db, req.get_param_value("q")).dump(), "application/json");
        } catch (const Xapian::Error& error) {
            res.status = 400;
            res.set_content(error.get_description(), "text/plain");
        }
        pool.give(std::move(db));
    });
    if (!server.bind_to_port("127.0.0.1", std::stoi(argv[2]))) {
        std::cerr << "bench-raw-server: cannot bind\n";
        return 1;
    }
    std::cerr << "bench-raw-server: listening\n";
    server.listen_after_bind();
    return 0;
}
