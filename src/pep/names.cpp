#include "pep/names.hpp"

#include "pep/pytext.hpp"

namespace pwi {

namespace {

bool is_name_punctuation(char c)
{
  return c == '-' || c == '_' || c == '.';
}

}  // namespace

std::string normalize_name(std::string_view name)
{
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (is_name_punctuation(name[i])) {
      while (i + 1 < name.size() && is_name_punctuation(name[i + 1])) {
        ++i;
      }
      out += '-';
    } else {
      out += name[i];
    }
  }
  return pytext::lower(out);
}

bool is_valid_name(std::string_view name)
{
  if (name.empty() || !pytext::is_ascii_alnum(name.front()) ||
      !pytext::is_ascii_alnum(name.back())) {
    return false;
  }
  for (char c : name) {
    if (!pytext::is_ascii_alnum(c) && !is_name_punctuation(c)) {
      return false;
    }
  }
  return true;
}

std::string safe_extra(std::string_view extra)
{
  std::string out;
  bool in_run = false;
  for (char c : extra) {
    if (pytext::is_ascii_alnum(c) || c == '.' || c == '-') {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

}  // namespace pwi
