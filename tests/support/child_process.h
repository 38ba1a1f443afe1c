// Runs a program (the fanout CLI, nginx) as a child of a test, with stdin from
// a string and stdout/stderr captured to files, and every wait bounded.
#ifndef FANOUT_SUPPORT_CHILD_PROCESS_H_
#define FANOUT_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace fanout::testing {

struct ChildResult {
  int exit_code = -1;  // -1 when killed by a signal
  int term_signal = 0;
  std::string out;
  std::string err;
  double seconds = 0;
};

class Child {
 public:
  // Starts argv[0] (a path) with |stdin_data| on its stdin. Throws
  // std::runtime_error when it cannot start.
  Child(const std::vector<std::string>& argv, const std::string& stdin_data);
  ~Child();  // kills (SIGKILL) and reaps a child still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig);
  // Waits at most |limit|; on expiry kills the child and throws.
  ChildResult wait(std::chrono::milliseconds limit = std::chrono::seconds(120));
  // Whether it has exited (reaps it then); never blocks.
  bool exited();
  // Current contents of the child's stdout file.
  std::string stdout_so_far() const;

 private:
  pid_t pid_ = -1;
  std::string dir_;
  bool reaped_ = false;
  int status_ = 0;
  std::chrono::steady_clock::time_point started_;
};

// Convenience: runs the fanout CLI with |args| and |stdin_data|.
ChildResult run_fanout(
    const std::vector<std::string>& args, const std::string& stdin_data = "",
    std::chrono::milliseconds limit = std::chrono::seconds(120));

// Reads a whole file ("" if absent).
std::string read_file(const std::string& path);
// A fresh private directory under TMPDIR, removed by the caller (or not).
std::string make_temp_dir(const char* prefix);

}  // namespace fanout::testing

#endif  // FANOUT_SUPPORT_CHILD_PROCESS_H_
