// fanout: run-level success or failure. Per-request failures are never a
// Status: they are Results with an ErrorKind.
#ifndef FANOUT_STATUS_H_
#define FANOUT_STATUS_H_

#include <string>
#include <utility>

namespace fanout {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalidArgument, kResourceExhausted, kInternal };

  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid_argument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status resource_exhausted(std::string msg) {
    return Status(Code::kResourceExhausted, std::move(msg));
  }
  static Status internal(std::string msg) {
    return Status(Code::kInternal, std::move(msg));
  }

  bool is_ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace fanout

#endif  // FANOUT_STATUS_H_
