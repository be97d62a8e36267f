#pragma once

namespace studio::app {

// The organisation, name and version both executables give Qt (settings
// paths, --version, the window's class): call after creating the application.
void setApplicationIdentity();

} // namespace studio::app
