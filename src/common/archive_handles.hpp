// Owning handles of libarchive's objects, for every library that reads or writes tars with it
// (slim, image). Header-only: the libraries that use it link libarchive themselves.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace pwi {

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteFree>;
using ArchiveEntry = std::unique_ptr<archive_entry, ArchiveEntryFree>;

}  // namespace pwi
