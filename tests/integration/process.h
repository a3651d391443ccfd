// Test helpers that run the real binaries: a program run to completion with its output
// captured, and a dateline-server on an ephemeral port that is stopped when it goes away.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace dateline::testing {

struct ProgramResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Extra environment variables for a child ("NAME=value"), on top of this process's; "NAME"
/// alone removes one.
using ExtraEnvironment = std::vector<std::string>;

/// Runs `argv` (argv[0] is the program path) and waits for it; `input` is its standard input.
ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input = {},
                          const ExtraEnvironment& environment = {});

/// Runs `argv` with standard output and error on a new pseudo-terminal (as when a person runs
/// it) and returns what it wrote there.
ProgramResult run_in_terminal(const std::vector<std::string>& argv);

/// A program running in the background with its output discarded.
class BackgroundProgram {
public:
    explicit BackgroundProgram(const std::vector<std::string>& argv);
    /// As above, with standard output and error written to the file `output`.
    BackgroundProgram(const std::vector<std::string>& argv, const std::filesystem::path& output);
    ~BackgroundProgram();
    BackgroundProgram(const BackgroundProgram&) = delete;
    BackgroundProgram& operator=(const BackgroundProgram&) = delete;
    /// Sends `signal` (if still running) and returns the exit code (128 + signal when killed).
    int kill_and_wait(int signal);
    /// True once the program has exited (its exit code is then kept for kill_and_wait).
    bool exited();
    /// Sends `signal` without waiting (nothing once it has exited).
    void send(int signal) const;
    /// Waits for the program to exit and returns its exit code (128 + signal when killed).
    int wait();

private:
    pid_t m_pid = -1;
    int m_exit_code = -1;
};

/// A dateline-server started with --port 0 on 127.0.0.1; the port is read from its start-up line.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::filesystem::path& db,
                  const std::vector<std::string>& extra_args = {}, const ExtraEnvironment& environment = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] pid_t pid() const { return m_pid; }
    /// Sends `signal` to the server.
    void send(int signal) const;
    /// Sends SIGTERM and returns the exit status.
    int stop();
    /// What the server wrote on standard error until now (all of it once stopped). A thread
    /// reads it all along, so the server never blocks on a full pipe (its access log goes there).
    std::string output();
    /// True while the process has not exited.
    bool running();

private:
    void finish_reading();

    pid_t m_pid = -1;
    int m_port = 0;
    int m_stderr = -1;
    int m_exit_code = -1;
    std::mutex m_mutex;
    std::string m_output;
    std::thread m_reader;
};

} // namespace dateline::testing
