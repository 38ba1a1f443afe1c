// The fanout program: opens input and output, picks the writer, runs, prints
// the summary and maps the outcome to an exit status.
#ifndef FANOUT_CLI_CLI_RUN_H_
#define FANOUT_CLI_CLI_RUN_H_

namespace fanout::cli {

// Exit status: 0 every request ok; 1 some not ok; 2 usage error or unreadable
// input; 130 interrupted (SIGINT, SIGTERM, SIGHUP).
int run(int argc, char** argv);

}  // namespace fanout::cli

#endif  // FANOUT_CLI_CLI_RUN_H_
