// Escaping of untrusted bytes (URLs, ids, error messages, anything that came
// from the input file or the network) for the two places records end up:
// JSON documents and terminals.
#ifndef FANOUT_OUTPUT_ESCAPE_H_
#define FANOUT_OUTPUT_ESCAPE_H_

#include <string>
#include <string_view>

namespace fanout::internal {

// Appends |s| to |out| as a quoted JSON string. The result is always valid
// JSON (RFC 8259) and valid UTF-8 whatever |s| holds:
//  - `"` and `\` are backslash-escaped;
//  - control characters (< 0x20) and DEL (0x7f) become \n, \r, \t or \u00XX;
//  - well-formed multi-byte UTF-8 is copied verbatim;
//  - each maximal ill-formed subsequence (Unicode 15 §3.9, "U+FFFD
//    substitution of maximal subparts", the practice WHATWG and ICU follow)
//    becomes the escape \ufffd, so a truncated or Latin-1 URL still yields a
//    parseable record.
// Hot path (once per string field per record): no allocation besides growth
// of |out|, and runs of plain ASCII are copied with one append.
void append_json_string(std::string& out, std::string_view s);

// Appends |s| to |out| so that printing it to a terminal cannot move the
// cursor, change colours, set the window title or otherwise act on the
// terminal (a hostile server controls error messages and redirect URLs):
//  - printable ASCII and well-formed UTF-8 are copied verbatim;
//  - `\` becomes `\\`, so the escaping is unambiguous;
//  - ESC and the other C0 controls, DEL, and each byte of a C1 control
//    (U+0080..U+009F, which some terminals honour as CSI and friends) are
//    written as `\xNN` (lowercase hex of the byte; a C1 control therefore
//    shows as two escapes, e.g. U+009B as `\xc2\x9b`);
//  - each byte of an ill-formed UTF-8 sequence is written as `\xNN`.
// Not unescaped by anything in fanout; the output is for humans and for
// line-oriented tools. No allocation besides growth of |out|.
void append_terminal_safe(std::string& out, std::string_view s);

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_ESCAPE_H_
