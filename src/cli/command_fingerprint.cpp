// pywheelimage fingerprint PATH... [--stamp FILE] [--cache FILE]
#include "cli/cli.hpp"

#include "common/atomic_file.hpp"
#include "common/file_system.hpp"
#include "fingerprint/fingerprint.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

namespace pwi::cli {

namespace {

struct FingerprintArgs {
  std::vector<std::string> paths;
  std::string stamp;
  std::string cache;
};

// Absolute, so that cache keys do not depend on the working directory, and normalized, so that
// a stamp or cache inside a root is recognized and excluded.
std::string absolute_path(const std::string& path)
{
  std::string out = std::filesystem::absolute(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  return out;
}

void run_fingerprint(const FingerprintArgs& args)
{
  RealFileSystem fs;
  std::vector<std::string> roots;
  for (const auto& path : args.paths) {
    roots.push_back(absolute_path(path));
  }
  std::string cache_path = args.cache;
  if (cache_path.empty() && !args.stamp.empty()) {
    cache_path = args.stamp + ".cache";
  }
  std::set<std::string> excluded;
  if (!args.stamp.empty()) {
    excluded.insert(absolute_path(args.stamp));
  }
  std::optional<DigestCache> cache;
  if (!cache_path.empty()) {
    excluded.insert(absolute_path(cache_path));
    cache = DigestCache::load(fs, cache_path);
  }

  const FingerprintResult result = fingerprint(fs, roots, cache ? &*cache : nullptr, excluded);

  // Together: if either cannot be written, both stay as they were (see the exit status).
  AtomicOutputs outputs;
  if (cache) {
    outputs.add(cache_path, cache->serialize());
  }
  if (!args.stamp.empty()) {
    outputs.add(args.stamp, result.digest + "\n");
  }
  outputs.commit();
  std::fputs((result.digest + "\n").c_str(), stdout);
}

}  // namespace

void add_fingerprint_command(CLI::App& app, Action& action)
{
  auto args = std::make_shared<FingerprintArgs>();
  CLI::App* command = app.add_subcommand(
    "fingerprint",
    "Print a SHA-256 digest of the names, types, symlink targets, executable bits and contents "
    "of files and directory trees; mtimes and listing order do not matter");
  command->add_option("PATH", args->paths, "Files or directories, in a fixed order")->required();
  command
    ->add_option("--stamp", args->stamp,
                 "Also write the digest to FILE, atomically, and only when it changed "
                 "(for Ninja's restat)")
    ->type_name("FILE");
  command
    ->add_option("--cache", args->cache,
                 "Per-file digest cache, so that unchanged files are not read again "
                 "(default: STAMP.cache with --stamp, else no cache)")
    ->type_name("FILE");
  command->callback([&action, args] { action = [args] { run_fingerprint(*args); }; });
}

}  // namespace pwi::cli
