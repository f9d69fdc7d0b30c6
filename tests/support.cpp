#include "support.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace galley::test {

namespace fs = std::filesystem;

fs::path source_dir() { return GALLEY_SOURCE_DIR; }
fs::path shared_dir() { return GALLEY_SHARED_DIR; }
fs::path corpus(const std::string& relative) { return shared_dir() / "corpus" / relative; }
fs::path cli() { return GALLEY_CLI; }

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const fs::path& path, const std::string& content) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    auto base = fs::temp_directory_path();
    for (;;) {
        path_ = base / ("galley-test-" + std::to_string(::getpid()) + "-" +
                        std::to_string(counter++));
        if (fs::create_directory(path_)) break;
    }
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

CommandResult run_command(const std::vector<std::string>& argv) {
    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    CommandResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = 2;
    char buf[65536];
    while (open_count > 0) {
        if (::poll(fds, 2, -1) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<std::size_t>(n));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GALLEY_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define GALLEY_TEST_SANITIZED 1
#endif
#endif

bool built_with_sanitizer() {
#ifdef GALLEY_TEST_SANITIZED
    return true;
#else
    return false;
#endif
}

BoundedResult run_bounded(const std::vector<std::string>& argv, const Bounds& bounds) {
    int out_pipe[2], err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    // Everything the child needs is prepared before fork: only async-signal-safe calls after.
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        std::string name = entry.substr(0, entry.find('='));
        bool replaced = std::any_of(bounds.env.begin(), bounds.env.end(),
                                    [&](const auto& kv) { return kv.first == name; });
        if (!replaced) env_strings.push_back(std::move(entry));
    }
    for (const auto& [name, value] : bounds.env) env_strings.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    const bool limit_memory = bounds.address_space > 0 && !built_with_sanitizer();
    const auto started = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::setpgid(0, 0);
        int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        if (limit_memory) {
            rlimit as{static_cast<rlim_t>(bounds.address_space), static_cast<rlim_t>(bounds.address_space)};
            if (::setrlimit(RLIMIT_AS, &as) != 0) ::_exit(126);
        }
        if (bounds.file_size > 0) {
            // Inherited through exec: write() then fails with EFBIG.
            if (bounds.ignore_sigxfsz) ::signal(SIGXFSZ, SIG_IGN);
            else ::signal(SIGXFSZ, SIG_DFL);
            rlimit fs{static_cast<rlim_t>(bounds.file_size), static_cast<rlim_t>(bounds.file_size)};
            if (::setrlimit(RLIMIT_FSIZE, &fs) != 0) ::_exit(126);
        }
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also here, so that the group exists before a kill
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    BoundedResult result;
    const auto deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(bounds.seconds));
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = 2;
    char buf[65536];
    while (open_count > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            ::kill(-pid, SIGKILL);
            result.timed_out = true;
            break;
        }
        int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) break;
        for (int i = 0; i < 2 && ready > 0; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<std::size_t>(n));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    // The pipes are closed: the child may still be running (it closed them itself, or it was
    // killed). Wait for it, within the deadline too.
    int status = 0;
    rusage usage{};
    for (;;) {
        pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw std::runtime_error("wait4 failed");
        if (!result.timed_out && std::chrono::steady_clock::now() >= deadline) {
            ::kill(-pid, SIGKILL);
            result.timed_out = true;
        }
        ::usleep(2000);
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.max_rss_kb = usage.ru_maxrss;
    auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    result.cpu_seconds = secs(usage.ru_utime) + secs(usage.ru_stime);
    if (WIFEXITED(status)) {
        result.status = WEXITSTATUS(status);
    } else {
        result.status = -1;
        if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    }
    return result;
}

bool update_golden() {
    const char* v = std::getenv("GALLEY_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
}

} // namespace galley::test
