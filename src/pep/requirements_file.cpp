#include "pep/requirements_file.hpp"

#include "common/ascii.hpp"
#include "pep/pytext.hpp"
#include "pep/requirements_file_lines.hpp"
#include "pep/requirements_file_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>

namespace pwi {

namespace {

using reqfile::LogicalLine;
using reqfile::OptionItem;
using reqfile::OptionKind;

// Guards against include cycles the lexical check misses (symbolic links).
constexpr std::size_t k_max_nesting = 64;

// pip.utils.urls.get_url_scheme
std::optional<std::string> url_scheme(std::string_view s)
{
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return lower_ascii(s.substr(0, colon));
}

// req_file.SCHEME_RE = ^(http|https|file): (case-insensitive)
bool has_file_url_scheme(std::string_view s)
{
  const auto scheme = url_scheme(s);
  return scheme && (*scheme == "http" || *scheme == "https" || *scheme == "file");
}

// pip.vcs.versioncontrol.is_url
bool is_url(std::string_view s)
{
  static const std::array<std::string_view, 26> k_schemes = {
    "http",     "https",    "file",      "ftp",      "bzr+http", "bzr+https", "bzr+ssh",
    "bzr+sftp", "bzr+ftp",  "bzr+lp",    "bzr+file", "git+http", "git+https", "git+ssh",
    "git+git",  "git+file", "hg+file",   "hg+http",  "hg+https", "hg+ssh",    "hg+static-http",
    "svn+ssh",  "svn+http", "svn+https", "svn+svn",  "svn+file"};
  const auto scheme = url_scheme(s);
  return scheme && std::find(k_schemes.begin(), k_schemes.end(), *scheme) != k_schemes.end();
}

// pip.req.constructors._looks_like_path
bool looks_like_path(std::string_view s)
{
  return s.find('/') != std::string_view::npos || (!s.empty() && s.front() == '.');
}

// pip.req.constructors._strip_extras: ^(.+)(\[[^\]]+\])$
std::string_view strip_extras(std::string_view path)
{
  if (path.size() < 4 || path.back() != ']') {
    return path;
  }
  for (std::size_t open = path.size() - 2; open >= 1; --open) {
    if (path[open] == ']') {
      break;
    }
    if (path[open] == '[' && open + 2 < path.size()) {
      return path.substr(0, open);
    }
  }
  return path;
}

// pip.utils.filetypes.is_archive_file, with pip.utils.misc.splitext (".tar.gz" is one).
bool is_archive_file(std::string_view path)
{
  static const std::array<std::string_view, 12> k_extensions = {
    ".zip", ".whl",    ".tar.bz2", ".tbz", ".tar.gz", ".tgz",
    ".tar", ".tar.xz", ".txz",     ".tlz", ".tar.lz", ".tar.lzma"};
  const auto slash = path.rfind('/');
  const std::size_t name_start = slash == std::string_view::npos ? 0 : slash + 1;
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || dot < name_start ||
      path.find_first_not_of('.', name_start) >= dot) {
    return false;  // no extension, or only leading dots (".bashrc")
  }
  std::string ext = lower_ascii(path.substr(dot));
  const std::string base = lower_ascii(path.substr(0, dot));
  if (base.size() >= 4 && base.compare(base.size() - 4, 4, ".tar") == 0) {
    ext = ".tar" + ext;
  }
  return std::find(k_extensions.begin(), k_extensions.end(), ext) != k_extensions.end();
}

std::string normal_path(std::string_view path)
{
  std::string out = std::filesystem::path(path).lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  return out.empty() ? "." : out;
}

class Reader {
public:
  // Every ${NAME} the files use and the environment sets is recorded: pip in the builder must
  // see the same values (the step passes them by name).
  Reader(FileSystem& fs, const Getenv& getenv)
    : m_fs(fs), m_getenv(getenv), m_recording_getenv([this](const std::string& name) {
        std::optional<std::string> value = m_getenv(name);
        if (value && !value->empty() &&
            std::find(m_out.environment.begin(), m_out.environment.end(), name) ==
              m_out.environment.end()) {
          m_out.environment.push_back(name);
        }
        return value;
      })
  {
  }

