// Outputs of the helper (stamps, locks, caches) are rewritten only when their content changes,
// so that Ninja's `restat` prunes everything downstream, and never appear half-written: a
// command's outputs change together or not at all.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pwi {

// The steps of writing one output, where a failure can be injected (WriteFaults).
enum class WriteStep {
  k_create,  // the temporary file beside the output
  k_write,   // a full disk shows up here...
  k_sync,    // ...or here...
  k_close,   // ...or here (NFS)
  k_backup,  // the hard link that keeps the previous output until the commit is done
  k_rename,  // the temporary file over the output
};

// For tests: the errno that `step` for the output `path` fails with, or 0 to let it run.
using WriteFaults = std::function<int(WriteStep step, const std::string& path)>;

// Several output files, written together: commit() writes each changed one to a temporary file
// in its own directory and checks every write, fsync() and close(); only when all are written
// does it rename them into place. On any failure it removes its temporaries and puts back every
// output it had already replaced, so that each output is as before, then throws IoError.
//
// Putting back needs a hard link to each previous output, taken before the first rename; on a
// file system without hard links, a rename that fails after others succeeded (rare: the
// temporaries are written by then) leaves the earlier outputs replaced.
class AtomicOutputs {
public:
  AtomicOutputs() = default;
  explicit AtomicOutputs(WriteFaults faults) : m_faults(std::move(faults)) {}
  AtomicOutputs(const AtomicOutputs&) = delete;
  AtomicOutputs& operator=(const AtomicOutputs&) = delete;

  // Throws UsageError when `path` was added already: two outputs cannot share a file.
  void add(std::string path, std::string content);

  // Writes the outputs whose content differs from the file's; a file that already holds its
  // content is not touched, not even its mtime. Returns the paths written, in the order added.
  // Replaced files keep their permission bits; new ones get 0666 & ~umask.
  std::vector<std::string> commit();

private:
  struct Output {
    std::string path;
    std::string content;
  };

  WriteFaults m_faults;
  std::vector<Output> m_outputs;
};

// One output: writes `content` to a temporary file in the directory of `path`, then rename()s it
// over `path`. When `path` already holds exactly `content`, nothing is touched, not even its
// mtime. Returns whether it wrote. Throws IoError (and leaves `path` as it was) on failure.
bool write_file_if_changed(const std::string& path, std::string_view content,
                           const WriteFaults& faults = {});

}  // namespace pwi
