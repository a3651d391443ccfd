#include "tests/integration/process.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <random>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace dateline::testing {
namespace {

pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (out_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    }
    if (err_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
    }
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    return pid;
}

int wait_exit_code(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + WTERMSIG(status);
}

// Reads both pipes until both close.
void drain(int out_fd, int err_fd, std::string& out, std::string& err)
{
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open_count = 2;
    char buffer[65536];
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) {
                continue;
            }
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            } else {
                (i == 0 ? out : err).append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
}

} // namespace

ProgramResult run_program(const std::vector<std::string>& argv)
{
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = spawn(argv, out_pipe[1], err_pipe[1]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    ProgramResult result;
    drain(out_pipe[0], err_pipe[0], result.out, result.err);
    result.exit_code = wait_exit_code(pid);
    return result;
}

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv)
{
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    m_pid = spawn(argv, null_fd, null_fd);
    close(null_fd);
}

bool BackgroundProgram::exited()
{
    if (m_pid < 0) {
        return true;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        m_pid = -1;
        return true;
    }
    return false;
}

int BackgroundProgram::kill_and_wait(int signal)
{
    if (m_pid >= 0) {
        kill(m_pid, signal);
        m_exit_code = wait_exit_code(m_pid);
        m_pid = -1;
    }
    return m_exit_code;
}

BackgroundProgram::~BackgroundProgram()
{
    kill_and_wait(SIGKILL);
}

ServerProcess::ServerProcess(const std::string& binary, const std::filesystem::path& db)
{
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    m_pid = spawn({binary, "--db", db.string(), "--port", "0", "--threads", "4"}, -1, err_pipe[1]);
    close(err_pipe[1]);
    m_stderr = err_pipe[0];
    // Wait (at most 10 s) for "listening on http://127.0.0.1:PORT/".
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    const std::string marker = "listening on http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd fd{m_stderr, POLLIN, 0};
        if (poll(&fd, 1, 100) <= 0) {
            continue;
        }
        char buffer[4096];
        const ssize_t n = read(m_stderr, buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        seen.append(buffer, static_cast<std::size_t>(n));
        if (const std::size_t at = seen.find(marker); at != std::string::npos) {
            const std::size_t end = seen.find('/', at + marker.size());
            if (end != std::string::npos) {
                m_port = std::stoi(seen.substr(at + marker.size(), end - at - marker.size()));
                m_log = seen;
                m_drain = std::thread([this] {
                    char chunk[4096];
                    ssize_t got = 0;
                    while ((got = read(m_stderr, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR)) {
                        if (got <= 0) {
                            continue;
                        }
                        const std::lock_guard lock(m_log_mutex);
                        m_log.append(chunk, static_cast<std::size_t>(got));
                        if (m_log.size() > 65536) {
                            m_log.erase(0, m_log.size() - 65536);
                        }
                    }
                });
                return;
            }
        }
    }
    stop();
    throw std::runtime_error("dateline-server did not start; it said: " + seen);
}

int ServerProcess::stop()
{
    if (m_pid < 0) {
        return -1;
    }
    kill(m_pid, SIGTERM);
    const int code = wait_exit_code(m_pid);
    m_pid = -1;
    if (m_drain.joinable()) {
        m_drain.join(); // ends at EOF, once the server has exited
    }
    if (m_stderr >= 0) {
        close(m_stderr);
        m_stderr = -1;
    }
    if (std::getenv("DATELINE_TEST_SHOW_SERVER") != nullptr) {
        std::fputs(log_tail().c_str(), stderr);
    }
    return code;
}

std::string ServerProcess::log_tail()
{
    const std::lock_guard lock(m_log_mutex);
    return m_log;
}

ServerProcess::~ServerProcess()
{
    stop();
}

TempDir::TempDir()
{
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("dateline-test-" + std::to_string(getpid()) + "-" +
                                                       std::to_string(random()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir()
{
    if (!m_keep) {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
}

} // namespace dateline::testing
