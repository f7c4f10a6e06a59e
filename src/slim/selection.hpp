// The set of entries of a root file system that a slim image keeps, and by which rule: a kept
// entry brings its parent directories, a kept symbolic link the chain of links and the file it
// ends at, a kept directory what it holds (but for what a filter leaves out).
#pragma once

#include "slim/rootfs.hpp"

#include <functional>
#include <map>
#include <string>

namespace pwi::slim {

// Whether to leave out the entry at `relative` (its path below the kept directory), and so
// everything below it.
using Exclude = std::function<bool(const std::string& relative)>;

class Selection {
public:
  explicit Selection(const Rootfs& input) : m_input(input) {}

  // Keeps what `path` names, following symbolic links (each link passed is kept too); a
  // directory with what it holds when `recursive`, and, for each symbolic link inside it,
  // the link's target (a directory without its contents). Returns the resolved path, or ""
  // when `path` names nothing in the root (nothing is kept then).
  std::string keep(const std::string& path, const std::string& rule, bool recursive = false,
                   const Exclude& exclude = {});

  // Keeps the entry at the normalized `path` as it is (a link is not followed), with its
  // parent directories.
  void keep_entry(const std::string& path, const std::string& rule);

  bool kept(const std::string& path) const { return m_rule.count(path) > 0; }
  const std::map<std::string, std::string>& rules() const { return m_rule; }

  // The kept entries, as they are in the input.
  Rootfs output() const;

private:
  const Rootfs& m_input;
  std::map<std::string, std::string> m_rule;
};

}  // namespace pwi::slim
