#include "cli/cli.hpp"

int main(int argc, char** argv)
{
  return pwi::cli::run(argc, argv);
}
