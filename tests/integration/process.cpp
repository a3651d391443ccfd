#include "tests/integration/process.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace dateline::testing {
namespace {

// This process's environment with `extra` ("NAME=value") added or replacing the same names;
// an entry "NAME" without a value removes the variable.
std::vector<std::string> make_environment(const ExtraEnvironment& extra)
{
    std::vector<std::string> environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string text(*entry);
        const std::string name = text.substr(0, text.find('='));
        bool replaced = false;
        for (const std::string& added : extra) {
            replaced = replaced || added.substr(0, added.find('=')) == name;
        }
        if (!replaced) {
            environment.push_back(text);
        }
    }
    for (const std::string& added : extra) {
        if (added.find('=') != std::string::npos) {
            environment.push_back(added);
        }
    }
    return environment;
}

pid_t spawn(const std::vector<std::string>& argv, int out_fd, int err_fd, int in_fd = -1,
            const ExtraEnvironment& extra = {})
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (in_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
    }
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
    const std::vector<std::string> environment = make_environment(extra);
    std::vector<char*> env;
    for (const std::string& entry : environment) {
        env.push_back(const_cast<char*>(entry.c_str()));
    }
    env.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data());
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

ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          const ExtraEnvironment& environment)
{
    int out_pipe[2];
    int err_pipe[2];
    int in_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 || pipe2(in_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = spawn(argv, out_pipe[1], err_pipe[1], in_pipe[0], environment);
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    // Feed standard input from another thread so a child that writes a lot never blocks us.
    std::thread feeder([fd = in_pipe[1], &input] {
        std::size_t written = 0;
        while (written < input.size()) {
            const ssize_t n = write(fd, input.data() + written, input.size() - written);
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
        close(fd);
    });
    ProgramResult result;
    drain(out_pipe[0], err_pipe[0], result.out, result.err);
    feeder.join();
    result.exit_code = wait_exit_code(pid);
    return result;
}

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv)
{
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    m_pid = spawn(argv, null_fd, null_fd);
    close(null_fd);
}

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv, const std::filesystem::path& output)
{
    const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + output.string());
    }
    m_pid = spawn(argv, fd, fd);
    close(fd);
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

void BackgroundProgram::send(int signal) const
{
    if (m_pid >= 0) {
        kill(m_pid, signal);
    }
}

int BackgroundProgram::wait()
{
    if (m_pid >= 0) {
        m_exit_code = wait_exit_code(m_pid);
        m_pid = -1;
    }
    return m_exit_code;
}

BackgroundProgram::~BackgroundProgram()
{
    kill_and_wait(SIGKILL);
}

ProgramResult run_in_terminal(const std::vector<std::string>& argv)
{
    const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        throw std::runtime_error("cannot open a pseudo-terminal");
    }
    const int terminal = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (terminal < 0) {
        throw std::runtime_error("cannot open the pseudo-terminal's other end");
    }
    const pid_t pid = spawn(argv, terminal, terminal, -1, {"TERM=xterm", "CI"});
    close(terminal);
    ProgramResult result;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(master, buffer, sizeof buffer);
        if (n > 0) {
            result.out.append(buffer, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break; // EIO once the child has closed the terminal
        }
    }
    close(master);
    result.exit_code = wait_exit_code(pid);
    return result;
}

ServerProcess::ServerProcess(const std::string& binary, const std::filesystem::path& db,
                             const std::vector<std::string>& extra_args, const ExtraEnvironment& environment)
{
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> argv = {binary, "--db", db.string(), "--port", "0", "--threads", "4"};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    // Standard output too goes to the pipe this harness reads: never to the test's own output,
    // which a server outliving a crashed test would hold open (and ctest wait on forever).
    m_pid = spawn(argv, err_pipe[1], err_pipe[1], -1, environment);
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
                m_output = seen;
                // Keep reading stderr so the server never blocks on a full pipe.
                m_reader = std::thread([this] {
                    char chunk[4096];
                    ssize_t got = 0;
                    while ((got = read(m_stderr, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR)) {
                        if (got > 0) {
                            const std::lock_guard lock(m_mutex);
                            m_output.append(chunk, static_cast<std::size_t>(got));
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

void ServerProcess::finish_reading()
{
    if (m_reader.joinable()) {
        m_reader.join(); // returns at end of file: the server has exited
    } else if (m_stderr >= 0) {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = read(m_stderr, buffer, sizeof buffer)) > 0) {
            const std::lock_guard lock(m_mutex);
            m_output.append(buffer, static_cast<std::size_t>(n));
        }
    }
    if (m_stderr >= 0) {
        close(m_stderr);
        m_stderr = -1;
    }
}

int ServerProcess::stop()
{
    if (m_pid < 0) {
        finish_reading();
        return m_exit_code;
    }
    kill(m_pid, SIGTERM);
    m_exit_code = wait_exit_code(m_pid);
    m_pid = -1;
    finish_reading();
    return m_exit_code;
}

void ServerProcess::send(int signal) const
{
    if (m_pid > 0) {
        kill(m_pid, signal);
    }
}

std::string ServerProcess::output()
{
    const std::lock_guard lock(m_mutex);
    return m_output;
}

bool ServerProcess::running()
{
    if (m_pid < 0) {
        return false;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) != m_pid) {
        return true;
    }
    m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    m_pid = -1;
    return false;
}

ServerProcess::~ServerProcess()
{
    stop();
}

} // namespace dateline::testing
