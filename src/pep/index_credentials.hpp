// Credentials in the URLs of the requirement files' global options (--index-url,
// --extra-index-url, --find-links), kept out of the files the helper writes for pip.
//
// A file written for the builder's pip (`pip-input`, `pending`) names each credential by
// reference, ${PWI_CREDENTIALS_<n>}, which pip expands from its environment as it expands any
// ${NAME} in a requirement file; the wheel step gets the values from `inputs` and hands them to
// the builder by name (`-e NAME`), so they are never on a command line or in the build tree.
#pragma once

#include "pep/requirements_file.hpp"

#include <string>
#include <vector>

namespace pwi {

struct IndexCredential {
  std::string name;      // PWI_CREDENTIALS_1, ...
  std::string userinfo;  // "user:password" or a token
};

// The credentials of the options' URLs, in order of first appearance; equal ones share a name.
std::vector<IndexCredential> index_credentials(const PipOptions& options);

// PipOptions::args with the user information of every URL replaced by its reference.
std::vector<std::string> args_with_credential_references(const PipOptions& options);

// The options as lines of a requirement file ("--index-url URL\n"), credentials by reference:
// what pip is given of the files' global options where it does not read the files themselves.
std::string option_lines(const PipOptions& options);

}  // namespace pwi