  void read_top(const std::string& path, bool constraint)
  {
    if (has_file_url_scheme(path)) {
      throw InputError(SourceLocation{path, 0, 0, ""},
                       "not supported here: requirement files from URLs (download it first)");
    }
    read(path, constraint, nullptr);
  }

  RequirementFiles take()
  {
    std::sort(m_out.environment.begin(), m_out.environment.end());
    return std::move(m_out);
  }

private:
  struct Context {
    const std::string& file;
    const LogicalLine& line;
    bool constraint;
  };

  [[noreturn]] static void fail(const Context& ctx, std::size_t text_offset,
                                const std::string& message)
  {
    const std::size_t raw_offset =
      ctx.line.origin[std::min(text_offset, ctx.line.origin.size() - 1)];
    throw InputError(
      SourceLocation{ctx.file, ctx.line.line, static_cast<int>(raw_offset) + 1, ctx.line.raw},
      message);
  }

  void warn(const Context& ctx, const std::string& message)
  {
    m_out.warnings.push_back(fmt::format("{}:{}: {}", ctx.file, ctx.line.line, message));
  }

  // `included_from` and `include_offset`: the -r/-c line and option, for errors.
  void read(const std::string& path, bool constraint, const Context* included_from,
            std::size_t include_offset = 0)
  {
    const std::string key = normal_path(path);
    if (std::find(m_stack.begin(), m_stack.end(), key) != m_stack.end() ||
        m_stack.size() >= k_max_nesting) {
      std::string chain;
      for (const auto& file : m_stack) {
        chain += file + " -> ";
      }
      // The stack is empty for the files given by the caller: only an include can cycle.
      fail(*included_from, include_offset,
           fmt::format("requirement files include each other: {}{}", chain, key));
    }
    std::string bytes;
    try {
      bytes = m_fs.read_file(path);
    } catch (const IoError& e) {
      if (included_from == nullptr) {
        throw;
      }
      fail(*included_from, include_offset,
           fmt::format("could not open requirements file: {}", e.what()));
    }
    if (std::find(m_out.files_read.begin(), m_out.files_read.end(), path) ==
        m_out.files_read.end()) {
      m_out.files_read.push_back(path);
    }
    std::string content;
    try {
      content = reqfile::decode(bytes);
    } catch (const reqfile::DecodeError& e) {
      throw InputError(SourceLocation{path, e.line, 0, ""}, e.message);
    }
    m_stack.push_back(key);
    for (const LogicalLine& line : reqfile::preprocess(content, m_recording_getenv)) {
      handle_line(Context{path, line, constraint});
    }
    m_stack.pop_back();
  }

  // req_file.break_args_options: the requirement is everything before the first
  // space-separated token that starts with '-'; only the rest goes through shlex.
  static std::size_t options_start(std::string_view text)
  {
    for (std::size_t start = 0; start <= text.size();) {
      if (start < text.size() && text[start] == '-') {
        return start;
      }
      const auto space = text.find(' ', start);
      if (space == std::string_view::npos) {
        break;
      }
      start = space + 1;
    }
    return std::string_view::npos;
  }

