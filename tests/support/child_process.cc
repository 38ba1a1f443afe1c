#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fanout::testing {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string make_temp_dir(const char* prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl =
      std::string(base && *base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  if (!mkdtemp(tmpl.data()))
    throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  return tmpl;
}

Child::Child(const std::vector<std::string>& argv,
             const std::string& stdin_data) {
  dir_ = make_temp_dir("fanout-child-");
  const std::string in_path = dir_ + "/stdin", out_path = dir_ + "/stdout",
                    err_path = dir_ + "/stderr";
  {
    std::ofstream in(in_path, std::ios::binary);
    in << stdin_data;
  }
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Opened before fork: only async-signal-safe calls may follow it.
  int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out_fd =
      ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err_fd =
      ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0)
    throw std::runtime_error("cannot create child stdio files");
  started_ = std::chrono::steady_clock::now();
  pid_ = fork();
  if (pid_ == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  ::close(in_fd);
  ::close(out_fd);
  ::close(err_fd);
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

Child::~Child() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void Child::signal(int sig) {
  if (!reaped_) ::kill(pid_, sig);
}

bool Child::exited() {
  if (reaped_) return true;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return reaped_;
}

std::string Child::stdout_so_far() const { return read_file(dir_ + "/stdout"); }

ChildResult Child::wait(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!exited()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status_, 0);
      reaped_ = true;
      throw std::runtime_error("child did not exit within its time limit");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ChildResult r;
  r.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
          .count();
  if (WIFEXITED(status_)) r.exit_code = WEXITSTATUS(status_);
  if (WIFSIGNALED(status_)) r.term_signal = WTERMSIG(status_);
  r.out = read_file(dir_ + "/stdout");
  r.err = read_file(dir_ + "/stderr");
  return r;
}

ChildResult run_fanout(const std::vector<std::string>& args,
                       const std::string& stdin_data,
                       std::chrono::milliseconds limit) {
  std::vector<std::string> argv = {FANOUT_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  Child child(argv, stdin_data);
  return child.wait(limit);
}

}  // namespace fanout::testing
