#pragma once

#include <QString>

namespace studio::app {

// The desktop window lives in its own executable, dataset-studio-desktop, so
// the command line does not load (and bind, all at start: Debian builds Qt
// with BIND_NOW) the widget, chart and OpenGL libraries it never uses: a
// command starts in ~3 ms instead of ~9.

// Where the desktop executable is: beside this one (the build tree) or in
// the installed libexec folder. Empty when neither exists.
QString desktopExecutable();

// Replaces this process with the desktop executable, the same arguments
// given; returns only when that failed, with an exit code after the reason
// was printed.
int execDesktop(char *argv[]);

} // namespace studio::app