  void handle_line(const Context& ctx)
  {
    const std::string_view text = ctx.line.text;
    const std::size_t opt_start = options_start(text);
    const std::string_view args = opt_start == std::string_view::npos ? text
                                  : opt_start == 0                    ? std::string_view()
                                                   : text.substr(0, opt_start - 1);
    std::vector<OptionItem> options;
    if (opt_start != std::string_view::npos) {
      try {
        options = reqfile::parse_options(text.substr(opt_start));
      } catch (const ParseError& e) {
        const std::string what = e.what();
        const bool shlex = what == "No closing quotation" || what == "No escaped character";
        fail(ctx, opt_start + e.offset(),
             shlex ? fmt::format("could not split options: {}", what) : what);
      }
    }

    if (!args.empty()) {
      requirement_line(ctx, args, options);
      return;
    }
    const auto first_of = [&](OptionKind kind) {
      return std::find_if(options.begin(), options.end(),
                          [&](const OptionItem& item) { return item.kind == kind; });
    };
    if (const auto editable = first_of(OptionKind::k_editable); editable != options.end()) {
      // pip's parse_editable: a local project or a VCS URL, extras but no markers; built as a
      // normal wheel (pip wheel does not make editable wheels).
      std::vector<OptionItem> rest;
      for (const auto& item : options) {
        if (&item != &*editable) {
          rest.push_back(item);
        }
      }
      editable_line(ctx, *editable->value, opt_start + editable->offset, rest);
      return;
    }
    auto nested = first_of(OptionKind::k_requirement);
    if (nested == options.end()) {
      nested = first_of(OptionKind::k_constraint);
    }
    if (nested != options.end()) {
      include(ctx, *nested, opt_start, options);
      return;
    }
    option_line(ctx, options);
  }

  void include(const Context& ctx, const OptionItem& nested, std::size_t opt_start,
               const std::vector<OptionItem>& options)
  {
    for (const auto& item : options) {
      if (&item != &nested) {
        warn(ctx, fmt::format("{} is ignored on a line with {} (as pip ignores it)", item.name,
                              nested.name));
      }
    }
    const std::string& target = *nested.value;
    if (has_file_url_scheme(target)) {
      fail(ctx, opt_start + nested.offset,
           fmt::format("not supported here: requirement files from URLs ('{}')", target));
    }
    read(join_path(dirname(ctx.file), target), nested.kind == OptionKind::k_constraint, &ctx,
         opt_start + nested.offset);
  }

  void option_line(const Context& ctx, const std::vector<OptionItem>& options)
  {
    PipOptions& pip = m_out.options;
    bool seen_find_links = false;
    for (const auto& item : options) {
      const std::string& value = item.value ? *item.value : std::string();
      switch (item.kind) {
      case OptionKind::k_hash:
        warn(ctx, "has --hash but no requirement, and will be ignored.");
        continue;
      case OptionKind::k_global_option:
      case OptionKind::k_config_settings:
        warn(ctx,
             fmt::format("{} without a requirement is ignored (as pip ignores it)", item.name));
        continue;
      case OptionKind::k_index_url:
        pip.index_url = value;
        break;
      case OptionKind::k_extra_index_url:
        pip.extra_index_urls.push_back(value);
        break;
      case OptionKind::k_no_index:
        pip.no_index = true;
        break;
      case OptionKind::k_find_links: {
        if (seen_find_links) {  // pip uses the first --find-links of a line only
          warn(ctx, "a second --find-links on one line is ignored (as pip ignores it)");
          continue;
        }
        seen_find_links = true;
        std::string link = value;
        const std::string relative = join_path(dirname(ctx.file), value);
        if (m_fs.stat(relative)) {
          link = relative;
        }
        pip.find_links.push_back(link);
        pip.args.insert(pip.args.end(), {item.name, link});
        continue;
      }
      case OptionKind::k_no_binary:
        pip.no_binary.push_back(value);
        break;
      case OptionKind::k_only_binary:
        pip.only_binary.push_back(value);
        break;
      case OptionKind::k_prefer_binary:
        pip.prefer_binary = true;
        break;
      case OptionKind::k_require_hashes:
        pip.require_hashes = true;
        break;
      case OptionKind::k_pre:
        pip.pre = true;
        break;
      case OptionKind::k_trusted_host:
        pip.trusted_hosts.push_back(value);
        break;
      case OptionKind::k_use_feature:
        pip.features.push_back(value);
        break;
      case OptionKind::k_editable:
      case OptionKind::k_requirement:
      case OptionKind::k_constraint:
        continue;  // handled by handle_line
      }
      pip.args.push_back(item.name);
      if (item.value) {
        pip.args.push_back(*item.value);
      }
    }
  }

