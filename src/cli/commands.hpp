// Internal: the CLI's subcommands. main.cpp parses the subcommand name and hands the rest of
// the arguments to one of these; each returns the process exit status (see README's table:
// 0 success, 1 some inputs failed, 2 usage error, 3 input unreadable or invalid, 4 output
// could not be written, 70 internal error). Each prints its own --help.
#pragma once

#include <string>
#include <vector>

namespace galley::cli {

using Args = std::vector<std::string>;

int inspect(const Args& args);     // src/cli/inspect.cpp
int convert(const Args& args);     // src/cli/convert.cpp
int check_style(const Args& args); // src/cli/style_commands.cpp
int styles(const Args& args);      // src/cli/style_commands.cpp
int fonts(const Args& args);       // src/cli/fonts_command.cpp
int presskit(const Args& args);    // src/cli/presskit.cpp
int edition(const Args& args);     // src/cli/edition.cpp

// Prints "galley: MESSAGE" on stderr and returns `status` (for usage and other errors).
int fail(int status, const std::string& message);

} // namespace galley::cli
