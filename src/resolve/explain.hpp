// Turns resolvelib's ResolutionImpossible causes into the message of a ResolveError, following
// pip's Factory.get_installation_error: a Requires-Python mismatch first, then one requirement
// that nothing satisfies (and why: no wheel, wheels only for other targets, no fitting
// version), else the conflicting requirements and who asked for each.
#pragma once

#include "resolve/provider.hpp"

#include <string>
#include <vector>

namespace pwi::resolve {

std::string explain_impossible(const Provider& provider, const std::vector<Information>& causes);

// "req.txt:3" for a user requirement, "the constraint file" ..., "a 1.0" for a dependency.
std::string origin_of(const Provider& provider, const Information& info);

}  // namespace pwi::resolve