  // A file: URL's path (file:///abs, file://localhost/abs), %XX decoded; nullopt for a host.
  static std::optional<std::string> file_url_path(std::string_view url)
  {
    std::string_view rest = url.substr(url.find(':') + 1);
    if (rest.substr(0, 2) == "//") {
      rest.remove_prefix(2);
      const auto slash = rest.find('/');
      const std::string_view host = rest.substr(0, slash);
      if (!host.empty() && lower_ascii(host) != "localhost") {
        return std::nullopt;
      }
      rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    }
    rest = rest.substr(0, rest.find_first_of("?#"));
    std::string out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == '%' && i + 2 < rest.size() + 0 && std::isxdigit(rest[i + 1]) != 0 &&
          std::isxdigit(rest[i + 2]) != 0) {
        out.push_back(
          static_cast<char>(std::stoi(std::string(rest.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(rest[i]);
      }
    }
    return out;
  }

  static bool is_vcs_url(std::string_view url)
  {
    const auto scheme = url_scheme(url);
    return scheme && scheme->find('+') != std::string::npos;
  }

  // pip's #egg=<name> fragment, if any.
  static std::string egg_name(std::string_view url)
  {
    const auto hash = url.find('#');
    if (hash == std::string_view::npos) {
      return "";
    }
    std::string_view fragment = url.substr(hash + 1);
    for (std::size_t start = 0; start <= fragment.size();) {
      const std::size_t amp = std::min(fragment.find('&', start), fragment.size());
      const std::string_view item = fragment.substr(start, amp - start);
      if (item.substr(0, 4) == "egg=") {
        return std::string(item.substr(4));
      }
      start = amp + 1;
    }
    return "";
  }

  // pip.utils.misc.is_installable_dir
  bool is_installable_dir(const std::string& path)
  {
    const auto is_file = [&](const std::string& name) {
      const auto st = m_fs.stat(join_path(path, name));
      return st && st->type == FileType::k_regular;
    };
    return is_file("pyproject.toml") || is_file("setup.py");
  }

  // The source a link names (a URL, or a local path read from the file's directory), or a
  // failure at `offset` saying what pip would say.
  DirectSource link_source(const Context& ctx, std::size_t offset, std::string_view link,
                           bool editable)
  {
    DirectSource source;
    source.editable = editable;
    source.text = std::string(link);
    std::optional<std::string> path;
    if (is_url(link)) {
      if (is_vcs_url(link)) {
        source.kind = DirectSource::Kind::k_vcs;
        source.location = std::string(link);
        return source;
      }
      if (*url_scheme(link) != "file") {
        if (editable) {
          fail(ctx, offset,
               fmt::format("{} is not a valid editable requirement. It should either be a path "
                           "to a local project or a VCS URL (beginning with git+, hg+, svn+ or "
                           "bzr+).",
                           link));
        }
        source.kind = DirectSource::Kind::k_url;
        source.location = std::string(link);
        return source;
      }
      path = file_url_path(link);
      if (!path) {
        fail(ctx, offset,
             fmt::format("not supported here: a file: URL with a host ('{}'); use a path", link));
      }
    } else {
      path = std::string(link);
    }
    const std::string relative = normal_path(join_path(dirname(ctx.file), *path));
    const std::string absolute =
      relative.front() == '/'
        ? relative
        : normal_path(join_path(std::filesystem::current_path().generic_string(), relative));
    source.location = absolute;
    const auto st = m_fs.stat(relative);
    if (st && st->type == FileType::k_directory) {
      if (!is_installable_dir(relative)) {
        fail(ctx, offset,
             fmt::format("Directory '{}' is not installable. Neither 'setup.py' nor "
                         "'pyproject.toml' found.",
                         std::string(link)));
      }
      source.kind = DirectSource::Kind::k_directory;
      return source;
    }
    if (st && st->type == FileType::k_regular && is_archive_file(absolute) && !editable) {
      source.kind = DirectSource::Kind::k_archive;
      return source;
    }
    if (editable) {
      fail(ctx, offset,
           fmt::format("{} is not a valid editable requirement. It should either be a path to a "
                       "local project or a VCS URL (beginning with git+, hg+, svn+ or bzr+).",
                       link));
    }
    fail(ctx, offset,
         fmt::format("Invalid requirement: '{}': {} does not exist (a relative path is read "
                     "from the directory of {})",
                     link, absolute, ctx.file));
  }

  // The requirement of a link line: the name of `name @ link` or of #egg=, the extras of
  // `path[extra,...]`; an empty name when the link gives none (known once it is built).
  Requirement link_requirement(const Context& ctx, std::size_t offset, std::string_view name,
                               std::string_view extras)
  {
    Requirement requirement;
    if (name.empty() && extras.empty()) {
      return requirement;
    }
    const std::string text = std::string(name.empty() ? "placeholder" : name) + std::string(extras);
    try {
      requirement = Requirement::parse(text);
    } catch (const ParseError& e) {
      fail(ctx, offset, fmt::format("invalid requirement: {}", e.what()));
    }
    if (name.empty()) {
      requirement.name.clear();
      requirement.key.clear();
    }
    return requirement;
  }

  // A requirement line whose requirement is a link, not a name: RequirementLine with source.
  std::optional<RequirementLine> link_line(const Context& ctx, std::size_t offset,
                                           std::string_view name, bool editable)
  {
    RequirementLine out;
    if (editable || is_url(name)) {
      std::string_view link = name;
      std::string_view extras;
      if (editable && !is_url(name)) {
        link = strip_extras(name);
        extras = name.substr(link.size());
      }
      out.source = link_source(ctx, offset, link, editable);
      out.requirement = link_requirement(ctx, offset, egg_name(link), extras);
      return out;
    }
    const std::string_view path = strip_extras(name);
    const std::string absolute = normal_path(join_path(dirname(ctx.file), path));
    const auto st = m_fs.stat(absolute);
    const bool is_dir = st && st->type == FileType::k_directory;
    const bool is_archive = is_archive_file(path) && st && st->type == FileType::k_regular;
    if ((looks_like_path(name) && is_dir) || is_archive) {
      out.source = link_source(ctx, offset, path, false);
      out.requirement = link_requirement(ctx, offset, "", name.substr(path.size()));
      return out;
    }
    if (is_archive_file(path) && looks_like_path(name) &&
        name.find('@') == std::string_view::npos) {
      fail(ctx, offset,
           fmt::format("Invalid requirement: '{}': the file {} does not exist (a relative path "
                       "is read from the directory of {})",
                       name, absolute, ctx.file));
    }
    return std::nullopt;
  }

  // pip.req.constructors.parse_req_from_line: markers are split off at the first ';'
  // ("; " after a URL) and parsed apart, so "name;" is valid.
  void requirement_line(const Context& ctx, std::string_view args,
                        const std::vector<OptionItem>& options, bool editable = false)
  {
    const std::string_view separator = is_url(args) ? "; " : ";";
    const auto split = args.find(separator);
    std::string_view name_part = args.substr(0, split);
    const std::string_view name = pytext::strip(name_part);
    const auto name_offset = static_cast<std::size_t>(name.data() - ctx.line.text.data());

    RequirementLine out;
    if (auto link = link_line(ctx, name_offset, name, editable)) {
      out = std::move(*link);
    } else {
      try {
        out.requirement = Requirement::parse(name);
      } catch (const ParseError& e) {
        fail(ctx, name_offset + e.offset(),
             fmt::format("invalid requirement: {}{}", e.what(), requirement_hint(name)));
      }
      if (!out.requirement.url.empty()) {  // name @ url (PEP 508)
        out.source = link_source(ctx, name_offset, out.requirement.url, false);
      }
    }
    if (out.source && ctx.constraint) {
      fail(ctx, name_offset,
           fmt::format("not supported here: a link in a constraints file ('{}'); require it "
                       "in a requirements file",
                       name));
    }
    if (split != std::string_view::npos) {
      const std::string_view marker_part = args.substr(split + separator.size());
      const std::string_view marker = pytext::strip(marker_part);
      if (!marker.empty()) {
        const auto marker_offset = static_cast<std::size_t>(marker.data() - ctx.line.text.data());
        try {
          out.requirement.marker = Marker::parse(marker);
        } catch (const ParseError& e) {
          fail(ctx, marker_offset + e.offset(), fmt::format("invalid marker: {}", e.what()));
        }
      }
    }
    if (ctx.constraint && !out.requirement.extras.empty()) {
      fail(ctx, name_offset, "Constraints cannot have extras");
    }
    finish_line(ctx, std::move(out), options);
  }

  void editable_line(const Context& ctx, const std::string& value, std::size_t offset,
                     const std::vector<OptionItem>& options)
  {
    if (ctx.constraint) {
      fail(ctx, offset, "Unexpected editable requirement in a constraints file");
    }
    auto link = link_line(ctx, offset, pytext::strip(value), true);
    finish_line(ctx, std::move(*link), options);
  }

  // The per-requirement options of a line, then the line is kept.
  void finish_line(const Context& ctx, RequirementLine out, const std::vector<OptionItem>& options)
  {
    for (const auto& item : options) {
      switch (item.kind) {
      case OptionKind::k_hash:
        out.hashes.push_back(*item.value);
        break;
      case OptionKind::k_global_option:
      case OptionKind::k_config_settings:
        out.build_options.push_back(fmt::format("{}={}", item.name, *item.value));
        break;
      default:
        warn(ctx,
             fmt::format("{} is ignored on a requirement line (as pip ignores it)", item.name));
      }
    }
    out.where = SourceLocation{ctx.file, ctx.line.line,
                               static_cast<int>(ctx.line.origin.front()) + 1, ctx.line.raw};
    (ctx.constraint ? m_out.constraints : m_out.requirements).push_back(std::move(out));
  }

  // The hints of pip's _parse_req_string.
  static std::string requirement_hint(std::string_view text)
  {
    if (text.find('/') != std::string_view::npos) {
      return " (it looks like a path)";
    }
    static const std::array<std::string_view, 8> k_operators = {
      "~=", "==", "!=", "<=", ">=", "<", ">", "==="};
    if (text.find('=') != std::string_view::npos &&
        std::none_of(k_operators.begin(), k_operators.end(), [&](std::string_view op) {
          return text.find(op) != std::string_view::npos;
        })) {
      return " (= is not a valid operator. Did you mean == ?)";
    }
    return "";
  }

  FileSystem& m_fs;
  const Getenv& m_getenv;
  RequirementFiles m_out;
  Getenv m_recording_getenv;
  std::vector<std::string> m_stack;
};

}  // namespace

const char* source_kind_name(DirectSource::Kind kind)
{
  switch (kind) {
  case DirectSource::Kind::k_directory:
    return "directory";
  case DirectSource::Kind::k_archive:
    return "archive";
  case DirectSource::Kind::k_url:
    return "url";
  case DirectSource::Kind::k_vcs:
    return "vcs";
  }
  return "directory";
}

RequirementFiles read_requirement_files(FileSystem& fs,
                                        const std::vector<std::string>& requirement_files,
                                        const std::vector<std::string>& constraint_files,
                                        const Getenv& getenv)
{
  Reader reader(fs, getenv);
  // pip reads constraint files first (req_command.get_requirements).
  for (const auto& file : constraint_files) {
    reader.read_top(file, true);
  }
  for (const auto& file : requirement_files) {
    reader.read_top(file, false);
  }
  return reader.take();
}

RequirementFiles read_requirement_files(const std::vector<std::string>& requirement_files,
                                        const std::vector<std::string>& constraint_files)
{
  RealFileSystem fs;
  const Getenv getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
  };
  return read_requirement_files(fs, requirement_files, constraint_files, getenv);
}

}  // namespace pwi
